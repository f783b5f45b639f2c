import logging

from .request_context import client_address_var, request_id_var


class RequestIdFilter(logging.Filter):
    """Put the current request's id and client address on every log record."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        record.client_address = client_address_var.get()
        return True
