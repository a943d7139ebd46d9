"""Scoring in the background: a run is queued in the database queue when its row is committed and
the real worker (``db_worker --batch``) runs it: scores, alerts, progress, done or failed."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from qinfo.alerts.models import Alert
from qinfo.alerts.tasks import score_later
from qinfo.core.errors import PermissionDenied
from qinfo.risk.models import RiskScore, RuleSet, RunStatus, ScoringRun
from tests.risk.conftest import TODAY, Scored

#: The worker drops a connection it finds inside a transaction (``close_old_connections``), as it
#: should in production, so the tests that run it commit for real (the rows that migrations
#: seeded, such as the rules, are put back afterwards).
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker() -> None:
    """The worker command, once over the queue; the signal handlers it installs are put back."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


@COMMITTED
def test_a_queued_run_is_scored_by_the_worker(scored: Scored) -> None:
    run = score_later(actor=scored.o.officer)  # queued when its row is committed
    run.refresh_from_db()
    assert run.status == RunStatus.QUEUED and run.task_id
    assert not RiskScore.objects.exists()
    task = DBTaskResult.objects.get()
    assert str(task.id) == run.task_id and task.status == "READY"

    run_worker()

    run.refresh_from_db()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert (run.status, run.step, run.done, run.total) == (RunStatus.DONE, "done", 3, 3)
    assert run.started_at is not None and run.finished_at is not None
    assert "3" in run.message
    assert RiskScore.objects.filter(as_of=TODAY).count() == 3
    # alerts were brought up to date from the day's scores: the two children at risk or worse
    assert set(Alert.objects.values_list("student_id", flat=True)) == {
        scored.streak.pk,
        scored.away.pk,
    }


def test_nothing_is_queued_before_the_run_is_committed(
    scored: Scored, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        score_later(actor=scored.o.admin)
    assert len(callbacks) == 1 and not DBTaskResult.objects.exists()


@COMMITTED
def test_a_failing_run_is_marked_failed_with_its_message(scored: Scored) -> None:
    RuleSet.objects.update(active=False)  # no active rules: scoring cannot judge anyone
    run = score_later(actor=scored.o.officer)
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert "rules" in run.message or "กฎ" in run.message
    assert DBTaskResult.objects.get().status == "FAILED"
    assert not RiskScore.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "registrar", "outsider"])
def test_only_officers_and_admins_ask_for_a_scoring(
    scored: Scored, who: str, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        score_later(actor=getattr(scored.o, who))
    assert not ScoringRun.objects.exists() and not DBTaskResult.objects.exists()


@COMMITTED
def test_the_nightly_command_queues_and_the_now_flag_runs_inline(scored: Scored) -> None:
    call_command("risk_score", "--date", TODAY.isoformat())
    run = ScoringRun.objects.get()
    assert run.status == RunStatus.QUEUED and run.requested_by is None
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE

    call_command("risk_score", "--now")
    latest = ScoringRun.objects.order_by("-pk").first()
    assert latest is not None and latest.status == RunStatus.DONE and latest.as_of == TODAY
    assert DBTaskResult.objects.count() == 1  # --now queued nothing

    with pytest.raises(CommandError):
        call_command("risk_score", "--date", "20-11-2026")
    with pytest.raises(CommandError):
        call_command("risk_score", "--date", "2099-01-01", "--now")
