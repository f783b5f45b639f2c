"""The tokens this app hands out: signed email-verification tokens, password reset tokens
and JWTs.

A verification token is a signed, timestamped payload rather than a stored row: there is
nothing to clean up, and it expires on its own after `EMAIL_VERIFICATION_MAX_AGE`. It names
the address as well as the user, so it cannot verify an address the user no longer has.

A password reset token is Django's: an HMAC over the user's password hash, last login,
email and the time it was made. Setting a password (with it or any other way) changes the
hash, so it works once, and it expires after PASSWORD_RESET_TIMEOUT.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
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


def password_reset_url(*, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.FRONTEND_URL}/reset-password?uid={uid}&token={token}"


def user_id_of_password_reset(uid):
    """The user id a reset link's `uid` names; None if it names none."""
    try:
        user_id = urlsafe_base64_decode(uid).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return int(user_id) if user_id.isdecimal() and len(user_id) < 19 else None


def is_password_reset_token_valid(*, user, token):
    return default_token_generator.check_token(user, token)


def refresh_token_for(user):
    """A new refresh token (recorded as outstanding) whose access tokens carry the user claims.

    The claims are a convenience for clients; authorisation always reloads the user.
    """
    refresh = RefreshToken.for_user(user)
    refresh["email"] = user.email
    refresh["is_staff"] = user.is_staff
    return refresh
