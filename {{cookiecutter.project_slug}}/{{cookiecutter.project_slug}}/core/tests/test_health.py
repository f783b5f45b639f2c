from http import HTTPStatus

import pytest

from {{ cookiecutter.project_slug }}.core import health

from .test_error_envelope import assert_envelope

EXPECTED_CHECKS = ["database", "cache"{% if cookiecutter.use_celery | enabled %}, "broker"{% endif %}]


def test_liveness_answers_without_touching_the_database(api_client):
    # No django_db mark: pytest-django fails any database access here.
    response = api_client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readiness_reports_each_backing_service(api_client):
    response = api_client.get("/readyz")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "status": "ok",
        "checks": dict.fromkeys(EXPECTED_CHECKS, "ok"),
    }


@pytest.mark.django_db
def test_readiness_is_a_503_naming_the_failed_service(api_client, monkeypatch):
    def unreachable():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.READINESS_CHECKS, "cache", unreachable)

    response = api_client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"] == "failed"
    assert body["checks"]["database"] == "ok"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_refuse_writes_with_the_error_envelope(api_client, path):
    response = api_client.post(path)

    assert_envelope(response, HTTPStatus.METHOD_NOT_ALLOWED, "method_not_allowed")
    assert response["Allow"] == "GET, HEAD"
