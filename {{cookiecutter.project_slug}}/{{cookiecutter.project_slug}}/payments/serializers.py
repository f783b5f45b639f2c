from rest_framework import serializers

from .models import Payment

PAYMENT_SUCCEEDED = "payment.succeeded"


class OrderIdField(serializers.UUIDField):
    """An order's public id, as text. DRF would also read a JSON number as a UUID; here a
    number is refused, so an order's internal key can never address it."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class PaymentEventDataSerializer(serializers.Serializer):
    order = OrderIdField(help_text="The order's id, as the API shows it.")
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
    order = serializers.UUIDField(source="order.public_id", read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "event", "order", "amount", "currency", "received_at"]
        read_only_fields = fields
