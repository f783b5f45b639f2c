"""The settings of the optional features this project was generated with.

Each feature keeps its settings in a module of its own here (api_docs.py, celery.py,
telemetry.py), which exists only in a project generated with the feature. Every settings
module imports base.py, then this one, which loads each module present: one that adds to a
setting of base.py changes it in place, the others' names are exported from here.
"""

import importlib
from pathlib import Path

optional_features = ("api_docs", "celery", "telemetry")

for feature in optional_features:
    if (Path(__file__).parent / f"{feature}.py").is_file():
        module = importlib.import_module(f"{__package__}.{feature}")
        globals().update({name: value for name, value in vars(module).items() if name.isupper()})
