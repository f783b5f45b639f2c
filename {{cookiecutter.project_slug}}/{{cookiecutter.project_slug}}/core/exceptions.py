"""The one error envelope every error response uses:

{"error": {"code": "<machine_code>", "message": "<human text>", "details": {...}}}
"""

import math
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
    detail = getattr(exc, "detail", response.data)
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
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def _details_of(exc):
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        return {"retry_after": math.ceil(exc.wait)}
    return getattr(exc, "details", None)


def _as_field_errors(detail):
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail}


def not_found(request, exception=None):
    body = error_body("not_found", "The requested resource was not found.")
    return JsonResponse(body, status=HTTPStatus.NOT_FOUND)


def server_error(request):
    body = error_body("server_error", "An unexpected error occurred.")
    return JsonResponse(body, status=HTTPStatus.INTERNAL_SERVER_ERROR)


def bad_request(request, exception=None):
    body = error_body("bad_request", "The request could not be understood.")
    return JsonResponse(body, status=HTTPStatus.BAD_REQUEST)


def permission_denied(request, exception=None):
    body = error_body("permission_denied", "You do not have permission to perform this action.")
    return JsonResponse(body, status=HTTPStatus.FORBIDDEN)
