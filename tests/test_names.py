"""Any name a person types gives a usable package name, and the project renders and boots."""

import subprocess

import pytest

from harness.processes import child_env, run, tool
from harness.trees import CACHE_DIR
from harness.variants import DEFAULTS
from harness.venvs import shared_venv

# project name -> the package name derived from it
ODD_NAMES = {
    "Zoë's Shop": "zoes_shop",
    "Ünïcode Café 2": "unicode_cafe_2",
    "123 Orders": "project_123_orders",
    'The "Order" API': "the_order_api",
    "naïve \u2013 café & co.": "naive_cafe_co",  # an en dash
    "  my-api  ": "my_api",
    "class": "class_project",
    "match": "match_project",
    "Celery": "celery_project",
    "json": "json_project",
    "Ωmega API": "omega_api",
    "Back\\slash O'Brien": "back_slash_obrien",
    "'": "project",
}


@pytest.fixture(scope="module")
def odd_projects(cookies_session):
    """Each odd name rendered with the defaults: {project name: its project directory}."""
    projects = {}
    for name in ODD_NAMES:
        result = cookies_session.bake(extra_context={"project_name": name})
        assert result.exit_code == 0, f"{name!r}: {result.exception}"
        projects[name] = result.project_path
    return projects


def test_the_package_name_is_derived_from_any_project_name(odd_projects):
    derived = {name: path.name for name, path in odd_projects.items()}

    assert derived == ODD_NAMES


@pytest.mark.seconds(30)  # baking the odd projects, then their linters
def test_projects_with_odd_names_pass_the_linters(odd_projects):
    paths = [str(path) for path in odd_projects.values()]

    run([tool("ruff"), "check", "--no-cache", *paths], cwd=None, env=None)
    run([tool("ruff"), "format", "--check", "--no-cache", *paths], cwd=None, env=None)


@pytest.mark.seconds(30)
def test_projects_with_odd_names_boot_as_django(odd_projects):
    venv = shared_venv(CACHE_DIR, DEFAULTS["python_version"])
    env = child_env(venv, {"DJANGO_SETTINGS_MODULE": "config.settings.development"})
    checks = {
        name: subprocess.Popen(
            [venv / "bin" / "python", "manage.py", "check", "--fail-level", "WARNING"],
            cwd=path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, path in odd_projects.items()
    }
    failed = {}
    for name, check in checks.items():
        output, _ = check.communicate(timeout=300)
        if check.returncode != 0:
            failed[name] = output[-2000:]

    assert failed == {}
