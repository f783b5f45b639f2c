"""OpenTelemetry tracing for every process of the project.

`configure_telemetry()` runs once per process, before the first request or task:
config/startup.py calls it for wsgi.py, asgi.py and manage.py. A project with Celery also
traces its tasks (config/celery_telemetry.py), whose worker processes call it after the fork
(an exporter thread started before a fork does not survive it).

The standard variables decide what leaves the process:

- OTEL_EXPORTER_OTLP_ENDPOINT set: spans go to that collector over OTLP, using
  OTEL_EXPORTER_OTLP_PROTOCOL (`http/protobuf`, the default, or `grpc`);
- OTEL_TRACES_EXPORTER=console: spans are printed to stdout as well;
- neither: nothing is exported, but trace ids still reach the logs and the X-Trace-ID
  response header, so a report can still be matched with its log lines;
- OTEL_SDK_DISABLED=true: nothing is set up at all.

service.name defaults to the project's name and deployment.environment to the settings
module's name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (for example
`service.version=1.4.2,deployment.environment=staging`) override them.
"""

import os
import threading

from django.conf import settings
from opentelemetry import trace
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.instrumentation.logging import LoggingInstrumentor
from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor
from opentelemetry.sdk.resources import (
    DEPLOYMENT_ENVIRONMENT,
    SERVICE_NAME,
    SERVICE_VERSION,
    OTELResourceDetector,
    Resource,
)
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.trace import format_trace_id

TRACE_ID_HEADER = "X-Trace-ID"
HEALTH_PROBE_MIDDLEWARE = "{{ cookiecutter.project_slug }}.core.middleware.HealthProbeMiddleware"

_lock = threading.Lock()
_provider = None


def configure_telemetry():
    """Start tracing in this process and return its TracerProvider (None when disabled).

    Only the first call does anything: instrumenting a library twice would record every
    span twice.
    """
    global _provider
    with _lock:
        if _provider is None and not _sdk_disabled():
            provider = TracerProvider(resource=build_resource())
            for exporter in span_exporters():
                provider.add_span_processor(BatchSpanProcessor(exporter))
            trace.set_tracer_provider(provider)
            _instrument(provider)
            _provider = provider
        return _provider


def shutdown_telemetry():
    """Export the spans still buffered, for processes that exit without running atexit hooks."""
    if _provider is not None:
        _provider.shutdown()


def build_resource():
    defaults = Resource.create(
        {
            SERVICE_NAME: "{{ cookiecutter.project_slug }}",
            SERVICE_VERSION: "unknown",
            DEPLOYMENT_ENVIRONMENT: os.environ.get("DJANGO_SETTINGS_MODULE", "").rpartition(".")[2],
        }
    )
    return defaults.merge(OTELResourceDetector().detect())


def span_exporters():
    """The exporters the environment asks for; none unless an endpoint or the console is set."""
    requested = {name.strip() for name in os.environ.get("OTEL_TRACES_EXPORTER", "").split(",")}
    if "none" in requested:
        return []
    exporters = []
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get(
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
    ):
        exporters.append(_otlp_exporter())
    if "console" in requested:
        exporters.append(ConsoleSpanExporter())
    return exporters


def _otlp_exporter():
    protocol = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or os.environ.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    # Imported on demand: a process only ever loads one of the two transports (gRPC is heavy).
    # Either exporter reads the endpoint, headers and timeout from the environment itself.
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import (
            OTLPSpanExporter as GrpcSpanExporter,
        )

        return GrpcSpanExporter()
    if protocol == "http/protobuf":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
            OTLPSpanExporter as HttpSpanExporter,
        )

        return HttpSpanExporter()
    raise ValueError(f"Unsupported OTLP protocol {protocol!r}: use grpc or http/protobuf.")


def _sdk_disabled():
    return os.environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true"


def _instrument(provider):
    DjangoInstrumentor().instrument(
        tracer_provider=provider,
        response_hook=_echo_trace_id,
        middleware_position=_tracing_middleware_position(),
    )
    PsycopgInstrumentor().instrument(tracer_provider=provider)
    # The embedded default database: local runs show their queries too.
    SQLite3Instrumentor().instrument(tracer_provider=provider)
    RedisInstrumentor().instrument(tracer_provider=provider)
    # Trace and span ids on every log record; the log format in the settings prints them.
    # Records stay with the project's handlers rather than being exported as OTel logs.
    LoggingInstrumentor().instrument(
        tracer_provider=provider,
        inject_trace_context=True,
        enable_log_auto_instrumentation=False,
    )


def _tracing_middleware_position():
    """Just after the health probe middleware, which answers probes whatever their Host.

    The tracing middleware reads the Host header, and Django rejects one not in ALLOWED_HOSTS,
    as an orchestrator probing by IP address sends. Probes are therefore never traced, which
    also keeps their constant polling out of the traces.
    """
    middleware = list(settings.MIDDLEWARE)
    if HEALTH_PROBE_MIDDLEWARE in middleware:
        return middleware.index(HEALTH_PROBE_MIDDLEWARE) + 1
    return 0


def _echo_trace_id(span, request, response):
    """Give the client the id to quote in a bug report, next to X-Request-ID."""
    context = span.get_span_context()
    if context.is_valid:
        response[TRACE_ID_HEADER] = format_trace_id(context.trace_id)
