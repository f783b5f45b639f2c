"""Every endpoint that takes an address stores and finds accounts by its canonical form."""

import importlib
from http import HTTPStatus

import pytest
from django.apps import apps

from {{ cookiecutter.project_slug }}.users.models import User

from .factories import PASSWORD, UserFactory
from .helpers import error_of

pytestmark = pytest.mark.django_db

# "mail.site" with a dotless i (U+0131): uppercased, it is MAIL.SITE.
LOOKALIKE = "jane@ma\u0131l.site"
ENDPOINTS = [
    pytest.param("/api/v1/auth/register/", {"password": PASSWORD}, id="register"),
    pytest.param("/api/v1/auth/token/", {"password": PASSWORD}, id="login"),
    pytest.param("/api/v1/auth/verify-email/resend/", {}, id="resend"),
    pytest.param("/api/v1/auth/password-reset/", {}, id="password-reset"),
]


@pytest.mark.parametrize(("url", "body"), ENDPOINTS)
def test_a_lookalike_domain_is_a_400_naming_the_email(api_client, url, body):
    UserFactory.create(email="jane@mail.site")

    error = error_of(api_client.post(url, {**body, "email": LOOKALIKE}), HTTPStatus.BAD_REQUEST)

    assert error["code"] == "invalid"
    assert "dotless" in error["details"]["email"][0]


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("jane@p\u0430ypal.com", id="cyrillic-a-among-latin"),
        pytest.param("jane@\u0440\u0430\u0443\u0440\u0430l.com", id="mixed-cyrillic"),
        pytest.param("jane@xn--mal-kua.site", id="lookalike-in-idna"),
    ],
)
def test_registration_refuses_other_lookalike_domains(api_client, address):
    response = api_client.post("/api/v1/auth/register/", {"email": address, "password": PASSWORD})

    assert "email" in error_of(response, HTTPStatus.BAD_REQUEST)["details"]
    assert not User.objects.exists()


def test_a_lookalike_of_an_address_never_logs_in_as_its_owner(api_client):
    UserFactory.create(email="jane@mail.site")

    response = api_client.post("/api/v1/auth/token/", {"email": LOOKALIKE, "password": PASSWORD})

    assert "access" not in response.json()


def test_an_international_domain_registers_in_idna_form(api_client):
    response = api_client.post(
        "/api/v1/auth/register/", {"email": "Jane@B\u00dcCHER.de", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["email"] == "jane@xn--bcher-kva.de"


def test_login_finds_the_account_by_any_spelling_of_its_address(api_client):
    UserFactory.create(email="jane@xn--bcher-kva.de")

    response = api_client.post(
        "/api/v1/auth/token/", {"email": "JANE@b\u00fccher.DE", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.OK, response.content


def test_compatibility_characters_are_normalized(api_client):
    # A fullwidth E and the "ffi" ligature: NFKC makes them the plain letters.
    UserFactory.create(email="office@example.com")

    response = api_client.post(
        "/api/v1/auth/token/", {"email": "o\ufb03ce@\uff25xample.com", "password": PASSWORD}
    )

    assert response.status_code == HTTPStatus.OK, response.content


def migration():
    return importlib.import_module("..migrations.0003_canonical_email", __package__)


def test_the_migration_stores_existing_addresses_in_canonical_form():
    jane = UserFactory.create()
    User.objects.filter(pk=jane.pk).update(email="Jane@B\u00dcCHER.de")

    migration().store_canonical_emails(apps, None)

    jane.refresh_from_db()
    assert jane.email == "jane@xn--bcher-kva.de"


def test_the_migration_stops_at_two_accounts_with_one_canonical_address():
    first, second = UserFactory.create(), UserFactory.create()
    User.objects.filter(pk=first.pk).update(email="jane@b\u00fccher.de")
    User.objects.filter(pk=second.pk).update(email="Jane@xn--bcher-kva.de")

    with pytest.raises(RuntimeError, match=f"Users {first.pk} and {second.pk}"):
        migration().store_canonical_emails(apps, None)

    assert set(User.objects.values_list("email", flat=True)) == {
        "jane@b\u00fccher.de",
        "Jane@xn--bcher-kva.de",
    }
