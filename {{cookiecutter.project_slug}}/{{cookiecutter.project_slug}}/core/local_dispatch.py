"""Jobs without a task queue: each delivery runs in the process that dispatches it."""

from . import jobs, outbox


def declare(function, *, queue):
    """The queue only documents where the job would run with a worker pool."""
    return jobs.register(function, queue=queue)


def dispatch(message):
    outbox.deliver(message.pk, claim_token=outbox.new_claim_token())
