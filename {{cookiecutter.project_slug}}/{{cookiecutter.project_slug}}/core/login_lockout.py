"""How django-axes tells one admin login attempt from another (see the AXES_* settings)."""

from django.conf import settings
from rest_framework.throttling import BaseThrottle


def client_ip(request):
    """The client's address as the API's throttles see it (behind NUM_PROXIES proxies), so
    that behind the TLS proxy one client's failures do not lock an account for everyone."""
    return BaseThrottle().get_ident(request)


def username(request, credentials):
    """The email as typed, compared the way login compares it (case-insensitively), so that
    changing its case does not start a new count of failures."""
    source = credentials if credentials is not None else request.POST
    return (source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().upper() or None
