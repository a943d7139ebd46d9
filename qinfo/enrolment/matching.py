"""One child, one record: find records that may be the same child and merge them on request.

A candidate pair is two records (neither merged away) with the same national ID or G-code, or the
same Thai first and last name (ignoring spaces and case) and the same birth date. Candidates
become proposals (StudentMatch); only an officer of the network, or an administrator, confirms
one, which moves every row about the duplicate onto the record kept. Nothing is merged silently.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.policy import Action
from qinfo.core.services import refuse, require
from qinfo.enrolment.models import MatchReason, MatchStatus, StudentMatch
from qinfo.enrolment.policies import student_match_policy
from qinfo.people.models import IdentifierKind, Student
from qinfo.people.services import guardianships_prepare_merge


def name_key(first: str, last: str) -> str:
    text = unicodedata.normalize("NFC", f"{first}{last}")
    return "".join(ch for ch in text.casefold() if not ch.isspace() and ch != "\u200b")


def _candidates(student: Student) -> list[tuple[Student, str]]:
    live = Student.objects.filter(merged_into__isnull=True).exclude(pk=student.pk)
    found: list[tuple[Student, str]] = []
    if student.identifier:
        found += [
            (s, MatchReason.SAME_IDENTIFIER) for s in live.filter(identifier=student.identifier)
        ]
    key = name_key(student.first_name_th, student.last_name_th)
    same_birth = live.filter(birth_date=student.birth_date).exclude(pk__in=[s.pk for s, _ in found])
    found += [
        (s, MatchReason.SAME_NAME_BIRTH)
        for s in same_birth
        if name_key(s.first_name_th, s.last_name_th) == key
    ]
    return found


def _propose(keep: Student, duplicate: Student, reason: str) -> StudentMatch | None:
    """Records a proposal once per pair, whichever way round it was found."""
    pair = Q(keep=keep, duplicate=duplicate) | Q(keep=duplicate, duplicate=keep)
    if StudentMatch.objects.filter(pair).exists():
        return None
    return StudentMatch.objects.create(keep=keep, duplicate=duplicate, reason=reason)


def student_match_propose_for(student: Student) -> list[StudentMatch]:
    """Proposals for a newly entered record; the older record is the one proposed to keep."""
    proposals = []
    for other, reason in _candidates(student):
        keep, duplicate = (other, student) if other.pk < student.pk else (student, other)
        match = _propose(keep, duplicate, reason)
        if match is not None:
            proposals.append(match)
    return proposals


def student_match_scan() -> int:
    """Looks at every record for same name and birth date; returns how many new proposals."""
    groups: dict[tuple[str, object], list[Student]] = {}
    for student in (
        Student.objects.filter(merged_into__isnull=True)
        .order_by("pk")
        .only("pk", "first_name_th", "last_name_th", "birth_date")
    ):
        key = (name_key(student.first_name_th, student.last_name_th), student.birth_date)
        groups.setdefault(key, []).append(student)
    created = 0
    with transaction.atomic():
        for records in groups.values():
            keep = records[0]
            for duplicate in records[1:]:
                created += _propose(keep, duplicate, MatchReason.SAME_NAME_BIRTH) is not None
    return created


def _student_foreign_keys() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at a student, except the matching and merge links."""
    result = []
    for model in apps.get_models():
        if model is StudentMatch:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Student and field.name != "merged_into":
                result.append((model, field.name))
    return result


def student_match_confirm(*, actor: Any, match: StudentMatch) -> Student:
    """Merges the duplicate into the kept record. Refused as a whole if rows conflict (for
    example both records have an attendance mark on the same day)."""
    require(student_match_policy.can_row(actor, Action.VIEW, match))
    if match.status != MatchStatus.PROPOSED:
        raise refuse(_("This proposal has already been decided."), "match_decided")
    keep, duplicate = match.keep, match.duplicate
    moved: dict[str, int] = {}
    try:
        with transaction.atomic():
            guardianships_prepare_merge(keep=keep, duplicate=duplicate)
            for model, field in _student_foreign_keys():
                count = model._default_manager.filter(**{field: duplicate}).update(**{field: keep})
                if count:
                    moved[model._meta.label_lower] = count
            if keep.identifier_kind == IdentifierKind.PENDING and duplicate.identifier:
                kind, identifier = duplicate.identifier_kind, duplicate.identifier
                Student.objects.filter(pk=duplicate.pk).update(
                    identifier=None, identifier_kind=IdentifierKind.PENDING
                )
                Student.objects.filter(pk=keep.pk).update(
                    identifier=identifier, identifier_kind=kind
                )
            Student.objects.filter(pk=duplicate.pk).update(merged_into=keep)
            StudentMatch.objects.filter(pk=match.pk).update(
                status=MatchStatus.CONFIRMED, decided_by=actor, decided_at=timezone.now()
            )
            audit_record(
                actor=actor,
                action=AuditAction.MERGE,
                target=keep,
                changes={"merged": duplicate.pk, "moved": moved},
            )
    except IntegrityError as exc:
        raise refuse(
            _(
                "These records cannot be merged automatically: both hold a record for the same "
                "day, course or year. Correct one of them first."
            ),
            "merge_conflict",
        ) from exc
    keep.refresh_from_db()
    return keep


def student_match_reject(*, actor: Any, match: StudentMatch) -> StudentMatch:
    require(student_match_policy.can_row(actor, Action.VIEW, match))
    if match.status != MatchStatus.PROPOSED:
        raise refuse(_("This proposal has already been decided."), "match_decided")
    with transaction.atomic():
        match.status, match.decided_by, match.decided_at = (
            MatchStatus.REJECTED,
            actor,
            timezone.now(),
        )
        match.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=match,
            changes={"status": [MatchStatus.PROPOSED, MatchStatus.REJECTED]},
        )
    return match
