from http import HTTPStatus

import pytest
from django.urls import reverse

from {{ cookiecutter.project_slug }}.users.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_adds_a_user_with_email_and_password(admin_client):
    response = admin_client.post(
        reverse("admin:users_user_add"),
        {
            "email": "New@EXAMPLE.com",
            "usable_password": "true",
            "password1": "a long admin-chosen passphrase",
            "password2": "a long admin-chosen passphrase",
        },
    )

    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    user = User.objects.get(email="new@example.com")
    assert user.check_password("a long admin-chosen passphrase")


def test_admin_finds_users_by_email(admin_client):
    UserFactory.create(email="findme@example.com")
    UserFactory.create(email="other@example.com")

    response = admin_client.get(reverse("admin:users_user_changelist"), {"q": "findme"})

    assert response.status_code == HTTPStatus.OK
    assert [user.email for user in response.context["cl"].result_list] == ["findme@example.com"]


def test_admin_change_page_shows_the_verification_dates(admin_client):
    user = UserFactory.create()

    response = admin_client.get(reverse("admin:users_user_change", args=[user.pk]))

    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Email verified at" in content
    assert "Verification email sent at" in content
