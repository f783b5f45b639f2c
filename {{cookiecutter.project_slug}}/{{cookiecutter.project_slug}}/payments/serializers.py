from rest_framework import serializers

from .models import Payment

PAYMENT_SUCCEEDED = "payment.succeeded"
# The largest value of the orders' id column.
MAX_ORDER_ID = 2**63 - 1


class PaymentEventDataSerializer(serializers.Serializer):
    order = serializers.IntegerField(
        min_value=1, max_value=MAX_ORDER_ID, help_text="The order's id (a number or a string)."
    )
    amount = serializers.DecimalField(
        max_digits=18, decimal_places=2, help_text="What was paid: the order's total exactly."
    )
    currency = serializers.RegexField(
        r"^[A-Z]{3}\Z", help_text="ISO 4217 code; the project's CURRENCY exactly."
    )


class PaymentEventSerializer(serializers.Serializer):
    """An event from the payment provider, signed in the Payment-Signature header."""

    id = serializers.CharField(
        max_length=255, help_text="The provider's event id: each event is processed once."
    )
    type = serializers.ChoiceField(choices=[PAYMENT_SUCCEEDED])
    # The metaclass moves declared fields off the class, so this does not replace
    # Serializer.data at run time; the stubs cannot model that.
    data = PaymentEventDataSerializer()  # type: ignore[assignment]


class PaymentSerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="provider_event_id", read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "event", "order", "amount", "currency", "received_at"]
        read_only_fields = fields
