"""The scale-out proof: correctness with several web and worker processes on one database.

The production stack with two gunicorn instances behind one nginx (round robin), two
Celery workers per queue group and one beat, all on one PostgreSQL database and one broker,
driven by concurrent clients through nginx:

- 32 clients check out the last 20 units of one product at once: 20 orders, 12 refusals
  in the envelope (insufficient_stock), nothing oversold, and the stock in the database
  equals the initial stock less every ordered quantity;
- 20 concurrent replays of one Idempotency-Key, served by both instances: one order, and
  every answer names it;
- 40 checkouts whose confirmation mails both `emails` workers deliver: each mail arrives
  once at the SMTP server, and each worker's log shows it ran some of them.

What it proves depends on the checkout code and the broker, not on the rest of the tree:
it runs once per run for each broker (harness/claims.py), and the other Celery trees count
it as covered. Each variant that runs it prints one line in the "scale-out" section.
"""

import re
import threading
import uuid
from collections import Counter
from http import HTTPStatus

import pytest

from harness.accounts import access_token, register_and_verify
from harness.faults import Shop, settle
from harness.live import STAFF_EMAIL, WORKERS, serving
from harness.steps import skip_as_covered

pytestmark = pytest.mark.for_variants(where=lambda variant: variant.uses_celery)

WEB_INSTANCES = 2
WORKERS_PER_GROUP = 2
ORDERS = "/api/v1/orders/"
CLIENTS, UNITS = 32, 20
REPLAYS = 20
MAILS, MAIL_CLIENTS = 40, 8
PASSWORD = f"Scale-{uuid.uuid4().hex}"
# A barrier or a thread is never waited on longer than this.
LOAD_SECONDS = 120


@pytest.fixture(scope="module")
def proved_here(variant, run_claims):
    """Skip (as covered) when another variant of this run already proved it on this broker."""
    owner = run_claims.claim("scale-out", f"broker={variant.broker}".encode(), variant.id)
    if owner != variant.id:
        skip_as_covered(f"scale-out with the {variant.broker} broker already proved by {owner}")


@pytest.fixture(scope="module")
def stack(proved_here, variant, baked, venv, variant_services, tmp_path_factory):
    with serving(
        baked=baked,
        venv=venv,
        variant=variant,
        variant_services=variant_services,
        work_dir=tmp_path_factory.mktemp("scale-out"),
        web_instances=WEB_INSTANCES,
        workers_per_group=WORKERS_PER_GROUP,
    ) as running:
        yield running


@pytest.fixture(scope="module")
def shop(stack):
    email = f"scale-{uuid.uuid4().hex[:8]}@example.com"
    with stack.client() as client:
        buyer = register_and_verify(
            client,
            email=email,
            password=PASSWORD,
            wait_for_mail=lambda: stack.wait_for_mail(matching=re.escape(email)),
        )
        staff = access_token(client, STAFF_EMAIL, stack.staff_password)
    return Shop(
        buyer_email=email,
        buyer_token=buyer,
        staff_token=staff,
        product=_product(stack, staff, stock=1000),
    )


def _product(stack, staff_token, *, stock):
    with stack.client(staff_token) as client:
        created = client.post(
            "/api/v1/products/",
            json={
                "sku": f"SCALE-{uuid.uuid4().hex[:8]}",
                "name": "Scale widget",
                "description": "Bought by many at once.",
                "price": "3.00",
                "stock": stock,
            },
        )
    assert created.status_code == HTTPStatus.CREATED, created.text
    return created.json()["id"]


def _concurrently(stack, token, count, request_of):
    """Call `request_of(client)` from `count` threads, each with its own connection through
    nginx, released together by a barrier; their results, in no particular order."""
    barrier = threading.Barrier(count)
    results, errors = [], []
    lock = threading.Lock()

    def run():
        try:
            with stack.client(token) as client:
                barrier.wait(LOAD_SECONDS)
                result = request_of(client)
            with lock:
                results.append(result)
        except Exception as error:  # re-raised below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LOAD_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "the clients did not finish"
    if errors:
        raise errors[0]
    return results


def _record(request, variant, figure):
    """One part of the variant's line in the run's "scale-out" section."""
    header = (
        f"{variant.id} scale-out: {WEB_INSTANCES} web, "
        f"{'+'.join(str(WORKERS_PER_GROUP) for _ in WORKERS)} workers"
    )
    request.node.user_properties.append(("scale-out", (header, figure)))


