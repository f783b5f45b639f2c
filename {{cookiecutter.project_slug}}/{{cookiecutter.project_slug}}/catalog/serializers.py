from decimal import Decimal

from rest_framework import serializers

from {{ cookiecutter.project_slug }}.core.money import MoneyField
from {{ cookiecutter.project_slug }}.core.serializers import CachedFieldsModelSerializer

from .models import MAX_STOCK, Product

# The most rows one bulk write takes; they are written in one INSERT.
BULK_MAX_ROWS = 1_000


class ProductSerializer(CachedFieldsModelSerializer):
    """A product as shown, and as created: creation sets the initial stock."""

    price = MoneyField(
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


class ProductBulkListSerializer(serializers.ListSerializer):
    """The rows of a bulk write: errors come back row by row, and a SKU may appear once."""

    def to_internal_value(self, data):
        duplicates = _repeated_skus(data)
        try:
            rows = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if duplicates and _by_row(exc.detail):
                raise serializers.ValidationError(
                    _merged(duplicates, _by_row(exc.detail))
                ) from None
            raise
        if duplicates:
            raise serializers.ValidationError(duplicates)
        return rows


class ProductBulkRowSerializer(ProductSerializer):
    """One product of a bulk write, created or updated by its SKU.

    `stock` is the initial stock of a product the write creates; an existing product's stock
    is left as it is, since checkouts change it concurrently (use `stock_delta` on the
    product to adjust it).
    """

    stock = serializers.IntegerField(
        min_value=0,
        max_value=MAX_STOCK,
        required=False,
        help_text=f"Initial units on hand of a new product, 0 to {MAX_STOCK}; ignored for an "
        "existing SKU.",
    )

    class Meta(ProductSerializer.Meta):
        fields = ["sku", "name", "description", "price", "stock", "is_active"]
        # The SKU picks the product to update, so it need not be unused.
        extra_kwargs: dict[str, dict[str, list]] = {"sku": {"validators": []}}
        list_serializer_class = ProductBulkListSerializer


class ProductBulkResultRowSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The row's position in the request.")
    id = serializers.IntegerField()
    sku = serializers.CharField()
    created = serializers.BooleanField(help_text="False: an existing product was updated.")


class ProductBulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    rows = ProductBulkResultRowSerializer(many=True)


def bulk_rows_serializer(*, data, context):
    return bulk_rows_list(data=data, context=context)


def bulk_rows_list(**kwargs):
    """The list of rows a bulk write takes: 1 to BULK_MAX_ROWS products."""
    return ProductBulkListSerializer(
        child=ProductBulkRowSerializer(), allow_empty=False, max_length=BULK_MAX_ROWS, **kwargs
    )


def row_errors(errors):
    """The invalid rows' errors, `{"rows": [{"index": 3, "errors": {...}}, ...]}` in row
    order; a body that is not a list of 1 to BULK_MAX_ROWS rows keeps its own errors."""
    by_row = _by_row(errors)
    if by_row is None:
        return errors
    return {"rows": [{"index": index, "errors": by_row[index]} for index in sorted(by_row)]}


def _by_row(errors):
    """{row index: errors}, from either of DRF's list error formats; None for other errors."""
    if isinstance(errors, list):
        return {index: row for index, row in enumerate(errors) if row}
    if isinstance(errors, dict) and errors and all(isinstance(key, int) for key in errors):
        return dict(errors)
    return None


def _merged(first, second):
    return {
        index: {**first.get(index, {}), **second.get(index, {})}
        for index in sorted(first.keys() | second.keys())
    }


def _repeated_skus(data):
    """{row index: errors} for every row whose SKU an earlier row already gave."""
    if not isinstance(data, list):
        return {}
    first_seen: dict[str, int] = {}
    duplicates: dict[int, dict[str, list[str]]] = {}
    for index, row in enumerate(data):
        sku = row.get("sku") if isinstance(row, dict) else None
        if not isinstance(sku, str) or not sku.strip():
            continue
        seen = first_seen.setdefault(sku.strip(), index)
        if seen != index:
            duplicates[index] = {"sku": [f"Row {seen} has the same SKU."]}
    return duplicates
