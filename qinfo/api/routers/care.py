"""Write and read endpoints for the student care (issue 3)."""

from ninja import Router

router = Router(tags=["student care"])
