"""The steps of the variant pipeline, declared in the order they run.

A step is a test module whose tests take `variant`. A step runs either for every
candidate variant (render-level checks: what a bake wrote) or once per distinct code tree,
for the variant that represents it (harness/trees.py). A tree counts as executed end to end
when every step marked `executes` passed for its representative. A test module with
per-variant tests that is not listed here is an error at collection.

A variant's steps run in units of work: the tests of one unit go to one xdist worker, in
step order, sharing the bake, services and processes. The container steps are a unit of
their own, so that a variant's long units can be split between workers and the short
ones fill the end of the run; two units of one variant may run at the same time, so each
has services of its own (harness/services.py).
"""

from dataclasses import dataclass

import pytest

from . import variants

EVERY_VARIANT = "every variant"
EACH_TREE = "each tree"
# A skip with this reason prefix means the check ran for an equal input elsewhere in the
# run (schemathesis on a schema another variant serves too): the step still counts.
COVERED = "covered: "
MAIN_UNIT = ""
CONTAINERS_UNIT = "containers"


@dataclass(frozen=True)
class Step:
    module: str
    runs_for: str
    executes: bool = False
    # Typical seconds for one variant on a 2-core machine running the whole matrix: only
    # the order in which units start depends on it (the longest first).
    seconds: float = 1
    unit: str = MAIN_UNIT

    @property
    def name(self):
        return self.module.removeprefix("test_")


STEPS = (
    # bake, no template syntax left, the manifest's files, the text-only parts
    Step("test_render", runs_for=EVERY_VARIANT, seconds=1),
    # ruff, compileall
    Step("test_lint", runs_for=EACH_TREE, seconds=4),
    # uv.lock current for the pyproject, and `uv sync --locked` with no network
    Step("test_lock", runs_for=EACH_TREE, seconds=6),
    # the pre-commit hooks' tools, run directly
    Step("test_precommit", runs_for=EACH_TREE, seconds=4),
    # no import cycle between the project's modules, no template tags in services
    Step("test_structure", runs_for=EACH_TREE, seconds=2),
    # the rendered CI configuration through its linter
    Step("test_workflows", runs_for=EACH_TREE, seconds=1),
    # Django's checks, migrations, the project's own suite on the real services
    Step("test_project", runs_for=EACH_TREE, executes=True, seconds=60),
    # production settings read as a deployment reads them
    Step("test_deploy", runs_for=EACH_TREE, seconds=6),
    # the Kubernetes manifests: built, schema-validated, policy-checked, pods run in Docker
    Step("test_kubernetes", runs_for=EACH_TREE, seconds=40, unit=CONTAINERS_UNIT),
    # the served stack: boot, the end-to-end flow, schemathesis
    Step("test_live", runs_for=EACH_TREE, executes=True, seconds=60),
    # two web instances and two workers per queue group on one database, under concurrent
    # clients; once per broker in a run, the other Celery trees covered
    Step("test_scale_out", runs_for=EACH_TREE, seconds=30),
    # the images, built and run
    Step("test_docker", runs_for=EACH_TREE, seconds=50, unit=CONTAINERS_UNIT),
)
BY_MODULE = {step.module: step for step in STEPS}
BY_NAME = {step.name: step for step in STEPS}


def of_module(module_name):
    """The step a test module (dotted or bare name) holds."""
    bare = module_name.rpartition(".")[2]
    if bare not in BY_MODULE:
        raise LookupError(f"{bare} has per-variant tests but is not a step in harness/steps.py")
    return BY_MODULE[bare]


def of_nodeid(nodeid):
    """The step a test node id (`tests/test_<step>.py::test_...`) belongs to."""
    return of_module(nodeid.split("::")[0].rpartition("/")[2].removesuffix(".py"))


def unit_of(nodeid):
    """The unit of work of a test: its variant's id, or `<id>/<unit>` for a step of another
    unit; for a test that is not per variant, its module (`tests/test_x.py`), whose tests
    then share its fixtures."""
    variant_id = variants.id_in_nodeid(nodeid)
    if variant_id is None:
        return nodeid.split("::")[0]
    unit = of_nodeid(nodeid).unit
    return f"{variant_id}/{unit}" if unit else variant_id


def skip_as_covered(reason):
    """Skip a test whose check already ran, on an equal input, for another variant."""
    __tracebackhide__ = True  # the skip is reported at the caller's line
    pytest.skip(f"{COVERED}{reason}")


def is_covered_skip(report):
    longrepr = report.longrepr
    return report.skipped and isinstance(longrepr, tuple) and COVERED in str(longrepr[2])
