"""The accounts contract a running project keeps, driven over HTTP."""

import re
from http import HTTPStatus

AUTH = "/api/v1/auth"
VERIFICATION_TOKEN = re.compile(r"token=([^\s\"'<>&]+)")
RESET_LINK = re.compile(r"reset-password\?uid=([\w-]+)&token=([\w-]+)")


def access_token(client, email, password):
    response = client.post(f"{AUTH}/token/", json={"email": email, "password": password})
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["access"]


def log_in(client, email, password):
    response = client.post(f"{AUTH}/token/", json={"email": email, "password": password})
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()


def reset_password(client, *, email, new_password, wait_for_mail):
    """Ask for a reset link, set `new_password` with the one in the mail `wait_for_mail()`
    returns, and prove the link works once."""
    requested = client.post(f"{AUTH}/password-reset/", json={"email": email})
    assert requested.status_code == HTTPStatus.ACCEPTED, requested.text

    uid, token = RESET_LINK.search(wait_for_mail()).groups()
    link = {"uid": uid, "token": token, "new_password": new_password}
    confirmed = client.post(f"{AUTH}/password-reset/confirm/", json=link)
    assert confirmed.status_code == HTTPStatus.NO_CONTENT, confirmed.text
    again = client.post(f"{AUTH}/password-reset/confirm/", json=link)
    assert again.status_code == HTTPStatus.BAD_REQUEST, again.text


def register_and_verify(client, *, email, password, wait_for_mail):
    """Register `email`, be refused a token until its address is verified, then verify it
    with the link in the mail `wait_for_mail()` returns. Returns an access token."""
    credentials = {"email": email, "password": password}
    registered = client.post(f"{AUTH}/register/", json=credentials)
    assert registered.status_code == HTTPStatus.CREATED, registered.text

    before = client.post(f"{AUTH}/token/", json=credentials)
    assert before.status_code == HTTPStatus.UNAUTHORIZED
    assert before.json()["error"]["code"] == "email_not_verified"

    token = VERIFICATION_TOKEN.search(wait_for_mail()).group(1)
    verified = client.post(f"{AUTH}/verify-email/", json={"token": token})
    assert verified.status_code == HTTPStatus.OK, verified.text
    return access_token(client, email, password)
