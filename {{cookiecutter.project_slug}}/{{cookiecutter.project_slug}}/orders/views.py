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

from {{ cookiecutter.project_slug }}.core import conditional, openapi
from {{ cookiecutter.project_slug }}.core.exceptions import Conflict
from {{ cookiecutter.project_slug }}.core.idempotency import (
    idempotency_key_from,
    idempotency_key_parameter,
)
from {{ cookiecutter.project_slug }}.core.permissions import IsOwnerOrStaff
from {{ cookiecutter.project_slug }}.core.views import ConditionalListMixin, ListFiltersMixin

from . import selectors, services
from .filters import OrderFilter
from .models import Order
from .serializers import (
    OrderCreateSerializer,
    OrderDetailSerializer,
    OrderListSerializer,
    OrderNoteUpdateSerializer,
    OrderSummarySerializer,
)

STAFF_ACTIONS = {"pay", "refund"}

if_match_parameter = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "The order's ETag from your last read: the write only lands if the order is still "
        "at that version (412 precondition_failed otherwise). Instead of, or with, `version`."
    ),
)


@extend_schema_view(
    list=openapi.conditional_read(
        summary="List orders (staff: everyone's, or one user's with ?user=)",
        serializer=OrderListSerializer(many=True),
    ),
    retrieve=openapi.conditional_read(
        summary="Show an order with its items",
        serializer=OrderDetailSerializer,
    ),
    create=extend_schema(
        summary="Check out",
        request=OrderCreateSerializer,
        parameters=[
            idempotency_key_parameter(
                "Any unique string per checkout attempt. Repeating it returns the first order "
                "(200) instead of ordering again; reusing it with a different body is a 422."
            )
        ],
        responses={
            status.HTTP_201_CREATED: OrderDetailSerializer,
            status.HTTP_200_OK: OpenApiResponse(
                OrderDetailSerializer,
                description="A replay of an earlier Idempotency-Key.",
            ),
        },
    ),
    partial_update=extend_schema(
        summary="Edit the note (optimistic lock: If-Match or version)",
        description=(
            "The optimistic lock travels in the If-Match header (the order's ETag, as a "
            "read returned it) or in the body's `version`. If-Match is checked first: a "
            "stale one is a 412 precondition_failed whatever the body says. With both, the "
            "body's version must be the one the ETag names, or the request is a 400."
        ),
        request=OrderNoteUpdateSerializer,
        parameters=[if_match_parameter, openapi.WRITTEN_ETAG],
        responses={
            status.HTTP_200_OK: OrderDetailSerializer,
            status.HTTP_412_PRECONDITION_FAILED: openapi.PRECONDITION_FAILED,
        },
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
    ConditionalListMixin,
    ListFiltersMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A customer's orders. Anyone else's order is a 404, never a 403: it does not exist."""

    # The querysets are scoped to the user; IsOwnerOrStaff checks every object again. Reads
    # and writes return the order's ETag (strong: it names the order's version) with
    # "Cache-Control: private, no-cache", and reads answer If-None-Match with a 304.

    queryset = Order.objects.none()  # Tells the schema the model; get_queryset() scopes it.
    # Orders are addressed by their public id; the integer key never leaves the database.
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    permission_classes = [IsAuthenticated, IsOwnerOrStaff]
    version_field = "version"
    # List pages' ETags are made of public ids too.
    etag_key_field = "public_id"
    filterset_class = OrderFilter
    ordering_fields = ["created_at", "total"]
    ordering = ["-created_at"]

    def dispatch(self, request, *args, **kwargs):
        if self.action_map.get(request.method.lower()) == "retrieve":
            revalidated = revalidate_own_order(request, public_id=kwargs[self.lookup_url_kwarg])
            if revalidated is not None:
                return revalidated
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if self.action == "list":
            return selectors.list_orders(user=self.request.user)
        # Reads load the items only once the ETag has not answered with a 304 (_detail);
        # the summary aggregates; the writes lock and re-read the order themselves and
        # only need to know here that the user may see it.
        return selectors.list_visible_orders(user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return OrderListSerializer
        return OrderDetailSerializer

    def get_permissions(self):
        if self.action in STAFF_ACTIONS:
            return [IsAdminUser(), IsOwnerOrStaff()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        body = OrderCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        order, created = services.place_order(
            user=request.user,
            idempotency_key=idempotency_key_from(request),
            **body.validated_data,
        )
        return self._detail(order, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def retrieve(self, request, *args, **kwargs):
        order = self.get_object()
        etag = order_etag(order.version)
        response = conditional.not_modified(request, etag=etag)
        if response is None:
            return self._detail(order)
        return conditional.private(response, etag=etag)

    def partial_update(self, request, *args, **kwargs):
        order = self.get_object()
        locked = conditional.check_preconditions(request, etag=order_etag(order.version))
        body = OrderNoteUpdateSerializer(
            data=request.data,
            context={"if_match_version": order.version if locked else None},
        )
        body.is_valid(raise_exception=True)
        try:
            order = services.update_order_note(order=order, **body.validated_data)
        except Conflict as exc:
            # Changed between the If-Match check and the write: still the header's 412.
            if locked and exc.get_codes() == "stale_version":
                raise conditional.PreconditionFailed(details=exc.details) from exc
            raise
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
        body = OrderSummarySerializer(summary, context=self.get_serializer_context())
        return Response(body.data)

    def _detail(self, order, status_code=status.HTTP_200_OK):
        # The services return the order as they left it; only its items are still to load.
        prefetch_related_objects([order], "items")
        body = OrderDetailSerializer(order, context=self.get_serializer_context())
        response = Response(body.data, status=status_code)
        return conditional.private(response, etag=order_etag(order.version))


def order_etag(version):
    """Strong: one version of an order has one representation, and If-Match needs it."""
    return conditional.strong_etag(version)


def revalidate_own_order(request, *, public_id):
    """The 304 for a customer revalidating their own order, before DRF's dispatch; None
    for anything else, which the view then answers in full.

    The only read is one indexed query that also checks what full authentication would
    (the token's user exists and is active), so the answer is the one the view would give,
    without loading the user, counting throttles or building a DRF request. A 304 tells
    only that the copy the client holds is still current.
    """
    if "if-none-match" not in request.headers:
        return None
    user_id = conditional.token_user_id(request)
    if user_id is None:
        return None
    version = selectors.own_order_version(public_id=public_id, user_id=user_id)
    if version is None:
        return None  # staff reading a customer's order, or no such order: the full path
    etag = order_etag(version)
    response = conditional.not_modified(request, etag=etag)
    return response and conditional.private(response, etag=etag)
