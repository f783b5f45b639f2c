from django.db import migrations

from {{ cookiecutter.project_slug }}.core.addresses import canonical_email_or_none
from {{ cookiecutter.project_slug }}.core.migration_operations import ByDatabase

CASE_INSENSITIVE_UNIQUE = "users_user_email_ci_unique"


def store_canonical_emails(apps, schema_editor):
    """Rewrite each address in its canonical form, which lookups now match exactly.

    An address without one (a lookalike domain) is left as it is: no login finds it until
    someone changes it in the admin. Two accounts whose addresses have one canonical form
    stop the migration: which of them owns the address is for a person to decide.
    """
    User = apps.get_model("users", "User")
    owners = {}
    for user_id, email in User.objects.order_by("pk").values_list("pk", "email"):
        canonical = canonical_email_or_none(email) or email
        if canonical in owners:
            raise RuntimeError(
                f"Users {owners[canonical][0]} and {user_id} have the same address "
                f"{canonical!r} in canonical form; change one of them, then migrate again."
            )
        owners[canonical] = (user_id, email)
    for canonical, (user_id, email) in owners.items():
        if canonical != email:
            User.objects.filter(pk=user_id).update(email=canonical)


class Migration(migrations.Migration):
    # The old index is dropped concurrently, which cannot run in a transaction; the
    # addresses are rewritten in one.
    atomic = False

    dependencies = [
        ("users", "0002_email_verification"),
    ]

    operations = [
        migrations.RunPython(store_canonical_emails, migrations.RunPython.noop, atomic=True),
        ByDatabase(
            state_operations=[
                migrations.RemoveConstraint(model_name="user", name=CASE_INSENSITIVE_UNIQUE),
            ],
            postgresql=[
                migrations.RunSQL(
                    f"DROP INDEX CONCURRENTLY IF EXISTS {CASE_INSENSITIVE_UNIQUE}",
                    reverse_sql=(
                        f"CREATE UNIQUE INDEX CONCURRENTLY {CASE_INSENSITIVE_UNIQUE} "
                        'ON users_user (UPPER("email"))'
                    ),
                ),
            ],
        ),
    ]
