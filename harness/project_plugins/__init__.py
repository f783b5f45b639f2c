"""pytest plugins that run inside a rendered project's own suite, not in the harness: put
FOLDER on the suite's PYTHONPATH and load one with `-p <module>`."""

from pathlib import Path

FOLDER = Path(__file__).parent
