"""Every indicator defined once, over tables, with Ibis: the same definition runs on SQLite,
on PostgreSQL and on DuckDB over Parquet snapshots. Plain Python: no Django, no other qinfo module
(an import-linter contract checks it). Definitions: docs/definitions.md §20–§21."""
