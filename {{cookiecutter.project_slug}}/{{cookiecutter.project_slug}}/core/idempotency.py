"""The `Idempotency-Key` header, shared by every write that a client may safely repeat.

A client names one attempt with a key of its own; the service that does the write records
the key beside a fingerprint of the body. Repeating the key with the same body returns the
first result instead of writing again; the same key with another body is a 422.
"""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"


class IdempotencyKeySerializer(serializers.Serializer):
    """The `Idempotency-Key` header: the client's name for one attempt."""

    idempotency_key = serializers.CharField(max_length=255, required=False, allow_null=True)


def idempotency_key_from(request):
    """The request's key, or None without one; a malformed key is a 400."""
    header = IdempotencyKeySerializer(
        data={"idempotency_key": request.headers.get(IDEMPOTENCY_KEY_HEADER)}
    )
    header.is_valid(raise_exception=True)
    return header.validated_data["idempotency_key"]


def idempotency_key_parameter(description):
    return OpenApiParameter(
        IDEMPOTENCY_KEY_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, description=description
    )


def fingerprint(payload) -> str:
    """SHA-256 of `payload` as canonical JSON: what tells a replay from another request."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def write_once[Result](
    *, key: str | None, replay: Callable[[], Result | None], write: Callable[[], Result]
) -> tuple[Result, bool]:
    """`write()` in a transaction, once per idempotency `key`; returns (result, replayed).

    `write` must record `key` under a unique constraint; `replay()` returns the result that
    `key` first produced, None when it has none yet, and raises when the key came with
    another body. Without a key, `write` simply runs.
    """
    if key is not None:
        earlier = replay()
        if earlier is not None:
            return earlier, True
    try:
        with transaction.atomic():
            return write(), False
    except IntegrityError:
        # A concurrent request with the same key claimed it first and has committed.
        if key is None:
            raise
        earlier = replay()
        if earlier is None:
            raise
        return earlier, True
