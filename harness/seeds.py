"""Caches a run's first check of a kind leaves for later checks of that kind.

mypy's incremental cache, for one, is keyed by each module's source hash and its
dependencies' interfaces, so a tree started from another tree's cache rechecks only what
differs; most trees of a run differ in a few modules. A seed is published once, by the
first check to finish, and copied (never shared: two mypy processes must not write one
cache) into each later check's own directory.
"""

import shutil
import uuid
from pathlib import Path


class RunSeeds:
    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def seed(self, kind, into: Path):
        """Copy the seed of `kind` into `into`, a directory that must not exist yet;
        without a seed, `into` is left to the check to create."""
        published = self.directory / kind
        if published.is_dir():
            shutil.copytree(published, into)

    def publish(self, kind, cache: Path):
        """Offer `cache` as the seed of `kind`; the first published stays."""
        draft = self.directory / f".{kind}-{uuid.uuid4().hex}"
        shutil.copytree(cache, draft)
        try:
            draft.rename(self.directory / kind)  # fails when a seed exists
        except OSError:
            shutil.rmtree(draft)
