from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.utils.module_loading import import_string
from rest_framework.throttling import SimpleRateThrottle

from config.settings import base
from {{ cookiecutter.project_slug }}.users import views

from .factories import PASSWORD, UserFactory
from .helpers import error_of

pytestmark = pytest.mark.django_db

ME_URL = "/api/v1/auth/me/"
LENIENT = {
    "burst": "100/min",
    "sustained": "100/day",
    "anon": "100/min",
    "auth": "100/min",
    "verify_email_resend": "100/min",
}


@pytest.fixture
def throttle(monkeypatch):
    """Give one view the production throttle classes with the given rates, for one test.

    Test settings switch throttling off, and DRF binds a view's throttle classes and the
    rates when it is imported, so they are patched rather than overridden in settings.
    """
    paths = base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    if not paths:
        pytest.skip("THROTTLING_ENABLED is off in this environment")
    cache.clear()

    def enable(view, **rates):
        monkeypatch.setattr(view, "throttle_classes", [import_string(path) for path in paths])
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**LENIENT, **rates})

    yield enable
    cache.clear()


def assert_throttled(response):
    error = error_of(response, HTTPStatus.TOO_MANY_REQUESTS)
    assert error["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


AUTH_CALLS = [
    pytest.param(views.RegisterView, "/api/v1/auth/register/", {"email": "x"}, id="register"),
    pytest.param(views.VerifyEmailView, "/api/v1/auth/verify-email/", {"token": "x"}, id="verify"),
    pytest.param(views.TokenObtainView, "/api/v1/auth/token/", {"email": "x"}, id="token"),
    pytest.param(views.TokenRefreshView, "/api/v1/auth/token/refresh/", {}, id="refresh"),
]


@pytest.mark.parametrize(("view", "url", "data"), AUTH_CALLS)
def test_auth_endpoints_are_limited_by_the_auth_rate(throttle, api_client, view, url, data):
    throttle(view, auth="2/min")
    for _ in range(2):
        assert api_client.post(url, data).status_code != HTTPStatus.TOO_MANY_REQUESTS

    assert_throttled(api_client.post(url, data))


def test_verification_resends_are_limited_by_their_own_rate(throttle, api_client):
    throttle(views.ResendVerificationEmailView, verify_email_resend="2/hour")
    url, body = "/api/v1/auth/verify-email/resend/", {"email": "someone@example.com"}
    for _ in range(2):
        assert api_client.post(url, body).status_code == HTTPStatus.ACCEPTED

    assert_throttled(api_client.post(url, body))


def test_anonymous_requests_are_limited_by_the_anon_rate(throttle, api_client):
    throttle(views.TokenObtainView, anon="1/min")
    body = {"email": "nobody@example.com", "password": PASSWORD}
    api_client.post("/api/v1/auth/token/", body)

    assert_throttled(api_client.post("/api/v1/auth/token/", body))


def test_users_are_limited_by_the_burst_rate(throttle, user_client):
    throttle(views.MeView, burst="2/min")
    for _ in range(2):
        assert user_client.get(ME_URL).status_code == HTTPStatus.OK

    assert_throttled(user_client.get(ME_URL))


def test_users_are_limited_by_the_sustained_rate(throttle, user_client):
    throttle(views.MeView, sustained="2/day")
    for _ in range(2):
        assert user_client.get(ME_URL).status_code == HTTPStatus.OK

    assert_throttled(user_client.get(ME_URL))


def test_user_rates_are_counted_per_user(throttle, auth_client, user_client):
    throttle(views.MeView, burst="1/min")
    user_client.get(ME_URL)
    assert_throttled(user_client.get(ME_URL))

    assert auth_client(UserFactory()).get(ME_URL).status_code == HTTPStatus.OK


def test_staff_are_exempt_from_user_rate_throttles(throttle, staff_client):
    throttle(views.MeView, burst="1/min", sustained="1/day")

    for _ in range(5):
        assert staff_client.get(ME_URL).status_code == HTTPStatus.OK
