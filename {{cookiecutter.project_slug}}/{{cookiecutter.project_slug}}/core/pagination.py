from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination


class CreatedAtCursorPagination(CursorPagination):
    """Newest first; no COUNT(*), and stable under concurrent inserts.

    When the view has an ordering filter, the cursor follows the ordering that filter
    picks (see `CursorOrderingFilter`), so `?ordering=` and the cursor always agree.
    """

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 100


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
