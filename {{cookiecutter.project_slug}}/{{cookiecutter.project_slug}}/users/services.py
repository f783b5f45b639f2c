"""Writes to users and their tokens; each service owns its transaction and side effects."""

import logging

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.state import token_backend
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from {{ cookiecutter.project_slug }}.core.background import run_after_commit
from {{ cookiecutter.project_slug }}.core.exceptions import (
    InvalidCredentials,
    InvalidToken,
    NotAuthenticated,
    ValidationFailed,
)

from . import selectors
from .emails import send_password_reset_email, send_verification_email
from .models import User
from .tokens import is_password_reset_token_valid, refresh_token_for

DUPLICATE_EMAIL_MESSAGE = "A user with this email address already exists."
NO_ACTIVE_ACCOUNT_MESSAGE = "No active account found for the given token."
INVALID_CREDENTIALS_MESSAGE = "No account matches this email and password."
EMAIL_NOT_VERIFIED_MESSAGE = "Confirm your email address with the link we sent before logging in."
ACCOUNT_DISABLED_MESSAGE = "This account has been deactivated."
NOT_YOURS_MESSAGE = "This refresh token belongs to another user."
INVALID_RESET_MESSAGE = "This password reset link is invalid, used or expired."
NOT_CURRENT_MESSAGE = "This is not your current password."

logger = logging.getLogger(__name__)


def register_user(*, email, password):
    """Create an inactive user and send the verification email once that is committed.

    An address whose account was never verified is not taken: registering it again sets the
    new password and sends a new link, so an address whose first mail was lost is never
    stuck. `email` is canonical (core/addresses.py). The serializer checks that the address is
    free, but two requests can pass that check together: the unique constraint decides, and
    the loser gets the same 400.
    """
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=password, is_active=False)
            elif user.is_active or user.email_verified_at is not None:
                raise ValidationFailed({"email": [DUPLICATE_EMAIL_MESSAGE]})
            else:
                user.set_password(password)
                user.verification_email_sent_at = None
                user.save(update_fields=["password", "verification_email_sent_at"])
            run_after_commit(send_verification_email, user_id=user.pk)
    except IntegrityError:
        raise ValidationFailed({"email": [DUPLICATE_EMAIL_MESSAGE]}) from None
    return user


def resend_verification_email(*, email):
    """Send a new verification link if `email` (canonical) belongs to an account never verified.

    Says nothing either way: the caller answers the same for every address, so the endpoint
    does not reveal which addresses have accounts.
    """
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(email=email, is_active=False, email_verified_at__isnull=True)
            .first()
        )
        if user is None:
            return
        user.verification_email_sent_at = None
        user.save(update_fields=["verification_email_sent_at"])
        run_after_commit(send_verification_email, user_id=user.pk)


