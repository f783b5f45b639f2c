from decimal import Decimal

from rest_framework import serializers

from {{ cookiecutter.project_slug }}.core.serializers import CachedFieldsModelSerializer

from .models import Product


class ProductSerializer(CachedFieldsModelSerializer):
    price = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={"min_value": "Ensure this value is greater than zero."},
    )
    stock = serializers.IntegerField(min_value=0, max_value=2**31 - 1, required=False)

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


class ProductDeleteQuerySerializer(serializers.Serializer):
    hard = serializers.BooleanField(
        default=False,
        help_text="Delete the row for real instead of deactivating it (409 if ordered).",
    )
