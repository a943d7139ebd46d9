"""The REST API, /api/v1/ (django-ninja). The OpenAPI document is at /api/v1/openapi.json.

Read-only for now. Every endpoint reads rows only through a policy or a selector, and declares the
kind of row it answers (``qinfo.api.listing.rows_of``) for the permission-matrix test.
"""

from ninja import NinjaAPI

from qinfo.api import errors
from qinfo.api.auth import AUTH
from qinfo.api.parser import StrictParser
from qinfo.api.routers import (
    alerts,
    care,
    exams,
    gradebook,
    organisations,
    records,
    risk,
    rollcall,
    students,
    wellbeing,
)

api = NinjaAPI(
    title="qinfo API",
    version="1",
    description="Read access to the record of every child, scoped by the caller's memberships.",
    urls_namespace="api-v1",
    auth=AUTH,
    parser=StrictParser(),
)
errors.install(api)
api.add_router("", organisations.router)
api.add_router("", students.router)
api.add_router("", records.router)
api.add_router("", rollcall.router)
api.add_router("", gradebook.router)
api.add_router("", exams.router)
api.add_router("", wellbeing.router)
api.add_router("", care.router)
api.add_router("", risk.router)
api.add_router("", alerts.router)
