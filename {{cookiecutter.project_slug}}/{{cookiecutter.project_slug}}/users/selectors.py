"""Reads of users."""

from django.contrib.auth.backends import AllowAllUsersModelBackend

from {{ cookiecutter.project_slug }}.core.addresses import canonical_email_or_none

from .models import User
from .tokens import is_password_reset_token_valid, user_id_of_password_reset


def find_user_by_credentials(*, email, password):
    """The user these credentials belong to, active or not; None if they match no one.

    Django's ModelBackend refuses inactive users, which would make an unverified user's right
    password indistinguishable from a wrong one. AllowAllUsersModelBackend checks the password
    the same way (running the hasher for unknown emails too, so response times do not reveal
    which emails exist) and leaves the active check to the caller.
    """
    return AllowAllUsersModelBackend().authenticate(None, email=email, password=password)


def is_email_taken(*, email):
    """Whether an account that was verified holds `email` (canonical). An account never
    verified does not hold its address: registering it again replaces that account (see
    register_user)."""
    return (
        User.objects.filter(email=email)
        .exclude(is_active=False, email_verified_at__isnull=True)
        .exists()
    )


def find_user_for_email_verification(*, user_id, email):
    """The user a verification token names, if the address is still theirs. A token issued
    before addresses were stored in canonical form names the address as it was then."""
    return User.objects.filter(pk=user_id, email=canonical_email_or_none(email) or email).first()


def find_user_for_password_reset(*, uid, token):
    """The active user a reset link was issued to, if its token is still good; else None."""
    user_id = user_id_of_password_reset(uid)
    if user_id is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not is_password_reset_token_valid(user=user, token=token):
        return None
    return user


def find_active_user_by_email(*, email):
    return User.objects.filter(email=email, is_active=True).first()
