"""What the fault step needs around a running stack: load, the ledger of what must be
mailed, and the one line each fault reports.

A fault is judged by what the outside sees: every response (no 5xx), every committed
order and registration (exactly one mail each, once the outbox has nothing pending).
"""

import contextlib
import re
import threading
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus

from .processes import poll

ORDERS = "/api/v1/orders/"
REGISTER = "/api/v1/auth/register/"
SETTLE_SECONDS = 90


@dataclass
class Shop:
    """A verified buyer and a product with stock to spare, shared by the faults."""

    buyer_email: str
    buyer_token: str
    staff_token: str
    product: int


@dataclass
class Tally:
    """The responses a fault's load received, and what must be mailed because of them."""

    responses: list = field(default_factory=list)
    order_ids: set = field(default_factory=set)
    addresses: set = field(default_factory=set)  # registered, each owed one verification mail
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, response):
        with self._lock:
            self.responses.append(response)

    @property
    def server_errors(self):
        return [response for response in self.responses if response.status_code >= 500]

    def unexpected(self, *, allowed=()):
        """Responses that are neither 2xx nor an `allowed` status answered in the envelope."""
        return [
            response
            for response in self.responses
            if not (response.is_success or _is_envelope(response, allowed))
        ]


def _is_envelope(response, allowed):
    if response.status_code not in allowed:
        return False
    if not response.headers.get("content-type", "").startswith("application/json"):
        return False
    return set(response.json().get("error", {})) >= {"code", "message", "details"}


def checkout(client, tally, *, shop, note, product=None):
    """Place an order of one item; a committed order is owed a confirmation mail."""
    response = client.post(
        ORDERS,
        json={"items": [{"product": product or shop.product, "quantity": 1}], "note": note},
    )
    tally.add(response)
    if response.status_code == HTTPStatus.CREATED:
        with tally._lock:
            tally.order_ids.add(response.json()["id"])
    return response


def register(client, tally, *, password):
    email = f"fault-{uuid.uuid4().hex[:10]}@example.com"
    response = client.post(REGISTER, json={"email": email, "password": password})
    tally.add(response)
    if response.status_code == HTTPStatus.CREATED:
        tally.addresses.add(email)
    return response


def committed_orders(stack, *, note):
    """The ids of the orders committed with `note`, whatever their requests answered: their
    public ids, as the API answers them and the confirmation mail names them."""
    with stack.connect_database(autocommit=True) as conn:
        rows = conn.execute(
            "SELECT public_id FROM orders_order WHERE note = %s", (note,)
        ).fetchall()
    return {str(row[0]) for row in rows}


def _order_mail(order_id):
    return re.compile(rf"(?im)^Subject:.*\border {order_id}\b")


def _verification_mail(address):
    return re.compile(re.escape(address), re.IGNORECASE)


@dataclass(frozen=True)
class Delivery:
    lost: int
    duplicates: int  # copies beyond the first, whatever their Message-ID
    repeated: dict  # what arrived more than once -> the Message-IDs of its copies


def settle(stack, *, order_ids, addresses=(), buyer_email=None):
    """Let the sweep run until nothing is pending and every mail owed has arrived (or
    SETTLE_SECONDS pass), then count what was lost and what arrived twice.

    Without Celery the sweep is `manage.py deliver_outbox`, run as cron would run it.
    """
    owed = {f"order {order_id}": (_order_mail(order_id), buyer_email) for order_id in order_ids}
    owed |= {address: (_verification_mail(address), address) for address in addresses}

    def mails():
        return {name: stack.sink.matching(pattern, to=to) for name, (pattern, to) in owed.items()}

    def settled():
        stack.assert_running()
        if not stack.uses_celery:
            stack.manage("deliver_outbox")
        return stack.pending_outbox() == 0 and all(mails().values())

    # Whatever has not arrived by then is counted as lost below.
    with contextlib.suppress(TimeoutError):
        poll(settled, timeout=SETTLE_SECONDS, interval=0.2, what="the outbox to be delivered")
    final = mails()
    return Delivery(
        lost=sum(1 for sent in final.values() if not sent),
        duplicates=sum(len(sent) - 1 for sent in final.values() if len(sent) > 1),
        repeated={
            name: [mail.message_id for mail in sent]
            for name, sent in final.items()
            if len(sent) > 1
        },
    )


def report(
    request, variant, fault, *, requests, server_errors, lost, duplicates, note="", details=""
):
    """Record the fault's line for the terminal summary, then hold it to zero."""
    line = (
        f"{variant.id} {fault}: injected, {requests} requests, {server_errors} 5xx, "
        f"{lost} lost, {duplicates} duplicates{note}"
    )
    request.node.user_properties.append(("fault", line))
    assert (server_errors, lost, duplicates) == (0, 0, 0), f"{line}\n{details}"


class Concurrently:
    """Callables run each in its own thread while the test injects a fault."""

    def __init__(self, jobs):
        self.errors = []
        self.threads = [threading.Thread(target=self._guarded, args=(job,)) for job in jobs]
        for thread in self.threads:
            thread.start()

    def _guarded(self, job):
        try:
            job()
        except Exception as error:  # re-raised by join()
            self.errors.append(error)

    def join(self, timeout=120):
        """Wait for every thread (each request is bounded by its client's timeout)."""
        for thread in self.threads:
            thread.join(timeout)
        assert not any(thread.is_alive() for thread in self.threads), "load did not finish"
        if self.errors:
            raise self.errors[0]
