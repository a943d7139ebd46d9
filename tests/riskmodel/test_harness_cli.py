"""`qinfo risk evaluate`: the JSON it writes, and every bad input refused cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from qinfo.cli import main

ROOT = Path(__file__).resolve().parents[2]


def small_table(tmp_path: Path, rows: int = 160, stray: bool = False) -> Path:
    """A synthetic student table: absences and grade drive failing; two school years."""
    rng = np.random.default_rng(7)
    lines = ["sex;year;absences;G1;school;G3"]
    for i in range(rows):
        absences = int(rng.integers(0, 20))
        g1 = int(np.clip(rng.normal(11 - absences / 4, 3), 0, 20))
        g3 = int(np.clip(g1 + rng.normal(0, 2), 0, 20))
        shown = f"{absences}x" if stray and i in (3, 9) else str(absences)
        year = 2024 if i < rows * 0.7 else 2025
        lines.append(f'"{"FM"[i % 2]}";{year};"{shown}";{g1};"S{i % 3}";{g3}')
    path = tmp_path / "students.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_json_shape_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    argv = ["risk", "evaluate", "--dataset", str(small_table(tmp_path)), "--at-risk", "G3 < 10"]
    argv += ["--group", "sex", "school", "--naive", "G1 < 10", "--folds", "3", "--repeats", "2"]
    assert main([*argv, "--json", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "PCC %" in printed and "selected" in printed
    report = json.loads(out.read_text())
    assert report["selected"] in {"gbm", "logistic"}
    assert [m["name"] for m in report["models"]] == ["gbm", "logistic", "naive"]
    assert "G3" not in report["features"] and "G1" in report["features"]
    for model in report["models"]:
        for key in ("auc", "accuracy", "brier", "precision_at_k", "recall_at_k", "groups"):
            assert key in model
        assert 0 <= model["accuracy"] <= 1 and 0 <= model["brier"] <= 1
        assert model["folds_evaluated"] == 6
        assert set(model["groups"]) == {"sex", "school"}
        assert set(model["groups"]["sex"]) == {"F", "M"}
        assert sum(g["n"] for g in model["groups"]["sex"].values()) == 160
        assert sum(row["n"] for row in model["calibration"]) == 320  # 160 rows × 2 repetitions
    naive = report["models"][-1]
    assert naive["kind"] == "baseline" and naive["rule"] == "G1 < 10"


def test_temporal_protocol(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.json"
    argv = ["risk", "evaluate", "--dataset", str(small_table(tmp_path)), "--at-risk", "G3 < 10"]
    argv += ["--protocol", "temporal", "--time", "year", "--k", "10", "--json", str(out)]
    assert main(argv) == 0
    report = json.loads(out.read_text())
    assert "year" not in report["features"]
    for model in report["models"]:
        assert model["folds_evaluated"] == 1 and model["k"] == 10


def bad_cases(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    good = str(small_table(tmp_path))
    stray_dir = tmp_path / "stray"
    stray_dir.mkdir()
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    base = ["--at-risk", "G3 < 10"]
    return {
        "no row matches": (["--dataset", good, "--at-risk", "G3 < -1"], "no row matches"),
        "missing column": (["--dataset", good, "--at-risk", "final < 10"], "no such column"),
        "stray characters": (
            ["--dataset", str(small_table(stray_dir, stray=True)), *base],
            "column 'absences' is mostly numbers",
        ),
        "empty file": (["--dataset", str(empty), *base], "is empty"),
        "syntax error": (["--dataset", good, "--at-risk", "G3 <"], "not valid syntax"),
        "unknown group": (["--dataset", good, *base, "--group", "nope"], "no column nope"),
        "unknown drop": (["--dataset", good, *base, "--drop", "G9"], "no column G9"),
        "no such file": (["--dataset", str(tmp_path / "x.csv"), *base], "no such data file"),
        "temporal without time": (["--dataset", good, *base, "--protocol", "temporal"], "--time"),
        "bad option": (["--dataset", good, *base, "--folds", "ten"], "bad options"),
        "too many folds": (["--dataset", good, *base, "--folds", "500"], "lower it"),
        "naive unknown": (["--dataset", good, *base, "--naive", "G7 < 10"], "G7"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "no row matches",
        "missing column",
        "stray characters",
        "empty file",
        "syntax error",
        "unknown group",
        "unknown drop",
        "no such file",
        "temporal without time",
        "bad option",
        "too many folds",
        "naive unknown",
    ],
)
def test_bad_input_is_refused_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    argv, needle = bad_cases(tmp_path)[case]
    out = tmp_path / "never.json"
    code = main(["risk", "evaluate", *argv, "--json", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code != 0
    assert needle in err
    lines = [line for line in err.splitlines() if line.startswith("qinfo: ")]
    assert len(lines) == 2 and any("\u0e00" <= ch <= "\u0e7f" for ch in lines[0])  # Thai first
    assert "Traceback" not in err
    assert not out.exists()


def test_bad_input_through_the_installed_command(tmp_path: Path) -> None:
    stray = small_table(tmp_path, stray=True)
    out = tmp_path / "never.json"
    done = subprocess.run(
        [
            *(str(Path(sys.executable).parent / "qinfo"), "risk", "evaluate"),
            *("--dataset", str(stray), "--at-risk", "G3 < 10", "--json", str(out)),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2
    assert "column 'absences' is mostly numbers" in done.stderr
    assert "(line 5: '" in done.stderr  # the first stray value, on line 5 of the file
    assert "Traceback" not in done.stderr
    assert not out.exists()
