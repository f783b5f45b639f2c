from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny, IsAdminUser

from {{ cookiecutter.project_slug }}.core.views import ListFiltersMixin

from . import selectors, services
from .filters import ProductFilter, ProductOrderingFilter
from .serializers import ProductDeleteQuerySerializer, ProductSerializer, ProductUpdateSerializer

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

    def perform_destroy(self, instance):
        query = ProductDeleteQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data["hard"]:
            services.delete_product(product=instance)
        else:
            services.deactivate_product(product=instance)
