from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response

from {{ cookiecutter.project_slug }}.core.exceptions import ValidationFailed
from {{ cookiecutter.project_slug }}.core.idempotency import (
    idempotency_key_from,
    idempotency_key_parameter,
)
from {{ cookiecutter.project_slug }}.core.views import ListFiltersMixin

from . import selectors, services
from .filters import ProductFilter, ProductOrderingFilter
from .serializers import (
    BULK_MAX_ROWS,
    ProductBulkResultSerializer,
    ProductBulkRowSerializer,
    ProductDeleteQuerySerializer,
    ProductSerializer,
    ProductUpdateSerializer,
    bulk_rows_serializer,
    row_errors,
)

# Set on the answer to a repeated Idempotency-Key: the body is the first import's result.
REPLAYED_HEADER = "Idempotent-Replayed"

PUBLIC_ACTIONS = {"list", "retrieve"}
UPDATE_ACTIONS = {"update", "partial_update"}


@extend_schema_view(
    list=extend_schema(summary="List active products (staff: inactive ones too)", auth=[]),
    retrieve=extend_schema(summary="Show an active product (staff: any product)", auth=[]),
    create=extend_schema(summary="Create a product (staff)"),
    update=extend_schema(summary="Replace a product (staff)"),
    partial_update=extend_schema(summary="Update a product (staff)"),
    destroy=extend_schema(
        summary="Deactivate, or with ?hard=true delete, a product (staff)",
        parameters=[ProductDeleteQuerySerializer],
    ),
    bulk=extend_schema(
        summary="Create or update products by SKU, all or nothing (staff)",
        description=(
            f"Up to {BULK_MAX_ROWS} products, written in one statement. One invalid row "
            "writes nothing: the 400 lists every invalid row's errors by index in "
            "`details.rows`. A row replaces an existing product's name, description, price "
            "and is_active (an omitted one takes its default), but its `stock` sets the "
            "stock of a product it creates only: an existing product keeps its stock "
            "(change it with `stock_delta`)."
        ),
        request=ProductBulkRowSerializer(many=True, allow_empty=False, max_length=BULK_MAX_ROWS),
        responses=ProductBulkResultSerializer,
        parameters=[
            idempotency_key_parameter(
                "Any unique string per import. Repeating it returns the first import's "
                f"result (with `{REPLAYED_HEADER}: true`) instead of writing again; reusing "
                "it with a different body is a 422."
            )
        ],
    ),
)
class ProductViewSet(ListFiltersMixin, viewsets.ModelViewSet):
    """Anyone browses the active catalogue; staff also see inactive products and change them."""

    filter_backends = [DjangoFilterBackend, ProductOrderingFilter]
    filterset_class = ProductFilter
    ordering_fields = ["price", "name", "created_at"]
    ordering = ["-created_at"]

    def get_permissions(self):
        if self.action in PUBLIC_ACTIONS:
            return [AllowAny()]
        return [IsAdminUser()]

    def get_queryset(self):
        # Inactive products do not exist for anyone but staff.
        return selectors.list_products(include_inactive=self.request.user.is_staff)

    def get_serializer_class(self):
        if self.action in UPDATE_ACTIONS:
            return ProductUpdateSerializer
        return ProductSerializer

    def perform_create(self, serializer):
        serializer.instance = services.create_product(**serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.update_product(
            product=serializer.instance, stock_delta=data.pop("stock_delta", 0), data=data
        )

    @action(detail=False, methods=["post"])
    def bulk(self, request, *args, **kwargs):
        rows = bulk_rows_serializer(data=request.data, context=self.get_serializer_context())
        if not rows.is_valid():
            raise ValidationFailed(row_errors(rows.errors))
        result, replayed = services.upsert_products(
            user=request.user,
            rows=rows.validated_data,
            idempotency_key=idempotency_key_from(request),
        )
        headers = {REPLAYED_HEADER: "true"} if replayed else {}
        return Response(ProductBulkResultSerializer(result).data, headers=headers)

    def perform_destroy(self, instance):
        query = ProductDeleteQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data["hard"]:
            services.delete_product(product=instance)
        else:
            services.deactivate_product(product=instance)
