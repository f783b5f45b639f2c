"""What the logs know about the request being served (core.logging puts it on records)."""

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
client_address_var: ContextVar[str] = ContextVar("client_address", default="-")


def clear_request_context(**kwargs):
    """Receiver of request_finished: forget the request once its response is closed.

    Not when the middleware returns: Django logs 4xx and 5xx responses (django.request)
    after every middleware has, and those lines need the request id too.
    """
    request_id_var.set("-")
    client_address_var.set("-")
