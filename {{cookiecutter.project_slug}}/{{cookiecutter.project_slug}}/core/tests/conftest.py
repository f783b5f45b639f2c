import os
from unittest import mock

import pytest
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from config import telemetry
from {{ cookiecutter.project_slug }}.core.tests.tracing import OTEL_VARIABLES


@pytest.fixture(scope="session")
def exported():
    """Telemetry configured for this process, with every finished span kept in memory."""
    with mock.patch.dict(os.environ):
        for name in OTEL_VARIABLES:
            os.environ.pop(name, None)
        provider = telemetry.configure_telemetry()
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter
    exporter.shutdown()


@pytest.fixture
def spans(exported):
    """The spans finished during the test."""
    exported.clear()
    return exported
