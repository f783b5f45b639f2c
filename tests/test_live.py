"""Each variant served as in production, driven over HTTP from outside the project.

The steps share one running stack per variant, served through nginx: boot, an
end-to-end order flow, schemathesis against the served schema, then the fault step and
the proxy's throttle check; the last faults stop the emails worker and gunicorn
themselves (warm and graceful shutdown). The stack is stopped (and must stop cleanly)
and the variant's database dropped afterwards, also when a step fails.
"""

import re
import secrets
import signal
import sys
import uuid
from http import HTTPStatus

import pytest

from harness.accounts import AUTH, access_token, log_in, register_and_verify, reset_password
from harness.faults import (
    Concurrently,
    Shop,
    Tally,
    checkout,
    committed_orders,
    register,
    report,
    settle,
)
from harness.live import ANON_RATE, STAFF_EMAIL, serving, wait_for_workers
from harness.processes import poll, run
from harness.steps import skip_as_covered

PASSWORD = secrets.token_urlsafe(16)


@pytest.fixture(scope="module", autouse=True)
def same_code_served_once(variant, baked, run_claims):
    """Trees that differ only in what deployment, CI and the documentation read serve the
    same code: the first of them to get here serves it on each broker, the others are
    covered. First of the module's fixtures, so a covered variant claims nothing else
    (faults, schemas)."""
    run_claims.once_per_code("live", baked, variant, done="served", per_broker=True)


@pytest.fixture(scope="module")
def stack(variant, baked, venv, variant_services, tmp_path_factory):
    with serving(
        baked=baked,
        venv=venv,
        variant=variant,
        variant_services=variant_services,
        work_dir=tmp_path_factory.mktemp("stack"),
    ) as running:
        yield running


def _register_and_verify(stack, email, *, local_address=None):
    with stack.client(local_address=local_address) as client:
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
        # Orders are named by their public id (UUIDv7), never by the integer key.
        assert uuid.UUID(order["id"]).version == 7

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

    pay = f"/api/v1/orders/{order['id']}/pay/"
    with stack.client(buyer) as client:
        # Only staff (or the payment provider's signed webhook) confirm a payment.
        assert client.post(pay).status_code == HTTPStatus.FORBIDDEN
    with stack.client(staff) as client:
        assert client.post(pay).status_code == HTTPStatus.OK
        assert client.post(pay).status_code == HTTPStatus.CONFLICT
    with stack.client(buyer) as client:
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


def test_password_reset_by_the_emailed_link(stack):
    """A reset mailed through the outbox sets the password and ends every session."""
    email = f"forgetful-{uuid.uuid4().hex[:8]}@example.com"
    _register_and_verify(stack, email)
    new_password = secrets.token_urlsafe(16)
    with stack.client() as client:
        session = log_in(client, email, PASSWORD)["refresh"]
        reset_password(
            client,
            email=email,
            new_password=new_password,
            wait_for_mail=lambda: stack.wait_for_mail(matching="reset-password", to=email),
        )
        refreshed = client.post(f"{AUTH}/token/refresh/", json={"refresh": session})
        assert refreshed.status_code == HTTPStatus.UNAUTHORIZED, refreshed.text
        assert access_token(client, email, new_password)


# One schema per API version (the project's openapi.yaml, openapi-v2.yaml), each served.
SCHEMA_PATHS = ("/api/schema/", "/api/schema/v2/")


def test_schemathesis(stack, variant, run_claims, tmp_path):
    with stack.client() as client:
        staff = access_token(client, STAFF_EMAIL, stack.staff_password)
        schemas = {path: client.get(path) for path in SCHEMA_PATHS}
    covered_by = {}
    for path, schema in schemas.items():
        assert schema.status_code == HTTPStatus.OK, schema.text
        # Variants that differ only in Celery, OpenTelemetry, Docker or CI serve the same API.
        fuzzed_by = run_claims.claim("schema", schema.content, variant.id)
        if fuzzed_by != variant.id:
            covered_by[path] = fuzzed_by
            continue
        # One worker: generation in several threads has crashed inside schemathesis now and
        # then, and with a fixed seed a single worker makes the same requests on every run.
        command = [
            sys.executable, "-m", "schemathesis.cli", "run", f"{stack.base_url}{path}",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--header", f"Authorization: Bearer {staff}",
            "--max-examples", "15", "--seed", "1", "--workers", "1",
            "--generation-database", "none", "--no-color",
        ]  # fmt: skip
        # schemathesis keeps a cache in its working directory.
        work_dir = tmp_path / path.strip("/").replace("/", "-")
        work_dir.mkdir()
        run(command, cwd=work_dir, env=None, timeout=900)
    if len(covered_by) == len(schemas):
        skip_as_covered(
            "same schemas as " + ", ".join(sorted(set(covered_by.values()))) + " already fuzzed"
        )


