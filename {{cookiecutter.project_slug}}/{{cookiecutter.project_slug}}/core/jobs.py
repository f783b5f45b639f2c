"""The registry of background jobs, by dotted name: how a stored message finds its code."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Job:
    name: str
    queue: str
    function: Callable[..., Any]


# Filled as job modules are imported (see core.apps).
registry: dict[str, Job] = {}


def name_of(function):
    return f"{function.__module__}.{function.__qualname__}"


def register(function, *, queue):
    job = Job(name=name_of(function), queue=queue, function=function)
    registry[job.name] = job
    return job


def get(name):
    """The job registered under `name`; KeyError if no module declared it."""
    return registry[name]


def all_jobs():
    return dict(registry)