def _error_code(response):
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def test_last_units_are_never_oversold(stack, shop, variant, request):
    product = _product(stack, shop.staff_token, stock=UNITS)
    body = {"items": [{"product": product, "quantity": 1}]}
    responses = _concurrently(
        stack, shop.buyer_token, CLIENTS, lambda client: client.post(ORDERS, json=body)
    )
    ordered = [r for r in responses if r.status_code == HTTPStatus.CREATED]
    refused = [
        r
        for r in responses
        if r.status_code == HTTPStatus.BAD_REQUEST and _error_code(r) == "insufficient_stock"
    ]
    with stack.connect_database(autocommit=True) as conn:
        stock = conn.execute(
            "SELECT stock FROM catalog_product WHERE id = %s", (product,)
        ).fetchone()[0]
        in_orders, orders = conn.execute(
            "SELECT coalesce(sum(quantity), 0), count(DISTINCT order_id) "
            "FROM orders_orderitem WHERE product_id = %s",
            (product,),
        ).fetchone()
    oversold = max(0, in_orders - UNITS)
    _record(
        request,
        variant,
        f"{CLIENTS} clients for {UNITS} units: {len(ordered)} ordered, {len(refused)} refused, "
        f"{oversold} oversold",
    )
    others = [(r.status_code, r.text[:200]) for r in responses if r not in ordered + refused]
    assert others == [], others
    assert (len(ordered), len(refused), oversold) == (UNITS, CLIENTS - UNITS, 0)
    assert orders == len(ordered), "orders in the database differ from the 201 answers"
    assert stock == UNITS - in_orders == 0, f"ledger: stock {stock}, {in_orders} units in orders"


def test_concurrent_replays_make_one_order(stack, shop, variant, request):
    key = uuid.uuid4().hex
    body = {"items": [{"product": shop.product, "quantity": 1}], "note": f"replay-{key[:8]}"}
    responses = _concurrently(
        stack,
        shop.buyer_token,
        REPLAYS,
        lambda client: client.post(ORDERS, json=body, headers={"Idempotency-Key": key}),
    )
    served_by = Counter(
        stack.web_instances.get(r.headers.get("X-Upstream"), r.headers.get("X-Upstream"))
        for r in responses
    )
    with stack.connect_database(autocommit=True) as conn:
        orders = conn.execute(
            "SELECT count(*) FROM orders_order WHERE idempotency_key = %s", (key,)
        ).fetchone()[0]
    spread = ", ".join(f"{name}: {served_by[name]}" for name in stack.web_instances.values())
    _record(request, variant, f"{REPLAYS} replays -> {orders} order ({spread})")
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {HTTPStatus.CREATED: 1, HTTPStatus.OK: REPLAYS - 1}, [
        (r.status_code, r.text[:200]) for r in responses if not r.is_success
    ]
    assert len({r.json()["id"] for r in responses}) == 1
    assert orders == 1
    assert set(served_by) == set(stack.web_instances.values()), served_by
    assert all(served_by.values()), f"one instance served no replay: {served_by}"


def _task_runs(worker, *, job, since):
    """How many runs of `job` the worker's log reports as finished after offset `since`."""
    log = worker.log_path.read_text(errors="replace")[since:]
    return len(re.findall(rf"{re.escape(job)}\[[^\]]+\] succeeded", log))


def test_each_mail_is_delivered_once_by_both_email_workers(stack, shop, variant, request):
    workers = stack.workers_of("emails")
    offsets = {worker.name: len(worker.log_path.read_text(errors="replace")) for worker in workers}
    note = f"mails-{uuid.uuid4().hex[:8]}"
    body = {"items": [{"product": shop.product, "quantity": 1}], "note": note}
    per_client = MAILS // MAIL_CLIENTS

    def checkouts(client):
        return [client.post(ORDERS, json=body) for _ in range(per_client)]

    answered = [
        response
        for batch in _concurrently(stack, shop.buyer_token, MAIL_CLIENTS, checkouts)
        for response in batch
    ]
    not_placed = [
        (r.status_code, r.text[:200]) for r in answered if r.status_code != HTTPStatus.CREATED
    ]
    assert not_placed == [], not_placed
    order_ids = {r.json()["id"] for r in answered}
    delivery = settle(stack, order_ids=order_ids, buyer_email=shop.buyer_email)
    job = f"{stack.baked.name}.orders.emails.send_order_confirmation"
    runs = {w.name: _task_runs(w, job=job, since=offsets[w.name]) for w in workers}
    delivered_once = len(order_ids) - delivery.lost - len(delivery.repeated)
    by_worker = ", ".join(f"{name.removeprefix('worker-')}: {n}" for name, n in runs.items())
    _record(
        request,
        variant,
        f"{len(order_ids)} mails -> {delivered_once} delivered once, {delivery.lost} lost, "
        f"{delivery.duplicates} duplicates ({by_worker} tasks)",
    )
    assert len(order_ids) == MAILS
    assert (delivery.lost, delivery.duplicates) == (0, 0), delivery.repeated
    assert len(workers) == WORKERS_PER_GROUP
    assert all(runs.values()), f"an emails worker ran none of the mails: {runs}"
