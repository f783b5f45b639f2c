from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from {{ cookiecutter.project_slug }}.core.models import TimeStampedModel

# The most units of one product on hand. Far below the column's range, so no adjustment or
# restock can overflow it; the API and the database both enforce it.
MAX_STOCK = 1_000_000


class Product(TimeStampedModel):
    sku = models.CharField("SKU", max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    # The CHECK constraint, not the validator, is what keeps concurrent checkouts honest.
    stock = models.IntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(MAX_STOCK)]
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive products are hidden and cannot be ordered."
    )

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="catalog_product_price_positive"),
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="catalog_product_stock_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(stock__lte=MAX_STOCK), name="catalog_product_stock_at_most_max"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="catalog_product_created_idx"),
            models.Index(fields=["price", "id"], name="catalog_product_price_idx"),
            models.Index(fields=["name", "id"], name="catalog_product_name_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.sku})"

    @property
    def stock_room(self) -> int:
        """How many more units fit on the shelf before MAX_STOCK."""
        return MAX_STOCK - self.stock


class ProductImport(models.Model):
    """A bulk write sent with an Idempotency-Key, kept so that a replay returns its result.

    The row is written in the import's transaction, so it exists exactly when the import
    committed; the unique key makes a concurrent replay wait for that commit and then read it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="product_imports"
    )
    idempotency_key = models.CharField(max_length=255)
    request_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the rows that the import wrote."
    )
    result = models.JSONField(help_text="The response body of the import.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                name="catalog_productimport_user_idempotency_key_unique",
            ),
        ]

    def __str__(self):
        return f"Product import {self.idempotency_key}"
