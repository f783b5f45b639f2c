import json
import time

from {{ cookiecutter.project_slug }}.payments.signatures import sign

URL = "/api/v1/payments/webhook/"
SECRET = "whsec-test-secret"


def payment_event(order, *, event_id="evt_1", amount=None, currency="EUR"):
    return {
        "id": event_id,
        "type": "payment.succeeded",
        "data": {
            "order": str(order.public_id),
            "amount": str(order.total if amount is None else amount),
            "currency": currency,
        },
    }


def signature(payload, *, secret=SECRET, timestamp=None):
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={sign(payload=payload, secret=secret, timestamp=timestamp)}"


def deliver(client, event, *, header=None):
    """POST `event` (a dict, or raw bytes sent as they are) signed with SECRET."""
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    header = signature(payload) if header is None else header
    return client.post(
        URL, payload, content_type="application/json", headers={"Payment-Signature": header}
    )
