from http import HTTPStatus

import pytest

from .helpers import error_of

ME_URL = "/api/v1/auth/me/"

pytestmark = pytest.mark.django_db


def test_me_describes_the_authenticated_user(user_client, user, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = user_client.get(ME_URL)

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "id": user.pk,
        "email": user.email,
        "date_joined": user.date_joined.isoformat().replace("+00:00", "Z"),
        "is_staff": False,
    }


def test_me_says_whether_the_user_is_staff(staff_client):
    assert staff_client.get(ME_URL).json()["is_staff"] is True


def test_me_needs_authentication(api_client):
    response = api_client.get(ME_URL)

    error = error_of(response, HTTPStatus.UNAUTHORIZED)
    assert error["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_invalid_bearer_token_is_refused_with_the_envelope(api_client):
    response = api_client.get(ME_URL, HTTP_AUTHORIZATION="Bearer not-a-token")

    error = error_of(response, HTTPStatus.UNAUTHORIZED)
    assert error["code"] == "token_not_valid"
    assert error["message"] == "Given token not valid for any token type"
