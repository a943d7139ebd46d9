"""Write and read endpoints for the grade book (issue 3)."""

from ninja import Router

router = Router(tags=["grade book"])
