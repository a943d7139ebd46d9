"""The officer's page of possible duplicates: compare, then merge or keep apart."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from qinfo.enrolment.models import MatchStatus, StudentMatch
from qinfo.people.models import Student
from tests.services.conftest import Org, admit, frozen_today, organisation, readmitted_elsewhere

__all__ = ["frozen_today", "organisation"]  # fixtures used by the tests below


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def a_child_recorded_twice(o: Org) -> StudentMatch:
    readmitted_elsewhere(o, kept_identifier="1103702488992")
    return StudentMatch.objects.get()


def test_officer_sees_both_records_and_merges_them(organisation: Org) -> None:
    match = a_child_recorded_twice(organisation)
    officer = signed_in(organisation.officer)
    page = officer.get(reverse("web:matches")).content.decode()
    assert page.count("สุดา") >= 2 and "1103702488992" in page
    assert "โรงเรียนเทศบาลสอง" in page and "โรงเรียนเทศบาลหนึ่ง" in page

    response = officer.post(
        reverse("web:matches"), {"match": match.pk, "decision": "merge"}, follow=True
    )
    assert response.status_code == 200
    assert "รวมระเบียนแล้ว" in response.content.decode()
    assert StudentMatch.objects.get().status == MatchStatus.CONFIRMED
    assert Student.objects.get(pk=match.duplicate_id).merged_into_id == match.keep_id


def test_officer_keeps_two_children_apart(organisation: Org) -> None:
    match = a_child_recorded_twice(organisation)
    signed_in(organisation.officer).post(
        reverse("web:matches"), {"match": match.pk, "decision": "reject"}
    )
    assert StudentMatch.objects.get().status == MatchStatus.REJECTED
    assert not Student.objects.filter(merged_into__isnull=False).exists()


def test_a_refused_merge_is_explained_and_changes_nothing(organisation: Org) -> None:
    admit(organisation, "สุดา", "ทองดี")
    admit(organisation, "สุดา", "ทองดี", classroom=organisation.other_classroom)
    match = StudentMatch.objects.get()  # both active this year: cannot be merged as they are
    response = signed_in(organisation.officer).post(
        reverse("web:matches"), {"match": match.pk, "decision": "merge"}, follow=True
    )
    assert "รวมระเบียนทั้งสองโดยอัตโนมัติไม่ได้" in response.content.decode()
    assert StudentMatch.objects.get().status == MatchStatus.PROPOSED


def test_others_see_no_proposals_and_cannot_decide(organisation: Org) -> None:
    match = a_child_recorded_twice(organisation)
    for user in (organisation.teacher, organisation.registrar):
        client = signed_in(user)
        page = client.get(reverse("web:matches")).content.decode()
        assert "1103702488992" not in page
        assert reverse("web:matches") not in client.get(reverse("web:home")).content.decode()
        response = client.post(reverse("web:matches"), {"match": match.pk, "decision": "merge"})
        assert response.status_code == 404
    assert StudentMatch.objects.get().status == MatchStatus.PROPOSED
    assert (
        reverse("web:matches")
        in signed_in(organisation.officer).get(reverse("web:home")).content.decode()
    )
