from django.contrib import admin

from .models import Product


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("sku", "name", "price", "stock", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("sku", "name")
    ordering = ("name",)
    readonly_fields = ("created_at", "updated_at")
