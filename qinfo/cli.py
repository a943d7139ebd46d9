"""`qinfo`: the one command-line entry point for everything an operator does.

    qinfo demo [--no-serve] [--scale phuket|small] [--seed N] [--db PATH] [--port P] [--today D]
    qinfo serve [--db PATH] [--port P] [--host H]
    qinfo bench --list | NAME [--db sqlite|postgres] [--record] | --write-docs
    qinfo risk evaluate --dataset FILE --at-risk EXPR ... | train | score
    qinfo indicators flow --enrolment E.csv --repeaters R.csv --graduates N [--json OUT]
    qinfo indicators export-parquet DIR | refresh [--no-warm] | show [--year BE]
    qinfo manage COMMAND ...        (Django's management commands)

Settings come from the environment (qinfo.settings), so each command sets what it needs (QINFO_DEMO,
QINFO_DB) before Django starts, and starts Django itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_PORT = 8000
SCALE_NAMES = ("phuket", "small")


def _setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "qinfo.settings"
    import django

    django.setup()


def _say(*lines: str) -> None:
    print("\n".join(lines), flush=True)


def _fail(thai: str, english: str, code: int = 2) -> int:
    print(f"qinfo: {thai}\nqinfo: {english}", file=sys.stderr, flush=True)
    return code


def _default_sqlite_path() -> Path:
    # The same rule as qinfo.settings (QINFO_DB, else QINFO_VAR_DIR or var/), known before Django
    # starts: `serve` must check the file before settings that need a secret key are loaded.
    if os.environ.get("QINFO_DB"):
        return Path(os.environ["QINFO_DB"])
    var = os.environ.get("QINFO_VAR_DIR") or Path(__file__).resolve().parent.parent / "var"
    return Path(var) / "qinfo.sqlite3"


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# demo ---------------------------------------------------------------------------------------
def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ["QINFO_DEMO"] = "1"
    today = args.today or dt.datetime.now(ZoneInfo("Asia/Bangkok")).date()
    on_postgres = bool(os.environ.get("DATABASE_URL"))
    final = Path(args.db).resolve() if args.db else _default_sqlite_path().resolve()
    if not on_postgres:
        os.environ["QINFO_DB"] = str(final)
    elif args.db:
        _say("qinfo demo: DATABASE_URL is set, so the demo goes into PostgreSQL; --db is ignored")
    _setup_django()
    from django.core.management import call_command
    from django.db import connections

    from qinfo.demo.build import DemoError, build_demo
    from qinfo.demo.loader import sqlite_bulk_mode

    # Stopped by a service manager (SIGTERM): unwind like Ctrl+C, so the temporary file goes.
    signal.signal(signal.SIGTERM, _stop)
    started = time.perf_counter()
    database = connections["default"]
    # SQLite: build into PATH.tmp and rename it only once complete, so that a failed or
    # interrupted build never leaves a half-written demo behind (nor destroys the old one).
    temporary = final.with_name(final.name + ".tmp")
    if not on_postgres:
        final.parent.mkdir(parents=True, exist_ok=True)
        _remove(temporary)
        connections.close_all()
        database.settings_dict["NAME"] = str(temporary)
    try:
        call_command("migrate", interactive=False, verbosity=0, skip_checks=True)
        with sqlite_bulk_mode(database):
            summary = build_demo(
                scale=args.scale, seed=args.seed, today=today, progress=lambda m: _say(f"  {m}")
            )
        connections.close_all()
    except DemoError as exc:
        connections.close_all()
        if not on_postgres:
            _remove(temporary)
        return _fail("สร้างข้อมูลสาธิตไม่ได้", str(exc))
    except BaseException:
        connections.close_all()
        if not on_postgres:
            _remove(temporary)
        raise
    if not on_postgres:
        _remove(final)
        os.replace(temporary, final)
        database.settings_dict["NAME"] = str(final)
    from qinfo.dashboards.snapshot import refresh as refresh_snapshot

    snapshot_started = time.perf_counter()
    refresh_snapshot()
    _say(f"  snapshot for the dashboards: {time.perf_counter() - snapshot_started:.1f} s")
    where = "DATABASE_URL (PostgreSQL)" if on_postgres else str(final)
    counts = summary.counts
    _say(
        f"qinfo demo: scale {summary.scale}, seed {summary.seed}, today {summary.today} "
        f"built in {time.perf_counter() - started:.1f} s → {where}",
        f"  {counts['schools']} schools · {counts['active_students']:,} students studying · "
        f"{counts['staff']:,} staff · {counts['attendance_marks']:,} attendance marks · "
        f"{counts['course_results']:,} course results",
        "",
        f"เปิด / open: http://127.0.0.1:{args.port}",
        "เข้าสู่ระบบด้วย / sign in as (รหัสผ่าน / password: demo):",
        *(f"  {login.username:<16} {login.label}" for login in summary.logins),
    )
    if args.no_serve:
        return 0
    _warm_in_background()
    return _serve(args.host, args.port)


def _warm_in_background() -> None:
    """Open the dashboards once while the server starts, so the first visitor finds them ready."""
    import threading

    from django.db import connection

    from qinfo.dashboards.warm import warm_pages

    def run() -> None:
        try:
            warm_pages()
        finally:
            connection.close()

    threading.Thread(target=run, name="qinfo-warm", daemon=True).start()


# serve --------------------------------------------------------------------------------------
def _is_demo_file(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute(
                "SELECT 1 FROM audit_auditevent WHERE target_type = 'demo.build' LIMIT 1"
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def cmd_serve(args: argparse.Namespace) -> int:
    if not os.environ.get("DATABASE_URL"):
        path = Path(args.db).resolve() if args.db else _default_sqlite_path().resolve()
        if not path.is_file():
            return _fail(
                f"ไม่พบฐานข้อมูล {path} — สร้างด้วย `qinfo demo` หรือระบุ --db",
                f"no database at {path}: build one with `qinfo demo`, or give --db PATH",
            )
        os.environ["QINFO_DB"] = str(path)
        # A demo database serves in demo mode unless a real secret says this is production.
        if not os.environ.get("QINFO_SECRET_KEY") and _is_demo_file(path):
            os.environ.setdefault("QINFO_DEMO", "1")
    try:
        _setup_django()
    except Exception as exc:  # ImproperlyConfigured and friends: say it plainly
        return _fail("ตั้งค่าไม่ถูกต้อง", str(exc))
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    plan = MigrationExecutor(connection).migration_plan(
        MigrationExecutor(connection).loader.graph.leaf_nodes()
    )
    if plan:
        return _fail(
            "ฐานข้อมูลยังไม่ได้ปรับโครงสร้าง: รัน `qinfo manage migrate`",
            "the database needs migrating: run `qinfo manage migrate`",
        )
    connection.close()
    return _serve(args.host, args.port)


def _serve(host: str, port: int) -> int:
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from waitress import serve

    # WhiteNoise serves static files from the apps (WHITENOISE_USE_FINDERS) and only warns
    # when STATIC_ROOT is missing; an empty one keeps the console quiet.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    application = get_wsgi_application()
    _say(f"qinfo: serving http://{host}:{port} (Ctrl+C หยุด / to stop)")
    try:
        serve(application, host=host, port=port, threads=8, ident="qinfo")
    except OSError as exc:
        return _fail(
            f"เปิดพอร์ต {host}:{port} ไม่ได้ ({exc.strerror}) — ลองใช้ --port อื่น",
            f"cannot listen on {host}:{port} ({exc.strerror}): try another --port",
        )
    return 0


# bench and manage ---------------------------------------------------------------------------
def cmd_bench(args: argparse.Namespace) -> int:
    from bench.cli import run_bench

    return run_bench(args)


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["qinfo manage", *args.rest])
    return 0


# risk -----------------------------------------------------------------------------------------
def cmd_risk(args: argparse.Namespace) -> int:
    """`qinfo risk evaluate ...` is plain Python (no database); the rest are Django commands."""
    if args.rest and args.rest[0] == "evaluate":
        from qinfo.riskmodel.harness_cli import main as evaluate

        return evaluate(args.rest[1:])
    _setup_django()
    from django.core.management import execute_from_command_line

    if not args.rest or args.rest[0] not in RISK_COMMANDS:
        return _fail(
            "คำสั่งย่อย: " + ", ".join(("evaluate", *RISK_COMMANDS)),
            "subcommands: " + ", ".join(("evaluate", *RISK_COMMANDS)),
        )
    execute_from_command_line(["qinfo risk", f"risk_{args.rest[0]}", *args.rest[1:]])
    return 0


#: `qinfo risk NAME` runs the management command risk_NAME (qinfo/risk/management/commands).
RISK_COMMANDS = ("train", "score")


# indicators -----------------------------------------------------------------------------------
def cmd_indicators(args: argparse.Namespace) -> int:
    """`qinfo indicators flow ...` is plain Python on published tables (no database); the rest
    are Django commands indicators_NAME (qinfo/dashboards/management/commands)."""
    if args.rest and args.rest[0] == "flow":
        from qinfo.indicators.flow_cli import main as flow

        return flow(args.rest[1:])
    names = ("flow", *INDICATOR_COMMANDS)
    if not args.rest or args.rest[0] not in INDICATOR_COMMANDS:
        return _fail("คำสั่งย่อย: " + ", ".join(names), "subcommands: " + ", ".join(names))
    _setup_django()
    from django.core.management import execute_from_command_line

    command = "indicators_" + args.rest[0].replace("-", "_")
    execute_from_command_line(["qinfo indicators", command, *args.rest[1:]])
    return 0


INDICATOR_COMMANDS = ("export-parquet", "refresh", "show")


# parser -------------------------------------------------------------------------------------
def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qinfo", description="qinfo: one record per child.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="build a fresh demo municipality and serve it")
    demo.add_argument("--no-serve", action="store_true", help="build, print the logins, and exit")
    demo.add_argument("--scale", choices=SCALE_NAMES, default="phuket")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--db", help="SQLite file to create (default var/qinfo.sqlite3)")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--today", type=_date, help="pretend today is this date (YYYY-MM-DD)")
    demo.set_defaults(func=cmd_demo)

    serve = commands.add_parser("serve", help="serve an existing database")
    serve.add_argument("--db", help="SQLite file (default var/qinfo.sqlite3)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_serve)

    bench = commands.add_parser("bench", help="run a benchmark and print one JSON line")
    bench.add_argument("name", nargs="?", help="benchmark to run (see --list)")
    bench.add_argument("--list", action="store_true", help="name the benchmarks")
    bench.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    bench.add_argument("--record", action="store_true", help="keep the result, rewrite the docs")
    bench.add_argument("--write-docs", action="store_true", help="rewrite docs/benchmarks.md")
    bench.set_defaults(func=cmd_bench)

    risk = commands.add_parser(
        "risk", help="early warning: evaluate a data set, train, score", add_help=False
    )
    risk.add_argument("rest", nargs=argparse.REMAINDER)
    risk.set_defaults(func=cmd_risk)

    indicators = commands.add_parser(
        "indicators",
        help="indicators: cohort flow, Parquet snapshots, the city's table",
        add_help=False,
    )
    indicators.add_argument("rest", nargs=argparse.REMAINDER)
    indicators.set_defaults(func=cmd_indicators)

    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
