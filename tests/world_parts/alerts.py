"""Rows of the early warning (alerts) for every child of the permission world."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.world import World


def extend(w: World) -> None:
    return None
