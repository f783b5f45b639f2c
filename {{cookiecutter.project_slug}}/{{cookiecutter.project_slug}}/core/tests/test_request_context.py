"""Log records made while a request is served carry its id and its client's address."""

import logging
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from {{ cookiecutter.project_slug }}.core.logging import RequestIdFilter
from {{ cookiecutter.project_slug }}.core.request_context import client_address_var, request_id_var

REQUEST_ID = "req-4xx-1"
MISSING_URL = "/api/v1/no-such-endpoint/"


@pytest.fixture
def records(caplog):
    """The django.request records, with the filter the console handler applies."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.WARNING, logger="django.request")

    def of_django_request():
        return [record for record in caplog.records if record.name == "django.request"]

    return of_django_request


def test_not_found_warning_keeps_the_request_id(records, api_client):
    response = api_client.get(MISSING_URL, headers={"X-Request-ID": REQUEST_ID})

    assert response.status_code == HTTPStatus.NOT_FOUND
    (record,) = records()
    assert record.getMessage().startswith("Not Found")
    assert record.request_id == REQUEST_ID


@pytest.mark.django_db
def test_bad_request_warning_keeps_the_request_id(records, api_client):
    response = api_client.post(
        "/api/v1/auth/token/", {"email": 5}, format="json", headers={"X-Request-ID": REQUEST_ID}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    (record,) = records()
    assert record.getMessage().startswith("Bad Request")
    assert record.request_id == REQUEST_ID


def test_the_request_is_forgotten_once_its_response_is_closed(api_client):
    api_client.get(MISSING_URL, headers={"X-Request-ID": REQUEST_ID})

    assert (request_id_var.get(), client_address_var.get()) == ("-", "-")


def test_records_carry_the_client_address(records):
    APIClient(REMOTE_ADDR="192.0.2.7").get(MISSING_URL)

    (record,) = records()
    assert record.client_address == "192.0.2.7"


def test_behind_the_proxy_records_carry_the_address_the_proxy_saw(records, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1")

    client.get(MISSING_URL)

    (record,) = records()
    assert record.client_address == "198.51.100.1"
