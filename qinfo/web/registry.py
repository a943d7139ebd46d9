"""What each page shows, so that the permission-matrix test can find every page of student data.

Every view in ``qinfo.web`` carries ``qinfo_shows``: "student" (a list of students),
"student_detail" (one student, URL kwarg ``student_id``), "school", "classroom" or "none".
A page without it fails the permission-matrix test, so a new page cannot slip past it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

Shows = Literal["student", "student_detail", "school", "classroom", "none"]
KINDS: frozenset[str] = frozenset({"student", "student_detail", "school", "classroom", "none"})

T = TypeVar("T", bound=Callable[..., object])


def shows(kind: Shows) -> Callable[[T], T]:
    """Marks a view function, a class-based view or the result of ``as_view()``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")

    def mark(view: T) -> T:
        view.qinfo_shows = kind  # type: ignore[attr-defined]
        return view

    return mark
