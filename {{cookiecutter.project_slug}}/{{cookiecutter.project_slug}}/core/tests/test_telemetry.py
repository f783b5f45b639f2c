"""The OpenTelemetry bootstrap in config/telemetry.py.

The request tests configure telemetry as a process does, once and for good (the rest of the
test run stays instrumented, as production is), and add an in-memory exporter to see every
span (the `spans` fixture in conftest.py). Whether the bootstrap does anything at all is a
property of a fresh process, so those tests start one.
"""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from opentelemetry import trace
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.sdk.trace.export import ConsoleSpanExporter
from opentelemetry.trace import SpanKind, format_span_id, format_trace_id

from config import telemetry
from {{ cookiecutter.project_slug }}.core.tests.tracing import (
    CHECKOUT_ROUTE,
    OTEL_VARIABLES,
    check_out,
    descends_from,
    server_span,
)


@pytest.fixture
def otel_env(monkeypatch):
    """No OTEL_* variable from the surrounding shell; tests set the ones they need."""
    for name in OTEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def traced_connection(transactional_db):
    """A database connection opened after the bootstrap, as a real process opens them.

    The test run may have opened one before; it is replaced (and only then closed, which
    keeps an in-memory test database alive).
    """
    stale = connection.connection
    connection.connect()
    if stale is not None:
        stale.close()


@pytest.mark.django_db(transaction=True)
def test_checkout_request_is_a_server_span_named_for_its_route(spans, user_client):
    check_out(user_client, spans)

    span = server_span(spans)
    assert span.attributes["http.route"] == CHECKOUT_ROUTE
    assert span.name == f"POST {CHECKOUT_ROUTE}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("traced_connection")
def test_checkout_queries_are_database_spans_inside_the_request_trace(spans, user_client):
    check_out(user_client, spans)

    request = server_span(spans)
    queries = [span for span in spans.get_finished_spans() if "db.system" in span.attributes]
    assert queries
    assert {span.context.trace_id for span in queries} == {request.context.trace_id}
    assert all(descends_from(span, request, spans) for span in queries)


@pytest.mark.django_db(transaction=True)
def test_response_carries_the_trace_id_next_to_the_request_id(spans, user_client):
    response = check_out(user_client, spans)

    assert response["X-Trace-ID"] == format_trace_id(server_span(spans).context.trace_id)
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_health_probes_are_not_traced(spans, api_client):
    api_client.get("/healthz")

    assert not [span for span in spans.get_finished_spans() if span.kind == SpanKind.SERVER]


def console_handler():
    handler = logging.getHandlerByName("console")
    assert handler is not None, "the LOGGING setting names a console handler"
    return handler


def test_log_records_carry_the_current_trace_and_span_ids(spans, caplog):
    tracer = trace.get_tracer(__name__)
    with tracer.start_as_current_span("work") as span, caplog.at_level(logging.INFO):
        logging.getLogger("{{ cookiecutter.project_slug }}.work").info("inside a span")

    (record,) = [r for r in caplog.records if r.name == "{{ cookiecutter.project_slug }}.work"]
    assert record.otelTraceID == format_trace_id(span.get_span_context().trace_id)
    assert record.otelSpanID == format_span_id(span.get_span_context().span_id)
    line = console_handler().format(record)
    assert f"trace={record.otelTraceID} span={record.otelSpanID}" in line


def test_log_format_works_for_records_made_without_telemetry():
    record = logging.makeLogRecord({"msg": "before the bootstrap", "request_id": "-"})

    line = console_handler().format(record)

    assert "trace=0 span=0" in line


@pytest.mark.usefixtures("exported")
def test_a_second_bootstrap_instruments_nothing_again(caplog):
    first = telemetry.configure_telemetry()

    with caplog.at_level(logging.WARNING, logger="opentelemetry"):
        second = telemetry.configure_telemetry()

    assert second is first
    assert [record.getMessage() for record in caplog.records] == []
    middleware = DjangoInstrumentor._opentelemetry_middleware
    assert settings.MIDDLEWARE.count(middleware) == 1


def test_without_endpoint_or_console_nothing_is_exported(otel_env):
    assert telemetry.span_exporters() == []


def test_otlp_over_http_by_default_when_an_endpoint_is_set(otel_env):
    otel_env.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")

    (exporter,) = telemetry.span_exporters()

    assert type(exporter).__module__ == "opentelemetry.exporter.otlp.proto.http.trace_exporter"


def test_otlp_over_grpc_when_asked(otel_env):
    otel_env.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317")
    otel_env.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")

    (exporter,) = telemetry.span_exporters()

    assert type(exporter).__module__ == "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"


def test_an_unknown_otlp_protocol_stops_start_up(otel_env):
    otel_env.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    otel_env.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")

    with pytest.raises(ValueError, match="http/json"):
        telemetry.span_exporters()


def test_console_exporter_on_request(otel_env):
    otel_env.setenv("OTEL_TRACES_EXPORTER", "console")

    (exporter,) = telemetry.span_exporters()

    assert isinstance(exporter, ConsoleSpanExporter)


def test_traces_exporter_none_exports_nothing_even_with_an_endpoint(otel_env):
    otel_env.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
    otel_env.setenv("OTEL_TRACES_EXPORTER", "none")

    assert telemetry.span_exporters() == []


def test_resource_names_the_project_and_the_settings_in_use(otel_env):
    otel_env.setenv("DJANGO_SETTINGS_MODULE", "config.settings.production")

    attributes = telemetry.build_resource().attributes

    assert attributes["service.name"] == "{{ cookiecutter.project_slug }}"
    assert attributes["deployment.environment"] == "production"
    assert attributes["service.version"] == "unknown"


def test_resource_attributes_come_from_the_standard_variables(otel_env):
    otel_env.setenv("OTEL_SERVICE_NAME", "orders-eu")
    otel_env.setenv(
        "OTEL_RESOURCE_ATTRIBUTES", "service.version=1.4.2,deployment.environment=staging"
    )

    attributes = telemetry.build_resource().attributes

    assert attributes["service.name"] == "orders-eu"
    assert attributes["service.version"] == "1.4.2"
    assert attributes["deployment.environment"] == "staging"


BOOTSTRAP_REPORT = """
import json
from config.telemetry import configure_telemetry
provider = configure_telemetry()
from django.conf import settings
from opentelemetry import trace
from opentelemetry.instrumentation.django import DjangoInstrumentor
print(json.dumps({
    "provider": provider is not None,
    "global_provider": type(trace.get_tracer_provider()).__name__,
    "django_instrumented": DjangoInstrumentor().is_instrumented_by_opentelemetry,
    "otel_middleware": [name for name in settings.MIDDLEWARE if "opentelemetry" in name],
}))
"""


def bootstrap_in_a_fresh_process(**variables):
    env = {name: value for name, value in os.environ.items() if not name.startswith("OTEL_")}
    env.update(variables, DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "-c", BOOTSTRAP_REPORT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_disabled_sdk_sets_up_nothing():
    report = bootstrap_in_a_fresh_process(OTEL_SDK_DISABLED="true")

    assert report == {
        "provider": False,
        "global_provider": "ProxyTracerProvider",
        "django_instrumented": False,
        "otel_middleware": [],
    }


def test_enabled_sdk_instruments_django_once():
    report = bootstrap_in_a_fresh_process()

    assert report["provider"] is True
    assert report["global_provider"] == "TracerProvider"
    assert report["django_instrumented"] is True
    assert len(report["otel_middleware"]) == 1
