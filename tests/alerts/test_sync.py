"""alerts_sync: which scores open an alert, who owns it, raising, escalation in school days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qinfo.alerts.models import Alert, AlertEvent, AlertStatus, Notification
from qinfo.alerts.services import alert_resolve, alerts_sync, school_days_between
from qinfo.audit.models import AuditEvent
from qinfo.organisations.models import NonSchoolDay
from tests.alerts.conftest import LOW, SDQ, STREAK, Alerts, score

MON, TUE, WED, THU, FRI = (dt.date(2026, 11, d) for d in (9, 10, 11, 12, 13))
NEXT_MON, NEXT_TUE, NEXT_WED = dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.date(2026, 11, 18)


def test_a_rising_level_opens_an_alert_for_the_homeroom_teacher(alerts: Alerts) -> None:
    score(alerts.kid, MON, "normal")
    score(alerts.kid, TUE, "at_risk", [SDQ])
    score(alerts.sibling, TUE, "normal")
    counts = alerts_sync(TUE)
    alert = Alert.objects.get()
    assert (alert.student, alert.owner, alert.status) == (alerts.kid, alerts.o.teacher, "new")
    assert (alert.trigger, alert.level, alert.opened_on) == ("level_rose", "at_risk", TUE)
    assert [r["code"] for r in alert.reasons] == ["sdq_at_risk"]
    assert list(alert.events.values_list("kind", flat=True)) == ["opened"]
    inbox = Notification.objects.get(channel="inbox")
    assert (inbox.recipient, inbox.status, inbox.read_at) == (alerts.o.teacher, "sent", None)
    assert counts["opened"] == 1 and counts["escalated"] == 0
    assert AuditEvent.objects.filter(target_type="alerts.sync").count() == 1


def test_the_first_score_counts_from_normal(alerts: Alerts) -> None:
    score(alerts.kid, TUE, "problem", [LOW])
    alerts_sync(TUE)
    assert Alert.objects.get().level == "problem"


def test_a_level_that_stays_opens_nothing(alerts: Alerts) -> None:
    score(alerts.kid, MON, "at_risk", [SDQ])
    score(alerts.kid, TUE, "at_risk", [SDQ])
    before = AuditEvent.objects.count()
    assert alerts_sync(TUE)["opened"] == 0
    assert not Alert.objects.exists() and AuditEvent.objects.count() == before


def test_a_newly_fired_hard_rule_opens_one_even_at_the_same_level(alerts: Alerts) -> None:
    score(alerts.kid, MON, "at_risk", [SDQ])
    score(alerts.kid, TUE, "at_risk", [SDQ, STREAK])
    alerts_sync(TUE)
    assert Alert.objects.get().trigger == "hard_rule"


def test_a_hard_rule_that_keeps_firing_does_not_reopen_a_closed_alert(alerts: Alerts) -> None:
    score(alerts.kid, MON, "at_risk", [STREAK])
    alerts_sync(MON)
    alert_resolve(actor=alerts.o.teacher, alert=Alert.objects.get(), reason="มาเรียนแล้ว")
    score(alerts.kid, TUE, "at_risk", [STREAK])
    alerts_sync(TUE)
    assert Alert.objects.count() == 1


def test_a_higher_level_raises_the_open_alert(alerts: Alerts) -> None:
    score(alerts.kid, MON, "at_risk", [SDQ])
    alerts_sync(MON)
    score(alerts.kid, TUE, "problem", [SDQ, LOW])
    counts = alerts_sync(TUE)
    alert = Alert.objects.get()
    assert (counts["opened"], counts["raised"]) == (0, 1)
    assert alert.level == "problem" and {r["code"] for r in alert.reasons} == {
        "sdq_at_risk",
        "attendance_below_80",
    }
    assert list(alert.events.values_list("kind", flat=True)) == ["opened", "raised"]
    assert Notification.objects.filter(event="raised", recipient=alerts.o.teacher).count() == 1


def test_a_class_without_homeroom_teacher_goes_to_the_director(alerts: Alerts) -> None:
    score(alerts.orphan, TUE, "at_risk", [SDQ])
    alerts_sync(TUE)
    assert Alert.objects.get().owner == alerts.director


def test_running_twice_changes_nothing_more(alerts: Alerts) -> None:
    score(alerts.kid, TUE, "at_risk", [STREAK])
    alerts_sync(TUE)
    before = (Alert.objects.count(), AlertEvent.objects.count(), Notification.objects.count())
    assert alerts_sync(TUE)["opened"] == 0
    assert (Alert.objects.count(), AlertEvent.objects.count(), Notification.objects.count()) == (
        before
    )


def test_escalates_after_three_school_days_not_counting_weekends(alerts: Alerts) -> None:
    score(alerts.kid, THU, "at_risk", [STREAK])
    alerts_sync(THU)
    alerts_sync(NEXT_MON)  # Fri, Mon: two school days
    alert = Alert.objects.get()
    assert alert.escalated_to is None
    counts = alerts_sync(NEXT_TUE)  # Fri, Mon, Tue: three
    alert.refresh_from_db()
    assert counts["escalated"] == 1 and alert.escalated_to == alerts.director
    assert alert.status == "new" and alert.escalated_at is not None
    assert Notification.objects.filter(recipient=alerts.director, event="escalated").count() == 1
    assert alerts_sync(NEXT_WED)["escalated"] == 0  # once only


def test_a_non_school_day_does_not_count(alerts: Alerts) -> None:
    NonSchoolDay.objects.create(academic_year=alerts.o.year, date=NEXT_MON, name_th="หยุด")
    score(alerts.kid, THU, "at_risk", [STREAK])
    alerts_sync(THU)
    alerts_sync(NEXT_TUE)
    assert Alert.objects.get().escalated_to is None
    alerts_sync(NEXT_WED)
    assert Alert.objects.get().escalated_to == alerts.director
    assert school_days_between(alerts.o.network.pk, THU, NEXT_WED) == 3


def test_an_acknowledged_alert_does_not_escalate(alerts: Alerts) -> None:
    from qinfo.alerts.services import alert_acknowledge

    score(alerts.kid, THU, "at_risk", [STREAK])
    alerts_sync(THU)
    alert_acknowledge(actor=alerts.o.teacher, alert=Alert.objects.get())
    alerts_sync(NEXT_WED)
    assert Alert.objects.get().escalated_to is None


# A property: the alerts of one child over a run of days, against a plain walk through them ----

LEVELS = ["normal", "at_risk", "problem"]
DAYS = [dt.date(2026, 11, 2) + dt.timedelta(days=n) for n in range(12) if n % 7 < 5]
RANK = {level: n for n, level in enumerate(LEVELS)}


def oracle(days: list[tuple[str, bool, bool]]) -> list[tuple[str, str]]:
    """(status, level) of each alert, in order. Each day: (level, hard rule fired, the teacher
    resolves the open alert after the sync)."""
    found: list[list[str]] = []
    previous, previous_hard = "normal", False
    for level, hard, resolve in days:
        hard = hard and level != "normal"
        current = found[-1] if found and found[-1][0] == "new" else None
        if current is not None:
            if RANK[level] > RANK[current[1]]:
                current[1] = level
        elif RANK[level] > RANK[previous] or (hard and not previous_hard):
            found.append(["new", level])
        if resolve and found and found[-1][0] == "new":
            found[-1][0] = "resolved"
        previous, previous_hard = level, hard
    return [(status, level) for status, level in found]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(st.sampled_from(LEVELS), st.booleans(), st.booleans()),
        min_size=1,
        max_size=len(DAYS),
    )
)
def test_alerts_follow_the_scores(alerts: Alerts, days: list[tuple[str, bool, bool]]) -> None:
    Alert.objects.all().delete()
    from qinfo.risk.models import RiskScore

    RiskScore.objects.all().delete()
    for day, (level, hard, resolve) in zip(DAYS, days, strict=False):
        rules = [] if level == "normal" else [STREAK if hard else SDQ]
        if level == "problem":
            rules.append(LOW)
        score(alerts.kid, day, level, rules)
        alerts_sync(day)
        if resolve:
            for alert in Alert.objects.filter(status=AlertStatus.NEW):
                alert_resolve(actor=alerts.o.teacher, alert=alert, reason="ok")
    got = list(Alert.objects.order_by("opened_on").values_list("status", "level"))
    assert got == oracle(days)
