"""Benchmark risk_national (registered when written)."""
