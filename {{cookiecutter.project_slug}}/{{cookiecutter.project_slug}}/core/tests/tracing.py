"""What the telemetry tests share: the checkout they trace and how they read its spans."""

from http import HTTPStatus

from opentelemetry.trace import SpanKind

from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory

CHECKOUT_URL = "/api/v1/orders/"
# The route template, not the path: every checkout shares it. (DRF's routers use regex
# patterns, hence the "$".)
CHECKOUT_ROUTE = "api/<version>/orders/$"
OTEL_VARIABLES = (
    "OTEL_SDK_DISABLED",
    "OTEL_TRACES_EXPORTER",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
)


def check_out(client, spans):
    """Check out over the API; `spans` then holds the spans of that request alone."""
    product = ProductFactory.create(stock=5)
    spans.clear()
    response = client.post(CHECKOUT_URL, {"items": [{"product": product.pk, "quantity": 1}]})
    assert response.status_code == HTTPStatus.CREATED
    return response


def server_span(spans):
    (span,) = [span for span in spans.get_finished_spans() if span.kind == SpanKind.SERVER]
    return span


def descends_from(span, ancestor, spans):
    by_id = {each.context.span_id: each for each in spans.get_finished_spans()}
    while span.parent is not None:
        if span.parent.span_id == ancestor.context.span_id:
            return True
        span = by_id.get(span.parent.span_id)
        if span is None:
            return False
    return False
