from django.db.models import QuerySet

from .models import Product


def list_products(*, include_inactive=False) -> QuerySet[Product]:
    """The catalogue. Soft-deleted products stay visible to staff so they can be restored."""
    products = Product.objects.all()
    return products if include_inactive else products.filter(is_active=True)
