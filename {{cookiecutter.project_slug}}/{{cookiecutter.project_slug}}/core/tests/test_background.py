import contextlib

import pytest
from django.db import transaction

from {{ cookiecutter.project_slug }}.core.background import run_after_commit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def calls():
    return []


@pytest.fixture
def job(calls):
    """A plain function, as run_after_commit gets one without Celery."""

    def record(**kwargs):
        calls.append(kwargs)

    return record


def test_a_job_runs_once_after_its_transaction_commits(job, calls):
    with transaction.atomic():
        run_after_commit(job, order_id=1)
        assert calls == []

    assert calls == [{"order_id": 1}]


def test_a_rolled_back_transaction_runs_nothing(job, calls):
    with contextlib.suppress(RuntimeError), transaction.atomic():
        run_after_commit(job, order_id=1)
        raise RuntimeError("checkout failed")

    assert calls == []
