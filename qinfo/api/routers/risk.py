"""REST API of the early warning (risk)."""

from ninja import Router

router = Router(tags=["risk"])
