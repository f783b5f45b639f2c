import os

from django.core.asgi import get_asgi_application
{%- if cookiecutter.use_opentelemetry | enabled %}

from config.telemetry import configure_telemetry
{%- endif %}

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
{%- if cookiecutter.use_opentelemetry | enabled %}
# Before the application loads its middleware: the Django instrumentation adds its own.
configure_telemetry()
{%- endif %}

application = get_asgi_application()
