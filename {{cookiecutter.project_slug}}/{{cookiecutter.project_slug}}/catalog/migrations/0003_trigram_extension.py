"""pg_trgm, for product search on PostgreSQL. On other databases this does nothing."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_stock_at_most_max"),
    ]

    operations = [
        TrigramExtension(),
    ]
