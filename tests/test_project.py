"""Every variant boots as Django and passes its own test suite against real services."""

import json
import os
from pathlib import Path

import pytest

from tests.processes import child_env, run

EMBEDDED_DEFAULT = {"DJANGO_SETTINGS_MODULE": "config.settings.development"}
DRIVER = Path(__file__).with_name("django_commands.py")


@pytest.fixture(scope="module")
def commands(baked, venv, tmp_path_factory):
    """`check --fail-level WARNING`, `makemigrations --check --dry-run` and `migrate` on a
    fresh SQLite file, on the embedded default, run in one Django process."""
    database = tmp_path_factory.mktemp("sqlite") / "fresh.sqlite3"
    env = child_env(venv, {**EMBEDDED_DEFAULT, "DATABASE_URL": f"sqlite:///{database}"})
    completed = run(
        [venv / "bin" / "python", "manage.py", "shell", "-c", DRIVER.read_text()],
        cwd=baked,
        env=env,
    )
    printed = completed.stdout.rpartition("django-commands:")[2]
    return database, json.loads(printed)


def _outcome(commands, name):
    result = commands[1][name]
    return result["code"], result["output"]


def test_django_check(commands):
    code, output = _outcome(commands, "check")
    assert code == 0, output


def test_migrations_complete(commands):
    code, output = _outcome(commands, "makemigrations")
    assert code == 0, output


def test_migrate_fresh_sqlite(commands):
    code, output = _outcome(commands, "migrate")
    assert code == 0, output
    assert commands[0].stat().st_size > 0


def test_rendered_suite(baked, venv, variant_services):
    """The project's own tests, on PostgreSQL (and the real broker with Celery)."""
    env = child_env(
        venv,
        {
            **variant_services.environment(),
            "REQUIRE_SERVICES": os.environ.get("REQUIRE_SERVICES", ""),
        },
    )

    completed = run(
        [venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=baked,
        env=env,
        timeout=1200,
    )

    assert " passed" in completed.stdout
