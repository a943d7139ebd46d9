"""Write and read endpoints for the wellbeing (issue 3)."""

from ninja import Router

router = Router(tags=["wellbeing"])
