from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from {{ cookiecutter.project_slug }}.core.addresses import InvalidEmailError, canonical_email

from . import selectors, services
from .models import User
from .tokens import read_email_verification_token


class CanonicalEmailField(serializers.EmailField):
    """An email address, returned in its canonical form (see core/addresses.py): every endpoint
    that takes an address finds and stores accounts by the same form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return canonical_email(super().to_internal_value(data))
        except InvalidEmailError as exc:
            raise serializers.ValidationError(str(exc), code="invalid") from None


def validate_new_password(password, *, user):
    """AUTH_PASSWORD_VALIDATORS' verdict on `password` for `user`, as a serializer error."""
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc
    return password


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "date_joined", "is_staff")
        read_only_fields = fields


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email")
        read_only_fields = fields


class RegisterSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = CanonicalEmailField()
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate_email(self, value):
        if selectors.is_email_taken(email=value):
            raise serializers.ValidationError(services.DUPLICATE_EMAIL_MESSAGE, code="unique")
        return value

    def validate(self, attrs):
        try:
            validate_new_password(attrs["password"], user=User(email=attrs["email"]))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from exc
        return attrs


class ResendVerificationSerializer(serializers.Serializer):
    email = CanonicalEmailField(write_only=True)
    detail = serializers.CharField(read_only=True)


class VerifyEmailSerializer(serializers.Serializer):
    token = serializers.CharField(write_only=True)

    default_error_messages = {
        "invalid_token": "This verification link is invalid or has expired.",
    }

    def validate_token(self, value):
        """Return the user the token verifies."""
        try:
            payload = read_email_verification_token(value)
        except signing.BadSignature:
            self.fail("invalid_token")
        user = selectors.find_user_for_email_verification(
            user_id=payload["user_id"], email=payload["email"]
        )
        if user is None:
            self.fail("invalid_token")
        return user


class TokenObtainSerializer(serializers.Serializer):
    """Email and password for a token pair.

    An inactive account is refused with its reason only once the password is proven right;
    until then an unknown email and a wrong password get the same answer.
    """

    email = CanonicalEmailField(write_only=True)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class TokenRefreshSerializer(serializers.Serializer):
    """A refresh token for a new pair; the old refresh token is blacklisted."""

    refresh = serializers.CharField()
    access = serializers.CharField(read_only=True)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(write_only=True)


class PasswordResetSerializer(serializers.Serializer):
    email = CanonicalEmailField(write_only=True)
    detail = serializers.CharField(read_only=True)


class PasswordResetConfirmSerializer(serializers.Serializer):
    """The `uid` and `token` of a reset link, and the new password."""

    uid = serializers.CharField(write_only=True)
    token = serializers.CharField(write_only=True)
    new_password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    default_error_messages = {
        "invalid_token": "This password reset link is invalid, used or expired.",
    }

    def validate(self, attrs):
        """Resolve the link to its user (as `user`); then judge the new password for them."""
        user = selectors.find_user_for_password_reset(uid=attrs["uid"], token=attrs["token"])
        if user is None:
            raise serializers.ValidationError(
                {"token": [self.error_messages["invalid_token"]]}, code="invalid_token"
            )
        try:
            validate_new_password(attrs["new_password"], user=user)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"new_password": exc.detail}) from exc
        return {"user": user, "token": attrs["token"], "password": attrs["new_password"]}


class PasswordChangeSerializer(serializers.Serializer):
    """The current password and the new one; answers a new token pair."""

    current_password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    new_password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    def validate_new_password(self, value):
        return validate_new_password(value, user=self.context["request"].user)
