"""The `Idempotency-Key` header, shared by every write that a client may safely repeat.

A client names one attempt with a key of its own; the service that does the write records
the key beside a fingerprint of the body. Repeating the key with the same body returns the
first result instead of writing again; the same key with another body is a 422.
"""

import hashlib
import json

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
