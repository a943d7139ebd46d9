from django.contrib import admin
from django.urls import include, path

from qinfo.api.main import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("qinfo.web.urls")),
]
