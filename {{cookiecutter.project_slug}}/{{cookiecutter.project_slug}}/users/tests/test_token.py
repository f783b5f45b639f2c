from http import HTTPStatus
from unittest import mock

import pytest
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from {{ cookiecutter.project_slug }}.users import services
from {{ cookiecutter.project_slug }}.users.models import User

from .factories import PASSWORD, UserFactory
from .helpers import error_of

TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def obtain(client, email, password=PASSWORD):
    return client.post(TOKEN_URL, {"email": email, "password": password})


def test_active_user_gets_an_access_and_a_refresh_token(api_client, user):
    response = obtain(api_client, user.email)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert RefreshToken(body["refresh"])["user_id"] == str(user.pk)


def test_access_token_carries_email_and_is_staff_claims(api_client):
    staff = UserFactory.create(staff=True)

    access = AccessToken(obtain(api_client, staff.email).json()["access"])

    assert access["user_id"] == str(staff.pk)
    assert access["email"] == staff.email
    assert access["is_staff"] is True


def test_non_staff_token_says_so(api_client, user):
    access = AccessToken(obtain(api_client, user.email).json()["access"])

    assert access["is_staff"] is False


def test_access_token_authenticates_requests(api_client, user):
    access = obtain(api_client, user.email).json()["access"]

    response = api_client.get(ME_URL, HTTP_AUTHORIZATION=f"Bearer {access}")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["id"] == user.pk


def test_email_is_matched_case_insensitively(api_client):
    UserFactory.create(email="jane@example.com")

    assert obtain(api_client, "JANE@Example.com").status_code == HTTPStatus.OK


def test_login_records_last_login(api_client, user):
    obtain(api_client, user.email)

    user.refresh_from_db()
    assert user.last_login is not None


def test_unknown_email_gets_invalid_credentials(api_client):
    error = error_of(obtain(api_client, "nobody@example.com"), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "invalid_credentials"


def test_wrong_password_gets_invalid_credentials(api_client, user):
    error = error_of(obtain(api_client, user.email, "wrong password"), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "invalid_credentials"


def test_a_refused_login_names_the_bearer_scheme(api_client, user):
    response = obtain(api_client, user.email, "wrong")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_unknown_email_and_wrong_password_get_the_same_message(api_client, user):
    unknown = error_of(obtain(api_client, "nobody@example.com"), HTTPStatus.UNAUTHORIZED)
    wrong = error_of(obtain(api_client, user.email, "wrong password"), HTTPStatus.UNAUTHORIZED)

    assert unknown == wrong


def test_unknown_email_still_runs_the_password_hasher(api_client):
    """Otherwise the response time would tell which emails have accounts."""
    with mock.patch.object(User, "set_password", autospec=True) as set_password:
        obtain(api_client, "nobody@example.com")

    set_password.assert_called_once_with(mock.ANY, PASSWORD)


def test_unverified_user_with_the_right_password_gets_email_not_verified(api_client):
    user = UserFactory.create(unverified=True)

    error = error_of(obtain(api_client, user.email), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "email_not_verified"


def test_unverified_user_with_a_wrong_password_gets_invalid_credentials(api_client):
    user = UserFactory.create(unverified=True)

    error = error_of(obtain(api_client, user.email, "wrong password"), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "invalid_credentials"


def test_deactivated_user_gets_account_disabled(api_client, user):
    services.deactivate_user(user=user)

    error = error_of(obtain(api_client, user.email), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "account_disabled"


def test_missing_password_is_a_validation_error(api_client, user):
    error = error_of(api_client.post(TOKEN_URL, {"email": user.email}), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["password"]
