from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Unticking "active" here, or the action below, also blacklists the user's refresh tokens."""

    ordering = ("email",)
    list_display = ("email", "is_active", "email_verified_at", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email",)
    readonly_fields = ("email_verified_at", "verification_email_sent_at")
    actions = ("deactivate",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (
            _("Important dates"),
            {
                "fields": (
                    "last_login",
                    "date_joined",
                    "email_verified_at",
                    "verification_email_sent_at",
                )
            },
        ),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @admin.action(
        description=_("Deactivate selected users and revoke their refresh tokens"),
        permissions=["change"],
    )
    def deactivate(self, request, queryset):
        for user in queryset.filter(is_active=True):
            services.deactivate_user(user=user)
