"""Whether Celery's broker can be reached: one of the readiness checks."""

from config.celery import app


def check_broker():
    if not app.conf.broker_url:
        return  # Embedded default: tasks run in-process, there is no broker to reach.
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
