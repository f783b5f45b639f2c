"""Every variant boots as Django and passes its own test suite against real services."""

import json
import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

import harness
from harness import project_plugins
from harness.claims import WHOLE_SUITE
from harness.processes import child_env, run
from harness.project_plugins.broker_tests import BROKER_TEST_MODULES
from harness.steps import skip_as_covered
from harness.trees import HYPOTHESIS_STORAGE

EMBEDDED_DEFAULT = {"DJANGO_SETTINGS_MODULE": "config.settings.development"}
# Read as text and run inside the project: importing it would run it here.
DRIVER = Path(harness.__file__).with_name("django_commands.py")


@dataclass(frozen=True)
class Commands:
    database: Path
    results: dict  # command -> {"code", "output"}

    def assert_succeeded(self, name):
        assert self.results[name]["code"] == 0, self.results[name]["output"]


@pytest.fixture(scope="module")
def commands(baked, venv, variant, run_claims, tmp_path_factory):
    """`check --fail-level WARNING`, `makemigrations --check --dry-run` and `migrate` on a
    fresh SQLite file, on the embedded default, run in one Django process."""
    run_claims.once_per_code("django-commands", baked, variant, done="ran Django's commands on")
    database = tmp_path_factory.mktemp("sqlite") / "fresh.sqlite3"
    env = child_env(venv, {**EMBEDDED_DEFAULT, "DATABASE_URL": f"sqlite:///{database}"})
    completed = run(
        [venv / "bin" / "python", "manage.py", "shell", "-c", DRIVER.read_text()],
        cwd=baked,
        env=env,
    )
    # What the driver prints after its mark (its MARK).
    printed = completed.stdout.rpartition("django-commands:")[2]
    return Commands(database, json.loads(printed))


def test_django_check(commands):
    commands.assert_succeeded("check")


def test_migrations_complete(commands):
    commands.assert_succeeded("makemigrations")


def test_migrate_fresh_sqlite(commands):
    commands.assert_succeeded("migrate")

    assert commands.database.stat().st_size > 0


def test_rendered_suite(baked, venv, variant, variant_services, run_claims):
    """The project's own tests, on PostgreSQL (and the real broker with Celery).

    The first tree of a code runs the whole suite, where a test outside the broker's test
    modules that connects to a broker fails; a tree of the same code with another broker
    runs those modules on it (harness/project_plugins/broker_tests.py)."""
    share = run_claims.share_of_suite(baked, variant)
    env = child_env(
        venv,
        {
            **variant_services.environment(),
            **HYPOTHESIS_STORAGE,
            "REQUIRE_SERVICES": os.environ.get("REQUIRE_SERVICES", ""),
            "PYTHONPATH": str(project_plugins.FOLDER),
        },
    )
    if share == WHOLE_SUITE:
        selected = ["-p", "broker_tests"]
    else:  # only a Celery tree has a second broker, and it has every broker test module
        selected = [baked / baked.name / module for module in BROKER_TEST_MODULES]

    completed = run(
        [venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *selected],
        cwd=baked,
        env=env,
        timeout=1200,
    )

    assert " passed" in completed.stdout


# Migrations that lock a busy table on PostgreSQL: an index built without CONCURRENTLY on
# an existing table, and a NOT NULL column without a default.
BLOCKING_MIGRATIONS = {
    "0101_blocking_index": """
        migrations.AddIndex(
            model_name="order", index=models.Index(fields=["note"], name="orders_note_idx")
        )
    """,
    "0102_required_column": """
        migrations.AddField(
            model_name="order", name="channel", field=models.CharField(max_length=20)
        )
    """,
}


def _write_migration(directory, name, after, operation):
    operation = textwrap.indent(textwrap.dedent(operation).strip(), " " * 8)
    (directory / f"{name}.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        f'    dependencies = [("orders", "{after}")]\n'
        f"    operations = [\n{operation},\n    ]\n"
    )


def test_migration_linter_fails_on_blocking_migrations(
    baked, venv, variant, variant_services, run_claims, tmp_path
):
    """The linter the project's CI runs (`manage.py lintmigrations`) refuses a migration that
    would lock a table. Its configuration is the same in every tree: proved once per run;
    each tree's own migrations pass it in the project's suite."""
    owner = run_claims.claim("migration-linter", b"blocking migrations", variant.id)
    if owner != variant.id:
        skip_as_covered(f"the migration linter already failed a blocking migration for {owner}")
    project = tmp_path / "project"
    shutil.copytree(baked, project, ignore=shutil.ignore_patterns(".venv", "__pycache__"))
    package = next(path.parent for path in project.glob("*/orders/migrations"))
    latest = max(path.stem for path in package.glob("migrations/0*.py"))
    for name, operation in BLOCKING_MIGRATIONS.items():
        _write_migration(package / "migrations", name, latest, operation)
        latest = name
    env = child_env(
        venv, {**EMBEDDED_DEFAULT, **variant_services.environment(), "REQUIRE_SERVICES": ""}
    )

    completed = run(
        [venv / "bin" / "python", "manage.py", "lintmigrations", "orders"],
        cwd=project,
        env=env,
        check=False,
    )

    output = completed.stdout
    assert completed.returncode == 1, output + completed.stderr[-3000:]
    assert "(orders, 0101_blocking_index)... ERR\n\tCREATE INDEX locks table" in output
    assert "(orders, 0102_required_column)... ERR\n\tNOT NULL constraint on columns" in output
    assert "(orders, 0002_order_public_id)... OK" in output


def test_debug_toolbar_is_loaded_by_development_settings_only(baked, venv, variant, run_claims):
    """The toolbar is a dev dependency: test settings (and production, which the image runs
    without dev dependencies) must not load it."""
    run_claims.once_per_code("debug-toolbar", baked, variant, done="checked the toolbar in")
    code = (
        "import importlib\n"
        "for name in ('development', 'test'):\n"
        "    module = importlib.import_module(f'config.settings.{name}')\n"
        "    print(name, 'debug_toolbar' in module.INSTALLED_APPS)\n"
    )
    env = child_env(venv, {"DATABASE_URL": "sqlite:///unused.sqlite3"})

    completed = run([venv / "bin" / "python", "-c", code], cwd=baked, env=env)

    assert completed.stdout.split() == ["development", "True", "test", "False"]
