from http import HTTPStatus

import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from {{ cookiecutter.project_slug }}.users import services
from {{ cookiecutter.project_slug }}.users.tokens import refresh_token_for

from .factories import UserFactory
from .helpers import error_of

ME_URL = "/api/v1/auth/me/"
REFRESH_URL = "/api/v1/auth/token/refresh/"

pytestmark = pytest.mark.django_db


def is_blacklisted(token):
    return BlacklistedToken.objects.filter(token__jti=token["jti"]).exists()


def test_deactivation_kills_an_issued_access_token_at_once(user_client, user):
    assert user_client.get(ME_URL).status_code == HTTPStatus.OK

    services.deactivate_user(user=user)

    error = error_of(user_client.get(ME_URL), HTTPStatus.UNAUTHORIZED)
    assert error["code"] == "user_inactive"


def test_deactivation_blacklists_outstanding_refresh_tokens(api_client, user):
    tokens = [refresh_token_for(user), refresh_token_for(user)]

    services.deactivate_user(user=user)

    assert all(is_blacklisted(token) for token in tokens)
    response = api_client.post(REFRESH_URL, {"refresh": str(tokens[0])})
    assert error_of(response, HTTPStatus.UNAUTHORIZED)["code"] == "token_not_valid"


def test_deactivation_leaves_other_users_tokens_alone(user):
    other = refresh_token_for(UserFactory.create())

    services.deactivate_user(user=user)

    assert not is_blacklisted(other)


def test_saving_an_inactive_user_from_a_shell_blacklists_their_tokens(user):
    token = refresh_token_for(user)

    user.is_active = False
    user.save()

    assert is_blacklisted(token)


def test_saving_an_active_user_blacklists_nothing(user):
    token = refresh_token_for(user)

    user.save()

    assert not is_blacklisted(token)


def test_unticking_active_in_the_admin_blacklists_refresh_tokens(admin_client, user):
    token = refresh_token_for(user)
    form = {
        "email": user.email,
        # "is_active" is an unticked checkbox: left out of the POST.
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }

    response = admin_client.post(reverse("admin:users_user_change", args=[user.pk]), form)

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert not user.is_active
    assert is_blacklisted(token)


def test_admin_action_deactivates_and_blacklists(admin_client, user):
    token = refresh_token_for(user)

    response = admin_client.post(
        reverse("admin:users_user_changelist"),
        {"action": "deactivate", "_selected_action": [user.pk]},
    )

    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert not user.is_active
    assert is_blacklisted(token)


def test_a_deleted_users_access_token_is_refused(user_client, user):
    user.delete()

    error = error_of(user_client.get(ME_URL), HTTPStatus.UNAUTHORIZED)
    assert error["code"] == "user_not_found"
