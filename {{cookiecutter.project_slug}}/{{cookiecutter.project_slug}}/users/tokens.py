"""The tokens this app hands out: signed email-verification tokens and JWTs.

A verification token is a signed, timestamped payload rather than a stored row: there is
nothing to clean up, and it expires on its own after `EMAIL_VERIFICATION_MAX_AGE`. It names
the address as well as the user, so it cannot verify an address the user no longer has.
"""

from django.conf import settings
from django.core import signing
from rest_framework_simplejwt.tokens import RefreshToken

EMAIL_VERIFICATION_SALT = "users.email-verification"


def make_email_verification_token(*, user):
    return signing.dumps({"user_id": user.pk, "email": user.email}, salt=EMAIL_VERIFICATION_SALT)


def read_email_verification_token(token):
    """Return `{"user_id", "email"}`; raise `signing.BadSignature` if forged or expired."""
    return signing.loads(
        token, salt=EMAIL_VERIFICATION_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
    )


def email_verification_url(*, user):
    token = make_email_verification_token(user=user)
    return f"{settings.FRONTEND_URL}/verify-email?token={token}"


def refresh_token_for(user):
    """A new refresh token (recorded as outstanding) whose access tokens carry the user claims.

    The claims are a convenience for clients; authorisation always reloads the user.
    """
    refresh = RefreshToken.for_user(user)
    refresh["email"] = user.email
    refresh["is_staff"] = user.is_staff
    return refresh
