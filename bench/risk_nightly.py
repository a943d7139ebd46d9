"""Benchmark risk_nightly (registered when written)."""
