from http import HTTPStatus

import pytest
from django.utils.module_loading import import_string
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from config.settings import base
from {{ cookiecutter.project_slug }}.users import views

from .factories import PASSWORD, UserFactory
from .helpers import error_of

pytestmark = pytest.mark.django_db

ME_URL = "/api/v1/auth/me/"
TOKEN_URL = "/api/v1/auth/token/"
REFRESH_URL = "/api/v1/auth/token/refresh/"
LENIENT = dict.fromkeys(base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100/min")


@pytest.fixture
def throttle(monkeypatch):
    """Give views the production throttle classes with the given rates, for one test.

    Test settings switch throttling off, and DRF binds a view's throttle classes and the
    rates when it is imported, so they are patched rather than overridden in settings.
    """
    paths = base.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    if not paths:
        pytest.skip("THROTTLING_ENABLED is off in this environment")

    def enable(*views, **rates):
        for view in views:
            classes = [import_string(path) for path in paths]
            monkeypatch.setattr(view, "throttle_classes", classes)
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**LENIENT, **rates})

    return enable


def assert_throttled(response):
    error = error_of(response, HTTPStatus.TOO_MANY_REQUESTS)
    assert error["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


AUTH_CALLS = [
    pytest.param(
        views.RegisterView, "register", "/api/v1/auth/register/", {"email": "x"}, id="register"
    ),
    pytest.param(
        views.VerifyEmailView, "verify_email", "/api/v1/auth/verify-email/", {"token": "x"},
        id="verify",
    ),
    pytest.param(views.TokenObtainView, "login", TOKEN_URL, {"email": "x"}, id="token"),
    pytest.param(views.TokenRefreshView, "refresh", REFRESH_URL, {}, id="refresh"),
    pytest.param(
        views.PasswordResetView, "password_reset", "/api/v1/auth/password-reset/", {},
        id="password-reset",
    ),
    pytest.param(
        views.PasswordResetConfirmView, "password_reset_confirm",
        "/api/v1/auth/password-reset/confirm/", {}, id="password-reset-confirm",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("view", "scope", "url", "data"), AUTH_CALLS)
def test_auth_endpoints_are_limited_by_their_own_rate(throttle, api_client, view, scope, url, data):
    throttle(view, **{scope: "2/min"})
    for _ in range(2):
        assert api_client.post(url, data).status_code != HTTPStatus.TOO_MANY_REQUESTS

    assert_throttled(api_client.post(url, data))


def test_password_changes_are_limited_by_their_own_rate(throttle, user_client):
    throttle(views.PasswordChangeView, password_change="2/min")
    url, body = "/api/v1/auth/password-change/", {"current_password": "wrong"}
    for _ in range(2):
        assert user_client.post(url, body).status_code == HTTPStatus.BAD_REQUEST

    assert_throttled(user_client.post(url, body))


def test_refreshing_does_not_use_up_login_attempts(throttle, api_client, user):
    throttle(views.TokenObtainView, views.TokenRefreshView, login="1/min")
    login = api_client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD})
    refresh = login.json()["refresh"]
    for _ in range(3):
        response = api_client.post(REFRESH_URL, {"refresh": refresh})
        assert response.status_code == HTTPStatus.OK, response.content
        refresh = response.json()["refresh"]

    assert_throttled(api_client.post(TOKEN_URL, {"email": user.email, "password": PASSWORD}))


def client_at(address):
    return APIClient(REMOTE_ADDR=address)


def test_login_attempts_are_limited_per_account_from_any_client(throttle, user):
    throttle(views.TokenObtainView, login_account="2/min")
    wrong = {"email": user.email, "password": "not-the-password"}
    for address in ("192.0.2.1", "192.0.2.2"):
        response = client_at(address).post(TOKEN_URL, wrong)
        assert response.status_code == HTTPStatus.UNAUTHORIZED

    shouted = {"email": user.email.upper(), "password": PASSWORD}
    assert_throttled(client_at("192.0.2.3").post(TOKEN_URL, shouted))


