import copy
from typing import Any, ClassVar

from rest_framework import serializers


# DRF inspects the model again for every ModelSerializer instance: for one order and its
# items that costs about a tenth of the request. The fields depend on the class alone, so
# the first instance's are kept and every instance gets its own deep copy, which is how DRF
# already hands out declared fields. Not for serializers that build fields per request.
# (A comment, not a docstring: drf-spectacular would publish a docstring in the schema of
# every serializer that inherits it.)
class CachedFieldsModelSerializer(serializers.ModelSerializer):
    # Set on each subclass by its first instance (an annotation only, so not in __dict__).
    _model_fields: ClassVar[dict[str, Any]]

    def get_fields(self):
        cls = type(self)
        if "_model_fields" not in cls.__dict__:
            cls._model_fields = super().get_fields()
        return copy.deepcopy(cls._model_fields)
