"""Write and read endpoints for the national tests and literacy (issue 3)."""

from ninja import Router

router = Router(tags=["national tests and literacy"])
