"""Per-user rate throttles. They count in the default cache, so limits hold across workers
when that cache is Redis.

Views with a `throttle_scope` (the auth endpoints use "auth") are limited by DRF's
ScopedRateThrottle, also listed in DEFAULT_THROTTLE_CLASSES.
"""

from rest_framework.throttling import UserRateThrottle


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
