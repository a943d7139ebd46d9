"""Production settings are safe by default and refuse to start without a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("QINFO_") and k != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings=qinfo.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        QINFO_SECRET_KEY="s" * 20 + "-a-long-random-production-secret-value",
        QINFO_ALLOWED_HOSTS="qinfo.example.org",
        QINFO_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_django("check", QINFO_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "QINFO_SECRET_KEY is required" in result.stderr


def test_a_malformed_setting_stops_start_up_with_its_name(tmp_path: Path) -> None:
    result = run_django("check", QINFO_DEMO="maybe", QINFO_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "QINFO_DEMO='maybe' is not a boolean" in result.stderr
