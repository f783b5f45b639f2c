"""How the project's own serializer fields appear in the OpenAPI schema, per API version."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from .versioning import money_as_object

_ACCESS_MODES = {"readOnly", "writeOnly"}


class MoneyFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "{{ cookiecutter.project_slug }}.core.money.MoneyField"

    def map_serializer_field(self, auto_schema, direction):
        # The decimal string DRF's DecimalField is, which v1 keeps.
        amount = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if not money_as_object(getattr(auto_schema.view.request, "version", None)):
            return amount
        # readOnly and writeOnly belong to the object, where the serializer puts them.
        amount = {key: value for key, value in amount.items() if key not in _ACCESS_MODES}
        return {
            "type": "object",
            "properties": {
                "amount": amount,
                "currency": {"type": "string", "enum": [settings.CURRENCY]},
            },
            "required": ["amount", "currency"],
        }
