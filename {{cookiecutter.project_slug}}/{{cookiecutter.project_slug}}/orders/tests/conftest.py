import dataclasses

import pytest

from {{ cookiecutter.project_slug }}.core import background, jobs, outbox
from {{ cookiecutter.project_slug }}.orders.emails import send_order_confirmation


class RecordedJobs:
    """Stands in for the confirmation job where the outbox delivers it."""

    def __init__(self):
        self.calls = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)


@pytest.fixture
def confirmation_jobs(monkeypatch):
    """Record confirmations instead of mailing them, delivered in the test's own process
    (the concurrency tests' threads must not go through an eager task queue)."""
    recorded = RecordedJobs()
    name = jobs.name_of(send_order_confirmation)
    monkeypatch.setitem(jobs.registry, name, dataclasses.replace(jobs.get(name), function=recorded))
    monkeypatch.setattr(background, "dispatch", deliver_here)
    return recorded


def deliver_here(message):
    outbox.deliver(message.pk, claim_token=outbox.new_claim_token())
