"""`qinfo indicators export-parquet DIR` (docs/definitions.md §20): every SCHEMA table, no
identifying column, pseudonyms consistent across the files of one export and unrelated between
exports (unless --key), refusal of a non-empty DIR, nothing half-written on failure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qinfo.attendance.models import AttendanceMark
from qinfo.dashboards.management.commands import indicators_export_parquet as export
from qinfo.indicators.source import Source
from qinfo.indicators.tables import SCHEMA, SCHEMA_VERSION
from tests.services.conftest import Org, admit, frozen_today, organisation  # noqa: F401

FORBIDDEN = (
    "name",
    "identifier",
    "birth",
    "address",
    "house",
    "note",
    "latitude",
    "longitude",
    "phone",
)


@pytest.fixture
def children(organisation: Org) -> dict[int, int]:  # noqa: F811
    """Three children with 3, 2 and 1 daily marks: {database id: marks}."""
    made = {}
    for n, (first, room) in enumerate([("ก", organisation.classroom), ("ข", organisation.classroom),
                                       ("ค", organisation.other_classroom)]):  # fmt: skip
        enrolment = admit(organisation, first, "ทดสอบ", classroom=room)
        for day in range(3 - n):
            AttendanceMark.objects.create(
                student_id=enrolment.student_id,
                date=dt.date(2026, 6, 1) + dt.timedelta(days=day),
                period=0,
                school_id=room.school_id,
                classroom=room,
                status="P",
            )
        made[enrolment.student_id] = 3 - n
    return made


def read(directory: Path, table: str) -> list[dict]:
    return pq.read_table(directory / f"{table}.parquet").to_pylist()


def test_every_table_written_pseudonymised_and_consistent(
    children: dict[int, int], tmp_path: Path
) -> None:
    target = tmp_path / "snap"
    call_command("indicators_export_parquet", str(target))
    assert sorted(p.name for p in target.iterdir()) == sorted(
        [f"{t}.parquet" for t in SCHEMA] + ["manifest.json"]
    )
    for table, columns in SCHEMA.items():
        written = pq.read_schema(target / f"{table}.parquet")
        assert written.names == list(columns)
        # Only the titles of subjects have names (of subjects, not of people).
        allowed = {"name_th", "name_en"} if table in ("subjects", "national_subjects") else set()
        assert not [c for c in written.names if any(w in c for w in FORBIDDEN) and c not in allowed]
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert (
        manifest["tables"]["students"]["rows"] == 3
        and manifest["tables"]["attendance"]["rows"] == 6
    )
    assert "secret" not in json.dumps(manifest) and manifest["key"].startswith("random")
    pseudonyms = {row["student_id"] for row in read(target, "students")}
    assert len(pseudonyms) == 3 and not pseudonyms & set(children)  # none is a database id
    # The same child has the same pseudonym in every file: marks per child survive the export.
    per_child: dict[int, int] = {}
    for row in read(target, "attendance"):
        per_child[row["student_id"]] = per_child.get(row["student_id"], 0) + 1
    assert sorted(per_child.values()) == sorted(children.values())
    assert set(per_child) <= pseudonyms
    assert {row["student_id"] for row in read(target, "enrolments")} == pseudonyms
    # DuckDB reads the export as a Source with SCHEMA's types.
    source = Source.for_parquet(target)
    assert source.execute(source.table("students")).shape == (3, 2)


def test_two_exports_differ_unless_the_key_is_given(
    children: dict[int, int], tmp_path: Path
) -> None:
    runs = {}
    for name, key in (
        ("a", None),
        ("b", None),
        ("c", "a-key-of-16-chars+"),
        ("d", "a-key-of-16-chars+"),
    ):
        options = {"key": key} if key else {}
        call_command("indicators_export_parquet", str(tmp_path / name), **options)
        runs[name] = sorted(row["student_id"] for row in read(tmp_path / name, "students"))
    assert not set(runs["a"]) & set(runs["b"])
    assert runs["c"] == runs["d"]
    with pytest.raises(CommandError, match="16"):
        call_command("indicators_export_parquet", str(tmp_path / "e"), key="short")
    assert not (tmp_path / "e").exists()


def test_a_non_empty_directory_is_refused_unless_forced(
    children: dict[int, int], tmp_path: Path
) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="--force") as refused:
        call_command("indicators_export_parquet", str(target))
    assert "ไม่ว่าง" in str(refused.value) or "มีไฟล์" in str(refused.value)
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    call_command("indicators_export_parquet", str(target), force=True)
    assert not (target / "keep.txt").exists() and (target / "students.parquet").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]  # no staging folder left behind


def test_a_failure_leaves_nothing_half_written(
    children: dict[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old"
    target.mkdir()
    (target / "previous.txt").write_text("previous export")
    written: list[str] = []
    real_write = export.pq.write_table

    def failing_write(table: object, where: Path) -> None:
        if len(written) == 3:
            raise OSError("disk full")
        written.append(str(where))
        real_write(table, where)

    monkeypatch.setattr(export.pq, "write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        call_command("indicators_export_parquet", str(target), force=True)
    assert len(written) == 3  # it did write some files before failing ...
    assert [p.name for p in target.iterdir()] == ["previous.txt"]  # ... but not into DIR
    assert [p.name for p in tmp_path.iterdir()] == ["old"]  # and the staging folder is gone
    with pytest.raises(CommandError, match="not a directory"):
        call_command("indicators_export_parquet", str(target / "previous.txt"))
