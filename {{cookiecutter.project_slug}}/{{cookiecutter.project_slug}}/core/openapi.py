"""What the schema says about conditional requests and caching, shared by the views that
answer them (drf-spectacular). The error envelope (core.exceptions) is spelled out here
for the responses documented by status."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of an earlier read: 304 with no body while it is still current.",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description="The representation's validator, for If-None-Match (and If-Match on writes).",
)
# A write's new ETag, on its success only.
WRITTEN_ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description="The validator of the representation as written, for the next If-Match.",
)
CACHE_CONTROL = OpenApiParameter(
    "Cache-Control",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description=(
        '"private, no-cache" on per-user data; "public, max-age=N" on anonymous catalogue '
        "reads (N from CATALOG_MAX_AGE_SECONDS)."
    ),
)
CONDITIONAL_READ = [IF_NONE_MATCH, ETAG, CACHE_CONTROL]


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable, e.g. precondition_failed.")
    message = serializers.CharField()
    details = serializers.DictField()


class ErrorEnvelopeSerializer(serializers.Serializer):
    error = ErrorSerializer()


NOT_MODIFIED = OpenApiResponse(
    description="Not Modified: the If-None-Match ETag is current. No body."
)


def conditional_read(*, summary, serializer, **options):
    """A read that sends an ETag and answers a current If-None-Match with a 304."""
    return extend_schema(
        summary=summary,
        parameters=CONDITIONAL_READ,
        responses={
            status.HTTP_200_OK: serializer,
            status.HTTP_304_NOT_MODIFIED: NOT_MODIFIED,
        },
        **options,
    )


PRECONDITION_FAILED = OpenApiResponse(
    ErrorEnvelopeSerializer,
    description="precondition_failed: If-Match names a version that is no longer current.",
)
