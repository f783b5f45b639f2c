from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from uuid6 import uuid7

from {{ cookiecutter.project_slug }}.core.models import TimeStampedModel


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"

    # The order's name outside the database: in URLs, responses and mail. Time-ordered
    # (UUIDv7), so it indexes like a sequence, but says nothing about how many orders exist.
    public_id = models.UUIDField(default=uuid7, editable=False)
    # Orders are the sales ledger: a user who has ordered cannot simply vanish.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    total = models.DecimalField(max_digits=18, decimal_places=2)
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped by every change; writers send the version they read."
    )
    # NULL, not "": orders placed without a key must not collide in the unique constraint.
    idempotency_key = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    request_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the checkout body that created the order."
    )
    note = models.TextField(blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(fields=["public_id"], name="orders_order_public_id_unique"),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="orders_order_user_idempotency_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0), name="orders_order_total_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="orders_order_created_idx"),
            models.Index(fields=["user", "-created_at", "-id"], name="orders_order_user_idx"),
            models.Index(fields=["status", "created_at"], name="orders_order_status_idx"),
        ]

    def __str__(self):
        return f"Order {self.public_id} ({self.status})"


class OrderItem(models.Model):
    """A line of an order. Name, SKU and price are copied at checkout and never change."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="order_items"
    )
    product_name = models.CharField(max_length=200)
    sku = models.CharField("SKU", max_length=64)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    line_total = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(fields=["order", "product"], name="orders_item_product_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_item_quantity_min_1"),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.sku}"
