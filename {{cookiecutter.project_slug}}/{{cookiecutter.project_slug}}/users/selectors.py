"""Reads of users."""

from django.contrib.auth.backends import AllowAllUsersModelBackend

from .models import User


def find_user_by_credentials(*, email, password):
    """The user these credentials belong to, active or not; None if they match no one.

    Django's ModelBackend refuses inactive users, which would make an unverified user's right
    password indistinguishable from a wrong one. AllowAllUsersModelBackend checks the password
    the same way (running the hasher for unknown emails too, so response times do not reveal
    which emails exist) and leaves the active check to the caller.
    """
    return AllowAllUsersModelBackend().authenticate(None, email=email, password=password)


def is_email_taken(*, email):
    """Whether an account that was verified holds `email`. An account never verified does
    not hold its address: registering it again replaces that account (see register_user)."""
    return (
        User.objects.filter(email__iexact=email)
        .exclude(is_active=False, email_verified_at__isnull=True)
        .exists()
    )


def find_user_for_email_verification(*, user_id, email):
    return User.objects.filter(pk=user_id, email__iexact=email).first()
