import dataclasses

import pytest

from {{ cookiecutter.project_slug }}.core import jobs
from {{ cookiecutter.project_slug }}.orders.emails import send_order_confirmation


class RecordedJobs:
    """Stands in for the confirmation job where the outbox delivers it."""

    def __init__(self):
        self.calls = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)


@pytest.fixture
def confirmation_jobs(monkeypatch):
    recorded = RecordedJobs()
    name = jobs.name_of(send_order_confirmation)
    monkeypatch.setitem(jobs.registry, name, dataclasses.replace(jobs.get(name), function=recorded))
    return recorded
