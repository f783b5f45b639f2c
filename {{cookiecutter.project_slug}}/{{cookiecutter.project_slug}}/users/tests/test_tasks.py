import dataclasses

import pytest
from django.core import mail

from config.celery import app as celery_app
from {{ cookiecutter.project_slug }}.core import jobs
from {{ cookiecutter.project_slug }}.users import services

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NAME = "{{ cookiecutter.project_slug }}.users.emails.send_verification_email"
send_verification_email = celery_app.tasks[NAME]


def test_registration_queues_the_verification_task_after_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    recording = dataclasses.replace(jobs.get(NAME), function=lambda **kw: queued.append(kw))
    monkeypatch.setitem(jobs.registry, NAME, recording)

    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_user(email="new@example.com", password=PASSWORD)
        assert queued == []

    assert queued == [{"user_id": user.pk}]


def test_task_sends_the_verification_email():
    user = UserFactory.create(unverified=True)

    send_verification_email.apply(kwargs={"user_id": user.pk}).get()

    assert [message.to for message in mail.outbox] == [[user.email]]


def test_task_run_twice_sends_one_email():
    user = UserFactory.create(unverified=True)

    for _ in range(2):
        send_verification_email.apply(kwargs={"user_id": user.pk}).get()

    assert len(mail.outbox) == 1


def test_task_for_a_deleted_user_finishes_quietly():
    user = UserFactory.create(unverified=True)
    user_id = user.pk
    user.delete()

    result = send_verification_email.apply(kwargs={"user_id": user_id})

    assert result.successful()
    assert mail.outbox == []
