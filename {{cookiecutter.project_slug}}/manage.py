#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    from django.core.management import execute_from_command_line
{%- if cookiecutter.use_opentelemetry | enabled %}

    from config.telemetry import configure_telemetry

    configure_telemetry()
{%- endif %}

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
