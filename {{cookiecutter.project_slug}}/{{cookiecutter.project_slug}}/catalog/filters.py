import django_filters
from django.db.models import Case, IntegerField, Value, When

from {{ cookiecutter.project_slug }}.core.filters import CachedFormFilterSet, CursorOrderingFilter

from .models import Product

SEARCH_RANK = "search_rank"


class ProductFilter(CachedFormFilterSet):
    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = django_filters.NumberFilter(field_name="price", lookup_expr="lte")
    in_stock = django_filters.BooleanFilter(method="filter_in_stock")
    is_active = django_filters.BooleanFilter(
        help_text="Staff only (others see active products alone): active or inactive ones."
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text="Matches names containing the text; exact names first, then prefixes.",
    )

    class Meta:
        model = Product
        fields = ["min_price", "max_price", "in_stock", "is_active", "search"]

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset.filter(stock=0)

    def filter_search(self, queryset, name, value):
        rank = Case(
            When(name__iexact=value, then=Value(0)),
            When(name__istartswith=value, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return queryset.filter(name__icontains=value).annotate(**{SEARCH_RANK: rank})


class ProductOrderingFilter(CursorOrderingFilter):
    """Search results come best match first; `?ordering=` orders within a rank."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if SEARCH_RANK in queryset.query.annotations:
            return [SEARCH_RANK, *ordering]
        return ordering
