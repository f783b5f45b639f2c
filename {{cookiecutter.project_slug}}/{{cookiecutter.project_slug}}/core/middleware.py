import logging
import re
import uuid
from http import HTTPStatus

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse

from . import health
from .exceptions import error_body
from .request_context import client_address_var, request_id_var
from .throttles import client_address

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class RequestIdMiddleware:
    """Echo the caller's X-Request-ID (or a fresh one) on every response and in the logs.

    The logs also get the client's address, as the throttles see it. Both stay set until
    the response is closed (core.request_context), past Django's own log of the response.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request_id_var.set(request_id)
        client_address_var.set(client_address(request) or "-")
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when the database connection fails mid-request.

    A restarted or failed-over database, or a terminated backend, raises OperationalError or
    InterfaceError from the view. That is an outage the client should retry, not a bug:
    Django's request-end cleanup drops the broken connection, so the next request reconnects.
    """

    RETRY_AFTER_SECONDS = 1

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception, exc_info=exception)
        response = JsonResponse(
            error_body("service_unavailable", "The service is briefly unavailable; retry."),
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response


class HealthProbeMiddleware:
    """Answer /healthz and /readyz before host validation and the HTTPS redirect run.

    Orchestrators probe a container by its IP over plain HTTP, with a Host header no
    ALLOWED_HOSTS list can predict. Placed ahead of SecurityMiddleware and CommonMiddleware,
    this answers those two paths itself, so every other path keeps both protections.
    """

    PROBES = {"/healthz": health.healthz, "/readyz": health.readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = self.PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        return probe(request)
