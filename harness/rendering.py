"""Bake variants, and render single template files with a variant's answers."""

import re
import sys
from pathlib import Path

from cookiecutter.environment import StrictEnvironment
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config
from pytest_cookies.plugin import Cookies

from .variants import TEMPLATE_DIR

PROJECT_TEMPLATE = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"


def _slug(text):
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_") or "default"


def bake(variant, output_root: Path, config_file):
    """Render `variant` into its own folder under `output_root`; return pytest-cookies' Result."""
    output_dir = output_root / _slug(variant.id)
    cookies = Cookies(str(TEMPLATE_DIR), lambda _name: _fresh_dir(output_dir), config_file)
    return cookies.bake(extra_context=variant.overrides)


def _fresh_dir(path):
    path.mkdir(parents=True, exist_ok=False)
    return path


def render_file(relative_path, overrides, *, root=TEMPLATE_DIR):
    """Render one template file's text with the answers `overrides` (defaults elsewhere)."""
    # The answers' Jinja filters come from the template's local_extensions.py, which
    # cookiecutter imports from the template's root (as `cookiecutter` itself arranges).
    if str(TEMPLATE_DIR) not in sys.path:
        sys.path.append(str(TEMPLATE_DIR))
    context = generate_context(
        context_file=str(TEMPLATE_DIR / "cookiecutter.json"), extra_context=overrides
    )
    context["cookiecutter"] = prompt_for_config(context, no_input=True)
    environment = StrictEnvironment(context=context, keep_trailing_newline=True)
    return environment.from_string((root / relative_path).read_text()).render(**context)


def load_manifest(variant):
    """The post-gen hook's FEATURES and MANIFEST tables, as rendered for `variant`."""
    namespace = {"__name__": "post_gen_project"}
    source = render_file("hooks/post_gen_project.py", variant.overrides)
    exec(compile(source, "post_gen_project.py", "exec"), namespace)  # noqa: S102
    return namespace["FEATURES"], namespace["MANIFEST"]
