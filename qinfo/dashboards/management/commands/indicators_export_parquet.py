"""`qinfo indicators export-parquet DIR [--force] [--key KEY]`: a pseudonymised snapshot of every
logical table the indicators read (docs/definitions.md §20), for DuckDB or any Parquet reader.

DIR/<table>.parquet for every table of `qinfo.indicators.tables.SCHEMA` (its columns and types,
which hold no names, ID numbers, addresses, birth dates or free text), and DIR/manifest.json.
Every `student_id` is replaced by a pseudonym: a 62-bit integer derived by HMAC-SHA256 from the
database id and a key — a fresh random key for each export (so the same child has the same
pseudonym in every file of one export and unrelated ones in two exports), or `--key` to link
exports on purpose (keep that key secret: with it and the database, pseudonyms can be reversed).
The key is never written down. The files are written to a temporary folder beside DIR and renamed
into place only when all are written: a failure leaves DIR as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qinfo.dashboards.source import django_source
from qinfo.indicators.source import Source
from qinfo.indicators.tables import SCHEMA, SCHEMA_VERSION, STUDENT_COLUMNS

MANIFEST = "manifest.json"
PSEUDONYM_BITS = 62


def pseudonyms(ids: pd.Series, key: bytes) -> dict[int, int]:
    """Database id → pseudonym for each distinct id (HMAC-SHA256 under `key`, 62 bits)."""
    out: dict[int, int] = {}
    for value in pd.unique(ids.dropna()):
        digest = hmac.new(key, str(int(value)).encode(), hashlib.sha256).digest()
        out[int(value)] = int.from_bytes(digest[:8], "big") >> (64 - PSEUDONYM_BITS)
    if len(set(out.values())) != len(out):  # about 1 in 10^10 for 10 million children
        raise CommandError("รหัสแทนนักเรียนซ้ำกัน ลองอีกครั้ง / two pseudonyms collided; run again")
    return out


def pseudonymised(
    frame: pd.DataFrame, columns: tuple[str, ...], mapping: dict[int, int]
) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = frame[column].map(mapping).astype("Int64")
    return frame


def write_export(source: Source, target: Path, key: bytes) -> dict[str, Any]:
    """Write every table and the manifest into the (empty, existing) folder `target`."""
    frames = {name: source.execute(source.table(name)) for name in SCHEMA}
    ids = pd.concat([frames[name][col] for name, cols in STUDENT_COLUMNS.items() for col in cols])
    mapping = pseudonyms(ids, key)
    tables: dict[str, Any] = {}
    for name, columns in SCHEMA.items():
        frame = pseudonymised(frames[name], STUDENT_COLUMNS.get(name, ()), mapping)
        schema = ibis.schema(columns).to_pyarrow()
        table = pa.Table.from_pandas(frame[list(columns)], schema=schema, preserve_index=False)
        pq.write_table(table, target / f"{name}.parquet")
        tables[name] = {"rows": table.num_rows, "columns": dict(columns)}
    return {
        "schema_version": SCHEMA_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "pseudonymised": {
            "columns": {n: list(c) for n, c in STUDENT_COLUMNS.items()},
            "method": "HMAC-SHA256",
        },
        "tables": tables,
    }


class Command(BaseCommand):
    help = "Write a pseudonymised Parquet snapshot of the indicators' tables into DIR."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument("--force", action="store_true", help="replace a DIR that is not empty")
        parser.add_argument(
            "--key",
            help="pseudonym key, to give the same children the same pseudonyms in several exports "
            "(default: a fresh random key, never stored)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["directory"]).resolve()
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} ไม่ใช่โฟลเดอร์ / {target} is not a directory")
        if target.is_dir() and any(target.iterdir()) and not options["force"]:
            raise CommandError(
                f"โฟลเดอร์ {target} มีไฟล์อยู่แล้ว ใช้ --force เพื่อเขียนทับ / "
                f"{target} is not empty; use --force to replace it"
            )
        if not target.parent.is_dir():
            raise CommandError(f"ไม่พบโฟลเดอร์ {target.parent} / no directory {target.parent}")
        key_text = options.get("key")
        if key_text is not None and len(key_text) < 16:
            raise CommandError(
                "กุญแจต้องยาวอย่างน้อย 16 ตัวอักษร / the key must be at least 16 characters long"
            )
        key = key_text.encode() if key_text else secrets.token_bytes(32)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            manifest = write_export(django_source(), staging, key)
            manifest["key"] = "given" if key_text else "random, this export only"
            (staging / MANIFEST).write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
            )
            _replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"{target}: {len(manifest['tables'])} tables, {rows} rows")


def _replace(staging: Path, target: Path) -> None:
    """Move the finished export into place (the old DIR, if any, goes only once the new is in)."""
    os.chmod(staging, 0o755)
    if not target.exists():
        staging.rename(target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    old.rmdir()
    target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
