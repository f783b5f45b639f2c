import django_filters

from {{ cookiecutter.project_slug }}.core.filters import CachedFormFilterSet, CursorOrderingFilter

from .models import Product
from .selectors import SEARCH_RANK, search_products


class ProductFilter(CachedFormFilterSet):
    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    in_stock = django_filters.BooleanFilter(method="filter_in_stock")
    is_active = django_filters.BooleanFilter(
        help_text="Staff only (others see active products alone): active or inactive ones."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=(
            "Best match first. On PostgreSQL: words like the text in the name, SKU or "
            "description (typos forgiven), exact names and SKUs first, then name prefixes. "
            "On other databases: names containing the text, exact names first, then prefixes."
        ),
    )

    class Meta:
        model = Product
        fields = ["min_price", "max_price", "in_stock", "is_active", "search"]

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)

    def filter_search(self, queryset, name, value):
        return search_products(products=queryset, text=value)


class ProductOrderingFilter(CursorOrderingFilter):
    """Search results come best match first; `?ordering=` orders within a rank."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if SEARCH_RANK in queryset.query.annotations:
            return [SEARCH_RANK, *ordering]
        return ordering
