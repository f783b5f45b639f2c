"""Side effects that must only happen once the data they describe is committed."""

from functools import partial

from django.db import transaction


def run_after_commit(job, /, **kwargs):
    """Run `job(**kwargs)` after the current transaction commits; nothing if it rolls back.

    A Celery task is enqueued to its routed queue (run in-process when eager); a plain
    function runs synchronously in the request right after the commit.
    """
    run = getattr(job, "delay", job)
    transaction.on_commit(partial(run, **kwargs))
