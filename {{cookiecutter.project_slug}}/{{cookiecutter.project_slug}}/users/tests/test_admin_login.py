"""The admin login is rate-limited by django-axes, per username and client address."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def lockout(settings):
    # Failures are counted in the default cache, which each test sees afresh (conftest.py).
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def staff():
    return UserFactory.create(staff=True)


def admin_login(client, email, password, address="127.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": email, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_staff_log_in_to_the_admin_with_email_and_password(client, staff):
    response = admin_login(client, staff.email, PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:index")


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(client, staff):
    statuses = [admin_login(client, staff.email, "wrong").status_code for _ in range(LIMIT)]

    # The failure that reaches the limit is already answered with the lockout.
    assert statuses == [HTTPStatus.OK] * (LIMIT - 1) + [HTTPStatus.TOO_MANY_REQUESTS]
    response = admin_login(client, staff.email, PASSWORD)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_client_address(client, staff):
    for _ in range(LIMIT):
        admin_login(client, staff.email, "wrong", address="203.0.113.7")

    locked = admin_login(client, staff.email, PASSWORD, address="203.0.113.7")
    elsewhere = admin_login(client, staff.email, PASSWORD, address="198.51.100.2")

    assert (locked.status_code, elsewhere.status_code) == (
        HTTPStatus.TOO_MANY_REQUESTS,
        HTTPStatus.FOUND,
    )


def test_the_lockout_is_per_username(client, staff):
    other = UserFactory.create(staff=True)
    for _ in range(LIMIT):
        admin_login(client, other.email, "wrong")

    locked = admin_login(client, other.email, PASSWORD)
    unaffected = admin_login(client, staff.email, PASSWORD)

    assert (locked.status_code, unaffected.status_code) == (
        HTTPStatus.TOO_MANY_REQUESTS,
        HTTPStatus.FOUND,
    )


def test_api_login_is_unaffected_by_an_admin_lockout(client, api_client, staff):
    for _ in range(LIMIT):
        admin_login(client, staff.email, "wrong")
    assert admin_login(client, staff.email, PASSWORD).status_code == HTTPStatus.TOO_MANY_REQUESTS

    response = api_client.post("/api/v1/auth/token/", {"email": staff.email, "password": PASSWORD})

    assert response.status_code == HTTPStatus.OK
    assert "access" in response.json()


def test_changing_the_case_of_the_email_does_not_reset_the_count(client, staff):
    for attempt in range(LIMIT):
        email = staff.email.upper() if attempt % 2 else staff.email
        admin_login(client, email, "wrong")

    response = admin_login(client, staff.email.title(), PASSWORD)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
