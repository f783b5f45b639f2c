from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny, IsAdminUser

from {{ cookiecutter.project_slug }}.core.views import ListFiltersMixin

from . import selectors, services
from .filters import ProductFilter, ProductOrderingFilter
from .serializers import ProductDeleteQuerySerializer, ProductSerializer

PUBLIC_ACTIONS = {"list", "retrieve"}


@extend_schema_view(
    list=extend_schema(summary="List active products", auth=[]),
    retrieve=extend_schema(summary="Show an active product", auth=[]),
    create=extend_schema(summary="Create a product (staff)"),
    update=extend_schema(summary="Replace a product (staff)"),
    partial_update=extend_schema(summary="Update a product (staff)"),
    destroy=extend_schema(
        summary="Deactivate, or with ?hard=true delete, a product (staff)",
        parameters=[ProductDeleteQuerySerializer],
    ),
)
class ProductViewSet(ListFiltersMixin, viewsets.ModelViewSet):
    """Anyone browses the catalogue; only staff change it."""

    serializer_class = ProductSerializer
    filter_backends = [DjangoFilterBackend, ProductOrderingFilter]
    filterset_class = ProductFilter
    ordering_fields = ["price", "name", "created_at"]
    ordering = ["-created_at"]

    def get_permissions(self):
        if self.action in PUBLIC_ACTIONS:
            return [AllowAny()]
        return [IsAdminUser()]

    def get_queryset(self):
        # The public list is active products only; staff may still act on inactive ones.
        return selectors.product_list(include_inactive=self.action not in PUBLIC_ACTIONS)

    def perform_create(self, serializer):
        serializer.instance = services.product_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.product_update(
            product=serializer.instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        query = ProductDeleteQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data["hard"]:
            services.product_delete(product=instance)
        else:
            services.product_deactivate(product=instance)
