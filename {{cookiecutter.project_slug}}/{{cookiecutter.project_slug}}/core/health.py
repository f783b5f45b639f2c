"""Liveness and readiness probes.

`/healthz` does no I/O: it answers as long as the process serves requests.
`/readyz` touches every backing service and answers 503 naming what failed.
"""

import functools
import logging
import uuid
from http import HTTPStatus

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

{% if cookiecutter.use_celery | enabled -%}
from .broker import check_broker
{% endif -%}
from .exceptions import error_body

PROBE_METHODS = ("GET", "HEAD")

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


READINESS_CHECKS = {
    "database": check_database,
    "cache": check_cache,
    {{- '\n    "broker": check_broker,' if cookiecutter.use_celery | enabled }}
}


def probe(view):
    """A probe view: never cached, GET and HEAD only, other methods get the error envelope."""

    @never_cache
    @functools.wraps(view)
    def wrapper(request):
        if request.method not in PROBE_METHODS:
            message = f'Method "{request.method}" not allowed.'
            response = JsonResponse(
                error_body("method_not_allowed", message), status=HTTPStatus.METHOD_NOT_ALLOWED
            )
            response["Allow"] = ", ".join(PROBE_METHODS)
            return response
        return view(request)

    return wrapper


@probe
def healthz(request):
    return JsonResponse({"status": "ok"})


@probe
def readyz(request):
    checks = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Readiness check %s failed", name)
            checks[name] = "failed"
        else:
            checks[name] = "ok"
    ready = all(state == "ok" for state in checks.values())
    status = HTTPStatus.OK if ready else HTTPStatus.SERVICE_UNAVAILABLE
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    return JsonResponse(body, status=status)