# The fault step: each fault is injected into the running stack with real servers (the
# SMTP sink, the broker relay, PostgreSQL, the processes themselves) and judged from
# outside. Each prints one line in the "faults" section of the summary.
#
# What it proves depends on how the project dispatches its side effects: in-process after
# commit without Celery, or through Celery on Redis or on RabbitMQ. The rest of a tree
# does not take part (the stack runs with OTEL_SDK_DISABLED, so telemetry sets up
# nothing), so it runs once per run for each dispatch mode (harness/claims.py) and the
# other trees count it as covered.
CELERY_ONLY = pytest.mark.for_variants(where=lambda variant: variant.uses_celery)
CHECKOUTS = 6
REGISTRATIONS = 3
# The faults' clients have an address of their own: behind the proxy, their anonymous
# requests (registrations) are then not counted in the bucket schemathesis has filled.
FAULTS_ADDRESS = "127.0.0.4"


def dispatch_mode(variant):
    """How the variant's side effects leave the request: the thing the faults prove."""
    return f"celery+{variant.broker}" if variant.uses_celery else "in-process"


@pytest.fixture(scope="module")
def faults_proved_here(variant, run_claims):
    """Skip (as covered) when another variant of this run already injected the faults
    with the same dispatch mode."""
    mode = dispatch_mode(variant)
    owner = run_claims.claim("faults", f"dispatch={mode}".encode(), variant.id)
    if owner != variant.id:
        skip_as_covered(f"faults with {mode} dispatch already injected by {owner}")


@pytest.fixture(scope="module")
def shop(faults_proved_here, stack):
    email = f"faults-{uuid.uuid4().hex[:8]}@example.com"
    buyer = _register_and_verify(stack, email, local_address=FAULTS_ADDRESS)
    with stack.client(local_address=FAULTS_ADDRESS) as anonymous:
        staff = access_token(anonymous, STAFF_EMAIL, stack.staff_password)
    return Shop(
        buyer_email=email, buyer_token=buyer, staff_token=staff, product=_product(stack, staff)
    )


def _product(stack, staff_token):
    with stack.client(staff_token, local_address=FAULTS_ADDRESS) as client:
        created = client.post(
            "/api/v1/products/",
            json={
                "sku": f"FAULT-{uuid.uuid4().hex[:8]}",
                "name": "Fault widget",
                "description": "Bought while things break.",
                "price": "2.00",
                "stock": 500,
            },
        )
    assert created.status_code == HTTPStatus.CREATED, created.text
    return created.json()["id"]


def _settle_and_report(request, variant, stack, shop, fault, tally, *, note, suffix=""):
    """Every order committed under `note` and every registration is owed exactly one mail."""
    committed = committed_orders(stack, note=note)
    answered_but_missing = len(tally.order_ids - committed)
    delivery = settle(
        stack,
        order_ids=committed | tally.order_ids,
        addresses=tally.addresses,
        buyer_email=shop.buyer_email,
    )
    report(
        request,
        variant,
        fault,
        requests=len(tally.responses),
        server_errors=len(tally.server_errors),
        lost=delivery.lost + answered_but_missing,
        duplicates=delivery.duplicates,
        note=f" ({suffix.removeprefix(', ')})" if suffix else "",
        details=f"mailed more than once: {delivery.repeated}",
    )
    assert tally.unexpected() == [], [r.text[:200] for r in tally.unexpected()]


def test_fault_mail_server_down(stack, shop, variant, request):
    note, tally = f"mail-down-{uuid.uuid4().hex[:6]}", Tally()
    stack.sink.stop()
    try:
        with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
            for _ in range(CHECKOUTS):
                checkout(client, tally, shop=shop, note=note)
        with stack.client(local_address=FAULTS_ADDRESS) as client:
            for _ in range(REGISTRATIONS):
                register(client, tally, password=PASSWORD)
    finally:
        stack.sink.start()
    _settle_and_report(request, variant, stack, shop, "mail server down", tally, note=note)


