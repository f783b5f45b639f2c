"""Contract: the public id becomes unique and required, without locking the table.

On PostgreSQL the unique index is built concurrently and then attached as the constraint;
NOT NULL is proved by a CHECK added NOT VALID and validated separately (a scan that lets
writes through), which `SET NOT NULL` then trusts instead of scanning under its lock.
Other databases (SQLite) run Django's own operations. Deploy it only after 0003 has run
and the code that fills the column for new orders is live everywhere.
"""

import uuid6
from django.db import migrations, models

from {{ cookiecutter.project_slug }}.core.migration_operations import ByDatabase

TABLE = "orders_order"
UNIQUE = "orders_order_public_id_unique"
NOT_NULL_CHECK = "orders_order_public_id_not_null"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orders", "0003_backfill_order_public_id"),
    ]

    operations = [
        ByDatabase(
            state_operations=[
                migrations.AlterField(
                    model_name="order",
                    name="public_id",
                    field=models.UUIDField(default=uuid6.uuid7, editable=False),
                ),
                migrations.AddConstraint(
                    model_name="order",
                    constraint=models.UniqueConstraint(fields=["public_id"], name=UNIQUE),
                ),
            ],
            postgresql=[
                migrations.RunSQL(
                    [
                        f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {UNIQUE} "
                        f"ON {TABLE} (public_id)",
                        f"ALTER TABLE {TABLE} ADD CONSTRAINT {UNIQUE} UNIQUE USING INDEX {UNIQUE}",
                        f"ALTER TABLE {TABLE} ADD CONSTRAINT {NOT_NULL_CHECK} "
                        "CHECK (public_id IS NOT NULL) NOT VALID",
                        f"ALTER TABLE {TABLE} VALIDATE CONSTRAINT {NOT_NULL_CHECK}",
                        f"ALTER TABLE {TABLE} ALTER COLUMN public_id SET NOT NULL",
                        f"ALTER TABLE {TABLE} DROP CONSTRAINT {NOT_NULL_CHECK}",
                    ],
                    reverse_sql=[
                        f"ALTER TABLE {TABLE} ALTER COLUMN public_id DROP NOT NULL",
                        f"ALTER TABLE {TABLE} DROP CONSTRAINT {UNIQUE}",
                    ],
                ),
            ],
        ),
    ]
