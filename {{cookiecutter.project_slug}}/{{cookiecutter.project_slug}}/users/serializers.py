from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from . import selectors, services
from .models import User
from .tokens import read_email_verification_token


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
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )

    def validate_email(self, value):
        email = User.objects.normalize_email(value)
        if selectors.email_is_taken(email=email):
            raise serializers.ValidationError(services.DUPLICATE_EMAIL_MESSAGE, code="unique")
        return email

    def validate(self, attrs):
        try:
            password_validation.validate_password(
                attrs["password"], user=User(email=attrs["email"])
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": exc.messages}) from exc
        return attrs


class ResendVerificationSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, write_only=True)
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
        user = selectors.user_for_email_verification(
            user_id=payload["user_id"], email=payload["email"]
        )
        if user is None:
            self.fail("invalid_token")
        return user


class TokenObtainSerializer(serializers.Serializer):
    """Email and password for a token pair: the one place login checks that a user is active.

    An inactive user is told why, so a client can ask them to verify their address, but only
    once the password is proven right; until then an unknown email and a wrong password get
    the same answer.
    """

    email = serializers.CharField(write_only=True)
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, style={"input_type": "password"}
    )
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    default_error_messages = {
        "invalid_credentials": "No account matches this email and password.",
        "email_not_verified": "Confirm your email address with the link we sent before logging in.",
        "account_disabled": "This account has been deactivated.",
    }

    def validate(self, attrs):
        user = selectors.user_for_credentials(email=attrs["email"], password=attrs["password"])
        if user is None:
            self._refuse("invalid_credentials")
        if not user.is_active and user.email_verified_at is None:
            self._refuse("email_not_verified")
        if not user.is_active:
            self._refuse("account_disabled")
        return services.obtain_tokens(user=user)

    def _refuse(self, code):
        raise AuthenticationFailed(self.error_messages[code], code=code)


class TokenRefreshSerializer(serializers.Serializer):
    """A refresh token for a new pair; the old token is blacklisted (see rotate_refresh_token)."""

    refresh = serializers.CharField()
    access = serializers.CharField(read_only=True)

    def validate(self, attrs):
        return services.rotate_refresh_token(refresh=attrs["refresh"])


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField(write_only=True)

    default_error_messages = {
        "not_yours": "This refresh token belongs to another user.",
    }

    def validate_refresh(self, value):
        try:
            token = RefreshToken(value)
        except TokenError as exc:
            raise serializers.ValidationError(str(exc), code="token_not_valid") from exc
        if str(token.get(jwt_settings.USER_ID_CLAIM)) != str(self.context["request"].user.pk):
            self.fail("not_yours")
        return token
