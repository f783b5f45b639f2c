from decimal import Decimal

from django.conf import settings
from rest_framework import serializers

from .versioning import money_as_object


# A comment, not a docstring: drf-spectacular would publish it in the schema.
# An amount of money in the project's one CURRENCY. v1 reads and writes the amount alone,
# a decimal string ("12.50"); from v2 on it is an object, {"amount": "12.50", "currency":
# "EUR"}, and a write in another currency is refused. The version comes from the request
# in the serializer's context; without one (a serializer used outside a view) it is v1's.
class MoneyField(serializers.DecimalField):
    default_error_messages = {
        "not_money": 'Expected an object with "amount" and "currency" ("{currency}").',
        "currency": "Only {currency} is accepted.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", None)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_representation(self, value):
        amount = super().to_representation(value)
        if self._as_object():
            return {"amount": amount, "currency": settings.CURRENCY}
        return amount

    def to_internal_value(self, data) -> Decimal:
        if self._as_object():
            if not isinstance(data, dict) or set(data) != {"amount", "currency"}:
                self.fail("not_money", currency=settings.CURRENCY)
            if data["currency"] != settings.CURRENCY:
                self.fail("currency", currency=settings.CURRENCY)
            data = data["amount"]
        return super().to_internal_value(data)

    def _as_object(self):
        request = self.context.get("request")
        return money_as_object(getattr(request, "version", None))
