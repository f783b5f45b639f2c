"""Checks that need to run once per run for equal inputs, whichever variant gets there first.

A claim is a file named for the kind of check and a hash of its input, created atomically
in a folder that every xdist worker of the run shares; the first variant to create it
runs the check, and every later one learns who did.
"""

import hashlib
import os
import uuid
from pathlib import Path

from .steps import skip_as_covered
from .trees import code_digest


class RunClaims:
    def __init__(self, directory: Path):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def claim(self, kind, content: bytes, owner: str) -> str:
        """The variant that checks `content`: `owner` when this is the first claim on it."""
        digest = hashlib.sha256(content).hexdigest()[:16]
        path = self.directory / f"{kind}-{digest}"
        draft = self.directory / f".{kind}-{digest}-{uuid.uuid4().hex}"
        draft.write_text(owner)
        try:
            os.link(draft, path)  # fails when the claim exists, so one owner wins
        except FileExistsError:
            return path.read_text()
        finally:
            draft.unlink()
        return owner

    def once_per_code(self, kind, baked: Path, variant, *, done: str):
        """Skip as covered unless `variant` is the first to run check `kind` on its code.

        Trees that differ only in what deployment, CI and the documentation read
        (harness/trees.py) run the same code: one of them checks it. `done` says what the
        owner did, e.g. "served".
        """
        __tracebackhide__ = True
        owner = self.claim(kind, code_digest(baked).encode(), variant.id)
        if owner != variant.id:
            skip_as_covered(f"{owner} {done} the same code")
