from typing import Any

from rest_framework import serializers

from {{ cookiecutter.project_slug }}.core.money import MoneyField
from {{ cookiecutter.project_slug }}.core.serializers import CachedFieldsModelSerializer

from .models import Order, OrderItem

MAX_ITEMS = 100


class OrderItemInputSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000)


class OrderCreateSerializer(serializers.Serializer):
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=OrderItemInputSerializer(), allow_empty=False, max_length=MAX_ITEMS
    )
    note = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

    def validate_items(self, items):
        products = [item["product"] for item in items]
        if len(set(products)) != len(products):
            raise serializers.ValidationError("List each product once, with its total quantity.")
        return items


class OrderItemSerializer(CachedFieldsModelSerializer):
    unit_price = MoneyField(max_digits=10, read_only=True)
    line_total = MoneyField(max_digits=16, read_only=True)

    class Meta:
        model = OrderItem
        fields = [
            "product",
            "product_name",
            "sku",
            "unit_price",
            "quantity",
            "line_total",
        ]
        read_only_fields = fields


class OrderListSerializer(CachedFieldsModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    total = MoneyField(max_digits=18, read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "status", "total", "item_count", "created_at"]
        read_only_fields = fields


class OrderDetailSerializer(CachedFieldsModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    total = MoneyField(max_digits=18, read_only=True)
    items = OrderItemSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "user",
            "status",
            "total",
            "version",
            "note",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# The note and the optimistic lock: the body's `version`, or the If-Match header's. The view
# puts the version a matched If-Match named into the context as `if_match_version`; the
# header wins, and a body version that disagrees with it is refused.
class OrderNoteUpdateSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=(
            "The version you last read; a stale one is a 409. Required unless If-Match "
            "is sent; with If-Match, it must be the version the ETag names."
        ),
    )

    def validate(self, attrs):
        header_version = self.context.get("if_match_version")
        body_version = attrs.get("version")
        if header_version is None and body_version is None:
            raise serializers.ValidationError(
                {"version": ["Send the version you last read, here or as If-Match."]}
            )
        if header_version is not None and body_version not in (None, header_version):
            raise serializers.ValidationError(
                {
                    "version": [
                        f"Version {body_version} disagrees with If-Match, which names "
                        f"version {header_version}; send one of them, or the same."
                    ]
                }
            )
        return {**attrs, "version": header_version or body_version}


class StatusSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total = MoneyField()


class ByStatusSerializer(serializers.Serializer):
    def get_fields(self):
        # One summary per order status, named by its value.
        return {status: StatusSummarySerializer() for status in Order.Status.values}


class OrderSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    by_status = ByStatusSerializer()
