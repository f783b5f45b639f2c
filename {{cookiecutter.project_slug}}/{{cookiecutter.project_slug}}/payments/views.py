from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .serializers import PaymentEventSerializer, PaymentSerializer
from .signatures import SIGNATURE_HEADER, verify_signature

WEBHOOK_DESCRIPTION = f"""\
Called by the payment provider, not by users: the only way besides staff confirmation
(`POST /api/v1/orders/<id>/pay/`) that an order becomes paid.

The `{SIGNATURE_HEADER}` header signs the raw body: `t=<unix time>,v1=<hex>` where the
hex is the HMAC-SHA256, keyed with `PAYMENT_WEBHOOK_SECRET`, of `<t>.<raw body>`. Several
`v1` entries may be sent while the secret is rotated. A missing or wrong signature, or a
timestamp more than `PAYMENT_WEBHOOK_TOLERANCE` seconds away, is a 400 `invalid_signature`.

Each event id is processed once: 201 records the payment and marks the order paid, a
replay answers 200 with the payment recorded first and changes nothing. An amount that is
not the order's total or a currency that is not the project's is a 400
`payment_mismatch`; an order that cannot be paid (cancelled, already paid) is a 409
`invalid_transition`. Neither writes anything.
"""


class PaymentWebhookView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    # The signature is the gate; a per-client throttle would drop the provider's retries.
    throttle_classes = []

    @extend_schema(
        summary="Receive a payment event from the payment provider (signed)",
        description=WEBHOOK_DESCRIPTION,
        auth=[],
        request=PaymentEventSerializer,
        parameters=[
            OpenApiParameter(
                SIGNATURE_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<raw body>'>",
            )
        ],
        examples=[
            OpenApiExample(
                "payment.succeeded",
                request_only=True,
                value={
                    "id": "evt_1",
                    "type": "payment.succeeded",
                    "data": {
                        "order": "0196b3c4-1f2a-7c3d-9e4f-5a6b7c8d9e0f",
                        "amount": "28.50",
                        "currency": "EUR",
                    },
                },
            )
        ],
        responses={
            status.HTTP_201_CREATED: PaymentSerializer,
            status.HTTP_200_OK: OpenApiResponse(
                PaymentSerializer, description="A replay of an event already processed."
            ),
        },
    )
    def post(self, request, *args, **kwargs):
        # The raw bytes, read before parsing: the signature covers them, not the JSON.
        verify_signature(
            payload=request.body,
            header=request.headers.get(SIGNATURE_HEADER, ""),
            secret=settings.PAYMENT_WEBHOOK_SECRET,
            tolerance=settings.PAYMENT_WEBHOOK_TOLERANCE,
        )
        event = PaymentEventSerializer(data=request.data)
        event.is_valid(raise_exception=True)
        payment, created = services.record_payment(
            event_id=event.validated_data["id"], **event.validated_data["data"]
        )
        return Response(
            PaymentSerializer(payment).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
