"""``qinfo risk score [--date D] [--now]``: score the network as of a date (today by default).

Without ``--now`` the scoring is queued for the worker (``qinfo manage db_worker``); this is what
cron or a systemd timer calls every night (README, "Running for real"). With ``--now`` it runs
here and waits. Either way the run shows on the scoring page. The command lives in the alerts app
because a scoring ends by bringing the alerts up to date (docs/definitions.md §19).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qinfo.alerts.tasks import score_later, score_now
from qinfo.core.dates import command_date
from qinfo.risk.models import RunStatus


class Command(BaseCommand):
    help = "Score every enrolled child as of a date (queued for the worker, or --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="as of this date, YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = command_date(options["date"]) if options["date"] else None
        try:
            if options["now"]:
                run = score_now(actor=None, as_of=as_of)
            else:
                run = score_later(actor=None, as_of=as_of)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if run.status == RunStatus.FAILED:
            raise CommandError(f"scoring {run.pk} failed: {run.message}")
        if run.status == RunStatus.DONE:
            self.stdout.write(f"scoring {run.pk} as of {run.as_of}: {run.message}")
        else:
            self.stdout.write(
                f"scoring {run.pk} as of {run.as_of} queued; the worker runs it "
                "(qinfo manage db_worker)"
            )
