"""Deprecation and sunset headers for API versions and routes that are on their way out.

API_DEPRECATIONS (settings) maps an API version ("v1") or one route of a version
("v1:product-list", the version and the URL name) to when it was or will be deprecated,
when it stops being served, and what replaces it:

    API_DEPRECATIONS = {
        "v1": {
            "deprecation": "2026-01-01T00:00:00Z",
            "sunset": "2026-07-01T00:00:00Z",
            "successor": "https://api.example.com/api/v2/",
        },
    }

Every response of a deprecated version or route then carries `Deprecation: @<epoch>`
(RFC 9745), `Sunset: <HTTP-date>` (RFC 8594) and `Link: <successor>;
rel="successor-version"`; "sunset" and "successor" are optional. A route's entry wins over
its version's. A malformed entry stops the project at startup, naming it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date


@dataclass(frozen=True)
class Deprecation:
    deprecation: datetime
    sunset: datetime | None = None
    successor: str = ""

    def headers(self) -> dict[str, str]:
        headers = {"Deprecation": f"@{int(self.deprecation.timestamp())}"}
        if self.sunset is not None:
            headers["Sunset"] = http_date(self.sunset.timestamp())
        if self.successor:
            headers["Link"] = f'<{self.successor}>; rel="successor-version"'
        return headers


def parse_deprecations(entries) -> dict[str, Deprecation]:
    if not isinstance(entries, dict):
        raise ImproperlyConfigured("API_DEPRECATIONS must map versions or routes to entries.")
    return {key: _parse_entry(key, entry) for key, entry in entries.items()}


def _parse_entry(key, entry):
    if not isinstance(entry, dict) or not set(entry) <= {"deprecation", "sunset", "successor"}:
        raise ImproperlyConfigured(
            f'API_DEPRECATIONS["{key}"] must be an object with "deprecation" and optionally '
            '"sunset" and "successor".'
        )
    deprecation = _moment(key, "deprecation", entry.get("deprecation"))
    sunset = _moment(key, "sunset", entry["sunset"]) if "sunset" in entry else None
    if sunset is not None and sunset < deprecation:
        raise ImproperlyConfigured(f'API_DEPRECATIONS["{key}"]: the sunset precedes deprecation.')
    successor = entry.get("successor", "")
    if not isinstance(successor, str) or any(char in successor for char in '<>"\r\n'):
        raise ImproperlyConfigured(f'API_DEPRECATIONS["{key}"]["successor"] must be a URL.')
    return Deprecation(deprecation=deprecation, sunset=sunset, successor=successor)


def _moment(key, name, value):
    """An ISO 8601 date or date-time; a date means its midnight UTC, as does a naive time."""
    moment = None
    if isinstance(value, str):
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime(day.year, day.month, day.day)
    if moment is None:
        raise ImproperlyConfigured(
            f'API_DEPRECATIONS["{key}"]["{name}"] must be an ISO 8601 date or date-time.'
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class DeprecationMiddleware:
    """Adds the headers of API_DEPRECATIONS to the responses of the versions and routes it
    names; nothing at all when it is empty."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.deprecations = parse_deprecations(settings.API_DEPRECATIONS)

    def __call__(self, request):
        response = self.get_response(request)
        if self.deprecations and (deprecation := self._lookup(request)) is not None:
            for header, value in deprecation.headers().items():
                response[header] = value
        return response

    def _lookup(self, request):
        match = request.resolver_match
        version = match.kwargs.get("version") if match is not None else None
        if version is None:
            return None
        route = self.deprecations.get(f"{version}:{match.url_name}")
        return route or self.deprecations.get(version)
