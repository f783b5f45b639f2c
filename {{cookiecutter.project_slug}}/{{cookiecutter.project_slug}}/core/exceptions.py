"""The one error envelope every error response uses:

{"error": {"code": "<machine_code>", "message": "<human text>", "details": {...}}}
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


class DetailedAPIException(exceptions.APIException):
    """An APIException that carries machine-readable `details` into the envelope."""

    def __init__(self, detail=None, code=None, details=None):
        super().__init__(detail, code)
        self.details = details or {}


class BadRequest(DetailedAPIException):
    """Well-formed input that a business rule rejects (e.g. not enough stock)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "The request cannot be fulfilled."
    default_code = "bad_request"


class Conflict(DetailedAPIException):
    """The request is valid but clashes with the resource's current state."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."
    default_code = "conflict"


class Unprocessable(DetailedAPIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request cannot be processed."
    default_code = "unprocessable"


class ValidationFailed(DetailedAPIException):
    """Input a service refuses field by field, after the serializer accepted it (e.g. a unique
    value a concurrent request took first): the same 400 `invalid` a serializer answers."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid input."
    default_code = "invalid"

    def __init__(self, field_errors):
        super().__init__(details=field_errors)


# A subclass of DRF's AuthenticationFailed, so that the view adds its WWW-Authenticate header.
class NotAuthenticated(DetailedAPIException, exceptions.AuthenticationFailed):
    """Credentials or a token that do not identify an active user."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "Incorrect authentication credentials."
    default_code = "authentication_failed"


class InvalidCredentials(NotAuthenticated):
    default_detail = "No account matches this email and password."
    default_code = "invalid_credentials"


class InvalidToken(NotAuthenticated):
    """A forged, expired or already used token."""

    default_detail = "Token is invalid or expired"
    default_code = "token_not_valid"


def error_body(code, message, details=None):
    return {"error": {"code": code, "message": str(message), "details": details or {}}}


def envelope_exception_handler(exc, context):
    """Let DRF pick the status and headers (e.g. Retry-After), then reshape the body."""
    # Django's own exceptions carry no code; Http404's message would also name the model.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # Unexpected: Django's handler500 answers with the envelope.
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid", "Invalid input.", _as_field_errors(exc.detail))
        return response
    # DRF answers only its own exceptions, so `exc` is an APIException from here on.
    detail = exc.detail
    if isinstance(detail, dict):
        # simplejwt's exceptions (raised by JWTAuthentication): {"detail", "code", ...}.
        code, message = str(detail["code"]), detail["detail"]
    else:
        code, message = exc.get_codes(), detail
    response.data = error_body(code, message, _details_of(exc))
    return response


def _details_of(exc):
    # Throttled.__init__ sets `wait`; the stubs do not declare it.
    wait = exc.wait if isinstance(exc, exceptions.Throttled) else None  # type: ignore[attr-defined]
    if wait is not None:
        return {"retry_after": wait}  # DRF has rounded it up to whole seconds
    return getattr(exc, "details", None)


def _as_field_errors(detail):
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail}
