from rest_framework import viewsets


class ListFiltersMixin(viewsets.GenericViewSet):
    """Filters and ordering narrow lists only.

    DRF applies them to single-object actions too, where they would only build and check a
    form, and a query string that excludes the object would turn it into a 404.
    """

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)
