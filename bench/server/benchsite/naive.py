"""The naive contender: the same endpoints as a DRF tutorial would write them.

`ModelViewSet`s over plain querysets, nested serializers, a `SerializerMethodField` that
counts each order's items, no `select_related`/`prefetch_related`, `PageNumberPagination`
with its `COUNT(*)`, search through the project's own ranking (as the API promises: trigram
similarity on PostgreSQL),
and a writable nested serializer for checkout that loads, checks and saves product by
product. The JSON records are the rendered project's; only the page
envelope differs (page numbers instead of cursors).

It shares the project's authentication (the same tokens work) but pins DRF's stock JSON
renderer and parser and its own filter backends, so that tuning the project's
REST_FRAMEWORK defaults never makes the tutorial faster too.
"""

from decimal import Decimal

from django.db import transaction
from order_api.catalog.models import Product
from order_api.catalog.selectors import SEARCH_RANK, search_products
from order_api.core.background import run_after_commit
from order_api.orders.emails import send_order_confirmation
from order_api.orders.models import Order, OrderItem
from rest_framework import permissions, serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.routers import SimpleRouter


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ProductSerializer(serializers.ModelSerializer):
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


class OrderItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderItem
        fields = ["product", "product_name", "sku", "unit_price", "quantity", "line_total"]
        read_only_fields = ["product_name", "sku", "unit_price", "line_total"]


class OrderSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    items = OrderItemSerializer(many=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "user",
            "status",
            "total",
            "version",
            "note",
            "items",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "user", "status", "total", "version", "created_at", "updated_at"]

    def create(self, validated_data):
        items = validated_data.pop("items")
        with transaction.atomic():
            order = Order.objects.create(total=Decimal("0.00"), **validated_data)
            total = Decimal("0.00")
            for item in items:
                product = item["product"]
                if not product.is_active or product.stock < item["quantity"]:
                    raise serializers.ValidationError({"items": "Product not available."})
                product.stock -= item["quantity"]
                product.save()
                line_total = product.price * item["quantity"]
                OrderItem.objects.create(
                    order=order,
                    product=product,
                    product_name=product.name,
                    sku=product.sku,
                    unit_price=product.price,
                    quantity=item["quantity"],
                    line_total=line_total,
                )
                total += line_total
            order.total = total
            order.save()
        return order


class OrderListSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    item_count = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "status", "total", "item_count", "created_at"]

    def get_item_count(self, order):
        return order.items.count()


class TutorialViewSet(viewsets.ModelViewSet):
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    filter_backends = []
    pagination_class = Pagination


class ProductViewSet(TutorialViewSet):
    serializer_class = ProductSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        products = Product.objects.filter(is_active=True)
        search = self.request.query_params.get("search")
        if search:
            products = search_products(products=products, text=search).order_by(
                SEARCH_RANK, "-created_at", "-id"
            )
        return products


class OrderViewSet(TutorialViewSet):
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "public_id"

    def get_queryset(self):
        return Order.objects.filter(user=self.request.user)

    def get_serializer_class(self):
        return OrderListSerializer if self.action == "list" else OrderSerializer

    def perform_create(self, serializer):
        order = serializer.save(user=self.request.user)
        run_after_commit(send_order_confirmation, order_id=order.id)


router = SimpleRouter()
router.register("products", ProductViewSet, basename="naive-product")
router.register("orders", OrderViewSet, basename="naive-order")
urlpatterns = router.urls
