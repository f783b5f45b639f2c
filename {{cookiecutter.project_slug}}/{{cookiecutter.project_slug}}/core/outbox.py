"""The transactional outbox: record a job with the change that causes it, deliver it once.

Delivery is at least once: a message is dispatched right after its transaction commits
and again by the periodic sweep until a delivery succeeds. A conditional UPDATE claims each
delivery (a lease), so two deliveries of one message never run its job at the same time, and
the job runs outside any transaction or row lock.
"""

import logging
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from . import jobs
from .db import write_despite_reconnect
from .models import OutboxMessage

logger = logging.getLogger(__name__)

# The message being delivered, so a job can label what it sends with the message's identity.
current_message_id: ContextVar[int | None] = ContextVar("outbox_message_id", default=None)

MAX_BACKOFF = timedelta(hours=1)


def record(*, job, kwargs):
    """Store the intent to run `job(**kwargs)`, in the caller's transaction."""
    grace = timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    return OutboxMessage.objects.create(
        job=job.name, kwargs=kwargs, available_at=timezone.now() + grace
    )


def new_claim_token():
    return uuid.uuid4().hex


def _pending():
    return OutboxMessage.objects.filter(delivered_at__isnull=True, failed_at__isnull=True)


def _lease_free(now):
    return Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)


def claim(message_id, *, claim_token):
    """Take the lease on a pending message; whether it was taken.

    Free leases are taken, and so is a lease this same token already holds: a delivery
    redelivered by the broker after its worker died resumes its own claim at once.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    return bool(
        _pending()
        .filter(_lease_free(now) | Q(claim_token=claim_token), pk=message_id)
        .update(claim_token=claim_token, claimed_until=now + lease, attempts=F("attempts") + 1)
    )


def deliver(message_id, *, claim_token):
    """Run the message's job once, if this delivery can claim it; whether the job succeeded.

    Returns None when the message was not claimed (already delivered, failed, or held by
    another delivery).
    """
    if not claim(message_id, claim_token=claim_token):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    with _delivering(message):
        try:
            jobs.get(message.job).function(**message.kwargs)
        except Exception as exc:
            _record_failure(message, claim_token=claim_token, error=exc)
            return False
    write_despite_reconnect(
        lambda: (
            _pending().filter(pk=message_id).update(delivered_at=timezone.now(), claimed_until=None)
        )
    )
    return True


@contextmanager
def _delivering(message):
    token = current_message_id.set(message.pk)
    try:
        yield
    finally:
        current_message_id.reset(token)


def _record_failure(message, *, claim_token, error):
    now = timezone.now()
    error_text = f"{type(error).__name__}: {error}"
    held = _pending().filter(pk=message.pk, claim_token=claim_token)
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        held.update(failed_at=now, claimed_until=None, last_error=error_text)
        logger.error(
            "Outbox message %s (%s) failed for good after %s attempts: %s",
            message.pk,
            message.job,
            message.attempts,
            error_text,
            exc_info=error,
        )
        return
    held.update(
        available_at=now + retry_delay(attempts=message.attempts),
        claimed_until=None,
        last_error=error_text,
    )
    logger.error(
        "Outbox message %s (%s) failed on attempt %s of %s; the sweep retries it: %s",
        message.pk,
        message.job,
        message.attempts,
        settings.OUTBOX_MAX_ATTEMPTS,
        error_text,
        exc_info=error,
    )


def retry_delay(*, attempts):
    """Exponential backoff: OUTBOX_RETRY_SECONDS, twice that, ... capped at one hour."""
    base = timedelta(seconds=settings.OUTBOX_RETRY_SECONDS)
    return min(base * 2 ** (attempts - 1), MAX_BACKOFF)


def record_dispatch_failure(message_id, *, error):
    """The message stays pending for the sweep; say why it was not dispatched."""
    _pending().filter(pk=message_id).update(last_error=f"dispatch: {type(error).__name__}: {error}")


def take_due(*, limit):
    """Pending messages due for the sweep, each pushed back by one lease so that the next
    sweep does not dispatch them again while this dispatch is on its way."""
    now = timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    due = _due(now)
    taken = []
    for message in due[:limit]:
        # Conditional: of two sweeps running at once, only one takes each message.
        if due.filter(pk=message.pk).update(available_at=now + lease):
            taken.append(message)
    return taken


def due_message_ids(*, limit):
    return list(_due(timezone.now()).values_list("pk", flat=True)[:limit])


def _due(now):
    """Pending messages whose lease is free and whose time has come, oldest first."""
    return _pending().filter(_lease_free(now), available_at__lte=now).order_by("available_at", "pk")


def retry_now(*, queryset):
    """Make failed or waiting messages due at once, with a fresh series of attempts
    (the admin's "retry now")."""
    return queryset.filter(delivered_at__isnull=True).update(
        failed_at=None, available_at=timezone.now(), attempts=0, claimed_until=None, claim_token=""
    )


def message_id_header(*, domain):
    """A Message-ID stable across deliveries of the message being delivered, or {} outside
    one: a rare duplicate (see the README) then shows as the same mail."""
    message_id = current_message_id.get()
    if message_id is None:
        return {}
    return {"Message-ID": f"<outbox-{message_id}@{domain}>"}
