"""What every process of the project does before Django loads.

wsgi.py, asgi.py and manage.py call `start()`; Celery's worker and beat processes start
telemetry after their fork instead (config/celery_telemetry.py).
"""

import os


def start(default_settings_module):
    """Choose the settings (DJANGO_SETTINGS_MODULE wins) and start this process's telemetry."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_settings_module)
{%- if cookiecutter.use_opentelemetry | enabled %}
    # Before the application loads its middleware: the Django instrumentation adds its own.
    from config.telemetry import configure_telemetry

    configure_telemetry()
{%- endif %}
