"""Backfill: a public id for every order that has none, in small batches.

Non-atomic: each batch commits on its own, so no transaction holds thousands of row locks
and a failure halfway keeps the batches done (running again continues where it stopped).
"""

from django.db import migrations, transaction
from uuid6 import uuid7

BATCH_SIZE = 1000


def fill_public_ids(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    orders = Order.objects.using(schema_editor.connection.alias)
    while True:
        with transaction.atomic(using=schema_editor.connection.alias):
            batch = list(orders.filter(public_id__isnull=True).order_by("pk").only("pk")[:BATCH_SIZE])
            if not batch:
                return
            # In key order, so the time-ordered ids keep the orders' order.
            for order in batch:
                order.public_id = uuid7()
            orders.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orders", "0002_order_public_id"),
    ]

    operations = [
        # Backwards there is nothing to undo: reversing 0002 drops the column.
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=True),
    ]
