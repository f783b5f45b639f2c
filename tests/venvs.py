"""One virtualenv per Python version, holding every variant's pinned dependencies.

The union of all variants' pins is installed once and reused: the environment's name
carries a hash of the pins and install options, so a change of either builds a fresh one.
A file lock keeps parallel test workers from building the same environment twice.
"""

import hashlib
import json
import shutil
import subprocess
import tomllib
from functools import cache
from pathlib import Path

from filelock import FileLock

from .rendering import PROJECT_TEMPLATE, render_file
from .variants import VARIANTS

# Bytecode is compiled once, at install: a process that may not write .pyc files
# (PYTHONDONTWRITEBYTECODE) would otherwise compile every module it imports, each time it
# starts, which costs several seconds of CPU per Django process.
INSTALL_OPTIONS = ("--compile-bytecode",)


def pinned_dependencies(variant):
    pyproject = render_file("pyproject.toml", variant.overrides, root=PROJECT_TEMPLATE)
    project = tomllib.loads(pyproject)
    return project["project"]["dependencies"] + project["dependency-groups"]["dev"]


@cache
def dependency_union(python_version):
    """Every variant's pins for `python_version`; rendering them is worth doing once."""
    pins = set()
    for variant in VARIANTS:
        if variant.python_version == python_version:
            pins.update(pinned_dependencies(variant))
    return tuple(sorted(pins))


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
    pins = dependency_union(python_version)
    key = [python_version, INSTALL_OPTIONS, pins]
    digest = hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]
    venv = Path(cache_dir) / "venvs" / f"py{python_version}-{digest}"
    marker = venv / ".complete"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{venv}.lock"):
        if not marker.exists():
            shutil.rmtree(venv, ignore_errors=True)
            interpreter = find_python(python_version)
            subprocess.run(["uv", "venv", "-q", "--python", interpreter, str(venv)], check=True)
            install = [
                "uv", "pip", "install", "-q", *INSTALL_OPTIONS,
                "--python", str(venv / "bin" / "python"),
            ]  # fmt: skip
            subprocess.run([*install, *pins], check=True)
            marker.write_text("\n".join(pins))
    return venv