def verify_email(*, user):
    """Activate a user the first time their address is verified; later uses change nothing.

    An account that was verified and has since been deactivated stays inactive: an old
    verification link must not undo a deactivation.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at is None:
            user.is_active = True
            user.email_verified_at = timezone.now()
            user.save(update_fields=["is_active", "email_verified_at"])
    return user


def obtain_tokens(*, email, password):
    """Log a user in: a new refresh token, recorded so that it can be blacklisted.

    The one place login checks that a user is active. An inactive user is told why, so a
    client can ask them to verify their address, but only once the password is proven right;
    until then an unknown email and a wrong password get the same answer.
    """
    user = selectors.find_user_by_credentials(email=email, password=password)
    if user is None:
        raise InvalidCredentials(INVALID_CREDENTIALS_MESSAGE)
    if not user.is_active and user.email_verified_at is None:
        raise NotAuthenticated(EMAIL_NOT_VERIFIED_MESSAGE, code="email_not_verified")
    if not user.is_active:
        raise NotAuthenticated(ACCOUNT_DISABLED_MESSAGE, code="account_disabled")
    refresh = refresh_token_for(user)
    if jwt_settings.UPDATE_LAST_LOGIN:
        update_last_login(type(user), user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def rotate_refresh_token(*, refresh):
    """Exchange a refresh token for a new pair and blacklist the old one.

    Creating the blacklist row is what claims the old token: the row is unique per token, so
    of two concurrent uses only one gets a new pair. The pair is issued from the user as they
    are now, so its claims follow changes such as losing staff status. Raises InvalidToken
    for a forged, expired or already used token, and NotAuthenticated
    (`no_active_account`) if the user is gone or inactive.
    """
    # Read outside the transaction: a reused token's revocation must not roll back with it.
    token = _read_refresh_token(refresh)
    with transaction.atomic():
        outstanding = OutstandingToken.objects.filter(jti=token[jwt_settings.JTI_CLAIM]).first()
        if outstanding is None:
            raise InvalidToken("Token is invalid")
        user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM)).first()
        if user is None or not user.is_active:
            raise NotAuthenticated(NO_ACTIVE_ACCOUNT_MESSAGE, code="no_active_account")
        try:
            # No savepoint needed: a token already blacklisted ends the transaction.
            BlacklistedToken.objects.create(token=outstanding)
        except IntegrityError:
            raise InvalidToken("Token is blacklisted") from None
        new_refresh = refresh_token_for(user)
    return {"access": str(new_refresh.access_token), "refresh": str(new_refresh)}


def _read_refresh_token(refresh):
    try:
        return RefreshToken(refresh)
    except TokenError as exc:
        _revoke_if_reused(refresh)
        raise InvalidToken(str(exc)) from None


def _revoke_if_reused(refresh):
    """Revoke every refresh token of the user whose used token is presented again.

    A refresh token is blacklisted when it is rotated or logged out. One that comes back,
    genuinely signed and unexpired, was copied: whoever holds the copies (the user or a
    thief) must log in again. A second use within JWT_REFRESH_REUSE_GRACE of the first is
    a client retrying a refresh whose answer it lost, and revokes nothing.
    """
    try:
        payload = token_backend.decode(refresh, verify=True)
    except TokenBackendError:
        return  # forged or expired: nothing was copied
    if payload.get(jwt_settings.TOKEN_TYPE_CLAIM) != RefreshToken.token_type:
        return
    used = (
        BlacklistedToken.objects.select_related("token__user")
        .filter(token__jti=payload.get(jwt_settings.JTI_CLAIM))
        .first()
    )
    if used is None or used.token.user is None:
        return
    if timezone.now() - used.blacklisted_at < settings.JWT_REFRESH_REUSE_GRACE:
        return
    logger.warning(
        "A used refresh token of user %s came back; revoking all its refresh tokens",
        used.token.user.pk,
    )
    blacklist_refresh_tokens(user=used.token.user)


def log_out(*, user, refresh):
    """Blacklist `refresh`, one of `user`'s refresh tokens.

    A token that is not a valid refresh token, or that is another user's, is a field error
    on `refresh`: the caller is authenticated, only this input is wrong.
    """
    try:
        token = RefreshToken(refresh)
    except TokenError as exc:
        raise ValidationFailed({"refresh": [str(exc)]}) from None
    if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(user.pk):
        raise ValidationFailed({"refresh": [NOT_YOURS_MESSAGE]})
    token.blacklist()


def request_password_reset(*, email):
    """Mail a password reset link if `email` (canonical) belongs to an active account.

    Says nothing either way: the caller answers the same for every address. The mail is
    recorded with this transaction and sent by the outbox after it commits.
    """
    with transaction.atomic():
        user = selectors.find_active_user_by_email(email=email)
        if user is None:
            return
        run_after_commit(send_password_reset_email, user_id=user.pk)


def reset_password(*, user, token, password):
    """Set `password` through a reset link's `token`, and revoke every refresh token.

    The token is checked again under the user's row lock: it hashes the password, so of
    two concurrent uses of one link only the first sets a password.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not is_password_reset_token_valid(user=user, token=token):
            raise ValidationFailed({"token": [INVALID_RESET_MESSAGE]})
        _set_password_and_revoke_sessions(user=user, password=password)
    return user


def change_password(*, user, current_password, new_password):
    """Replace the password of `user`, who proves the current one; returns a new token pair.

    Every refresh token issued before, this session's included, is revoked: the caller
    continues with the returned pair and every other session must log in again. Access
    tokens already issued expire on their own (they are short-lived).
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.check_password(current_password):
            raise ValidationFailed({"current_password": [NOT_CURRENT_MESSAGE]})
        _set_password_and_revoke_sessions(user=user, password=new_password)
        refresh = refresh_token_for(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def _set_password_and_revoke_sessions(*, user, password):
    user.set_password(password)
    user.save(update_fields=["password"])
    blacklist_refresh_tokens(user=user)


def blacklist_refresh_tokens(*, user):
    """Blacklist every unexpired refresh token of `user` that is not blacklisted yet."""
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def deactivate_user(*, user):
    """Lock a user out at once.

    Access tokens stop working on the next request, because authentication reloads the
    user and refuses inactive ones. Refresh tokens are blacklisted by the post_save receiver
    (see receivers.py), which also covers deactivation through the admin or the shell.
    """
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user
