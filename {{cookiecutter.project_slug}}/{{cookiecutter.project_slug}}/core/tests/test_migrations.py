"""The migrations, as CI checks them: none of them locks a table on PostgreSQL."""

import pytest
from django.core.management import call_command

from {{ cookiecutter.project_slug }}.core.migration_operations import ByDatabase


@pytest.mark.requires_service("postgresql")
# Outside a transaction: a concurrent index build refuses to be planned inside one.
@pytest.mark.django_db(transaction=True)
def test_the_migrations_pass_the_linter(settings, capsys):
    """django-migration-linter over the project's own migrations (pyproject.toml has its
    configuration), reading the SQL PostgreSQL would run."""
    settings.MIGRATION_MODULES = {}  # The suite builds its tables without migrations.
    try:
        call_command("lintmigrations")
    except SystemExit as exit_:
        pytest.fail(f"lintmigrations exited {exit_.code}:\n{capsys.readouterr().out}")

    assert "Erroneous migrations: 0/" in capsys.readouterr().out


def test_a_by_database_operation_describes_itself_for_makemigrations():
    """The migration writer rebuilds an operation from deconstruct() (squashing does)."""
    operation = ByDatabase(state_operations=[], postgresql=[], other=[])

    name, args, kwargs = operation.deconstruct()

    assert (name, args) == ("ByDatabase", [])
    assert ByDatabase(**kwargs).deconstruct() == (name, args, kwargs)
