"""Delivery of outbox messages: claims, retries with backoff, the failed state, the sweep."""

import logging
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from {{ cookiecutter.project_slug }}.core import outbox
from {{ cookiecutter.project_slug }}.core.background import job, run_after_commit, sweep_outbox
from {{ cookiecutter.project_slug }}.core.models import OutboxMessage

pytestmark = pytest.mark.django_db

# The values the job ran with, in order.
RUNS: list[object] = []


@job(queue="default")
def remember(*, value):
    RUNS.append(value)


@job(queue="default")
def always_fails(*, value):
    raise ConnectionRefusedError(f"peer down for {value}")


@pytest.fixture(autouse=True)
def runs():
    RUNS.clear()
    yield RUNS
    RUNS.clear()


def stored(job_function, **kwargs):
    """A message recorded in a transaction whose after-commit dispatch never ran."""
    return outbox.record(job=outbox.jobs.get(outbox.jobs.name_of(job_function)), kwargs=kwargs)


def deliver_outbox():
    out = StringIO()
    call_command("deliver_outbox", stdout=out)
    return out.getvalue()


def test_a_claimed_message_is_not_delivered_by_another_claim(runs):
    message = stored(remember, value=1)
    assert outbox.claim(message.pk, claim_token="first")

    assert outbox.deliver(message.pk, claim_token="second") is None
    assert runs == []


def test_the_claim_holder_resumes_its_own_claim_and_delivers_once(runs):
    message = stored(remember, value=1)
    outbox.claim(message.pk, claim_token="first")

    assert outbox.deliver(message.pk, claim_token="first") is True
    assert outbox.deliver(message.pk, claim_token="first") is None
    assert outbox.deliver(message.pk, claim_token="second") is None
    assert runs == [1]


def test_an_expired_lease_can_be_claimed_again(runs):
    message = stored(remember, value=1)
    outbox.claim(message.pk, claim_token="first")
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )

    assert outbox.deliver(message.pk, claim_token="second") is True
    assert runs == [1]


def test_a_failed_attempt_keeps_the_error_and_backs_off(settings):
    settings.OUTBOX_RETRY_SECONDS = 30
    message = stored(always_fails, value=1)
    before = timezone.now()

    assert outbox.deliver(message.pk, claim_token="a") is False

    message.refresh_from_db()
    assert (message.attempts, message.delivered_at, message.failed_at) == (1, None, None)
    assert message.last_error == "ConnectionRefusedError: peer down for 1"
    assert message.claimed_until is None
    assert message.available_at >= before + timedelta(seconds=30)


def test_the_backoff_doubles_and_stops_at_an_hour(settings):
    settings.OUTBOX_RETRY_SECONDS = 30

    delays = [outbox.retry_delay(attempts=n).total_seconds() for n in (1, 2, 3, 8, 9)]

    assert delays == [30, 60, 120, 3600, 3600]


def test_a_job_failing_every_attempt_ends_failed_and_logs_an_error(settings, caplog):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS = 0
    message = stored(always_fails, value=1)

    with caplog.at_level(logging.ERROR, logger=outbox.__name__):
        results = [outbox.deliver(message.pk, claim_token=str(n)) for n in range(4)]

    assert results == [False, False, False, None]
    message.refresh_from_db()
    assert message.failed_at is not None
    assert message.attempts == 3
    assert f"Outbox message {message.pk}" in caplog.records[-1].getMessage()
    assert "failed for good" in caplog.records[-1].getMessage()
    assert caplog.records[-1].levelno == logging.ERROR


def test_deliver_outbox_delivers_due_messages_and_reports(settings, runs):
    settings.OUTBOX_RETRY_SECONDS = 3600
    due = [stored(remember, value=n) for n in (1, 2)]
    failing = stored(always_fails, value=3)
    not_yet = stored(remember, value=4)
    OutboxMessage.objects.filter(pk__in=[m.pk for m in [*due, failing]]).update(
        available_at=timezone.now()
    )

    assert deliver_outbox().strip() == "Delivered 2 outbox message(s), 1 failed."

    assert sorted(runs) == [1, 2]
    assert OutboxMessage.objects.get(pk=not_yet.pk).delivered_at is None
    assert deliver_outbox().strip() == "Delivered 0 outbox message(s), 0 failed."


def test_a_message_whose_dispatch_never_ran_is_swept(
    settings, runs, django_capture_on_commit_callbacks
):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=False):
        run_after_commit(remember, value=1)

    assert sweep_outbox() == 1
    assert runs == [1]
    assert sweep_outbox() == 0


def test_the_sweep_leaves_new_messages_to_their_after_commit_dispatch(runs):
    stored(remember, value=1)

    assert sweep_outbox() == 0
    assert runs == []


def test_the_sweep_skips_delivered_failed_and_claimed_messages(settings, runs):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    delivered, failed, claimed = (stored(remember, value=n) for n in (1, 2, 3))
    outbox.deliver(delivered.pk, claim_token="a")
    OutboxMessage.objects.filter(pk=failed.pk).update(failed_at=timezone.now())
    outbox.claim(claimed.pk, claim_token="b")
    runs.clear()

    assert sweep_outbox() == 0
    assert runs == []


def test_admin_lists_failed_messages_and_retries_them(admin_client, runs):
    changelist = reverse("admin:core_outboxmessage_changelist")
    message = stored(remember, value=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        failed_at=timezone.now(), attempts=10, last_error="SMTPServerDisconnected: gone"
    )

    listing = admin_client.get(changelist + "?state=failed")
    assert listing.status_code == HTTPStatus.OK
    assert "SMTPServerDisconnected: gone" in listing.content.decode()

    admin_client.post(
        changelist,
        {"action": "retry_now", "_selected_action": [message.pk]},
    )

    message.refresh_from_db()
    assert (message.failed_at, message.attempts) == (None, 0)
    assert message.available_at <= timezone.now()
    deliver_outbox()
    assert runs == [1]
