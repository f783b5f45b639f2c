"""The rendered .pre-commit-config.yaml's hooks pass on a fresh render.

pre-commit installs hooks from git repositories, which the tests may not reach, so each
hook's tool runs directly, from the versions the project's dev group pins (the config's
revisions name the same versions): one process per hook, over the files pre-commit would
give it.
"""

import os

import yaml

from harness.processes import run

# hook id -> (console script, extra arguments, which files it gets)
TEXT, PYTHON, YAML, TOML, ANY = "text", "python", "yaml", "toml", "any"
HOOKS = {
    # Every file counts as added, as in a fresh repository's first commit.
    "check-added-large-files": ("check-added-large-files", ["--enforce-all"], ANY),
    "check-merge-conflict": ("check-merge-conflict", [], TEXT),
    "check-toml": ("check-toml", [], TOML),
    "check-yaml": ("check-yaml", [], YAML),
    "end-of-file-fixer": ("end-of-file-fixer", [], TEXT),
    "trailing-whitespace": ("trailing-whitespace-fixer", [], TEXT),
    # The hooks' own entries pass --force-exclude, so ruff's excludes hold for named files.
    "ruff-check": ("ruff", ["check", "--force-exclude", "--no-cache"], PYTHON),
    "ruff-format": ("ruff", ["format", "--check", "--force-exclude", "--no-cache"], PYTHON),
    "django-upgrade": ("django-upgrade", [], PYTHON),
}
SUFFIXES = {PYTHON: {".py"}, YAML: {".yaml", ".yml"}, TOML: {".toml"}}
# Git-ignored, so never given to a hook.
IGNORED = {".env"}


def _files(baked, kind):
    for path in sorted(baked.rglob("*")):
        relative = path.relative_to(baked)
        if not path.is_file() or str(relative) in IGNORED or "__pycache__" in relative.parts:
            continue
        if kind in SUFFIXES and path.suffix not in SUFFIXES[kind]:
            continue
        if kind == TEXT and b"\0" in path.read_bytes():
            continue
        yield str(relative)


def _configured_hooks(baked):
    config = yaml.safe_load((baked / ".pre-commit-config.yaml").read_text())
    return {hook["id"]: hook.get("args", []) for repo in config["repos"] for hook in repo["hooks"]}


def test_every_configured_hook_passes(baked, venv, tmp_path):
    configured = _configured_hooks(baked)
    assert configured.keys() == HOOKS.keys()
    # The render as a git work tree, as hooks see a project (its repository kept aside).
    run(["git", "init", "-q", tmp_path], cwd=tmp_path, env=None)
    env = {**os.environ, "GIT_DIR": str(tmp_path / ".git"), "GIT_WORK_TREE": str(baked)}

    for hook_id, (script, arguments, kind) in HOOKS.items():
        command = [venv / "bin" / script, *arguments, *configured[hook_id], *_files(baked, kind)]
        # A hook that fixes files exits non-zero when it changed one: that is a failure too.
        run(command, cwd=baked, env=env)
