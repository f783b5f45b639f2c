from typing import Any, ClassVar

import django_filters
from rest_framework.filters import OrderingFilter


# django-filter builds a new form class from the filters for every request, about a
# twentieth of a list request. The filters depend on the class alone, so the form class is
# built once per FilterSet class; each request still gets its own form instance. Not for
# FilterSets that change their filters per request.
class CachedFormFilterSet(django_filters.FilterSet):
    # Set on each subclass by its first instance (an annotation only, so not in __dict__).
    _form_class: ClassVar[Any]

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class


class CursorOrderingFilter(OrderingFilter):
    """`?ordering=` over an allowlist, always ending with the primary key.

    The cursor paginator orders the page by exactly what this filter returns and marks
    its position with the first field; within equal values (two products at one price)
    it counts an offset, which is only stable if the rest of the ordering is unique.
    """

    tiebreaker = "id"

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view) or ())
        if not ordering or any(field.lstrip("-") in ("id", "pk") for field in ordering):
            return ordering
        descending = ordering[0].startswith("-")
        return [*ordering, f"-{self.tiebreaker}" if descending else self.tiebreaker]
