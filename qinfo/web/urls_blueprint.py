"""Pages of the Education Blueprint (docs/definitions.md §24); names in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import blueprint
from qinfo.web.views.blueprint_review import blueprint_review_pdf, blueprint_review_xlsx

urlpatterns: list[URLPattern] = [
    path("blueprint/", blueprint.blueprint_list, name="blueprint_list"),
    path("blueprint/plan/", blueprint.blueprint_plan, name="blueprint_plan"),
    path("blueprint/schools/<int:school_id>/", blueprint.blueprint_school, name="blueprint_school"),
    path("blueprint/review.pdf", blueprint_review_pdf, name="blueprint_review_pdf"),
    path(
        "blueprint/review.xlsx",
        blueprint_review_xlsx,
        name="blueprint_review_xlsx",
    ),
]
