"""Tasks published by a traced request run inside its trace."""

import pytest
from opentelemetry.trace import SpanKind

from {{ cookiecutter.project_slug }}.core.tests.tracing import (
    check_out,
    descends_from,
    server_span,
)


@pytest.mark.django_db(transaction=True)
def test_checkout_confirmation_task_runs_in_the_request_trace(spans, user_client):
    check_out(user_client, spans)

    request = server_span(spans)
    (task,) = [
        span
        for span in spans.get_finished_spans()
        if span.name == "run/{{ cookiecutter.project_slug }}.orders.emails.send_order_confirmation"
    ]
    assert task.kind == SpanKind.CONSUMER
    assert task.context.trace_id == request.context.trace_id
    assert descends_from(task, request, spans)
