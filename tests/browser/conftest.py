"""A real site for the browser tests: the small demo, built and served by the ``qinfo`` command.

The session builds the SMALL demo into a temporary SQLite file (``qinfo demo --no-serve``), serves
it with ``qinfo serve`` on a free port in a subprocess, and drives Debian's Chromium through
Playwright (nothing is downloaded). The server runs on its own database file, like a user's,
so the append-only audit table never meets a test's flush.

QINFO_BROWSER_URL=http://host:port points the tests at a site that is already running instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("QINFO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 360, "height": 740}
DEMO_TODAY = "2026-11-20"
BUILD_SECONDS = 600
START_SECONDS = 60


def qinfo_command() -> list[str]:
    script = Path(sys.executable).parent / "qinfo"
    return [str(script)] if script.exists() else [sys.executable, "-m", "qinfo.cli"]


def site_environment(tmp: Path) -> dict[str, str]:
    """The environment of a person running the demo: demo mode, not the test settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QINFO_", "DJANGO_"))}
    env.update(QINFO_DEMO="1", QINFO_VAR_DIR=str(tmp / "var"), PYTHONUNBUFFERED="1")
    env.pop("DATABASE_URL", None)  # the demo is an SQLite file, whichever engine the suite runs
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"qinfo serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(
        f"qinfo serve did not answer at {url} in {START_SECONDS} s:\n{log.read_text()}"
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    existing = os.environ.get("QINFO_BROWSER_URL")
    if existing:
        yield existing.rstrip("/")
        return
    tmp = tmp_path_factory.mktemp("demo-site")
    db = tmp / "demo.sqlite3"
    env = site_environment(tmp)
    build = subprocess.run(
        [*qinfo_command(), "demo", "--no-serve", "--scale", "small", "--seed", "1",
         "--today", DEMO_TODAY, "--db", str(db)],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS,
    )  # fmt: skip
    assert build.returncode == 0, f"qinfo demo failed:\n{build.stdout}\n{build.stderr}"
    with serving(db, env, tmp) as url:
        yield url


@contextmanager
def serving(db: Path, env: dict[str, str], tmp: Path) -> Iterator[str]:
    """``qinfo serve`` on a built SQLite file, on a free port, until the block ends."""
    port = free_port()
    log = tmp / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*qinfo_command(), "serve", "--db", str(db), "--port", str(port)],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"Chromium is needed at {CHROMIUM} (apt-get install chromium; `make test` installs it)"
    )
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def new_page(browser: Browser, viewport: ViewportSize) -> Page:
    # A Thai browser, like a teacher's phone in Phuket.
    context = browser.new_context(viewport=viewport, locale="th-TH", device_scale_factor=1)
    context.set_default_timeout(20_000)
    return context.new_page()


def sign_in(page: Page, site: str, username: str, password: str = "demo") -> None:
    page.goto(site + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert page.url.rstrip("/") == site, f"{username} could not sign in: {page.url}"
