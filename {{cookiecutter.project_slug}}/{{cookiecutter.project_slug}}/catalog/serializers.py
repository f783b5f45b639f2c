from decimal import Decimal

from rest_framework import serializers

from {{ cookiecutter.project_slug }}.core.serializers import CachedFieldsModelSerializer

from .models import MAX_STOCK, Product


class ProductSerializer(CachedFieldsModelSerializer):
    """A product as shown, and as created: creation sets the initial stock."""

    price = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": "Ensure this value is greater than zero."},
    )
    stock = serializers.IntegerField(
        min_value=0,
        max_value=MAX_STOCK,
        required=False,
        help_text=f"Units on hand, 0 to {MAX_STOCK}. Set at creation; change it with stock_delta.",
    )

    class Meta:
        model = Product
        fields = [
            "id",
            "sku",
            "name",
            "description",
            "price",
            "stock",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class ProductUpdateSerializer(ProductSerializer):
    """An update: the stock only moves by a relative `stock_delta`, never to a given value."""

    stock = serializers.IntegerField(read_only=True, help_text="Units on hand.")
    stock_delta = serializers.IntegerField(
        write_only=True,
        required=False,
        min_value=-MAX_STOCK,
        max_value=MAX_STOCK,
        help_text=(
            "Units to add (negative: to remove), applied to the stock the database holds, so "
            "concurrent checkouts are never overwritten. 409 insufficient_stock below 0, "
            f"409 stock_out_of_range above {MAX_STOCK}."
        ),
    )

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "stock_delta"]


class ProductDeleteQuerySerializer(serializers.Serializer):
    hard = serializers.BooleanField(
        default=False,
        help_text="Delete the row for real instead of deactivating it (409 if ordered).",
    )
