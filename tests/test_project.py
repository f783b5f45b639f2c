"""Every variant boots as Django and passes its own test suite against real services."""

import os

from tests.processes import child_env, run

EMBEDDED_DEFAULT = {"DJANGO_SETTINGS_MODULE": "config.settings.development"}


def _manage(baked, venv, *args, env):
    return run([venv / "bin" / "python", "manage.py", *args], cwd=baked, env=env)


def test_django_check(baked, venv):
    _manage(baked, venv, "check", "--fail-level", "WARNING", env=child_env(venv, EMBEDDED_DEFAULT))


def test_migrations_complete(baked, venv):
    _manage(
        baked,
        venv,
        "makemigrations",
        "--check",
        "--dry-run",
        env=child_env(venv, EMBEDDED_DEFAULT),
    )


def test_migrate_fresh_sqlite(baked, venv, tmp_path):
    database = tmp_path / "fresh.sqlite3"
    env = child_env(venv, {**EMBEDDED_DEFAULT, "DATABASE_URL": f"sqlite:///{database}"})

    _manage(baked, venv, "migrate", "--noinput", env=env)

    assert database.stat().st_size > 0


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