@CELERY_ONLY
def test_fault_broker_down_at_commit(stack, shop, variant, request):
    note, tally = f"broker-down-{uuid.uuid4().hex[:6]}", Tally()
    stack.relay.cut()
    try:
        with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
            for _ in range(CHECKOUTS):
                checkout(client, tally, shop=shop, note=note)
    finally:
        stack.relay.restore()
    _settle_and_report(request, variant, stack, shop, "broker down at commit", tally, note=note)


def _emails_worker(stack):
    return stack.workers_of("emails")[0]


@CELERY_ONLY
def test_fault_worker_killed_mid_task(stack, shop, variant, request):
    note, tally = f"worker-killed-{uuid.uuid4().hex[:6]}", Tally()
    stack.sink.stall()
    try:
        with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
            checkout(client, tally, shop=shop, note=note)
        stack.sink.wait_until_stalled()
        stack.kill(_emails_worker(stack))
    finally:
        # The reply to the dead worker's DATA is a 451: that message was never accepted.
        stack.sink.release(accept=False)
    wait_for_workers([stack.start_worker("emails", log_name="worker-emails-2")])
    _settle_and_report(request, variant, stack, shop, "worker killed mid-task", tally, note=note)


def test_fault_database_connections_killed(stack, shop, variant, request):
    note, tally = f"db-killed-{uuid.uuid4().hex[:6]}", Tally()
    database = stack.database_url.rpartition("/")[2]

    def client_load():
        with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
            for number in range(8):
                if number % 2:
                    checkout(client, tally, shop=shop, note=note)
                else:
                    tally.add(client.get("/api/v1/orders/" if number % 4 else "/api/v1/products/"))

    load = Concurrently([client_load] * 3)
    killed = 0
    with stack.connect_database(autocommit=True) as conn:
        for responses in (3, 10):
            poll(
                lambda n=responses: len(tally.responses) >= n,
                timeout=60,
                interval=0.02,
                what="load",
            )
            killed += conn.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (database,),
            ).fetchone()[0]
    load.join()
    assert killed > 0, "no connection of the project was open to kill"
    # The next requests succeed.
    following = Tally()
    with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
        for path in ("/api/v1/products/", "/api/v1/orders/"):
            following.add(client.get(path))
        checkout(client, following, shop=shop, note=note)
    assert following.unexpected() == [], [r.text[:200] for r in following.unexpected()]
    # A 503 in the envelope is the answer this fault allows; it is not counted as a 5xx.
    unavailable = [r for r in tally.responses if r.status_code == HTTPStatus.SERVICE_UNAVAILABLE]
    codes = {r.json()["error"]["code"] for r in unavailable if "json" in r.headers["content-type"]}
    assert codes <= {"service_unavailable"}, codes
    unexpected = tally.unexpected(allowed=(HTTPStatus.SERVICE_UNAVAILABLE,))
    assert unexpected == [], [(r.status_code, r.text[:200]) for r in unexpected]
    tally.responses = [r for r in tally.responses if r not in unavailable] + following.responses
    tally.order_ids |= following.order_ids
    _settle_and_report(
        request,
        variant,
        stack,
        shop,
        "database connections killed",
        tally,
        note=note,
        suffix=f"{killed} connections killed, {len(unavailable)} answered 503 in the envelope",
    )


def test_fault_web_killed_after_commit(stack, shop, variant, request, baked):
    """A process that dies between its commit and its dispatch: only the sweep can deliver."""
    note = f"web-killed-{uuid.uuid4().hex[:6]}"
    package = baked.name
    crash = f"""
import os
from django.contrib.auth import get_user_model
from django.db import transaction
from {package}.orders.services import place_order

buyer = get_user_model().objects.get(email={shop.buyer_email!r})
with transaction.atomic():
    # Registered first, so it runs right after the commit, before the service's dispatch.
    transaction.on_commit(lambda: os._exit(1))
    place_order(user=buyer, items=[{{"product": {shop.product}, "quantity": 1}}], note={note!r})
"""
    completed = stack.manage("shell", "-c", crash, check=False)
    assert completed.returncode == 1, completed.stderr[-2000:]
    committed = committed_orders(stack, note=note)
    assert len(committed) == 1, "the order was not committed before the process died"
    delivery = settle(stack, order_ids=committed, buyer_email=shop.buyer_email)
    report(
        request,
        variant,
        "web killed after commit",
        requests=1,
        server_errors=0,
        lost=delivery.lost,
        duplicates=delivery.duplicates,
        details=f"mailed more than once: {delivery.repeated}",
    )


