"""Pages for the roll call; their names live in the ``web`` namespace."""

from django.urls import URLPattern, path

from qinfo.web.views import rollcall

urlpatterns: list[URLPattern] = [
    path("roll-call/", rollcall.my_classes, name="my_classes"),
    path("classrooms/<int:classroom_id>/roll-call/", rollcall.roll_call, name="roll_call"),
]
