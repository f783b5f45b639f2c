"""OpenTelemetry: the log lines carry the current trace and span ids.

OpenTelemetry's logging instrumentation (config/telemetry.py) puts them on each record; "0"
outside a span. The formats replace base.py's in place, so every settings module that
imports LOGGING from base.py logs them.
"""

from .base import LOGGING

LOGGING["formatters"].update(
    {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s "
            "client=%(client_address)s trace=%(otelTraceID)s span=%(otelSpanID)s] %(message)s",
            "defaults": {"client_address": "-", "otelTraceID": "0", "otelSpanID": "0"},
        },
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(client_address)s "
            "%(otelTraceID)s %(otelSpanID)s %(message)s",
            "defaults": {"client_address": "-", "otelTraceID": "0", "otelSpanID": "0"},
        },
    }
)
