import re
from datetime import datetime, timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from {{ cookiecutter.project_slug }}.core.exceptions import ValidationFailed
from {{ cookiecutter.project_slug }}.core.models import OutboxMessage
from {{ cookiecutter.project_slug }}.users import services
from {{ cookiecutter.project_slug }}.users.tokens import refresh_token_for

from .factories import PASSWORD, UserFactory
from .helpers import error_of

RESET_URL = "/api/v1/auth/password-reset/"
CONFIRM_URL = "/api/v1/auth/password-reset/confirm/"
TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
NEW_PASSWORD = "a brand new passphrase 7"

pytestmark = pytest.mark.django_db(transaction=True)


def request_reset(client, email):
    return client.post(RESET_URL, {"email": email})


def link_in(message):
    """The `uid` and `token` of the reset link in a mail, as a frontend would post them."""
    link = re.search(r"https?://\S+", message.body)
    assert link, message.body
    url = link.group()
    query = parse_qs(urlsplit(url).query)
    return {"uid": query["uid"][0], "token": query["token"][0]}


def confirm(client, link, password=NEW_PASSWORD):
    return client.post(CONFIRM_URL, {**link, "new_password": password})


def test_known_unknown_and_inactive_addresses_get_the_same_answer(api_client):
    UserFactory.create(email="jane@example.com")
    UserFactory.create(email="waiting@example.com", unverified=True)

    responses = [
        request_reset(api_client, email)
        for email in ("jane@example.com", "nobody@example.com", "waiting@example.com")
    ]

    assert {response.status_code for response in responses} == {HTTPStatus.ACCEPTED}
    assert len({response.content for response in responses}) == 1


def test_only_an_active_account_gets_a_link_through_the_outbox(api_client):
    UserFactory.create(email="jane@example.com")
    UserFactory.create(email="waiting@example.com", unverified=True)

    for email in ("nobody@example.com", "waiting@example.com", "JANE@Example.com"):
        request_reset(api_client, email)

    assert [message.to for message in mail.outbox] == [["jane@example.com"]]
    assert "uid=" in mail.outbox[0].body
    assert OutboxMessage.objects.get().job.endswith("send_password_reset_email")


def test_a_rolled_back_request_sends_nothing():
    UserFactory.create(email="jane@example.com")

    def request_then_fail():
        with transaction.atomic():
            services.request_password_reset(email="jane@example.com")
            raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError, match="later step"):
        request_then_fail()

    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_the_link_sets_the_new_password(api_client):
    user = UserFactory.create(email="jane@example.com")
    request_reset(api_client, user.email)

    response = confirm(api_client, link_in(mail.outbox[0]))

    assert response.status_code == HTTPStatus.NO_CONTENT, response.content
    login = api_client.post(TOKEN_URL, {"email": user.email, "password": NEW_PASSWORD})
    assert login.status_code == HTTPStatus.OK
    old = api_client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD})
    assert old.status_code == HTTPStatus.UNAUTHORIZED


def test_the_link_works_once(api_client):
    user = UserFactory.create(email="jane@example.com")
    request_reset(api_client, user.email)
    link = link_in(mail.outbox[0])
    confirm(api_client, link)

    error = error_of(confirm(api_client, link, "yet another passphrase 9"), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["token"]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused(api_client, settings, monkeypatch):
    user = UserFactory.create(email="jane@example.com")
    request_reset(api_client, user.email)
    link = link_in(mail.outbox[0])

    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    error = error_of(confirm(api_client, link), HTTPStatus.BAD_REQUEST)
    assert list(error["details"]) == ["token"]


def test_completing_a_reset_revokes_every_refresh_token(api_client):
    user = UserFactory.create(email="jane@example.com")
    sessions = [str(refresh_token_for(user)) for _ in range(2)]
    request_reset(api_client, user.email)

    confirm(api_client, link_in(mail.outbox[0]))

    for refresh in sessions:
        response = api_client.post(REFRESH_URL, {"refresh": refresh})
        assert error_of(response, HTTPStatus.UNAUTHORIZED)["code"] == "token_not_valid"
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()


def test_a_weak_new_password_is_refused_and_keeps_the_link_usable(api_client):
    user = UserFactory.create(email="jane@example.com")
    request_reset(api_client, user.email)
    link = link_in(mail.outbox[0])

    error = error_of(confirm(api_client, link, "jane@example.com"), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["new_password"]
    assert confirm(api_client, link).status_code == HTTPStatus.NO_CONTENT


@pytest.mark.parametrize(
    "link",
    [
        pytest.param({"uid": "bm90LWFuLWlk", "token": "x-y"}, id="uid-not-a-number"),
        pytest.param({"uid": "!!", "token": "x-y"}, id="uid-not-base64"),
        pytest.param({"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "token": "x-y"}, id="uid-huge"),
    ],
)
def test_a_forged_link_is_refused(api_client, link):
    UserFactory.create(email="jane@example.com")

    error = error_of(confirm(api_client, link), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["token"]


def test_a_token_for_one_user_does_not_reset_another(api_client):
    UserFactory.create(email="jane@example.com")
    other = UserFactory.create(email="other@example.com")
    request_reset(api_client, "jane@example.com")
    link = link_in(mail.outbox[0])

    response = confirm(api_client, {**link, "uid": urlsafe_base64_encode(force_bytes(other.pk))})

    assert list(error_of(response, HTTPStatus.BAD_REQUEST)["details"]) == ["token"]


def test_a_deactivated_user_cannot_complete_a_reset(api_client):
    user = UserFactory.create(email="jane@example.com")
    request_reset(api_client, user.email)
    services.deactivate_user(user=user)

    response = confirm(api_client, link_in(mail.outbox[0]))

    assert list(error_of(response, HTTPStatus.BAD_REQUEST)["details"]) == ["token"]


def test_the_service_checks_the_token_again_under_the_lock():
    """Two uses of one link that both passed validation: only the first sets a password."""
    user = UserFactory.create(email="jane@example.com")
    token = default_token_generator.make_token(user)
    services.reset_password(user=user, token=token, password=NEW_PASSWORD)

    with pytest.raises(ValidationFailed):
        services.reset_password(user=user, token=token, password="yet another passphrase 9")
