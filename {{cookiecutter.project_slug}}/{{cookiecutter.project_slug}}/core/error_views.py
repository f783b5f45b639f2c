"""Django's error handlers (handler400 and friends), answering with the error envelope."""

from http import HTTPStatus

from django.http import JsonResponse

from .exceptions import error_body


def _error_view(code, message, status):
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
