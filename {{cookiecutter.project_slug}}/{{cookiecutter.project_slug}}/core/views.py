from typing import cast

from rest_framework import viewsets
from rest_framework.pagination import CursorPagination

from . import conditional


class ListFiltersMixin(viewsets.GenericViewSet):
    """Filters and ordering narrow lists only.

    DRF applies them to single-object actions too, where they would only build and check a
    form, and a query string that excludes the object would turn it into a 404.
    """

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)


class ConditionalListMixin(viewsets.GenericViewSet):
    """List pages that answer If-None-Match with a 304.

    The validator is a weak ETag over the page's rows (`etag_key_field` and `version_field`,
    which every change of a row moves) and its links, taken from the rows the page's own
    query fetched: no query beyond the page's. Expects a paginated list.
    """

    version_field = "updated_at"
    # What names a row in the validator: a field the API shows anyway.
    etag_key_field = "pk"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        etag = self.page_etag(page)
        response = conditional.not_modified(request, etag=etag)
        if response is None:
            data = self.get_serializer(page, many=True).data
            response = self.get_paginated_response(data)
        return self.cache_headers(response, etag=etag)

    def page_etag(self, page):
        key, version = self.etag_key_field, self.version_field
        rows = (f"{getattr(row, key)}:{getattr(row, version)}" for row in page)
        paginator = cast(CursorPagination, self.paginator)  # every list is cursor-paginated
        links = (paginator.get_next_link(), paginator.get_previous_link())
        return conditional.weak_etag(*rows, *links)

    def cache_headers(self, response, *, etag):
        """Per-user pages by default; override for public ones."""
        return conditional.private(response, etag=etag)
