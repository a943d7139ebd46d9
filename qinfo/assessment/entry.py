"""Writing the grade book's entries (docs/definitions.md §8): a course's assessment items, a
course's scores, and a class's ratings for a term. Each service checks the whole input first,
refuses it as a whole with a clear message, and then writes it in one transaction with one audit
event (the previous values are in the event's changes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qinfo.assessment.models import (
    AssessmentItem,
    ItemKind,
    ItemScore,
    Rating,
    RatingLevel,
    Trait,
)
from qinfo.assessment.services import _decimal, _may_record, course_students
from qinfo.audit.models import AuditAction
from qinfo.audit.services import audit_record
from qinfo.core.services import refuse, require
from qinfo.enrolment.models import Enrolment
from qinfo.organisations.models import Classroom, Course, Term
from qinfo.organisations.scope import scope_for

HUNDRED = Decimal(100)
MAX_ITEM_SCORE = Decimal("9999.99")


@dataclass(frozen=True)
class ItemInput:
    name: str
    kind: str
    weight: Decimal
    max_score: Decimal
    id: int | None = None


@dataclass(frozen=True)
class ScoreInput:
    student_id: int
    item_id: int
    score: Decimal | None  # None: the score is missing (an entered score is removed)


@dataclass(frozen=True)
class RatingInput:
    student_id: int
    trait: str
    level: int


def _check_items(items: Sequence[ItemInput]) -> list[ItemInput]:
    if not items:
        raise refuse(_("A course needs at least one assessment item."), "no_items", "items")
    clean, names = [], set()
    for item in items:
        name = (item.name or "").strip()
        if not name or len(name) > 100:
            raise refuse(_("Each item needs a name of 1 to 100 characters."), "item_name", "items")
        if name in names:
            raise refuse(_("Two items have the same name."), "item_name_twice", "items")
        names.add(name)
        if item.kind not in ItemKind.values:
            raise refuse(_("Unknown kind of assessment item."), "item_kind", "items")
        weight, top = _decimal(item.weight, "items"), _decimal(item.max_score, "items")
        if not Decimal(0) < weight <= HUNDRED:
            raise refuse(_("Each weight is more than 0 and at most 100."), "weight", "items")
        if not Decimal(0) < top <= MAX_ITEM_SCORE:
            raise refuse(_("Each maximum score is more than 0."), "max_score", "items")
        clean.append(ItemInput(name, item.kind, weight, top, item.id))
    if sum(i.weight for i in clean) != HUNDRED:
        raise refuse(_("The weights of a course's items must total 100."), "weights_total", "items")
    return clean


def assessment_items_define(
    *, actor: Any, course: Course, items: Sequence[ItemInput]
) -> list[AssessmentItem]:
    """Sets a course's items as a whole: given ids are kept and changed, new ones created, the
    rest removed (an item that already has scores cannot be removed)."""
    require(_may_record(actor, course))
    clean = _check_items(items)
    current = {i.pk: i for i in AssessmentItem.objects.filter(course=course)}
    kept = {i.id for i in clean if i.id is not None}
    if kept - current.keys():
        raise refuse(_("An item belongs to another course."), "item_other_course", "items")
    removed = current.keys() - kept
    if ItemScore.objects.filter(item_id__in=removed).exists():
        raise refuse(
            _("An item that already has scores cannot be removed."), "item_has_scores", "items"
        )
    for item in clean:
        if item.id is not None:
            top = ItemScore.objects.filter(item_id=item.id, score__gt=item.max_score)
            if top.exists():
                raise refuse(
                    _("A score is above the item's new maximum."), "score_above_max", "items"
                )
    before = [(i.name, str(i.weight), str(i.max_score)) for i in current.values()]
    saved = []
    with transaction.atomic():
        AssessmentItem.objects.filter(pk__in=removed).delete()
        for position, item in enumerate(clean, start=1):
            row = current.get(item.id) if item.id is not None else None
            row = row or AssessmentItem(course=course)
            row.position, row.name, row.kind = position, item.name, item.kind
            row.weight, row.max_score = item.weight, item.max_score
            row.save()
            saved.append(row)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=course,
            school_id=course.classroom.school_id,
            changes={"items": [before, [(i.name, str(i.weight), str(i.max_score)) for i in saved]]},
        )
    return saved


def item_scores_record(*, actor: Any, course: Course, scores: Sequence[ScoreInput]) -> int:
    """Records a course's scores as a whole; answers how many scores changed."""
    require(_may_record(actor, course))
    items = {i.pk: i for i in AssessmentItem.objects.filter(course=course)}
    students = course_students(course)
    seen: set[tuple[int, int]] = set()
    clean: dict[tuple[int, int], Decimal | None] = {}
    for entry in scores:
        item = items.get(entry.item_id)
        if item is None:
            raise refuse(
                _("A score names an item of another course."), "item_other_course", "scores"
            )
        if entry.student_id not in students:
            raise refuse(
                _("A score names a student who is not enrolled in this course's class."),
                "student_not_enrolled",
                "scores",
            )
        key = (entry.student_id, entry.item_id)
        if key in seen:
            raise refuse(_("A score is given twice."), "duplicate_score", "scores")
        seen.add(key)
        value = None if entry.score is None else _decimal(entry.score, "scores")
        if value is not None and value < 0:
            raise refuse(_("A score cannot be negative."), "score_negative", "scores")
        if value is not None and value > item.max_score:
            raise refuse(
                _("A score is above the item's maximum (%(max)s for %(item)s).")
                % {"max": item.max_score.normalize(), "item": item.name},
                "score_above_max",
                "scores",
            )
        clean[key] = value
    school_id = course.classroom.school_id
    changes: dict[str, list[str | None]] = {}
    with transaction.atomic():
        existing = {
            (row.student_id, row.item_id): row
            for row in ItemScore.objects.select_for_update().filter(
                item_id__in=items, student_id__in={s for s, _ in clean}
            )
        }
        new, updated, gone = [], [], []
        for (student_id, item_id), value in clean.items():
            row = existing.get((student_id, item_id))
            old = None if row is None else row.score
            if old == value:
                continue
            changes[f"{student_id}:{item_id}"] = [
                None if old is None else str(old),
                None if value is None else str(value),
            ]
            if value is None:
                gone.append(row.pk)  # type: ignore[union-attr]
            elif row is None:
                new.append(
                    ItemScore(
                        item_id=item_id,
                        student_id=student_id,
                        school_id=school_id,
                        score=value,
                        recorded_by=actor,
                    )
                )
            else:
                row.score, row.recorded_by, row.updated_at = value, actor, timezone.now()
                updated.append(row)
        ItemScore.objects.filter(pk__in=gone).delete()
        ItemScore.objects.bulk_create(new)
        ItemScore.objects.bulk_update(updated, ["score", "recorded_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if existing else AuditAction.CREATE,
            target=course,
            school_id=school_id,
            changes={"scores": len(clean), "changed": changes},
        )
    return len(changes)


def _may_rate(actor: Any, classroom: Classroom) -> bool:
    scope = scope_for(actor)
    return (
        scope.is_admin
        or classroom.school_id in scope.writable_school_ids
        or classroom.pk in scope.classroom_ids
    )


def ratings_record(
    *, actor: Any, classroom: Classroom, term: Term, ratings: Sequence[RatingInput]
) -> int:
    """Records a class's ratings for one term as a whole; answers how many changed."""
    require(_may_rate(actor, classroom))
    if term.academic_year_id != classroom.academic_year_id:
        raise refuse(_("The term is not in this classroom's academic year."), "term_year", "term")
    enrolled = set(
        Enrolment.objects.filter(classroom=classroom, start_date__lte=term.end_date)
        .exclude(end_date__lt=term.start_date)
        .values_list("student_id", flat=True)
    )
    seen: set[tuple[int, str]] = set()
    for rating in ratings:
        if rating.student_id not in enrolled:
            raise refuse(
                _("A rating names a student who is not enrolled in this class in the term."),
                "student_not_enrolled",
                "ratings",
            )
        if rating.trait not in Trait.values:
            raise refuse(_("Unknown trait."), "trait", "ratings")
        if rating.level not in RatingLevel.values:
            raise refuse(_("A rating is 0 to 3."), "level", "ratings")
        if (rating.student_id, rating.trait) in seen:
            raise refuse(_("A rating is given twice."), "duplicate_rating", "ratings")
        seen.add((rating.student_id, rating.trait))
    changes: dict[str, list[int | None]] = {}
    with transaction.atomic():
        existing = {
            (r.student_id, r.trait): r
            for r in Rating.objects.select_for_update().filter(
                term=term, student_id__in={s for s, _ in seen}
            )
        }
        new, updated = [], []
        for rating in ratings:
            row = existing.get((rating.student_id, rating.trait))
            if row is not None and row.level == rating.level:
                continue
            changes[f"{rating.student_id}:{rating.trait}"] = [
                None if row is None else row.level,
                rating.level,
            ]
            if row is None:
                new.append(
                    Rating(
                        student_id=rating.student_id,
                        term=term,
                        classroom=classroom,
                        school_id=classroom.school_id,
                        trait=rating.trait,
                        level=rating.level,
                        recorded_by=actor,
                    )
                )
            else:
                row.level, row.classroom, row.recorded_by = rating.level, classroom, actor
                row.updated_at = timezone.now()
                updated.append(row)
        Rating.objects.bulk_create(new)
        Rating.objects.bulk_update(updated, ["level", "classroom", "recorded_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=classroom,
            school_id=classroom.school_id,
            changes={"term": term.pk, "ratings": len(ratings), "changed": changes},
        )
    return len(changes)
