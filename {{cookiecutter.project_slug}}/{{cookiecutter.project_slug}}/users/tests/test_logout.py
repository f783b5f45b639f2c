from http import HTTPStatus

import pytest
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from {{ cookiecutter.project_slug }}.users.tokens import refresh_token_for

from .factories import UserFactory
from .helpers import error_of

LOGOUT_URL = "/api/v1/auth/logout/"
REFRESH_URL = "/api/v1/auth/token/refresh/"

pytestmark = pytest.mark.django_db


def test_logout_blacklists_the_refresh_token(user_client, user):
    token = refresh_token_for(user)

    response = user_client.post(LOGOUT_URL, {"refresh": str(token)})

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert BlacklistedToken.objects.filter(token__jti=token["jti"]).exists()


def test_a_logged_out_refresh_token_cannot_be_used(api_client, user_client, user):
    token = str(refresh_token_for(user))
    user_client.post(LOGOUT_URL, {"refresh": token})

    response = api_client.post(REFRESH_URL, {"refresh": token})

    assert error_of(response, HTTPStatus.UNAUTHORIZED)["code"] == "token_not_valid"


def test_logout_needs_authentication(api_client, user):
    token = refresh_token_for(user)

    error = error_of(api_client.post(LOGOUT_URL, {"refresh": str(token)}), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "not_authenticated"
    assert not BlacklistedToken.objects.exists()


def test_logout_refuses_another_users_refresh_token(user_client):
    token = refresh_token_for(UserFactory.create())

    error = error_of(user_client.post(LOGOUT_URL, {"refresh": str(token)}), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["refresh"]
    assert not BlacklistedToken.objects.exists()


def test_logout_refuses_an_invalid_refresh_token(user_client):
    error = error_of(user_client.post(LOGOUT_URL, {"refresh": "nope"}), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["refresh"]
