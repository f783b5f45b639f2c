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

# How much of a project's own suite a variant runs (RunClaims.share_of_suite).
WHOLE_SUITE = "whole suite"
BROKER_TESTS = "broker tests"


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

    def once_per_code(self, kind, baked: Path, variant, *, done: str, per_broker=False):
        """Skip as covered unless `variant` is the first to run check `kind` on its code
        (with `per_broker`, on its code and its Celery broker).

        Trees that differ only in what deployment, CI and the documentation read
        (harness/trees.py) run the same code: one of them checks it. The broker is a service,
        not code: a check that talks to it, or reads its address, runs once per broker.
        `done` says what the owner did, e.g. "served".
        """
        __tracebackhide__ = True
        owner = self.claim(kind, _code_key(baked, variant, per_broker), variant.id)
        if owner != variant.id:
            on = " on the same broker" if per_broker else ""
            skip_as_covered(f"{owner} {done} the same code{on}")

    def share_of_suite(self, baked: Path, variant):
        """How much of the project's own suite `variant` runs: WHOLE_SUITE when it is the
        first on its code, BROKER_TESTS when its code's suite runs for another tree but not
        on its broker; skip as covered otherwise."""
        __tracebackhide__ = True
        on_broker = self.claim("suite-broker", _code_key(baked, variant, True), variant.id)
        whole = self.claim("suite", _code_key(baked, variant, False), variant.id)
        if whole == variant.id:
            return WHOLE_SUITE
        if on_broker == variant.id:
            return BROKER_TESTS
        skip_as_covered(
            f"{whole} ran the project's suite on the same code, {on_broker} on the same broker"
        )


def _code_key(baked, variant, per_broker):
    key = code_digest(baked)
    return (f"{key} broker={variant.broker}" if per_broker else key).encode()
