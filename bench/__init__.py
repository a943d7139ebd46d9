"""Benchmarks of qinfo: one registry (bench.registry), one entry point (`qinfo bench`).

Each benchmark builds its data in a temporary place, measures one number, and reports one JSON
line; `--record` keeps the line in docs/bench-results.jsonl and rewrites docs/benchmarks.md.
"""
