from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from .exceptions import BadRequest


class CreatedAtCursorPagination(CursorPagination):
    """Newest first; no COUNT(*), and stable under concurrent inserts.

    When the view has an ordering filter, the cursor follows the ordering that filter
    picks (see `core.filters.CursorOrderingFilter`), so `?ordering=` and the cursor always agree.
    A cursor the server could not have written is a 400 `invalid_cursor`.
    """

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = "Invalid cursor."

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self.invalid_cursor() from None
        if cursor is not None and cursor.position is not None:
            self.validate_position(cursor.position)
        return cursor

    def validate_position(self, position):
        """The position is compared with the first ordering field in SQL: it must be a value
        that field could hold, or the database refuses the query (or the driver, the value).
        """
        try:
            field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
        except FieldDoesNotExist:
            return  # An annotation: nothing to check it against.
        if "\x00" in position:
            raise self.invalid_cursor()
        try:
            value = field.to_python(position)
            field.run_validators(value)
        except ValidationError:
            raise self.invalid_cursor() from None
        if isinstance(value, datetime) and timezone.is_naive(value):
            raise self.invalid_cursor()

    def invalid_cursor(self):
        return BadRequest(self.invalid_cursor_message, code="invalid_cursor")
