from django.contrib import admin

from . import services
from .models import Order, OrderItem


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    can_delete = False
    fields = ("product", "product_name", "sku", "unit_price", "quantity", "line_total")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the API so stock stays right, and orders are
    never deleted (they are the sales ledger; cancel or refund instead)."""

    list_display = ("id", "user", "status", "total", "created_at")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("id", "user__email", "idempotency_key")
    date_hierarchy = "created_at"
    inlines = [OrderItemInline]
    readonly_fields = (
        "user",
        "status",
        "total",
        "version",
        "idempotency_key",
        "request_hash",
        "confirmation_sent_at",
        "created_at",
        "updated_at",
    )
    fields = (*readonly_fields[:4], "note", *readonly_fields[4:])

    def has_add_permission(self, request):
        return False  # Orders come from checkout, which reserves their stock.

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The note is the only editable field; the service bumps the version, so an API
        # client holding the old version gets a 409 instead of overwriting this edit.
        if "note" in form.changed_data:
            services.update_order_note(
                order=obj, note=form.cleaned_data["note"], version=obj.version
            )
