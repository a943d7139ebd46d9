"""`qinfo indicators flow` end to end (docs/definitions.md §22): the JSON, the table, and every
refusal with its message in Thai and English, exit status 2 and no output file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qinfo.cli import main

ENROLMENT = """year,grade,count
2567,P1,1000
2567,P2,1000
2567,P3,1000
2568,P1,1100
2568,P2,900
2568,P3,850
"""
# r = .1 .1 .05; p = (900−100)/1000 = .8, (850−50)/1000 = .8, graduates 900/1000 = .9
REPEATERS = """year,grade,count
2568,P1,100
2568,P2,100
2568,P3,50
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def run(tmp_path: Path, enrolment: str | bytes, repeaters: str | bytes, graduates: str = "900"):
    e = write(tmp_path, "e.csv", enrolment)
    r = write(tmp_path, "r.csv", repeaters)
    out = tmp_path / "out.json"
    argv = ["indicators", "flow", "--enrolment", e, "--repeaters", r, "--graduates", graduates]
    return main([*argv, "--json", str(out)]), out, e, r


def test_json_shape_and_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _, _ = run(tmp_path, ENROLMENT, REPEATERS)
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == [
        "grades",
        "survival_to_last_grade",
        "cumulative_dropout",
        "years_input_per_graduate",
        "coefficient_of_efficiency",
    ]
    assert [g["grade"] for g in data["grades"]] == ["P1", "P2", "P3"]
    assert all(
        list(g) == ["grade", "promotion", "repetition", "dropout", "survival"]
        for g in data["grades"]
    )
    p1 = data["grades"][0]
    assert p1["promotion"] == pytest.approx(0.8)
    assert p1["repetition"] == pytest.approx(0.1)
    assert p1["dropout"] == pytest.approx(0.1)
    # S2 = .8/.9, S3 = S2 · .8/.9 = 64/81; graduates per entrant 64/81 · .9/.95
    assert data["grades"][2]["survival"] == pytest.approx(64 / 81)
    assert data["survival_to_last_grade"] == pytest.approx(64 / 81)
    assert data["cumulative_dropout"] == pytest.approx(17 / 81)
    years = 1 / 0.9 + (8 / 9) / 0.9 + (64 / 81) / 0.95
    graduates = (64 / 81) * 0.9 / 0.95
    assert data["years_input_per_graduate"] == pytest.approx(years / graduates)
    assert data["coefficient_of_efficiency"] == pytest.approx(3 * graduates / years)
    printed = capsys.readouterr().out
    assert "survival to the last grade: 79.0%" in printed  # 64/81
    assert "อัตราคงอยู่ถึงชั้นสุดท้าย" in printed


