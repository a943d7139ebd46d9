"""What each page shows, so that the permission-matrix test can find every page of student data.

Every view in ``qinfo.web`` carries ``qinfo_shows``: "student" (a list of the students the user
may see), "student_subset" (a list of some of them, e.g. possible duplicates), "student_detail"
(one student, URL kwarg ``student_id``), "school", "classroom" or "none".
A page without it fails the permission-matrix test, so a new page cannot slip past it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar, get_args

Shows = Literal["student", "student_subset", "student_detail", "school", "classroom", "none"]
KINDS: frozenset[str] = frozenset(get_args(Shows))

T = TypeVar("T", bound=Callable[..., object])


def shows(kind: Shows) -> Callable[[T], T]:
    """Marks a view function, a class-based view or the result of ``as_view()``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")

    def mark(view: T) -> T:
        view.qinfo_shows = kind  # type: ignore[attr-defined]
        return view

    return mark
