import pytest
from django.core import mail

from {{ cookiecutter.project_slug }}.users import services, tasks

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_registration_queues_the_verification_task_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.send_verification_email, "delay", lambda **kw: queued.append(kw))

    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_user(email="new@example.com", password=PASSWORD)
        assert queued == []

    assert queued == [{"user_id": user.pk}]


def test_task_sends_the_verification_email():
    user = UserFactory(unverified=True)

    tasks.send_verification_email.apply(kwargs={"user_id": user.pk}).get()

    assert [message.to for message in mail.outbox] == [[user.email]]


def test_task_run_twice_sends_one_email():
    user = UserFactory(unverified=True)

    for _ in range(2):
        tasks.send_verification_email.apply(kwargs={"user_id": user.pk}).get()

    assert len(mail.outbox) == 1


def test_task_for_a_deleted_user_finishes_quietly():
    user = UserFactory(unverified=True)
    user_id = user.pk
    user.delete()

    result = tasks.send_verification_email.apply(kwargs={"user_id": user_id})

    assert result.successful()
    assert mail.outbox == []
