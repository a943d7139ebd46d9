"""What a user's memberships reach: computed once per user object and reused by every policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from qinfo.accounts.models import Membership, Role
from qinfo.organisations.models import Classroom


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    is_admin: bool = False
    #: Networks seen whole (officer, analyst).
    network_ids: frozenset[int] = frozenset()
    #: Schools seen whole (director, registrar).
    school_ids: frozenset[int] = frozenset()
    #: Schools where the user teaches (their colleagues and classrooms are visible).
    teacher_school_ids: frozenset[int] = frozenset()
    #: Classrooms the user teaches in an academic year not yet ended: homeroom, or a course.
    classroom_ids: frozenset[int] = frozenset()
    #: Analysts get de-identified data only, everywhere (least privilege wins).
    deidentified: bool = False
    #: Schools where the user may change records (registrar, director).
    writable_school_ids: frozenset[int] = frozenset()
    #: Networks where the user may confirm merges and act for the network (officer).
    officer_network_ids: frozenset[int] = frozenset()

    @property
    def sees_anything(self) -> bool:
        return self.is_admin or bool(
            self.network_ids or self.school_ids or self.classroom_ids or self.teacher_school_ids
        )


ANONYMOUS = Scope()
_CACHE_ATTR = "_qinfo_scope"


def scope_for(user: Any) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    scope = _compute(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Call after memberships change for a user object that is still in use."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _compute(user: Any) -> Scope:
    memberships = list(
        Membership.objects.filter(user=user, active=True).values_list(
            "role", "school_id", "network_id"
        )
    )
    roles = {role for role, _, _ in memberships}
    by_role: dict[str, set[int]] = {}
    for role, school_id, network_id in memberships:
        by_role.setdefault(role, set()).add(school_id or network_id)
    teacher_schools = frozenset(by_role.get(Role.TEACHER, set()))
    classroom_ids: frozenset[int] = frozenset()
    if teacher_schools:
        classroom_ids = frozenset(
            Classroom.objects.filter(
                school_id__in=teacher_schools, academic_year__end_date__gte=timezone.localdate()
            )
            .filter(Q(homeroom_teachers__user=user) | Q(courses__teacher__user=user))
            .values_list("id", flat=True)
            .distinct()
        )
    full_schools = by_role.get(Role.DIRECTOR, set()) | by_role.get(Role.REGISTRAR, set())
    return Scope(
        authenticated=True,
        is_admin=Role.ADMIN in roles or user.is_superuser,
        network_ids=frozenset(by_role.get(Role.OFFICER, set()) | by_role.get(Role.ANALYST, set())),
        school_ids=frozenset(full_schools),
        teacher_school_ids=teacher_schools,
        classroom_ids=classroom_ids,
        deidentified=Role.ANALYST in roles,
        writable_school_ids=frozenset(full_schools),
        officer_network_ids=frozenset(by_role.get(Role.OFFICER, set())),
    )
