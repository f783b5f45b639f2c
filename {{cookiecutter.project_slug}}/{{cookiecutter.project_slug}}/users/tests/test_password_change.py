from http import HTTPStatus

import pytest
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import RefreshToken

from {{ cookiecutter.project_slug }}.users.tokens import refresh_token_for

from .factories import PASSWORD, UserFactory
from .helpers import error_of

CHANGE_URL = "/api/v1/auth/password-change/"
TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
NEW_PASSWORD = "a brand new passphrase 7"

pytestmark = pytest.mark.django_db


def change(client, current=PASSWORD, new=NEW_PASSWORD):
    return client.post(CHANGE_URL, {"current_password": current, "new_password": new})


def test_changing_sets_the_new_password(api_client, user_client, user):
    response = change(user_client)

    assert response.status_code == HTTPStatus.OK, response.content
    login = api_client.post(TOKEN_URL, {"email": user.email, "password": NEW_PASSWORD})
    assert login.status_code == HTTPStatus.OK
    old = api_client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD})
    assert old.status_code == HTTPStatus.UNAUTHORIZED


def test_changing_revokes_every_earlier_refresh_token(api_client, user_client, user):
    sessions = [str(refresh_token_for(user)) for _ in range(2)]

    change(user_client)

    for refresh in sessions:
        response = api_client.post(REFRESH_URL, {"refresh": refresh})
        assert error_of(response, HTTPStatus.UNAUTHORIZED)["code"] == "token_not_valid"


def test_changing_answers_a_fresh_pair_that_works(api_client, user_client, user):
    pair = change(user_client).json()

    assert RefreshToken(pair["refresh"])["user_id"] == str(user.pk)
    response = api_client.post(REFRESH_URL, {"refresh": pair["refresh"]})
    assert response.status_code == HTTPStatus.OK
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert api_client.get("/api/v1/auth/me/").json()["email"] == user.email


def test_a_wrong_current_password_changes_nothing(user_client, user):
    session = str(refresh_token_for(user))

    error = error_of(change(user_client, current="not my password"), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["current_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not BlacklistedToken.objects.filter(token__token=session).exists()


def test_a_weak_new_password_is_refused(user_client, user):
    error = error_of(change(user_client, new=user.email), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["new_password"]


def test_changing_needs_authentication(api_client):
    UserFactory.create()

    error = error_of(change(api_client), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "not_authenticated"
