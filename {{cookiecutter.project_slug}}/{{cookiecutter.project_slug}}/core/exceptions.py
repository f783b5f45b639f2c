"""The one error envelope every error response uses:

{"error": {"code": "<machine_code>", "message": "<human text>", "details": {...}}}
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
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
    code = _code_of(exc, detail)
    if isinstance(detail, dict):
        message = detail.get("detail", HTTPStatus(response.status_code).phrase)
    else:
        message = detail
    response.data = error_body(code, message, _details_of(exc))
    return response


def _code_of(exc, detail):
    if isinstance(detail, dict) and "code" in detail:
        return str(detail["code"])
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def _details_of(exc):
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        return {"retry_after": exc.wait}  # DRF has rounded it up to whole seconds
    return getattr(exc, "details", None)


def _as_field_errors(detail):
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail}


def _error_view(code, message, status):
    """A Django error handler (handler400 and friends) answering with the envelope."""

    def view(request, exception=None):
        return JsonResponse(error_body(code, message), status=status)

    return view


not_found = _error_view("not_found", "The requested resource was not found.", HTTPStatus.NOT_FOUND)
server_error = _error_view(
    "server_error", "An unexpected error occurred.", HTTPStatus.INTERNAL_SERVER_ERROR
)
bad_request = _error_view(
    "bad_request", "The request could not be understood.", HTTPStatus.BAD_REQUEST
)
permission_denied = _error_view(
    "permission_denied",
    "You do not have permission to perform this action.",
    HTTPStatus.FORBIDDEN,
)
