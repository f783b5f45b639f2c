import time
from http import HTTPStatus
from unittest import mock

import pytest
from django.core import signing

from {{ cookiecutter.project_slug }}.users import services
from {{ cookiecutter.project_slug }}.users.tokens import make_email_verification_token

from .factories import UserFactory
from .helpers import error_of

VERIFY_URL = "/api/v1/auth/verify-email/"

pytestmark = pytest.mark.django_db


def verify(client, token):
    return client.post(VERIFY_URL, {"token": token})


def assert_rejected(response):
    error = error_of(response, HTTPStatus.BAD_REQUEST)
    assert error["code"] == "invalid"
    assert list(error["details"]) == ["token"]


def test_a_token_naming_the_address_as_stored_before_canonical_form_still_verifies(api_client):
    user = UserFactory.create(unverified=True, email="jane@example.com")
    user.email = "Jane@EXAMPLE.com"  # the form addresses were stored in before
    token = make_email_verification_token(user=user)

    assert verify(api_client, token).status_code == HTTPStatus.OK


def test_valid_token_activates_the_user(api_client):
    user = UserFactory.create(unverified=True)

    response = verify(api_client, make_email_verification_token(user=user))

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"id": user.pk, "email": user.email}
    user.refresh_from_db()
    assert user.is_active
    assert user.email_verified_at is not None


def test_second_use_of_a_token_is_harmless(api_client):
    user = UserFactory.create(unverified=True)
    token = make_email_verification_token(user=user)
    verify(api_client, token)
    user.refresh_from_db()
    verified_at = user.email_verified_at

    response = verify(api_client, token)

    assert response.status_code == HTTPStatus.OK
    user.refresh_from_db()
    assert user.is_active
    assert user.email_verified_at == verified_at


def test_old_token_does_not_reactivate_a_deactivated_user(api_client):
    user = UserFactory.create(unverified=True)
    token = make_email_verification_token(user=user)
    verify(api_client, token)
    services.deactivate_user(user=user)

    verify(api_client, token)

    user.refresh_from_db()
    assert not user.is_active


def test_tampered_token_is_rejected(api_client):
    user = UserFactory.create(unverified=True)
    token = make_email_verification_token(user=user)
    _, timestamp, signature = token.split(":")
    other = make_email_verification_token(user=UserFactory.create(unverified=True))
    forged = ":".join([other.split(":")[0], timestamp, signature])

    assert_rejected(verify(api_client, forged))
    user.refresh_from_db()
    assert not user.is_active


def test_garbage_token_is_rejected(api_client):
    assert_rejected(verify(api_client, "not-a-token"))


def test_token_signed_for_another_purpose_is_rejected(api_client):
    user = UserFactory.create(unverified=True)
    token = signing.dumps({"user_id": user.pk, "email": user.email}, salt="something-else")

    assert_rejected(verify(api_client, token))


def test_expired_token_is_rejected(api_client, settings):
    user = UserFactory.create(unverified=True)
    issued_at = time.time() - settings.EMAIL_VERIFICATION_MAX_AGE.total_seconds() - 60
    with mock.patch.object(
        signing.TimestampSigner, "timestamp", return_value=signing.b62_encode(int(issued_at))
    ):
        token = make_email_verification_token(user=user)

    assert_rejected(verify(api_client, token))
    user.refresh_from_db()
    assert not user.is_active


def test_token_of_a_deleted_user_is_rejected(api_client):
    user = UserFactory.create(unverified=True)
    token = make_email_verification_token(user=user)
    user.delete()

    assert_rejected(verify(api_client, token))


def test_token_for_a_previous_email_address_is_rejected(api_client):
    user = UserFactory.create(unverified=True, email="old@example.com")
    token = make_email_verification_token(user=user)
    user.email = "new@example.com"
    user.save()

    assert_rejected(verify(api_client, token))


def test_missing_token_is_rejected(api_client):
    assert_rejected(api_client.post(VERIFY_URL, {}))
