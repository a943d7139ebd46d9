"""Benchmark dashboard_load (issue 5): registered with @benchmark when built."""
