from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework_simplejwt import views as jwt_views

from . import services
from .serializers import (
    AccountSerializer,
    LogoutSerializer,
    RegisterSerializer,
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


class TokenObtainView(jwt_views.TokenObtainPairView):
    """Exchange email and password for an access and a refresh token."""

    # Limited per client here, and per account by core.throttles.LoginAccountRateThrottle.
    throttle_scope = "login"


class TokenRefreshView(jwt_views.TokenRefreshView):
    """Exchange a refresh token for a new pair; the old refresh token stops working."""

    throttle_scope = "refresh"


class LogoutView(generics.GenericAPIView):
    """Blacklist the given refresh token. Access tokens are short-lived and expire on their own."""

    serializer_class = LogoutSerializer

    @extend_schema(responses={status.HTTP_204_NO_CONTENT: None})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.validated_data["refresh"].blacklist()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(generics.RetrieveAPIView):
    """The authenticated user."""

    serializer_class = UserSerializer

    def get_object(self):
        return self.request.user
