from http import HTTPStatus

import pytest
from django.core import mail
from django.db import transaction

from {{ cookiecutter.project_slug }}.users import selectors, services
from {{ cookiecutter.project_slug }}.users.models import User

from .factories import PASSWORD, UserFactory
from .helpers import error_of

REGISTER_URL = "/api/v1/auth/register/"

pytestmark = pytest.mark.django_db


def register(client, email="new@example.com", password=PASSWORD):
    return client.post(REGISTER_URL, {"email": email, "password": password})


def test_registration_creates_an_inactive_user(api_client):
    response = register(api_client)

    assert response.status_code == HTTPStatus.CREATED
    user = User.objects.get(email="new@example.com")
    assert response.json() == {"id": user.pk, "email": "new@example.com"}
    assert not user.is_active
    assert user.email_verified_at is None
    assert user.check_password(PASSWORD)


def test_registration_stores_the_canonical_email(api_client):
    response = register(api_client, email="New.User@EXAMPLE.COM")

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["email"] == "new.user@example.com"


def test_verification_email_is_sent_only_after_commit(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = register(api_client)
        assert response.status_code == HTTPStatus.CREATED
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox] == [["new@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_committed_registration_sends_the_verification_email(api_client):
    register(api_client)

    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    assert User.objects.get().verification_email_sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_rolled_back_registration_sends_nothing():
    def register_then_fail():
        with transaction.atomic():
            services.register_user(email="new@example.com", password=PASSWORD)
            raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError, match="later step failed"):
        register_then_fail()

    assert not User.objects.exists()
    assert mail.outbox == []


def test_email_differing_only_in_case_is_a_duplicate(api_client):
    UserFactory.create(email="a@example.com")

    error = error_of(register(api_client, email="A@example.com"), HTTPStatus.BAD_REQUEST)

    assert error["code"] == "invalid"
    assert error["details"] == {"email": [services.DUPLICATE_EMAIL_MESSAGE]}
    assert User.objects.count() == 1


def test_registering_an_unverified_address_again_replaces_the_password_and_resends(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(api_client, email="a@example.com", password="first passphrase 1")
    with django_capture_on_commit_callbacks(execute=True):
        response = register(api_client, email="A@example.com", password="second passphrase 2")

    assert response.status_code == HTTPStatus.CREATED
    user = User.objects.get()
    assert response.json() == {"id": user.pk, "email": "a@example.com"}
    assert user.check_password("second passphrase 2")
    assert not user.is_active
    assert [message.to for message in mail.outbox] == [["a@example.com"]] * 2


def test_a_verified_but_deactivated_address_stays_taken(api_client):
    UserFactory.create(email="a@example.com", is_active=False)

    error = error_of(register(api_client, email="a@example.com"), HTTPStatus.BAD_REQUEST)

    assert error["details"] == {"email": [services.DUPLICATE_EMAIL_MESSAGE]}


def test_duplicate_that_slips_past_validation_is_a_400_not_a_500(api_client, monkeypatch):
    """Two concurrent registrations both pass the serializer; the constraint decides."""
    UserFactory.create(email="a@example.com")
    monkeypatch.setattr(selectors, "is_email_taken", lambda *, email: False)

    error = error_of(register(api_client, email="A@example.com"), HTTPStatus.BAD_REQUEST)

    assert error["details"] == {"email": [services.DUPLICATE_EMAIL_MESSAGE]}
    assert User.objects.count() == 1


def test_invalid_email_is_rejected(api_client):
    error = error_of(register(api_client, email="not-an-email"), HTTPStatus.BAD_REQUEST)

    assert list(error["details"]) == ["email"]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("short1!", id="too-short"),
        pytest.param("password123", id="common"),
        pytest.param("8675309912", id="numeric"),
        pytest.param("jane.doe.example", id="like-the-email"),
    ],
)
def test_password_failing_the_validators_is_rejected(api_client, password):
    response = register(api_client, email="jane.doe@example.com", password=password)

    error = error_of(response, HTTPStatus.BAD_REQUEST)
    assert list(error["details"]) == ["password"]
    assert not User.objects.exists()


def test_missing_fields_are_rejected(api_client):
    error = error_of(api_client.post(REGISTER_URL, {}), HTTPStatus.BAD_REQUEST)

    assert set(error["details"]) == {"email", "password"}
