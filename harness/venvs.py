"""One virtualenv per Python version, holding every variant's locked dependencies.

The rendered project's uv.lock covers every feature's dependency group, so one
`uv sync --locked --all-groups` gives an environment every variant can use, and fills uv's
cache with exactly the packages a rendered project's own `uv sync --locked --offline`
needs. The environment's name carries a hash of the lock and the install options, so a
change of either builds a fresh one. A file lock keeps parallel test workers from building
the same environment twice.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

from filelock import FileLock

from .rendering import PROJECT_TEMPLATE, render_file

# Bytecode is compiled once, at install: a process that may not write .pyc files
# (PYTHONDONTWRITEBYTECODE) would otherwise compile every module it imports, each time it
# starts, which costs several seconds of CPU per Django process.
INSTALL_OPTIONS = ("--compile-bytecode",)
LOCKED_FILES = ("pyproject.toml", "uv.lock")


@cache
def locked_project(python_version):
    """The rendered pyproject.toml and uv.lock (default answers), by file name."""
    overrides = {"python_version": python_version}
    return {name: render_file(name, overrides, root=PROJECT_TEMPLATE) for name in LOCKED_FILES}


@cache
def find_python(version):
    """An interpreter for `version`: pyenv's when pyenv has it, else one on PATH."""
    if shutil.which("pyenv"):
        prefix = subprocess.run(
            ["pyenv", "prefix", version], capture_output=True, text=True, check=False
        )
        if prefix.returncode == 0:
            return str(Path(prefix.stdout.strip()) / "bin" / f"python{version}")
    found = shutil.which(f"python{version}")
    if found is None:
        raise RuntimeError(f"Python {version} is not installed")
    return found


def shared_venv(cache_dir, python_version):
    """The environment for `python_version`, built on first use."""
    files = locked_project(python_version)
    key = [python_version, INSTALL_OPTIONS, files["uv.lock"]]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]
    venv = Path(cache_dir) / "venvs" / f"py{python_version}-{digest}"
    marker = venv / ".complete"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{venv}.lock"):
        if not marker.exists():
            shutil.rmtree(venv, ignore_errors=True)
            _sync(venv, files, find_python(python_version))
            marker.write_text(files["uv.lock"])
    return venv


def _sync(venv, files, interpreter):
    with tempfile.TemporaryDirectory() as project:
        for name, text in files.items():
            Path(project, name).write_text(text)
        sync = [
            "uv", "sync", "-q", "--locked", "--all-groups", *INSTALL_OPTIONS,
            "--python", interpreter,
        ]  # fmt: skip
        env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
        subprocess.run(sync, cwd=project, env=env, check=True)
