"""Every distinct tree is lint-clean, type-checks and compiles, with the project's own settings.

mypy runs on a copy of the tree with one app added from the project's app template, wired
in as the rendered README says: one run proves both the tree and a new app clean, and the
new app then passes Django's checks and its own tests.
"""

import json
import re
import shutil
from pathlib import Path

import pytest

import harness
from harness.processes import child_env, run

NEW_APP = "invoices"
EMBEDDED_DEFAULT = {"DJANGO_SETTINGS_MODULE": "config.settings.development"}
DJANGO_COMMANDS = Path(harness.__file__).with_name("django_commands.py")


def test_ruff_clean(baked, venv):
    run([venv / "bin" / "ruff", "check", "--no-cache", "."], cwd=baked, env=None)
    run([venv / "bin" / "ruff", "format", "--check", "--no-cache", "."], cwd=baked, env=None)


def test_compiles(baked, venv):
    run([venv / "bin" / "python", "-m", "compileall", "-q", "."], cwd=baked, env=None)


def _wire(project, app):
    """Add the app to LOCAL_APPS and its URLs to the v1 API, as the rendered README says."""
    settings = project / "config" / "settings" / "base.py"
    text, added = re.subn(
        r"(?m)^(LOCAL_APPS = \[\n(?:    .*\n)*?)\]", rf'\1    "{app}",\n]', settings.read_text()
    )
    assert added == 1, "LOCAL_APPS is not where the README says"
    settings.write_text(text)
    urls = project / "config" / "urls.py"
    package = app.rpartition(".")[2]
    text, added = re.subn(
        r"(?m)^api_routes = \[\n",
        f'api_routes = [\n    path("{package}/", include("{app}.urls")),\n',
        urls.read_text(),
    )
    assert added == 1, "api_routes is not where the README says"
    urls.write_text(text)


@pytest.fixture(scope="module")
def with_new_app(baked, venv, variant, run_claims, tmp_path_factory):
    """A copy of the tree with an app made by `make app`'s command and wired in.

    Trees that differ only in what deployment, CI and the documentation read type-check
    the same code: the first of them runs these checks, the others are covered.
    """
    run_claims.once_per_code("typecheck", baked, variant, done="type-checked, with a new app,")
    project = tmp_path_factory.mktemp("with-app") / baked.name
    shutil.copytree(baked, project, ignore=shutil.ignore_patterns("__pycache__"))
    package = project / baked.name / NEW_APP
    package.mkdir()
    startapp = ["startapp", "--template", "app_template", NEW_APP, package]
    run([venv / "bin" / "python", "manage.py", *startapp], cwd=project, env=None)
    _wire(project, f"{baked.name}.{NEW_APP}")
    return project


def test_mypy_clean_with_a_new_app(with_new_app, venv, run_seeds, tmp_path):
    # The cache goes outside the tree, so no later step sees it. It starts from an earlier
    # tree's on the same environment: mypy rechecks the modules that differ.
    cache, kind = tmp_path / "mypy", f"mypy-{venv.name}"
    run_seeds.seed(kind, cache)
    run([venv / "bin" / "mypy", "--cache-dir", cache, "."], cwd=with_new_app, env=None)
    run_seeds.publish(kind, cache)


def test_new_app_passes_ruff_django_checks_and_its_tests(with_new_app, venv, tmp_path):
    app = with_new_app / with_new_app.name / NEW_APP
    ruff = venv / "bin" / "ruff"
    run([ruff, "check", "--no-cache", app], cwd=with_new_app, env=None)
    run([ruff, "format", "--check", "--no-cache", app], cwd=with_new_app, env=None)
    # check, makemigrations --check (its migration is the one makemigrations writes) and
    # migrate, in one Django process on the embedded default, as the project step runs them.
    database = tmp_path / "fresh.sqlite3"
    env = child_env(venv, {**EMBEDDED_DEFAULT, "DATABASE_URL": f"sqlite:///{database}"})
    python = venv / "bin" / "python"
    shell = [python, "manage.py", "shell", "-c", DJANGO_COMMANDS.read_text()]
    printed = run(shell, cwd=with_new_app, env=env).stdout.rpartition("django-commands:")[2]
    results = json.loads(printed)
    assert {name: result["code"] for name, result in results.items()} == dict.fromkeys(
        results, 0
    ), results

    tests = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", app]
    completed = run(tests, cwd=with_new_app, env=child_env(venv, {}))
    assert " passed" in completed.stdout
