import re
import uuid

from . import health
from .request_context import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTABLE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")


class RequestIdMiddleware:
    """Echo the caller's X-Request-ID (or a fresh one) on every response and in the logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _ACCEPTABLE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
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
