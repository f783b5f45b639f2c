"""The one boundary between a change and its side effects: every background job goes here.

Services declare jobs with `@job(queue=...)` next to their code and hand them over with
`run_after_commit(job_function, **kwargs)`. The intent is stored in the caller's transaction
(core.outbox), dispatched right after the commit, and swept again until it is delivered, so
a committed change never loses its side effect and a failure after the commit never reaches
the response.
"""

import logging
from functools import partial

from django.db import transaction

from . import jobs, outbox
{% if cookiecutter.use_celery | enabled -%}
from .celery_dispatch import declare, dispatch
{% else -%}
from .local_dispatch import declare, dispatch
{% endif %}
logger = logging.getLogger(__name__)

# Messages one sweep takes at most; the next sweep takes the rest.
SWEEP_BATCH = 500


def job(*, queue):
    """Declare a background job and the queue it runs on; the function stays callable."""

    def decorator(function):
        declare(function, queue=queue)
        return function

    return decorator


def run_after_commit(job_function, /, **kwargs):
    """Run `job_function(**kwargs)` once the current transaction commits; nothing if it
    rolls back. `kwargs` must be JSON: they are stored with the change."""
    message = outbox.record(job=jobs.get(jobs.name_of(job_function)), kwargs=kwargs)
    transaction.on_commit(partial(dispatch_quietly, message), robust=True)


def dispatch_quietly(message):
    """Dispatch, logging any failure: the change is committed and its response must stand.
    Whatever fails here, the message stays pending and the sweep delivers it later."""
    try:
        dispatch(message)
    except Exception as exc:
        logger.exception("Dispatching outbox message %s (%s) failed", message.pk, message.job)
        try:
            outbox.record_dispatch_failure(message.pk, error=exc)
        except Exception:
            logger.exception("Recording the dispatch failure of message %s failed", message.pk)


@job(queue="default")
def sweep_outbox():
    """Dispatch every message that is due (the after-commit dispatch failed or was lost,
    or a failed attempt waited out its backoff). Returns how many were dispatched."""
    taken = outbox.take_due(limit=SWEEP_BATCH)
    for message in taken:
        dispatch_quietly(message)
    return len(taken)
