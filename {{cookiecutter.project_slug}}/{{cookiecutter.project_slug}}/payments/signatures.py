"""The payment provider's webhook signature, checked before the body is even parsed.

    Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=...]

The timestamp is signed with the body, so a captured delivery cannot be replayed after the
tolerance; several v1 entries let the provider sign with an old and a new secret while the
secret is rotated.
"""

import hashlib
import hmac
import re
import time

from {{ cookiecutter.project_slug }}.core.exceptions import BadRequest

SIGNATURE_HEADER = "Payment-Signature"
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


class InvalidSignature(BadRequest):
    default_detail = "The payment signature is missing or invalid."
    default_code = "invalid_signature"


def sign(*, payload: bytes, secret: str, timestamp: int) -> str:
    """The v1 signature of `payload` at `timestamp`: what the provider sends."""
    signed = f"{timestamp}.".encode() + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify_signature(*, payload: bytes, header: str, secret: str, tolerance: int) -> None:
    """Raise InvalidSignature unless `header` signs `payload` with `secret`, recently."""
    timestamp, candidates = _parse(header)
    if abs(time.time() - timestamp) > tolerance:
        raise InvalidSignature("The payment signature's timestamp is outside the tolerance.")
    expected = sign(payload=payload, secret=secret, timestamp=timestamp)
    # Every candidate is compared, in constant time, so timing tells nothing about which.
    matches = [hmac.compare_digest(expected, candidate) for candidate in candidates]
    if not any(matches):
        raise InvalidSignature("No payment signature matches the body.")


def _parse(header):
    timestamps, candidates = [], []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            timestamps.append(value)
        elif key == "v1" and _HEX_DIGEST.fullmatch(value):
            candidates.append(value)
    if len(timestamps) != 1 or not _TIMESTAMP.fullmatch(timestamps[0]) or not candidates:
        raise InvalidSignature(
            f"Send {SIGNATURE_HEADER}: t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<body>'>."
        )
    return int(timestamps[0]), candidates