def test_throttle_buckets_per_client_behind_proxy(stack):
    """Through nginx, each client address has its own anonymous bucket, and a client cannot
    pick another bucket by sending its own X-Forwarded-For."""
    path = "/api/v1/products/"
    with (
        stack.client(local_address="127.0.0.2") as first,
        stack.client(local_address="127.0.0.3") as second,
    ):
        statuses = [first.get(path).status_code for _ in range(ANON_RATE + 1)]
        assert statuses[:ANON_RATE] == [HTTPStatus.OK] * ANON_RATE, statuses
        assert statuses[ANON_RATE] == HTTPStatus.TOO_MANY_REQUESTS
        assert second.get(path).status_code == HTTPStatus.OK
        spoofed = first.get(path, headers={"X-Forwarded-For": "203.0.113.9"})
        assert spoofed.status_code == HTTPStatus.TOO_MANY_REQUESTS


@CELERY_ONLY
def test_fault_worker_warm_shutdown(stack, shop, variant, request):
    """SIGTERM to the emails worker in the middle of a send: it finishes the task, exits 0."""
    note, tally = f"worker-stopped-{uuid.uuid4().hex[:6]}", Tally()
    worker = _emails_worker(stack)
    stack.sink.stall()
    try:
        with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
            checkout(client, tally, shop=shop, note=note)
        stack.sink.wait_until_stalled()
        worker.signal(signal.SIGTERM, group=False)
        poll(lambda: "Warm shutdown" in worker.tail(), timeout=30, what="the warm shutdown")
    finally:
        stack.sink.release(accept=True)
    exit_code = stack.exited(worker)
    assert exit_code == 0, worker.tail()
    delivery = settle(stack, order_ids=tally.order_ids, buyer_email=shop.buyer_email)
    report(
        request,
        variant,
        "worker stopped mid-task",
        requests=len(tally.responses),
        server_errors=len(tally.server_errors),
        lost=delivery.lost,
        duplicates=delivery.duplicates,
        details=f"mailed more than once: {delivery.repeated}",
    )


def test_fault_web_graceful_shutdown(stack, shop, variant, request):
    """SIGTERM to gunicorn's master while checkouts wait on a row lock: none is lost."""
    note, tally = f"web-stopped-{uuid.uuid4().hex[:6]}", Tally()
    product = _product(stack, shop.staff_token)
    # No more than gunicorn's threads in one worker: however the connections are spread
    # over the workers, each is then inside the app, waiting on the lock.
    in_flight = 2
    database = stack.database_url.rpartition("/")[2]
    web = stack.process("web")
    with stack.connect_database() as lock, stack.connect_database(autocommit=True) as probe:
        lock.execute("SELECT id FROM catalog_product WHERE id = %s FOR UPDATE", (product,))

        def buy():
            with stack.client(shop.buyer_token, local_address=FAULTS_ADDRESS) as client:
                checkout(client, tally, shop=shop, note=note, product=product)

        load = Concurrently([buy] * in_flight)

        def waiting():
            return probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND wait_event_type = 'Lock'",
                (database,),
            ).fetchone()[0]

        poll(lambda: waiting() >= in_flight, timeout=30, what="checkouts waiting on the lock")
        web.signal(signal.SIGTERM, group=False)
        poll(lambda: "Handling signal: term" in web.tail(), timeout=10, what="gunicorn's SIGTERM")
        lock.rollback()
    load.join()
    exit_code = stack.exited(web)
    answered = [r for r in tally.responses if r.status_code == HTTPStatus.CREATED]
    report(
        request,
        variant,
        "web stopped under load",
        requests=len(tally.responses),
        server_errors=len(tally.server_errors),
        lost=in_flight - len(answered),
        duplicates=0,
    )
    assert exit_code == 0, web.tail()
