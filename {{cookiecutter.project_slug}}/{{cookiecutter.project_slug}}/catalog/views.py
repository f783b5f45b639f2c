from django.conf import settings
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response

from {{ cookiecutter.project_slug }}.core import conditional, openapi
from {{ cookiecutter.project_slug }}.core.exceptions import ValidationFailed
from {{ cookiecutter.project_slug }}.core.idempotency import (
    idempotency_key_from,
    idempotency_key_parameter,
)
from {{ cookiecutter.project_slug }}.core.views import ConditionalListMixin, ListFiltersMixin

from . import cache, selectors, services
from .filters import ProductFilter, ProductOrderingFilter
from .serializers import (
    BULK_MAX_ROWS,
    ProductBulkResultSerializer,
    ProductDeleteQuerySerializer,
    ProductSerializer,
    ProductUpdateSerializer,
    bulk_rows_list,
    bulk_rows_serializer,
    row_errors,
)

# Set on the answer to a repeated Idempotency-Key: the body is the first import's result.
REPLAYED_HEADER = "Idempotent-Replayed"

PUBLIC_ACTIONS = {"list", "retrieve"}
UPDATE_ACTIONS = {"update", "partial_update"}


@extend_schema_view(
    list=openapi.conditional_read(
        summary="List active products (staff: inactive ones too)",
        serializer=ProductSerializer(many=True),
        auth=[],
    ),
    retrieve=openapi.conditional_read(
        summary="Show an active product (staff: any product)",
        serializer=ProductSerializer,
        auth=[],
    ),
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
        request=bulk_rows_list(),
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
class ProductViewSet(ConditionalListMixin, ListFiltersMixin, viewsets.ModelViewSet):
    """Anyone browses the active catalogue; staff also see inactive products and change them."""

    # Reads carry an ETag and answer If-None-Match with a 304. Anonymous reads are public
    # (Cache-Control: public, max-age=CATALOG_MAX_AGE) and the anonymous list is served from
    # the shared cache (catalog.cache); signed-in reads are private and never cached there.

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

    def list(self, request, *args, **kwargs):
        if not self._anonymous_json(request):
            return super().list(request, *args, **kwargs)
        slot, cached = cache.find_page(request.build_absolute_uri())
        if cached is None:
            response = super().list(request, *args, **kwargs)
            if response.status_code != status.HTTP_200_OK:
                return response
            body = request.accepted_renderer.render(
                response.data, request.accepted_media_type, self.get_renderer_context()
            )
            cached = (body, response["ETag"])
            slot.store(body=body, etag=response["ETag"])
        body, etag = cached
        response = conditional.not_modified(request, etag=etag)
        if response is None:
            response = HttpResponse(body, content_type=request.accepted_media_type)
        return self.cache_headers(response, etag=etag)

    def retrieve(self, request, *args, **kwargs):
        product = self.get_object()
        etag = conditional.weak_etag(product.pk, product.updated_at)
        response = conditional.not_modified(request, etag=etag)
        if response is None:
            response = Response(self.get_serializer(product).data)
        return self.cache_headers(response, etag=etag)

    def cache_headers(self, response, *, etag):
        if self.request.user.is_anonymous:
            return conditional.public(response, etag=etag, max_age=settings.CATALOG_MAX_AGE)
        return conditional.private(response, etag=etag)

    @staticmethod
    def _anonymous_json(request):
        """Reads the shared cache may answer: anonymous, in the default JSON (not indented)."""
        return request.user.is_anonymous and request.accepted_media_type == "application/json"

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