def test_json_to_stdout_and_grade_order_from_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Grades in the order they first appear, even when a later line is of the earlier year,
    # with a byte-order mark and extra columns, which are ignored.
    enrolment = "\ufeffgrade,year,count,note\nM1,2568,60,x\nM2,2567,50,\nM1,2567,50,\nM2,2568,45,\n"
    e = write(tmp_path, "e.csv", enrolment)
    r = write(tmp_path, "r.csv", "year,grade,count\n2568,M2,5\n2568,M1,0\n")
    argv = ["indicators", "flow", "--enrolment", e, "--repeaters", r, "--graduates", "40"]
    code = main([*argv, "--json", "-"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["grade"] for g in data["grades"]] == ["M1", "M2"]
    assert data["grades"][0]["promotion"] == pytest.approx(40 / 50)  # (45 − 5) / 50


MISSING_T1 = ENROLMENT.replace("2568,P2,900\n", "")
NOT_CONSECUTIVE = ENROLMENT.replace("2568,", "2569,")
THREE_YEARS = ENROLMENT + "2569,P1,5\n"


@pytest.mark.parametrize(
    ("enrolment", "repeaters", "graduates", "english"),
    [
        (MISSING_T1, REPEATERS, "900", "{e}: no row for grade P2 in year 2568"),
        (
            ENROLMENT.replace("2567,P3,1000\n", ""),
            REPEATERS,
            "900",
            "{e}: no row for grade P3 in year 2567",
        ),
        (
            ENROLMENT,
            REPEATERS + "2568,P4,3\n",
            "900",
            "{r} line 5: grade P4 is not in {e}",
        ),
        (
            ENROLMENT,
            REPEATERS.replace("2568,P3,50\n", ""),
            "900",
            "{r}: no row for grade P3 in year 2568 (write 0 if none)",
        ),
        (ENROLMENT.replace("1100", "-3"), REPEATERS, "900", "{e} line 5: negative count (-3)"),
        (
            ENROLMENT,
            REPEATERS.replace("2568,P1,100", "2568,P1,1200"),
            "900",
            "{r} line 2: grade P1: repeaters in t+1 (1200) exceed the grade's enrolment in t+1",
        ),
        (
            ENROLMENT.replace("count", "number"),
            REPEATERS,
            "900",
            "{e} line 1: missing column count",
        ),
        (ENROLMENT.replace("2567,P2,1000", "2567,P2,1e3"), REPEATERS, "900", "{e} line 3: count"),
        (ENROLMENT.replace("2567,P2", "25x7,P2"), REPEATERS, "900", "{e} line 3: year"),
        (
            ENROLMENT,
            REPEATERS.replace("2568,P2", "2567,P2"),
            "900",
            "{r} line 3: year 2567, expected t+1 = 2568",
        ),
        (NOT_CONSECUTIVE, REPEATERS, "900", "{e}: needs two consecutive years"),
        (THREE_YEARS, REPEATERS, "900", "found 2567, 2568, 2569"),
        (
            ENROLMENT + "2567,P1,7\n",
            REPEATERS,
            "900",
            "{e} line 8: year 2567 grade P1 repeats line 2",
        ),
        ("", REPEATERS, "900", "{e}: the file is empty"),
        ("year,grade,count\n", REPEATERS, "900", "{e}: no data rows"),
        ("year,grade,count\n2567,P1\n", REPEATERS, "900", "{e} line 2: 2 fields, expected 3"),
        (b"year,grade,count\n2567,\xff\xfe,3\n", REPEATERS, "900", "{e}: not UTF-8"),
        (
            ENROLMENT,
            REPEATERS,
            "1001",
            "--graduates 1001: graduates (1001) exceed the enrolment of grade P3",
        ),
        (ENROLMENT, REPEATERS, "-1", "--graduates is negative (-1)"),
        (ENROLMENT, REPEATERS, "many", "--graduates must be an integer, got 'many'"),
        (
            ENROLMENT.replace("2568,P3,850", "2568,P3,1000"),
            REPEATERS,
            "900",
            "{e} line 3: grade P2: pupils promoted to P3 (950) plus repeaters (100) exceed "
            "the enrolment in year t (1000), so the dropout rate would be negative",
        ),
        (
            ENROLMENT,
            REPEATERS,
            "960",
            "{e} line 4: grade P3: graduates (960) plus repeaters (50) exceed",
        ),
    ],
)
def test_bad_input_is_refused_in_both_languages(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    enrolment: str | bytes,
    repeaters: str,
    graduates: str,
    english: str,
) -> None:
    code, out, e, r = run(tmp_path, enrolment, repeaters, graduates)
    assert code == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("e.csv", "r.csv")] == []
    captured = capsys.readouterr()
    assert captured.out == ""
    thai, english_line = captured.err.strip().splitlines()
    assert english.format(e=e, r=r) in english_line
    assert thai.startswith("qinfo: ") and any("\u0e00" <= c <= "\u0e7f" for c in thai)


def test_missing_file_and_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    r = write(tmp_path, "r.csv", REPEATERS)
    absent = str(tmp_path / "absent.csv")
    argv = ["indicators", "flow", "--enrolment", absent, "--repeaters", r, "--graduates", "1"]
    assert main([*argv, "--json", str(out)]) == 2
    assert f"no such file: {absent}" in capsys.readouterr().err
    assert main(["indicators", "flow", "--enrolment", r, "--json", str(out)]) == 2
    assert "bad options" in capsys.readouterr().err
    nowhere = str(tmp_path / "no" / "out.json")
    assert main([*argv[:3], r, *argv[4:], "--json", nowhere]) == 2
    assert "no folder" in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_output_is_kept_on_refusal(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("before", encoding="utf-8")
    e = write(tmp_path, "e.csv", ENROLMENT)
    r = write(tmp_path, "r.csv", REPEATERS)
    argv = ["indicators", "flow", "--enrolment", e, "--repeaters", r, "--json", str(out)]
    assert main([*argv, "--graduates", "5000"]) == 2
    assert out.read_text(encoding="utf-8") == "before"
    assert main([*argv, "--graduates", "900"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["grades"][0]["grade"] == "P1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "out.json", "r.csv"]
