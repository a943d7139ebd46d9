"""REST API of the early warning (alerts)."""

from ninja import Router

router = Router(tags=["alerts"])
