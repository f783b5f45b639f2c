import contextlib

import pytest
from django.db import transaction

from {{ cookiecutter.project_slug }}.core.background import job, run_after_commit
from {{ cookiecutter.project_slug }}.core.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)

# The keyword arguments of each run of the job, in order.
CALLS: list[dict[str, object]] = []


@job(queue="default")
def record(**kwargs):
    CALLS.append(kwargs)


@pytest.fixture
def calls():
    CALLS.clear()
    yield CALLS
    CALLS.clear()


def test_a_job_runs_once_after_its_transaction_commits(calls):
    with transaction.atomic():
        run_after_commit(record, order_id=1)
        assert calls == []

    assert calls == [{"order_id": 1}]


def test_a_rolled_back_transaction_runs_nothing(calls):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        run_after_commit(record, order_id=1)
        raise RuntimeError("checkout failed")

    assert calls == []
    assert not OutboxMessage.objects.exists()


def test_the_intent_is_stored_with_the_change_and_marked_delivered(calls):
    with transaction.atomic():
        run_after_commit(record, order_id=1)
        message = OutboxMessage.objects.get()
        assert (message.job, message.kwargs) == (f"{__name__}.record", {"order_id": 1})

    message.refresh_from_db()
    assert message.delivered_at is not None
    assert (message.attempts, message.failed_at) == (1, None)
