from http import HTTPStatus

import pytest
from django.core import mail

from {{ cookiecutter.project_slug }}.core.models import OutboxMessage

from .factories import UserFactory
from .helpers import error_of

RESEND_URL = "/api/v1/auth/verify-email/resend/"

pytestmark = pytest.mark.django_db(transaction=True)


def resend(client, email):
    return client.post(RESEND_URL, {"email": email})


def test_unknown_verified_and_unverified_addresses_get_the_same_answer(api_client):
    UserFactory.create(email="verified@example.com")
    UserFactory.create(email="waiting@example.com", unverified=True)

    responses = [
        resend(api_client, email)
        for email in ("unknown@example.com", "verified@example.com", "waiting@example.com")
    ]

    assert {response.status_code for response in responses} == {HTTPStatus.ACCEPTED}
    assert len({response.content for response in responses}) == 1


def test_only_an_unverified_account_gets_a_new_link(api_client):
    UserFactory.create(email="verified@example.com")
    UserFactory.create(email="deactivated@example.com", is_active=False)
    UserFactory.create(email="waiting@example.com", unverified=True)

    for email in ("unknown@example.com", "verified@example.com", "deactivated@example.com"):
        resend(api_client, email)
    resend(api_client, "Waiting@EXAMPLE.com")

    assert [message.to for message in mail.outbox] == [["waiting@example.com"]]
    assert "token=" in mail.outbox[0].body
    assert OutboxMessage.objects.count() == 1


def test_a_resend_after_a_sent_link_sends_another(api_client):
    user = UserFactory.create(email="waiting@example.com", unverified=True)
    resend(api_client, user.email)

    resend(api_client, user.email)

    assert len(mail.outbox) == 2


def test_an_invalid_address_is_a_400(api_client):
    error = error_of(resend(api_client, "not-an-email"), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["email"]
