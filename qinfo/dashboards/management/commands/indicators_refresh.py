"""`qinfo indicators refresh [--no-warm]`: take a new snapshot of the live database for the
dashboards (qinfo.dashboards.snapshot) and warm their cache (qinfo.dashboards.warm). Run it every
night after the scoring (README, "Running it for real")."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from qinfo.dashboards.snapshot import refresh
from qinfo.dashboards.warm import warm_pages


class Command(BaseCommand):
    help = "Take a new snapshot of the database for the dashboards and warm their cache."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-warm", action="store_true", help="do not open the dashboards")
        parser.add_argument(
            "--warm-only", action="store_true", help="keep the snapshot; only open the dashboards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["warm_only"]:
            started = time.perf_counter()
            snapshot = refresh()
            self.stdout.write(
                f"ภาพรวมข้อมูล / snapshot {snapshot.name} in {time.perf_counter() - started:.1f} s"
            )
        if not options["no_warm"]:
            started = time.perf_counter()
            pages = warm_pages()
            self.stdout.write(
                f"เปิดแดชบอร์ดล่วงหน้า / warmed {pages} dashboard pages "
                f"in {time.perf_counter() - started:.1f} s"
            )
