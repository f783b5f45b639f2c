from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField

from {{ cookiecutter.project_slug }}.core.filters import CachedFormFilterSet

from .models import Order
from .selectors import search_orders


class UTCIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 timestamp, converted to UTC before it reaches the database.

    ISO 8601 allows UTC offsets that PostgreSQL refuses (beyond 15:59), and a date at the
    edge of the calendar can leave it once the offset is applied.
    """

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class UTCIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


class OrderFilter(CachedFormFilterSet):
    status = django_filters.ChoiceFilter(choices=Order.Status.choices)
    created_after = UTCIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UTCIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    min_total = django_filters.NumberFilter(field_name="total", lookup_expr="gte")
    user = django_filters.NumberFilter(
        field_name="user_id", help_text="Staff only: one customer's orders."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=254,
        help_text=(
            "An order's id, or a customer's email (any case). Staff search every order; "
            "anyone else only their own."
        ),
    )

    class Meta:
        model = Order
        fields = ["status", "created_after", "created_before", "min_total", "user", "search"]

    def filter_search(self, queryset, name, value):
        return search_orders(orders=queryset, text=value)
