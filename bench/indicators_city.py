"""Benchmark indicators_city (issue 5): registered with @benchmark when built."""
