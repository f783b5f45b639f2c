import pytest

from {{ cookiecutter.project_slug }}.orders import services


class RecordedJobs:
    """Stands in for the confirmation job, whether it is a Celery task or a function."""

    def __init__(self):
        self.calls = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)

    delay = __call__


@pytest.fixture
def confirmation_jobs(monkeypatch):
    jobs = RecordedJobs()
    monkeypatch.setattr(services, "send_order_confirmation", jobs)
    return jobs
