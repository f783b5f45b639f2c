from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import OutboxMessage


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return (("pending", _("Pending")), ("delivered", _("Delivered")), ("failed", _("Failed")))

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(delivered_at__isnull=True, failed_at__isnull=True)
        if self.value() == "delivered":
            return queryset.filter(delivered_at__isnull=False)
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Side effects and their delivery; a failed one is retried with the action below."""

    list_display = ("id", "job", "state", "attempts", "created_at", "available_at", "last_error")
    list_filter = (StateFilter, "job")
    search_fields = ("id", "job")
    date_hierarchy = "created_at"
    actions = ("retry_now",)
    readonly_fields = (
        "job",
        "kwargs",
        "created_at",
        "available_at",
        "attempts",
        "claimed_until",
        "claim_token",
        "delivered_at",
        "failed_at",
        "last_error",
    )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("state"))
    def state(self, message):
        return message.state

    @admin.action(description=_("Retry now"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = outbox.retry_now(queryset=queryset)
        self.message_user(
            request,
            _("%(count)d message(s) will be delivered by the next sweep.") % {"count": count},
        )
