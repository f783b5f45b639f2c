"""The code trees the candidate variants render, and which variant runs each one.

Every candidate of harness/variants.py is baked and its tree hashed, leaving out what no step
can observe: `.env` (its secrets are the only randomness of a bake) and the TEXT_ONLY parts.
Candidates with the same digest render the same code: the first of them in the variant
list represents the tree and runs every step; the others get the render-level steps only
(harness/steps.py). Nothing here names a prompt: a change of the template re-maps by itself.

Baking every candidate takes a few seconds; the digests are cached under a hash of all
that a bake reads, so the xdist workers of a run (and later runs) agree on one mapping.
"""

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path

from filelock import FileLock

from .variants import TEMPLATE_DIR, VARIANTS

CACHE_DIR = Path(os.environ.get("TEMPLATE_TEST_CACHE", TEMPLATE_DIR / ".cache"))
# For the rendered suites: one Hypothesis storage for every tree. Its text strategies need
# Unicode tables that take seconds to build, and a fresh tree would build them again.
HYPOTHESIS_STORAGE = {"HYPOTHESIS_STORAGE_DIRECTORY": str(CACHE_DIR / "hypothesis")}

# What a bake reads, besides the candidates' answers.
TEMPLATE_INPUTS = ("cookiecutter.json", "hooks", "{{cookiecutter.project_slug}}")
NOT_HASHED = {".env"}
# Text-only parts: path -> the part of the file left out of the digest (None: all of it).
# A difference counts as text only when no step's outcome can depend on it: the license's
# prose, which nothing reads, and the SPDX expression pyproject.toml declares, which tools
# read only as metadata (its one checkable property, being the right valid expression, is
# checked at render level for every candidate). Anything else, a comment included, is code.
TEXT_ONLY = {
    "LICENSE": None,
    "pyproject.toml": re.compile(rb'^license = "[^"\n]*"$', re.MULTILINE),
}
TEXT_ONLY_PLACEHOLDER = b"<text only>"


# What only deployment, CI and the documentation read: the project's own suite, Django's
# checks and mypy never open these files, so trees that differ only here run the same code.
DEPLOYMENT_ONLY = (
    ".dockerignore",
    ".env.example",
    ".github/",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    "Dockerfile",
    "README.md",
    "compose.yaml",
    "deploy/",
    "docs/",
    "renovate.json",
)


@dataclass(frozen=True)
class Tree:
    digest: str
    variants: tuple  # the candidates that render it, in variant-list order

    @property
    def representative(self):
        """The candidate that runs this tree end to end."""
        return self.variants[0]


def tree_digest(project: Path, *, leave_out=()) -> str:
    """A hash of the rendered files, their paths and modes, without .env and text-only parts
    (and without the paths starting with one of `leave_out`)."""
    digest = hashlib.sha256()
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project).as_posix()
        if not path.is_file() or relative in NOT_HASHED or relative.startswith(leave_out):
            continue
        if any(part == "__pycache__" or part.endswith("_cache") for part in path.parts):
            continue  # what tools write into the tree as they run
        data = path.read_bytes()
        if relative in TEXT_ONLY:
            part = TEXT_ONLY[relative]
            data = TEXT_ONLY_PLACEHOLDER if part is None else part.sub(TEXT_ONLY_PLACEHOLDER, data)
        executable = path.stat().st_mode & 0o111
        digest.update(f"{relative}\0{executable:o}\0".encode() + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


@cache
def code_digest(project: Path) -> str:
    """A hash of what the project's own suite, Django's checks and mypy read.

    Taken once per baked tree, at its first use (the lint step), before any step adds files.
    """
    return tree_digest(project, leave_out=DEPLOYMENT_ONLY)


def template_digest() -> str:
    """A hash of everything baking the candidates reads."""
    digest = hashlib.sha256(version("cookiecutter").encode())
    digest.update(json.dumps([variant.overrides for variant in VARIANTS]).encode())
    for name in TEMPLATE_INPUTS:
        root = TEMPLATE_DIR / name
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(TEMPLATE_DIR).as_posix()
                digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def quiet_stdout():
    """The post-gen hook, a child process, prints its next steps on every bake."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def bake_and_hash(variant_overrides, scratch) -> str:
    """Bake one candidate into its own folder of `scratch`; its tree digest."""
    from cookiecutter.main import cookiecutter

    folder = Path(tempfile.mkdtemp(dir=scratch))
    config = folder / "cookiecutter.yaml"
    config.write_text(f"cookiecutters_dir: {folder}/cookiecutters\nreplay_dir: {folder}/replay\n")
    with quiet_stdout():
        project = cookiecutter(
            str(TEMPLATE_DIR),
            no_input=True,
            extra_context=variant_overrides,
            output_dir=str(folder / "out"),
            config_file=str(config),
        )
    return tree_digest(Path(project))


def bake_and_hash_every_candidate() -> dict:
    """{variant id: tree digest}, baking the candidates in parallel, one per core.

    The whole run waits for this mapping, so it is worth the cores. Spawned, not forked:
    the caller may be an xdist worker, whose threads a fork would copy mid-flight.
    """
    context = multiprocessing.get_context("spawn")
    with (
        tempfile.TemporaryDirectory(prefix="tpl-trees-") as scratch,
        ProcessPoolExecutor(os.cpu_count(), mp_context=context) as pool,
    ):
        digests = pool.map(partial(bake_and_hash, scratch=scratch), [v.overrides for v in VARIANTS])
        return dict(zip([variant.id for variant in VARIANTS], digests, strict=True))


@cache
def candidate_digests() -> dict:
    """{variant id: tree digest} for every candidate, from the cache when it is current."""
    cached = CACHE_DIR / "trees" / f"{template_digest()}.json"
    cached.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{cached}.lock"):
        if not cached.exists():
            partial = cached.with_suffix(".partial")
            partial.write_text(json.dumps(bake_and_hash_every_candidate(), indent=1))
            partial.replace(cached)
        return json.loads(cached.read_text())


@cache
def trees() -> tuple:
    """Every distinct tree, in the order of their representatives in the variant list."""
    digests = candidate_digests()
    members = {}
    for variant in VARIANTS:
        members.setdefault(digests[variant.id], []).append(variant)
    return tuple(Tree(digest, tuple(variants)) for digest, variants in members.items())


def tree_of(variant) -> Tree:
    return next(tree for tree in trees() if variant in tree.variants)


def represents_its_tree(variant) -> bool:
    return tree_of(variant).representative == variant


def end_to_end_variants() -> list:
    """The representatives: the variants that run every step."""
    return [tree.representative for tree in trees()]
