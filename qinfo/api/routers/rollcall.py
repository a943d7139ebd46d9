"""Write and read endpoints for the roll call (issue 3)."""

from ninja import Router

router = Router(tags=["roll call"])