def test_every_spelling_of_an_address_counts_against_one_account_limit(throttle):
    throttle(views.TokenObtainView, login_account="2/min")
    UserFactory.create(email="jane@xn--bcher-kva.de")
    for spelling in ("jane@b\u00fccher.de", "Jane@B\u00dcCHER.de"):
        response = client_at("192.0.2.1").post(TOKEN_URL, {"email": spelling, "password": "x"})
        assert response.status_code == HTTPStatus.UNAUTHORIZED

    body = {"email": "JANE@XN--BCHER-KVA.DE", "password": PASSWORD}
    assert_throttled(client_at("192.0.2.2").post(TOKEN_URL, body))


def test_the_account_limit_leaves_other_accounts_alone(throttle, user):
    throttle(views.TokenObtainView, login_account="1/min")
    client_at("192.0.2.1").post(TOKEN_URL, {"email": "someone@example.com", "password": "x"})

    response = client_at("192.0.2.1").post(TOKEN_URL, {"email": user.email, "password": PASSWORD})
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "body",
    [{"email": ["a@example.com"]}, {"email": 5}, {"email": None}, {}, ["a@example.com"], "x"],
    ids=["list", "number", "null", "absent", "array_body", "string_body"],
)
def test_the_account_limit_leaves_a_login_without_a_usable_email_to_validation(
    throttle, api_client, body
):
    throttle(views.TokenObtainView, login_account="1/min")
    for _ in range(2):
        response = api_client.post(TOKEN_URL, body, format="json")
        assert response.status_code == HTTPStatus.BAD_REQUEST, response.content


@pytest.fixture
def behind_one_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


PROXY = "10.0.0.2"


def via_proxy(forwarded_for):
    """A client as the app sees it behind the proxy: REMOTE_ADDR is the proxy's."""
    return APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


@pytest.mark.usefixtures("behind_one_proxy")
def test_clients_behind_the_proxy_have_buckets_of_their_own(throttle):
    throttle(views.TokenObtainView, anon="1/min")
    body = {"email": "nobody@example.com", "password": PASSWORD}
    via_proxy("198.51.100.1").post(TOKEN_URL, body)
    assert_throttled(via_proxy("198.51.100.1").post(TOKEN_URL, body))

    assert via_proxy("198.51.100.2").post(TOKEN_URL, body).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.usefixtures("behind_one_proxy")
def test_a_forwarded_for_written_by_the_client_does_not_change_its_bucket(throttle):
    throttle(views.TokenObtainView, anon="1/min")
    body = {"email": "nobody@example.com", "password": PASSWORD}
    via_proxy("198.51.100.1").post(TOKEN_URL, body)

    # The proxy appends what it saw to what the client sent; only its entry counts.
    assert_throttled(via_proxy("203.0.113.9, 198.51.100.1").post(TOKEN_URL, body))


def test_verification_resends_are_limited_by_their_own_rate(throttle, api_client):
    throttle(views.ResendVerificationEmailView, verify_email_resend="2/hour")
    url, body = "/api/v1/auth/verify-email/resend/", {"email": "someone@example.com"}
    for _ in range(2):
        assert api_client.post(url, body).status_code == HTTPStatus.ACCEPTED

    assert_throttled(api_client.post(url, body))


def test_anonymous_requests_are_limited_by_the_anon_rate(throttle, api_client):
    throttle(views.TokenObtainView, anon="1/min")
    body = {"email": "nobody@example.com", "password": PASSWORD}
    api_client.post(TOKEN_URL, body)

    assert_throttled(api_client.post(TOKEN_URL, body))


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

    assert auth_client(UserFactory.create()).get(ME_URL).status_code == HTTPStatus.OK


def test_staff_are_exempt_from_user_rate_throttles(throttle, staff_client):
    throttle(views.MeView, burst="1/min", sustained="1/day")

    for _ in range(5):
        assert staff_client.get(ME_URL).status_code == HTTPStatus.OK
