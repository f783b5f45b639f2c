"""Whether Celery's broker can be reached: one of the readiness checks."""

from config.celery import app


def check_broker():
    if not app.conf.broker_url:
        return  # Embedded default: tasks run in-process, there is no broker to reach.
    # One attempt, bounded by CELERY_BROKER_CONNECTION_TIMEOUT: the orchestrator repeats the
    # probe, so a retry here would only push the answer past the probe's own timeout.
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0)
