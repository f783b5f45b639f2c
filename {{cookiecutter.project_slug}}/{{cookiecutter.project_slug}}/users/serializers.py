from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

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
        if selectors.is_email_taken(email=email):
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

    email = serializers.CharField(write_only=True)
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
