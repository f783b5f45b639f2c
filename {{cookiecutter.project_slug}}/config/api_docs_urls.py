"""Swagger UI over the OpenAPI schema, at /api/docs/ (settings in config/settings/api_docs.py)."""

from django.urls import path
from drf_spectacular.views import SpectacularSwaggerView

urlpatterns = [
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]
