"""Settings come from the environment, parsed strictly; each test pass uses the engine it claims."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from qinfo.core.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("raw", ["maybe", "2", "yes please", "ใช่"])
def test_a_bad_boolean_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("QINFO_PROBE_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="QINFO_PROBE_FLAG"):
        env_bool("QINFO_PROBE_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("TRUE", True), (" yes ", True), ("on", True), ("0", False), ("off", False)],
)
def test_good_booleans_are_read(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("QINFO_PROBE_FLAG", raw)
    assert env_bool("QINFO_PROBE_FLAG", not expected) is expected


def test_an_unset_variable_gives_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QINFO_PROBE_UNSET", raising=False)
    monkeypatch.delenv("QINFO_PROBE_UNSET_FILE", raising=False)
    assert env_bool("QINFO_PROBE_UNSET", True) is True
    assert env_int("QINFO_PROBE_UNSET", 42) == 42
    assert env_str("QINFO_PROBE_UNSET", "fallback") == "fallback"
    assert env_list("QINFO_PROBE_UNSET", ["a"]) == ["a"]


@pytest.mark.parametrize("raw", ["ten", "1.5", "", "3 schools"])
def test_a_bad_whole_number_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("QINFO_PROBE_COUNT", raw)
    with pytest.raises(ImproperlyConfigured, match="QINFO_PROBE_COUNT"):
        env_int("QINFO_PROBE_COUNT", 1)


def test_a_whole_number_below_its_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINFO_PROBE_COUNT", "10")
    with pytest.raises(ImproperlyConfigured, match=r"QINFO_PROBE_COUNT.*at least 300"):
        env_int("QINFO_PROBE_COUNT", 600, minimum=300)
    monkeypatch.setenv("QINFO_PROBE_COUNT", "300")
    assert env_int("QINFO_PROBE_COUNT", 600, minimum=300) == 300


def test_a_list_is_split_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINFO_PROBE_HOSTS", " a.example , b.example,,")
    assert env_list("QINFO_PROBE_HOSTS", []) == ["a.example", "b.example"]


def test_a_secret_is_read_from_the_file_that_name_file_points_to(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cret-from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("QINFO_PROBE_SECRET", "from-the-environment")
    monkeypatch.setenv("QINFO_PROBE_SECRET_FILE", str(secret))
    assert env_str("QINFO_PROBE_SECRET") == "s3cret-from-a-file"


def test_an_unreadable_secret_file_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QINFO_PROBE_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="QINFO_PROBE_SECRET_FILE"):
        env_str("QINFO_PROBE_SECRET")


def _load_settings(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QINFO_", "DATABASE_URL"))}
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import qinfo.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_stop_at_start_up_on_a_bad_value() -> None:
    result = _load_settings(QINFO_TESTING="1", QINFO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "QINFO_DEBUG='perhaps'" in result.stderr


def test_production_settings_require_a_secret_key() -> None:
    refused = _load_settings()
    assert refused.returncode != 0
    assert "QINFO_SECRET_KEY" in refused.stderr
    accepted = _load_settings(QINFO_SECRET_KEY="k" * 50)
    assert accepted.returncode == 0, accepted.stderr


@pytest.mark.django_db(transaction=True)
def test_the_test_database_is_the_engine_this_pass_claims() -> None:
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        assert connection.vendor == "postgresql"
        url = urlsplit(database_url)
        assert connection.settings_dict["HOST"] == url.hostname
        assert int(connection.settings_dict["PORT"]) == url.port
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database()")
            (name,) = cursor.fetchone()
        assert name.startswith("test_")
    else:
        assert connection.vendor == "sqlite"
        # The OPTIONS of qinfo.settings hold on the test database too.
        assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys")
            assert cursor.fetchone() == (1,)
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone() == (20000,)
