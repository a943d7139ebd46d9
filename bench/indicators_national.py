"""Benchmark indicators_national (issue 5): registered with @benchmark when built."""
