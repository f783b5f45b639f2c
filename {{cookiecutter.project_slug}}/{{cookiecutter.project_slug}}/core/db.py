"""Database writes that must outlive a dropped connection."""

import time

from django.db import InterfaceError, OperationalError, connection

RECONNECT_ATTEMPTS = 3
RECONNECT_PAUSE_SECONDS = 0.5


def write_despite_reconnect(write):
    """Run `write()`, a single idempotent statement outside any transaction; if the database
    dropped the connection (a restart, a failover, a terminated session), reconnect and run
    it again, a few times.

    For the marks recorded after a side effect has happened: losing one would make the
    outbox repeat the side effect. Inside a transaction nothing can be retried (the work
    before the failure is gone), so the error is raised at once.
    """
    for attempt in range(1, RECONNECT_ATTEMPTS + 1):
        try:
            return write()
        except (OperationalError, InterfaceError):
            if attempt == RECONNECT_ATTEMPTS or connection.in_atomic_block:
                raise
            connection.close()
            time.sleep(RECONNECT_PAUSE_SECONDS * attempt)
