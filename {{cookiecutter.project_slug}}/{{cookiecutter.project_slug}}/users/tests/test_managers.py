from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from {{ cookiecutter.project_slug }}.users.models import User

pytestmark = pytest.mark.django_db


def test_create_user_stores_the_canonical_email():
    user = User.objects.create_user(email="Jane.Doe@EXAMPLE.Com", password="x")

    assert user.email == "jane.doe@example.com"


def test_create_user_refuses_a_lookalike_domain():
    with pytest.raises(ValueError, match="dotless"):
        User.objects.create_user(email="jane@ma\u0131l.site", password="x")


def test_create_user_hashes_the_password():
    user = User.objects.create_user(email="jane@example.com", password="s3cret pass")

    assert user.password != "s3cret pass"
    assert user.check_password("s3cret pass")


def test_create_user_without_a_password_sets_an_unusable_one():
    user = User.objects.create_user(email="jane@example.com")

    assert not user.has_usable_password()
    assert not user.check_password("")


def test_create_user_needs_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="x")


def test_create_user_makes_neither_staff_nor_superuser():
    user = User.objects.create_user(email="jane@example.com", password="x")

    assert (user.is_staff, user.is_superuser) == (False, False)


def test_create_superuser_makes_staff_and_superuser():
    user = User.objects.create_superuser(email="root@example.com", password="x")

    assert (user.is_staff, user.is_superuser, user.is_active) == (True, True, True)


def test_emails_differing_only_in_case_cannot_both_be_stored():
    User.objects.create_user(email="jane@example.com")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="JANE@example.com")


def test_a_unicode_and_an_idna_spelling_of_one_domain_are_one_address():
    User.objects.create_user(email="jane@b\u00fccher.de")

    with pytest.raises(IntegrityError):
        User.objects.create_user(email="jane@xn--bcher-kva.de")


def test_createsuperuser_needs_only_an_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase")

    call_command("createsuperuser", "--noinput", email="Admin@Example.COM", stdout=StringIO())

    user = User.objects.get()
    assert user.email == "admin@example.com"
    assert user.is_superuser
    assert user.check_password("a long admin passphrase")
