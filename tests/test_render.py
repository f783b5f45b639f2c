"""Every candidate variant renders cleanly: no template syntax left, the right files, and
the text-only parts its tree digest leaves out (harness/trees.py) right for its answers."""

import re
import tomllib

import pytest
from packaging.licenses import canonicalize_license_expression

from harness.rendering import PROJECT_TEMPLATE, load_manifest, render_file

# GitHub Actions expressions (${{ ... }}) and Django templates legitimately use braces: the
# app template (app_template/, rendered by `startapp`) is one.
DJANGO_TEMPLATE_DIRS = {"templates", "app_template"}
LEFTOVER_SYNTAX = re.compile(r"(?<!\$)\{\{|\{%|\{#")


def _text_files(project):
    for path in sorted(project.rglob("*")):
        if path.is_file() and ".git" not in path.parts:
            try:
                yield path, path.read_text()
            except UnicodeDecodeError:
                continue


def test_bakes(variant, bake_results):
    result = bake_results(variant)

    assert result.exit_code == 0, result.exception
    assert result.project_path.is_dir()


def test_no_template_syntax_left(baked):
    leftovers = [
        str(path.relative_to(baked))
        for path, text in _text_files(baked)
        if "cookiecutter" in text
        or (DJANGO_TEMPLATE_DIRS.isdisjoint(path.parts) and LEFTOVER_SYNTAX.search(text))
    ]
    assert leftovers == []


def test_feature_files_follow_the_manifest(variant, baked):
    """A path is there exactly when every feature that lists it is on (celery and
    opentelemetry both list the Celery tracing hooks)."""
    features, manifest = load_manifest(variant)
    needed_by = {}
    for feature, paths in manifest.items():
        for path in paths:
            needed_by.setdefault(path, []).append(feature)
    present = {path: (baked / path).exists() for path in needed_by}
    expected = {path: all(features[f] for f in listed) for path, listed in needed_by.items()}
    assert present == expected


@pytest.mark.parametrize("name", [".env.example", "README.md", "pyproject.toml", "LICENSE"])
def test_project_files_exist(baked, name):
    assert (baked / name).read_text().strip()


def test_text_only_parts_follow_the_answers(variant, baked):
    """The license text is the chosen one (tests/test_license.py checks that text against
    the standard), and pyproject.toml declares it as a valid SPDX expression."""
    chosen = variant.answers["open_source_license"]
    declared = tomllib.loads((baked / "pyproject.toml").read_text())["project"]["license"]
    expected = "LicenseRef-Proprietary" if chosen == "Proprietary" else chosen

    assert (baked / "LICENSE").read_text() == render_file(
        "LICENSE", variant.overrides, root=PROJECT_TEMPLATE
    )
    assert declared == canonicalize_license_expression(expected) == expected


def test_no_empty_folders_are_left(baked):
    empty = [
        str(path.relative_to(baked))
        for path in baked.rglob("*")
        if path.is_dir() and not any(path.iterdir())
    ]
    assert empty == []
