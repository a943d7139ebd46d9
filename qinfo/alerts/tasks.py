"""Scoring in the background (docs/definitions.md §19, docs/decisions/0010-background-tasks.md).

A scoring run is a ``ScoringRun`` row (queued → running → done or failed, with its progress) and a
task of Django's task framework (the ``django_tasks`` backport) in the database-backed queue
(``django_tasks_db``); ``qinfo manage db_worker`` runs the queue, so no other server is needed.
The task scores the network (``qinfo.risk.scoring.score_network``) and then brings the alerts up to
date (``qinfo.alerts.services.alerts_sync``). It lives in the alerts app because
it calls both: the risk app must not import alerts.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from qinfo.alerts.services import alerts_sync
from qinfo.risk.models import RunStatus, ScoringRun
from qinfo.risk.scoring import progress, score_network
from qinfo.risk.services import scoring_request

logger = logging.getLogger(__name__)

#: The longest failure message kept on a run.
MESSAGE_MAX = 2000


def run_scoring(run_id: int) -> dict[str, Any]:
    """Runs one queued scoring: scores, then alerts; the run says how it went."""
    run = ScoringRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return {"skipped": run.status}
    progress(run, status=RunStatus.RUNNING, started_at=timezone.now(), message="")
    with translation.override(settings.LANGUAGE_CODE):
        try:
            scored = score_network(run.as_of, run=run)
            progress(run, step="alerts")
            alerts = dict(alerts_sync(run.as_of, actor=run.requested_by))
            message = _(
                "Scored {n} children; alerts opened {opened}, raised {raised}, escalated "
                "{escalated}."
            ).format(
                n=scored,
                opened=alerts.get("opened", 0),
                raised=alerts.get("raised", 0),
                escalated=alerts.get("escalated", 0),
            )
        except Exception as exc:
            progress(
                run,
                status=RunStatus.FAILED,
                finished_at=timezone.now(),
                message=f"{type(exc).__name__}: {exc}"[:MESSAGE_MAX],
            )
            raise
    progress(run, status=RunStatus.DONE, step="done", finished_at=timezone.now(), message=message)
    return {"scored": scored, "alerts": alerts}


@task()
def score_task(run_id: int) -> dict[str, Any]:
    """The queued form of ``run_scoring`` (what the worker runs)."""
    return run_scoring(run_id)


def enqueue(run: ScoringRun) -> None:
    """Puts the run's task in the queue once the run's row is committed (the worker, another
    process, could not see it before)."""

    def put() -> None:
        result = score_task.enqueue(run.pk)
        ScoringRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(put)


def score_later(*, actor: Any, as_of: dt.date | None = None) -> ScoringRun:
    """A new scoring run, queued for the worker (``actor`` None: the nightly command)."""
    with transaction.atomic():
        run = scoring_request(actor=actor, as_of=as_of)
        enqueue(run)
    return run


def score_now(*, actor: Any, as_of: dt.date | None = None) -> ScoringRun:
    """A new scoring run, run here and now (``qinfo risk score --now``)."""
    run = scoring_request(actor=actor, as_of=as_of)
    try:
        run_scoring(run.pk)
    except Exception:  # the run is marked failed, with the message; the caller reads it
        logger.exception("scoring %s failed", run.pk)
    run.refresh_from_db()
    return run
