from django.db.models import prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.response import Response

from {{ cookiecutter.project_slug }}.core.views import ListFiltersMixin

from . import selectors, services
from .filters import OrderFilter
from .models import Order
from .serializers import (
    IdempotencyKeySerializer,
    OrderCreateSerializer,
    OrderDetailSerializer,
    OrderListSerializer,
    OrderNoteUpdateSerializer,
    OrderSummarySerializer,
)

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
STAFF_ACTIONS = {"pay", "refund"}

idempotency_key_parameter = OpenApiParameter(
    IDEMPOTENCY_KEY_HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "Any unique string per checkout attempt. Repeating it returns the first order "
        "(200) instead of ordering again; reusing it with a different body is a 422."
    ),
)


@extend_schema_view(
    list=extend_schema(summary="List orders (staff: everyone's, or one user's with ?user=)"),
    retrieve=extend_schema(summary="Show an order with its items"),
    create=extend_schema(
        summary="Check out",
        request=OrderCreateSerializer,
        parameters=[idempotency_key_parameter],
        responses={
            status.HTTP_201_CREATED: OrderDetailSerializer,
            status.HTTP_200_OK: OpenApiResponse(
                OrderDetailSerializer,
                description="A replay of an earlier Idempotency-Key.",
            ),
        },
    ),
    partial_update=extend_schema(
        summary="Edit the note (optimistic lock on version)",
        request=OrderNoteUpdateSerializer,
        responses=OrderDetailSerializer,
    ),
    pay=extend_schema(
        summary="Confirm the payment of a pending order (staff)",
        description=(
            "For a payment received out of band. Customers never mark an order paid: the "
            "payment provider's signed webhook (POST /api/v1/payments/webhook/) or staff do."
        ),
        request=None,
    ),
    cancel=extend_schema(summary="Cancel a pending order and restock it", request=None),
    refund=extend_schema(summary="Refund a paid order and restock it (staff)", request=None),
    summary=extend_schema(
        summary="Order count and total per status", responses=OrderSummarySerializer
    ),
)
class OrderViewSet(
    ListFiltersMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A customer's orders. Anyone else's order is a 404, never a 403: it does not exist."""

    queryset = Order.objects.none()  # Tells the schema the model; get_queryset() scopes it.
    # Orders are addressed by their public id; the integer key never leaves the database.
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    permission_classes = [IsAuthenticated]
    filterset_class = OrderFilter
    ordering_fields = ["created_at", "total"]
    ordering = ["-created_at"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.list_orders(user=self.request.user)
        if self.action == "retrieve":
            return selectors.list_orders_with_items(user=self.request.user)
        # The summary aggregates; the writes lock and re-read the order themselves and
        # only need to know here that the user may see it.
        return selectors.list_visible_orders(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return OrderListSerializer
        return OrderDetailSerializer

    def get_permissions(self):
        if self.action in STAFF_ACTIONS:
            return [IsAdminUser()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        body = OrderCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        headers = IdempotencyKeySerializer(
            data={"idempotency_key": request.headers.get(IDEMPOTENCY_KEY_HEADER)}
        )
        headers.is_valid(raise_exception=True)
        order, created = services.place_order(
            user=request.user,
            idempotency_key=headers.validated_data["idempotency_key"],
            **body.validated_data,
        )
        return self._detail(order, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        order = self.get_object()
        body = OrderNoteUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order = services.update_order_note(order=order, **body.validated_data)
        return self._detail(order)

    @action(detail=True, methods=["post"])
    def pay(self, request, *args, **kwargs):
        return self._detail(services.pay_order(order=self.get_object()))

    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        return self._detail(services.cancel_order(order=self.get_object()))

    @action(detail=True, methods=["post"])
    def refund(self, request, *args, **kwargs):
        return self._detail(services.refund_order(order=self.get_object()))

    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request, *args, **kwargs):
        orders = self.filter_queryset(self.get_queryset())
        summary = selectors.summarize_orders(orders=orders)
        return Response(OrderSummarySerializer(summary).data)

    def _detail(self, order, status_code=status.HTTP_200_OK):
        # The services return the order as they left it; only its items are still to load.
        prefetch_related_objects([order], "items")
        return Response(OrderDetailSerializer(order).data, status=status_code)
