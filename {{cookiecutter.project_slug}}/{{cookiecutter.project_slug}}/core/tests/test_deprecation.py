from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ImproperlyConfigured

from {{ cookiecutter.project_slug }}.core.deprecation import parse_deprecations

pytestmark = pytest.mark.django_db

V1_DEPRECATED = {
    "v1": {
        "deprecation": "2026-01-01T00:00:00Z",
        "sunset": "2026-07-01",
        "successor": "https://api.example.com/api/v2/",
    }
}


def test_no_deprecation_headers_unless_configured(api_client, settings):
    settings.API_DEPRECATIONS = {}

    response = api_client.get("/api/v1/products/")

    assert response.status_code == HTTPStatus.OK
    assert not {"Deprecation", "Sunset", "Link"} & set(response.headers)


def test_a_deprecated_version_says_when_and_what_replaces_it(api_client, settings):
    settings.API_DEPRECATIONS = V1_DEPRECATED

    response = api_client.get("/api/v1/products/")

    deprecated_at = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    assert response.headers["Deprecation"] == f"@{deprecated_at}"
    assert response.headers["Sunset"] == "Wed, 01 Jul 2026 00:00:00 GMT"
    assert response.headers["Link"] == '<https://api.example.com/api/v2/>; rel="successor-version"'


def test_error_responses_of_a_deprecated_version_carry_the_headers_too(api_client, settings):
    settings.API_DEPRECATIONS = V1_DEPRECATED

    response = api_client.get("/api/v1/products/0/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Deprecation" in response.headers


def test_other_versions_are_untouched(api_client, settings):
    settings.API_DEPRECATIONS = V1_DEPRECATED

    response = api_client.get("/api/v2/products/")

    assert not {"Deprecation", "Sunset", "Link"} & set(response.headers)


def test_a_route_entry_marks_that_route_only_and_wins_over_its_version(api_client, settings):
    settings.API_DEPRECATIONS = {
        "v2": {"deprecation": "2027-01-01"},
        "v2:product-list": {"deprecation": "2026-03-01"},
    }

    listed = api_client.get("/api/v2/products/")
    other = api_client.get("/api/v2/auth/me/")

    assert listed.headers["Deprecation"] == f"@{int(datetime(2026, 3, 1, tzinfo=UTC).timestamp())}"
    assert other.headers["Deprecation"] == f"@{int(datetime(2027, 1, 1, tzinfo=UTC).timestamp())}"
    assert "Sunset" not in listed.headers


@pytest.mark.parametrize(
    "entries",
    [
        {"v1": {"sunset": "2026-07-01"}},
        {"v1": {"deprecation": "soon"}},
        {"v1": {"deprecation": "2026-07-01", "sunset": "2026-01-01"}},
        {"v1": {"deprecation": "2026-01-01", "successor": "<x>"}},
        {"v1": {"deprecation": "2026-01-01", "retired": "2027-01-01"}},
        ["v1"],
    ],
    ids=["no-deprecation", "not-a-date", "sunset-first", "bad-link", "unknown-key", "not-a-map"],
)
def test_a_malformed_setting_is_refused_at_startup(entries):
    with pytest.raises(ImproperlyConfigured):
        parse_deprecations(entries)
