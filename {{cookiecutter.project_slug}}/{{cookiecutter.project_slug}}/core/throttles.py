"""Rate throttles. They count in the default cache, so limits hold across workers when
that cache is Redis (production refuses a per-process one).

Views with a `throttle_scope` (register, verify_email, login, refresh, ...) are limited
per client by DRF's ScopedRateThrottle, also listed in DEFAULT_THROTTLE_CLASSES; each
action has its own scope, so refreshing a session never competes with login attempts.
"""

import hashlib
from collections.abc import Mapping

from rest_framework.throttling import BaseThrottle, SimpleRateThrottle, UserRateThrottle

from .addresses import canonical_email_or_none


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind NUM_PROXIES trusted proxies, the address
    the outermost one saw (its entry in X-Forwarded-For).

    Exactly what DRF's throttles key anonymous clients on, so logs and throttles agree.
    https://www.django-rest-framework.org/api-guide/throttling/#how-clients-are-identified
    """
    return BaseThrottle().get_ident(request)


class StaffExemptUserRateThrottle(UserRateThrottle):
    """User-rate throttles do not apply to staff."""

    def allow_request(self, request, view):
        if request.user and request.user.is_staff:
            return True
        return super().allow_request(request, view)


class BurstRateThrottle(StaffExemptUserRateThrottle):
    scope = "burst"


class SustainedRateThrottle(StaffExemptUserRateThrottle):
    scope = "sustained"


class LoginAccountRateThrottle(SimpleRateThrottle):
    """Login attempts per account, from however many clients they come.

    Applies to the views whose `throttle_scope` is "login", beside the per-client limit
    there. The account is the email's canonical form (or, for an address without one, the
    email as sent, case-folded), so every spelling of one address counts against one
    limit; a body without a usable email is left to the serializer to refuse.
    """

    scope = "login_account"
    applies_to_scope = "login"

    def allow_request(self, request, view):
        if getattr(view, "throttle_scope", None) != self.applies_to_scope:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        data = request.data
        email = data.get("email") if isinstance(data, Mapping) else None
        if not isinstance(email, str) or not email.strip():
            return None
        canonical = canonical_email_or_none(email)
        account = (canonical or email.strip().casefold()).encode(errors="surrogatepass")
        ident = hashlib.sha256(account).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
