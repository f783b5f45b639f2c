"""Each variant served as in production, driven over HTTP from outside the project.

The steps share one running stack per variant: boot, an end-to-end order flow, and
schemathesis against the served schema. The stack is stopped (and must stop cleanly)
and the variant's database dropped afterwards, also when a step fails.
"""

import re
import secrets
import sys
import uuid
from http import HTTPStatus

import pytest

from tests.accounts import access_token, register_and_verify
from tests.live import STAFF_EMAIL, start_stack, stop_stack
from tests.processes import run
from tests.steps import skip_as_covered

PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module")
def stack(variant, baked, venv, variant_services, tmp_path_factory):
    started = []
    try:
        yield start_stack(
            baked=baked,
            venv=venv,
            variant=variant,
            variant_services=variant_services,
            work_dir=tmp_path_factory.mktemp("stack"),
            started=started,
        )
    finally:
        exit_codes = stop_stack(started)
    unclean = {name: code for name, code in exit_codes.items() if code != 0}
    assert unclean == {}, f"processes did not stop cleanly: {unclean}"


def _register_and_verify(stack, email):
    with stack.client() as client:
        return register_and_verify(
            client,
            email=email,
            password=PASSWORD,
            wait_for_mail=lambda: stack.wait_for_mail(matching=re.escape(email)),
        )


def test_boot(stack):
    with stack.client() as client:
        assert client.get("/healthz").status_code == HTTPStatus.OK
        ready = client.get("/readyz")
    assert ready.status_code == HTTPStatus.OK, ready.text
    expected = {"database", "cache"} | ({"broker"} if stack.uses_celery else set())
    assert set(ready.json()["checks"]) == expected


def test_end_to_end_flow(stack):
    buyer = _register_and_verify(stack, f"buyer-{uuid.uuid4().hex[:8]}@example.com")
    other = _register_and_verify(stack, f"other-{uuid.uuid4().hex[:8]}@example.com")
    with stack.client() as anonymous:
        staff = access_token(anonymous, STAFF_EMAIL, stack.staff_password)

    with stack.client(staff) as client:
        products = []
        for number in range(3):
            created = client.post(
                "/api/v1/products/",
                json={
                    "sku": f"SKU-{uuid.uuid4().hex[:8]}",
                    "name": f"Widget {number}",
                    "description": "A widget.",
                    "price": "9.50",
                    "stock": 5,
                },
            )
            assert created.status_code == HTTPStatus.CREATED, created.text
            products.append(created.json()["id"])

    order_body = {
        "items": [{"product": products[0], "quantity": 2}, {"product": products[1], "quantity": 1}]
    }
    key = {"Idempotency-Key": uuid.uuid4().hex}
    with stack.client(buyer) as client:
        placed = client.post("/api/v1/orders/", json=order_body, headers=key)
        assert placed.status_code == HTTPStatus.CREATED, placed.text
        order = placed.json()
        assert order["total"] == "28.50"

        replayed = client.post("/api/v1/orders/", json=order_body, headers=key)
        assert replayed.status_code in (HTTPStatus.OK, HTTPStatus.CREATED)
        assert replayed.json()["id"] == order["id"]
        stock = client.get(f"/api/v1/products/{products[0]}/").json()["stock"]
        assert stock == 3  # charged once

        listed = client.get("/api/v1/orders/").json()
        assert [row["id"] for row in listed["results"]] == [order["id"]]
        detail = client.get(f"/api/v1/orders/{order['id']}/")
        assert detail.status_code == HTTPStatus.OK
        assert len(detail.json()["items"]) == 2

    with stack.client(other) as client:
        assert client.get(f"/api/v1/orders/{order['id']}/").status_code == HTTPStatus.NOT_FOUND

    with stack.client(buyer) as client:
        assert client.post(f"/api/v1/orders/{order['id']}/pay/").status_code == HTTPStatus.OK
        assert client.post(f"/api/v1/orders/{order['id']}/pay/").status_code == HTTPStatus.CONFLICT
        cancel_paid = client.post(f"/api/v1/orders/{order['id']}/cancel/")
        assert cancel_paid.status_code == HTTPStatus.CONFLICT
        assert cancel_paid.json()["error"]["code"]

        second = client.post(
            "/api/v1/orders/", json={"items": [{"product": products[2], "quantity": 5}]}
        )
        assert second.status_code == HTTPStatus.CREATED, second.text
        cancelled = client.post(f"/api/v1/orders/{second.json()['id']}/cancel/")
        assert cancelled.status_code == HTTPStatus.OK
        assert client.get(f"/api/v1/products/{products[2]}/").json()["stock"] == 5  # restocked

    # The confirmation mail is sent after commit: by the `emails` worker with Celery.
    stack.wait_for_mail(matching=rf"(?i)\border {order['id']}\b")


def test_schemathesis(stack, variant, run_claims, tmp_path):
    with stack.client() as client:
        staff = access_token(client, STAFF_EMAIL, stack.staff_password)
        schema = client.get("/api/schema/")
    assert schema.status_code == HTTPStatus.OK, schema.text
    # Variants that differ only in Celery, OpenTelemetry, Docker or CI serve the same API.
    fuzzed_by = run_claims.claim("schema", schema.content, variant.id)
    if fuzzed_by != variant.id:
        skip_as_covered(f"same schema as {fuzzed_by} already fuzzed")
    # One worker: generation in several threads has crashed inside schemathesis now and
    # then, and with a fixed seed a single worker makes the same requests on every run.
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{stack.base_url}/api/schema/",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--header", f"Authorization: Bearer {staff}",
        "--header", "X-Forwarded-Proto: https",
        "--max-examples", "15", "--seed", "1", "--workers", "1",
        "--generation-database", "none", "--no-color",
    ]  # fmt: skip
    # schemathesis keeps a cache in its working directory.
    run(command, cwd=tmp_path, env=None, timeout=900)
