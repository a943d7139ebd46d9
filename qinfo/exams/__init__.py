"""National tests (O-NET, NT, RT), their national means kept as data, and early-grade literacy."""
