from django.conf import settings
from django.contrib import admin
from django.urls import include, path
{%- if cookiecutter.use_api_docs == "y" %}
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
{%- else %}
from drf_spectacular.views import SpectacularAPIView
{%- endif %}

api_v1 = [
    path("auth/", include("{{ cookiecutter.project_slug }}.users.urls")),
    path("", include("{{ cookiecutter.project_slug }}.catalog.urls")),
    path("", include("{{ cookiecutter.project_slug }}.orders.urls")),
    path("", include("{{ cookiecutter.project_slug }}.payments.urls")),
]

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/<version>/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
{%- if cookiecutter.use_api_docs == "y" %}
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
{%- endif %}
]

if "debug_toolbar" in settings.INSTALLED_APPS:  # development settings only
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

handler400 = "{{ cookiecutter.project_slug }}.core.exceptions.bad_request"
handler403 = "{{ cookiecutter.project_slug }}.core.exceptions.permission_denied"
handler404 = "{{ cookiecutter.project_slug }}.core.exceptions.not_found"
handler500 = "{{ cookiecutter.project_slug }}.core.exceptions.server_error"
