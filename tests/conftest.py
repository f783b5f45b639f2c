"""The template test harness.

Tests that take a `variant` argument are the steps of harness/steps.py: a render-level step
runs for every candidate variant (harness/variants.py), the others once per distinct code
tree, for the variant that represents it (harness/trees.py). A variant's steps run in units
(harness/steps.py): all the tests of a unit go to the same xdist worker, so that the bake,
the unit's services and its running processes are shared between its steps.
"""

import os
from collections import Counter
from pathlib import Path

import pytest

from harness import services, steps, trees, variants
from harness.claims import RunClaims
from harness.rendering import bake
from harness.reporting import VariantReport
from harness.seeds import RunSeeds
from harness.trees import CACHE_DIR
from harness.venvs import shared_venv


def pytest_addoption(parser):
    parser.addoption(
        "--variant",
        action="append",
        default=[],
        help=(
            "run the steps of this variant id only (repeatable); a variant that represents "
            "its tree also brings the render-level checks of the variants sharing it"
        ),
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "variant: a test run once per rendered variant")
    config.addinivalue_line(
        "markers", "for_variants(where): run a per-variant test only where where(variant) holds"
    )
    config.addinivalue_line(
        "markers", "seconds(n): typical seconds of a long test, so that it is started early"
    )
    config.pluginmanager.register(VariantReport(config), "variant-report")
    # Units go to the workers in the order the collection sorts them (longest first), not
    # reordered by their number of tests.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_generate_tests(metafunc):
    if "variant" in metafunc.fixturenames:
        step = steps.of_module(metafunc.module.__name__)
        selected = selected_for(step, metafunc.config.getoption("variant"))
        for marker in metafunc.definition.iter_markers("for_variants"):
            selected = [variant for variant in selected if marker.kwargs["where"](variant)]
        metafunc.parametrize("variant", selected, ids=[v.id for v in selected], scope="module")


def selected_for(step, ids):
    """The variants `step` runs for, given the --variant ids (none: every variant)."""
    chosen = variants.select(ids)
    if step.runs_for == steps.EACH_TREE:
        return [variant for variant in chosen if trees.represents_its_tree(variant)]
    # A representative brings its tree: the render checks of every variant sharing it.
    sharing = {
        member
        for variant in chosen
        if trees.represents_its_tree(variant)
        for member in trees.tree_of(variant).variants
    }
    return [variant for variant in variants.VARIANTS if variant in chosen or variant in sharing]


def pytest_xdist_auto_num_workers(config):
    """One worker more than the cores (`-n auto`): a variant's steps also spend time
    waiting on servers and containers, which another variant's work can fill."""
    return (os.cpu_count() or 1) + 1


def pytest_xdist_make_scheduler(config, log):
    """Send all the tests of a variant's unit to one worker, which runs them in order."""
    from xdist.scheduler import LoadScopeScheduling

    class VariantScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return steps.unit_of(nodeid)

    return VariantScheduling(config, log)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark each variant's tests, then run each unit's together, step by step in the order
    of harness/steps.py, and the longest units of work first.

    pytest's own reordering for module-scoped parameters may interleave modules, and the
    module-scoped fixtures (services, the running stack) must not live twice at once.
    xdist hands units (a variant's unit of steps, or a module of other tests) to workers in this
    order: a long unit started last would leave the other workers idle at the end. A unit's
    length is estimated from its steps' typical seconds (harness/steps.py) and the
    `seconds` marker of the other long tests. The tests that are not per variant form a
    unit per module; the modules with a long test go first: an xdist worker starts a test
    only once it holds the next one (to know which fixtures to tear down), so a worker whose
    unit is down to one long test takes the following unit, and near the end of the run
    that unit would wait behind the long test while another worker idles.
    """
    for item in items:
        variant = _variant_of(item)
        if variant is not None:
            item.add_marker(pytest.mark.variant)
            item.user_properties.append(("variant", variant.id))
    yield
    position = {id(item): index for index, item in enumerate(items)}
    unit = {id(item): steps.unit_of(item.nodeid) for item in items}
    estimate = Counter()
    steps_of = {}
    has_long_test = set()
    for item in items:
        variant = _variant_of(item)
        if variant is None:
            marker = item.get_closest_marker("seconds")
            estimate[unit[id(item)]] += marker.args[0] if marker else 1
            if marker:
                has_long_test.add(unit[id(item)])
        else:
            step = steps.of_module(item.module.__name__)
            steps_of.setdefault(unit[id(item)], set()).add(step)
    for its_unit, its_steps in steps_of.items():
        estimate[its_unit] = sum(step.seconds for step in its_steps)

    def key(item):
        its_unit = unit[id(item)]
        variant = _variant_of(item)
        if variant is None:
            variant_order, step_order = 0, 0
        else:
            variant_order = variants.VARIANTS.index(variant)
            step_order = steps.STEPS.index(steps.of_module(item.module.__name__))
        return (
            its_unit not in has_long_test,
            -estimate[its_unit],
            variant is None,
            variant_order,
            its_unit,
            step_order,
            position[id(item)],
        )

    items.sort(key=key)


def _variant_of(item):
    callspec = getattr(item, "callspec", None)
    variant = callspec.params.get("variant") if callspec else None
    # A test whose `for_variants` filter leaves nothing gets pytest's empty-parameter skip.
    return variant if isinstance(variant, variants.Variant) else None


@pytest.fixture(scope="session")
def bake_dir(tmp_path_factory):
    configured = os.environ.get("TEMPLATE_BAKE_DIR")
    if configured:
        path = Path(configured) / os.environ.get("PYTEST_XDIST_WORKER", "main")
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("baked")


@pytest.fixture(scope="session")
def bake_results(bake_dir, _cookiecutter_config_file):
    """Every bake of this worker, by variant id: each variant is baked once."""
    results = {}

    def bake_once(variant):
        if variant.id not in results:
            results[variant.id] = bake(variant, bake_dir, _cookiecutter_config_file)
        return results[variant.id]

    return bake_once


@pytest.fixture(scope="module")
def baked(variant, bake_results):
    """The rendered project of this variant."""
    result = bake_results(variant)
    if result.exit_code != 0:
        pytest.fail(f"baking {variant.id} failed: {result.exception}", pytrace=False)
    return result.project_path


@pytest.fixture(scope="module")
def venv(variant):
    """The shared virtualenv of the variant's Python, with every variant's pins installed."""
    return shared_venv(CACHE_DIR, variant.python_version)


@pytest.fixture(scope="module")
def variant_services(variant, request):
    """The own database, Redis key prefix and broker vhost of this variant's unit of steps,
    dropped afterwards."""
    own = services.for_variant(variant, unit=steps.of_module(request.module.__name__).unit)
    for name in own.needed():
        services.require_service(name)
    own.set_up()
    yield own
    own.tear_down()


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory):
    """A folder of this run that every xdist worker shares."""
    base = tmp_path_factory.getbasetemp()
    # Each worker's base is a subfolder of the run's own.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def run_claims(run_dir):
    """Claims on checks done once per run for equal inputs."""
    return RunClaims(run_dir / "claims")


@pytest.fixture(scope="session")
def run_seeds(run_dir):
    """Caches an earlier check of the run leaves for later ones of the same kind."""
    return RunSeeds(run_dir / "seeds")
