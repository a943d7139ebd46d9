"""The REST API, /api/v1/ (django-ninja). The OpenAPI document is at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(title="qinfo API", version="1", urls_namespace="api-v1")
