"""Expand: the public id column, nullable and without a default.

Adding a nullable column with no default only changes the catalogue on PostgreSQL: no
rewrite, no scan, the table stays writable. The code deployed with it already fills the
column for new orders (the model's default); 0003 fills the old ones.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
