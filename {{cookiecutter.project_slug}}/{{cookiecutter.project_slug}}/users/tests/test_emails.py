import re
from http import HTTPStatus
from smtplib import SMTPException

import pytest
from django.core import mail

from {{ cookiecutter.project_slug }}.users import emails

from .factories import UserFactory

VERIFY_URL = "/api/v1/auth/verify-email/"

pytestmark = pytest.mark.django_db


def link_in(message):
    (link,) = re.findall(r"^https?://\S+$", message.body, flags=re.MULTILINE)
    return link


def test_verification_email_links_to_the_frontend_with_the_token_last(settings):
    settings.FRONTEND_URL = "https://app.example.com"
    user = UserFactory.create(unverified=True)

    emails.send_verification_email(user_id=user.pk)

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    link = link_in(message)
    assert link.startswith("https://app.example.com/verify-email?")
    assert re.search(r"[?&]token=[^&#]+$", link)


def test_the_token_in_the_email_verifies_the_user(api_client):
    user = UserFactory.create(unverified=True)
    emails.send_verification_email(user_id=user.pk)
    token = link_in(mail.outbox[0]).rsplit("token=", 1)[1]

    response = api_client.post(VERIFY_URL, {"token": token})

    assert response.status_code == HTTPStatus.OK
    user.refresh_from_db()
    assert user.is_active


def test_sending_twice_sends_one_email():
    user = UserFactory.create(unverified=True)

    emails.send_verification_email(user_id=user.pk)
    emails.send_verification_email(user_id=user.pk)

    assert len(mail.outbox) == 1
    user.refresh_from_db()
    assert user.verification_email_sent_at is not None


def test_a_failed_send_is_not_recorded_so_a_retry_sends(monkeypatch):
    user = UserFactory.create(unverified=True)

    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(emails, "send_job_mail", refuse)
        with pytest.raises(SMTPException):
            emails.send_verification_email(user_id=user.pk)
    user.refresh_from_db()
    assert user.verification_email_sent_at is None

    emails.send_verification_email(user_id=user.pk)
    assert len(mail.outbox) == 1


def test_deleted_user_gets_nothing_and_no_error():
    user = UserFactory.create(unverified=True)
    user_id = user.pk
    user.delete()

    emails.send_verification_email(user_id=user_id)

    assert mail.outbox == []


def test_active_user_gets_nothing():
    user = UserFactory.create()

    emails.send_verification_email(user_id=user.pk)

    assert mail.outbox == []
