"""Records of issue 3 added to the permission world, one module per domain.

Every list endpoint about children must answer rows for every child of the world, so each domain
adds, for every student in ``w.students``, at least one row of each kind it serves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.world_parts import alerts, blueprint, care, exams, gradebook, risk, rollcall, wellbeing

if TYPE_CHECKING:
    from tests.world import World

EXTENSIONS: tuple[Callable[[World], None], ...] = (
    rollcall.extend,
    gradebook.extend,
    exams.extend,
    wellbeing.extend,
    care.extend,
    risk.extend,
    alerts.extend,
    blueprint.extend,
)
