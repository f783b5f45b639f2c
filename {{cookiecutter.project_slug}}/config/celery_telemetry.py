"""Tracing in Celery's processes: each one starts telemetry where its tasks run.

config/celery.py imports this module, so every process that loads the Celery app (web,
worker, beat) traces its tasks.
"""

from celery.concurrency import get_implementation
from celery.signals import beat_init, worker_init, worker_process_init, worker_process_shutdown
from opentelemetry.instrumentation.celery import CeleryInstrumentor

from config.telemetry import configure_telemetry, shutdown_telemetry

# Publishing a task carries the trace context in the message headers to the worker. The
# instrumentation uses the global tracer provider, whichever process sets it and whenever.
CeleryInstrumentor().instrument()


@worker_init.connect
def configure_telemetry_for_unforked_pool(sender, **kwargs):
    """The solo and thread pools run tasks in the worker process itself."""
    if get_implementation(sender.pool_cls).__module__ != "celery.concurrency.prefork":
        configure_telemetry()


@worker_process_init.connect
def configure_telemetry_for_pool_process(**kwargs):
    """Each prefork child starts its own exporter thread: threads do not survive a fork."""
    configure_telemetry()


@worker_process_shutdown.connect
def flush_telemetry_for_pool_process(**kwargs):
    """Prefork children exit without running atexit hooks, which would drop buffered spans."""
    shutdown_telemetry()


@beat_init.connect
def configure_telemetry_for_beat(**kwargs):
    configure_telemetry()
