from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response

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
class ProductViewSet(
    ListFiltersMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
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

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.product_create(**serializer.validated_data)
        return Response(self.get_serializer(product).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        product = self.get_object()
        serializer = self.get_serializer(product, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        product = services.product_update(product=product, data=serializer.validated_data)
        return Response(self.get_serializer(product).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        query = ProductDeleteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        product = self.get_object()
        if query.validated_data["hard"]:
            services.product_delete(product=product)
        else:
            services.product_deactivate(product=product)
        return Response(status=status.HTTP_204_NO_CONTENT)
