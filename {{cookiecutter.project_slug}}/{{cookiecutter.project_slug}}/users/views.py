from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework_simplejwt.authentication import JWTAuthentication

from . import services
from .serializers import (
    AccountSerializer,
    LogoutSerializer,
    PasswordChangeSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    RegisterSerializer,
    ResendVerificationSerializer,
    TokenObtainSerializer,
    TokenRefreshSerializer,
    UserSerializer,
    VerifyEmailSerializer,
)


class RegisterView(generics.CreateAPIView):
    """Create an inactive account; the link in the verification email activates it."""

    serializer_class = RegisterSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "register"

    def perform_create(self, serializer):
        serializer.instance = services.register_user(**serializer.validated_data)


class VerifyEmailView(generics.GenericAPIView):
    """Activate the account the emailed token was issued for; reusing the token is harmless."""

    serializer_class = VerifyEmailSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "verify_email"

    @extend_schema(responses=AccountSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.verify_email(user=serializer.validated_data["token"])
        return Response(AccountSerializer(user).data)


class ResendVerificationEmailView(generics.GenericAPIView):
    """Send a new verification link to an account that was never verified.

    Answers 202 with the same body whatever the address: unknown, verified or awaiting
    verification, so that it reveals nothing about which addresses have accounts.
    """

    serializer_class = ResendVerificationSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "verify_email_resend"

    ACCEPTED = "If this address belongs to an account awaiting verification, a new link is coming."

    @extend_schema(responses={status.HTTP_202_ACCEPTED: ResendVerificationSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.resend_verification_email(email=serializer.validated_data["email"])
        return Response({"detail": self.ACCEPTED}, status=status.HTTP_202_ACCEPTED)


class TokenView(generics.GenericAPIView):
    """A token endpoint: nothing to authenticate the request with, but a 401 names the
    scheme the tokens are for, as the other endpoints' 401s do."""

    authentication_classes = ()
    permission_classes = ()
    # The service the validated fields go to; it returns the response body.
    service: Callable[..., dict[str, Any]]

    def get_authenticate_header(self, request):
        return JWTAuthentication().authenticate_header(request)

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self.service(**serializer.validated_data))


class TokenObtainView(TokenView):
    """Exchange email and password for an access and a refresh token."""

    serializer_class = TokenObtainSerializer
    # Limited per client here, and per account by core.throttles.LoginAccountRateThrottle.
    throttle_scope = "login"
    service = staticmethod(services.obtain_tokens)


class TokenRefreshView(TokenView):
    """Exchange a refresh token for a new pair; the old refresh token stops working."""

    serializer_class = TokenRefreshSerializer
    throttle_scope = "refresh"
    service = staticmethod(services.rotate_refresh_token)


class LogoutView(generics.GenericAPIView):
    """Blacklist the given refresh token. Access tokens are short-lived and expire on their own."""

    serializer_class = LogoutSerializer

    @extend_schema(responses={status.HTTP_204_NO_CONTENT: None})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.log_out(user=request.user, **serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetView(generics.GenericAPIView):
    """Mail a link that sets a new password to the account with this address, if any.

    Answers 202 with the same body whatever the address, so that it reveals nothing about
    which addresses have accounts.
    """

    serializer_class = PasswordResetSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "password_reset"

    ACCEPTED = "If this address belongs to an active account, a password reset link is coming."

    @extend_schema(responses={status.HTTP_202_ACCEPTED: PasswordResetSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.request_password_reset(email=serializer.validated_data["email"])
        return Response({"detail": self.ACCEPTED}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(generics.GenericAPIView):
    """Set a new password with the `uid` and `token` of a reset link. The link then stops
    working, and every refresh token of the account is revoked: all sessions log in again."""

    serializer_class = PasswordResetConfirmSerializer
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "password_reset_confirm"

    @extend_schema(responses={status.HTTP_204_NO_CONTENT: None})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.reset_password(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(generics.GenericAPIView):
    """Change the password, proving the current one. Every refresh token issued before is
    revoked, this session's too; the answer is a new pair for this session to go on with."""

    serializer_class = PasswordChangeSerializer
    throttle_scope = "password_change"

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(services.change_password(user=request.user, **serializer.validated_data))


class MeView(generics.RetrieveAPIView):
    """The authenticated user."""

    serializer_class = UserSerializer

    def get_object(self):
        return self.request.user
