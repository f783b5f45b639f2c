from rest_framework import serializers

from {{ cookiecutter.project_slug }}.core.serializers import CachedFieldsModelSerializer

from .models import Order, OrderItem

MAX_ITEMS = 100


class OrderItemInputSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000)


class OrderCreateSerializer(serializers.Serializer):
    items = OrderItemInputSerializer(many=True, allow_empty=False, max_length=MAX_ITEMS)
    note = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")

    def validate_items(self, items):
        products = [item["product"] for item in items]
        if len(set(products)) != len(products):
            raise serializers.ValidationError("List each product once, with its total quantity.")
        return items


class IdempotencyKeySerializer(serializers.Serializer):
    """The `Idempotency-Key` header: the client's name for one checkout attempt."""

    idempotency_key = serializers.CharField(max_length=255, required=False, allow_null=True)


class OrderItemSerializer(CachedFieldsModelSerializer):
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
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "status", "total", "item_count", "created_at"]
        read_only_fields = fields


class OrderDetailSerializer(CachedFieldsModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
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


class OrderNoteUpdateSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, allow_blank=True)
    version = serializers.IntegerField(
        min_value=1, help_text="The version you last read; a stale one is a 409."
    )


class StatusSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=None, decimal_places=2)


class ByStatusSerializer(serializers.Serializer):
    def get_fields(self):
        # One summary per order status, named by its value.
        return {status: StatusSummarySerializer() for status in Order.Status.values}


class OrderSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    by_status = ByStatusSerializer()
