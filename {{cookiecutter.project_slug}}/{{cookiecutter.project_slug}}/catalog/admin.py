from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from {{ cookiecutter.project_slug }}.core.exceptions import Conflict

from . import services
from .cache import catalogue_changed
from .models import MAX_STOCK, Product


class ProductAdminForm(forms.ModelForm):
    stock_adjustment = forms.IntegerField(
        label="Adjust stock by",
        required=False,
        min_value=-MAX_STOCK,
        max_value=MAX_STOCK,
        help_text="Units to add (negative: to remove), counted from the stock at saving time.",
    )

    class Meta:
        model = Product
        fields = ("sku", "name", "description", "price", "is_active")

    def clean_stock_adjustment(self):
        delta = self.cleaned_data["stock_adjustment"] or 0
        # A friendly check against the stock now; the service's guarded UPDATE is the real one.
        stock = self.instance.stock if self.instance.pk else 0
        if not 0 <= stock + delta <= MAX_STOCK:
            raise forms.ValidationError(f"The stock must stay between 0 and {MAX_STOCK}.")
        return delta


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    """Stock is read-only here: a form read before a checkout must not write it back."""

    form = ProductAdminForm
    list_display = ("sku", "name", "price", "stock", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("sku", "name")
    ordering = ("name",)
    fields = (
        "sku",
        "name",
        "description",
        "price",
        "is_active",
        "stock",
        "stock_adjustment",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("stock", "created_at", "updated_at")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """An adjustment the stock no longer allows (a checkout took units between the form's
        check and the save) saves nothing and comes back to the form with the reason."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict as exc:
            # The admin's transaction has rolled back every change of this save.
            self.message_user(request, f"Nothing was saved: {exc.detail}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        delta = form.cleaned_data["stock_adjustment"]
        if change:
            columns = {field.name for field in Product._meta.concrete_fields}
            changed = {
                name: form.cleaned_data[name] for name in form.changed_data if name in columns
            }
            services.update_product(product=obj, data=changed, stock_delta=delta)
        else:
            obj.stock = delta  # a new product starts from nothing
            super().save_model(request, obj, form, change)
            catalogue_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        catalogue_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        catalogue_changed()
