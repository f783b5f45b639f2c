import threading
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from {{ cookiecutter.project_slug }}.core.exceptions import InvalidToken
from {{ cookiecutter.project_slug }}.users import services
from {{ cookiecutter.project_slug }}.users.models import User
from {{ cookiecutter.project_slug }}.users.tokens import refresh_token_for

from .factories import UserFactory
from .helpers import error_of

REFRESH_URL = "/api/v1/auth/token/refresh/"

pytestmark = pytest.mark.django_db


def refresh(client, token):
    return client.post(REFRESH_URL, {"refresh": str(token)})


def test_refresh_returns_a_new_pair(api_client, user):
    old = refresh_token_for(user)

    response = refresh(api_client, old)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"access", "refresh"}
    assert body["refresh"] != str(old)
    assert AccessToken(body["access"])["user_id"] == str(user.pk)


def test_the_rotated_refresh_token_works(api_client, user):
    new = refresh(api_client, refresh_token_for(user)).json()["refresh"]

    assert refresh(api_client, new).status_code == HTTPStatus.OK


def test_a_used_refresh_token_is_blacklisted(api_client, user):
    old = refresh_token_for(user)
    refresh(api_client, old)

    error = error_of(refresh(api_client, old), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "token_not_valid"


def test_expired_refresh_token_is_refused(api_client, user):
    token = refresh_token_for(user)
    token.set_exp(lifetime=-timedelta(seconds=1))

    error = error_of(refresh(api_client, token), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "token_not_valid"


def test_garbage_is_refused(api_client):
    error = error_of(refresh(api_client, "not-a-token"), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "token_not_valid"


def test_an_access_token_is_not_a_refresh_token(api_client, user):
    access = refresh_token_for(user).access_token

    error = error_of(refresh(api_client, access), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "token_not_valid"


def test_refresh_is_refused_once_the_user_is_inactive(api_client, user):
    token = refresh_token_for(user)
    # A bulk update skips the blacklisting receiver; the refresh itself must still refuse.
    User.objects.filter(pk=user.pk).update(is_active=False)

    error = error_of(refresh(api_client, token), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "no_active_account"


def test_refresh_is_refused_once_the_user_is_deleted(api_client, user):
    token = refresh_token_for(user)
    user.delete()

    error = error_of(refresh(api_client, token), HTTPStatus.UNAUTHORIZED)

    assert error["code"] == "no_active_account"


def test_a_refused_refresh_names_the_bearer_scheme(api_client):
    response = refresh(api_client, "not-a-token")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_new_tokens_carry_the_users_current_claims(api_client, user):
    token = refresh_token_for(user)
    user.is_staff = True
    user.save()

    access = AccessToken(refresh(api_client, token).json()["access"])

    assert access["is_staff"] is True


def test_missing_refresh_is_a_validation_error(api_client):
    error = error_of(api_client.post(REFRESH_URL, {}), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["refresh"]


@pytest.mark.requires_service("postgresql")
@pytest.mark.django_db(transaction=True)
def test_concurrent_uses_of_one_refresh_token_succeed_once():
    token = str(refresh_token_for(UserFactory.create()))
    start = threading.Barrier(2)
    outcomes = []

    def use_token():
        start.wait(timeout=10)
        try:
            services.rotate_refresh_token(refresh=token)
            outcomes.append("rotated")
        except InvalidToken:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use_token) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "rotated"]


def test_a_used_refresh_token_presented_again_revokes_every_refresh_token_of_its_user(
    api_client, user, settings
):
    settings.JWT_REFRESH_REUSE_GRACE = timedelta(0)
    used = refresh_token_for(user)
    rotated = refresh(api_client, used).json()["refresh"]
    other_session = refresh_token_for(user)

    reused = refresh(api_client, used)

    assert reused.status_code == HTTPStatus.UNAUTHORIZED
    assert refresh(api_client, rotated).status_code == HTTPStatus.UNAUTHORIZED
    assert refresh(api_client, other_session).status_code == HTTPStatus.UNAUTHORIZED


def test_a_retry_within_the_reuse_grace_revokes_nothing(api_client, user, settings):
    settings.JWT_REFRESH_REUSE_GRACE = timedelta(minutes=1)
    used = refresh_token_for(user)
    rotated = refresh(api_client, used).json()["refresh"]

    retried = refresh(api_client, used)

    assert retried.status_code == HTTPStatus.UNAUTHORIZED
    assert refresh(api_client, rotated).status_code == HTTPStatus.OK


def test_reuse_revokes_only_its_own_users_tokens(api_client, user, settings):
    settings.JWT_REFRESH_REUSE_GRACE = timedelta(0)
    used = refresh_token_for(user)
    refresh(api_client, used)
    someone_else = refresh_token_for(UserFactory.create())

    refresh(api_client, used)

    assert refresh(api_client, someone_else).status_code == HTTPStatus.OK
