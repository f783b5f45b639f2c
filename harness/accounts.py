"""The accounts contract a running project keeps, driven over HTTP."""

import re
from http import HTTPStatus

AUTH = "/api/v1/auth"
VERIFICATION_TOKEN = re.compile(r"token=([^\s\"'<>&]+)")


def access_token(client, email, password):
    response = client.post(f"{AUTH}/token/", json={"email": email, "password": password})
    assert response.status_code == HTTPStatus.OK, response.text
    return response.json()["access"]


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
