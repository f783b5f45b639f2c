from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

# Every version (REST_FRAMEWORK["ALLOWED_VERSIONS"]) is served by the same views.
api_routes = [
    path("auth/", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("", include("{{ cookiecutter.project_slug }}.catalog.urls")),
    path("", include("{{ cookiecutter.project_slug }}.orders.urls")),
    path("", include("{{ cookiecutter.project_slug }}.payments.urls")),
]

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/<version>/", include(api_routes)),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("api/schema/v2/", SpectacularAPIView.as_view(api_version="v2"), name="schema-v2"),
{%- if cookiecutter.use_api_docs | enabled %}
    path("", include("config.api_docs_urls")),
{%- endif %}
]

if "debug_toolbar" in settings.INSTALLED_APPS:  # development settings only
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

handler400 = "{{ cookiecutter.project_slug }}.core.error_views.bad_request"
handler403 = "{{ cookiecutter.project_slug }}.core.error_views.permission_denied"
handler404 = "{{ cookiecutter.project_slug }}.core.error_views.not_found"
handler500 = "{{ cookiecutter.project_slug }}.core.error_views.server_error"
