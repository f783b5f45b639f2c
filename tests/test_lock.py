"""The rendered uv.lock: current for every variant, installable with no resolution.

One lock covers every feature's dependency group; a variant only chooses which groups
`uv sync` installs ([tool.uv] default-groups). `--offline` proves nothing is resolved or
downloaded: the shared virtualenv's `uv sync` of the same lock filled uv's cache.
"""

import os
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from harness.processes import run
from harness.variants import DEFAULTS
from harness.venvs import find_python, locked_project

# The groups a variant installs, by the prompt that enables them.
FEATURE_GROUPS = {
    "use_api_docs": "api-docs",
    "use_celery": "celery",
    "use_opentelemetry": "opentelemetry",
}
# A module each group installs, to tell installed groups apart.
GROUP_MODULES = {
    "api-docs": "drf_spectacular_sidecar",
    "celery": "celery",
    "opentelemetry": "opentelemetry/sdk",
    "dev": "pytest",
}


def test_lock_is_current(baked, variant):
    python = find_python(variant.python_version)

    run(["uv", "lock", "--check", "--offline", "--python", python], cwd=baked, env=None)


def test_locked_sync_installs_the_variants_groups_offline(baked, variant, venv, tmp_path):
    """Offline, from the uv cache that building the shared `venv` from the same lock filled."""
    environment = tmp_path / "venv"
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment), "UV_OFFLINE": "1"}
    python = find_python(variant.python_version)

    run(["uv", "sync", "-q", "--locked", "--offline", "--python", python], cwd=baked, env=env)

    enabled = {group for prompt, group in FEATURE_GROUPS.items() if variant.enabled(prompt)}
    (site_packages,) = environment.glob("lib/python*/site-packages")
    installed = {group for group, path in GROUP_MODULES.items() if (site_packages / path).is_dir()}
    assert installed == {"dev"} | enabled


def _pins(requirements):
    return sorted(
        (canonicalize_name(req.name), tuple(sorted(req.extras)), str(req.specifier))
        for req in map(Requirement, requirements)
    )


def _locked_pins(entries):
    return sorted(
        (canonicalize_name(e["name"]), tuple(sorted(e.get("extras", ()))), e["specifier"])
        for e in entries
    )


def test_lock_records_exactly_the_pyproject_pins():
    """A pin changed in pyproject.toml without `uv lock` fails here, before any install."""
    files = locked_project(DEFAULTS["python_version"])
    pyproject = tomllib.loads(files["pyproject.toml"])
    lock = tomllib.loads(files["uv.lock"])
    (root,) = [p for p in lock["package"] if p["source"] == {"virtual": "."}]
    metadata = root["metadata"]

    assert _locked_pins(metadata["requires-dist"]) == _pins(pyproject["project"]["dependencies"])
    groups = pyproject["dependency-groups"]
    assert metadata["requires-dev"].keys() == groups.keys()
    for group, requirements in groups.items():
        assert _locked_pins(metadata["requires-dev"][group]) == _pins(requirements), group
    assert lock["requires-python"].replace(" ", "") == pyproject["project"]["requires-python"]


def test_lock_offers_every_feature_group():
    pyproject = tomllib.loads(locked_project(DEFAULTS["python_version"])["pyproject.toml"])

    assert set(FEATURE_GROUPS.values()) | {"dev"} == set(pyproject["dependency-groups"])
