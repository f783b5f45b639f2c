"""The trigram GIN index that product search's `%>` filter uses, on PostgreSQL only.

Built concurrently (so non-atomic): the catalogue stays writable while it builds. It is
not part of the model's state, since only PostgreSQL can build it; the model's tables are
the same on every database, and this index is a PostgreSQL detail of the search.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

from {{ cookiecutter.project_slug }}.core.migration_operations import ByDatabase


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("catalog", "0003_trigram_extension"),
    ]

    operations = [
        ByDatabase(
            state_operations=[],
            postgresql=[
                AddIndexConcurrently(
                    model_name="product",
                    index=GinIndex(
                        fields=["name", "sku", "description"],
                        opclasses=["gin_trgm_ops"] * 3,
                        name="catalog_product_search_trgm",
                    ),
                ),
            ],
            other=[],
        ),
    ]
