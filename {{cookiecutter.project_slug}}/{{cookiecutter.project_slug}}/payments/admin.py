from django.contrib import admin

from .models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-only: payments are recorded from the provider's signed events, never by hand."""

    list_display = ("provider_event_id", "order", "amount", "currency", "received_at")
    list_select_related = ("order",)
    search_fields = ("provider_event_id", "order__id")
    date_hierarchy = "received_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
