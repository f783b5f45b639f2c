"""The template test harness.

Tests that take a `variant` argument run once per variant (see tests/variants.py).
Each variant is baked once and all its tests go to the same xdist worker, so that
the bake, its services and its running processes are shared between its steps.
"""

import os
from pathlib import Path

import pytest

from . import services, variants
from .rendering import bake
from .reporting import VariantReport
from .venvs import shared_venv

CACHE_DIR = Path(os.environ.get("TEMPLATE_TEST_CACHE", variants.TEMPLATE_DIR / ".cache"))


def pytest_addoption(parser):
    parser.addoption(
        "--variant",
        action="append",
        default=[],
        help="run the per-variant tests for this variant id only (repeatable)",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "variant: a test run once per rendered variant")
    config.addinivalue_line(
        "markers", "for_variants(where): run a per-variant test only where where(variant) holds"
    )
    config.pluginmanager.register(VariantReport(config), "variant-report")


def pytest_generate_tests(metafunc):
    if "variant" in metafunc.fixturenames:
        selected = variants.select(metafunc.config.getoption("variant"))
        for marker in metafunc.definition.iter_markers("for_variants"):
            selected = [variant for variant in selected if marker.kwargs["where"](variant)]
        metafunc.parametrize("variant", selected, ids=[v.id for v in selected], scope="module")


def pytest_xdist_auto_num_workers(config):
    """One worker more than the cores (`-n auto`): a variant's steps also spend time
    waiting on servers and containers, which another variant's work can fill."""
    return (os.cpu_count() or 1) + 1


def pytest_xdist_make_scheduler(config, log):
    """Send all of a variant's tests to one worker, which runs them in order."""
    from xdist.scheduler import LoadScopeScheduling

    class VariantScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            # Tests that are not per variant are units of their own.
            return variants.id_in_nodeid(nodeid) or nodeid

    return VariantScheduling(config, log)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark each variant's tests, then run them together in the order they are written.

    pytest's own reordering for module-scoped parameters may interleave modules, and the
    module-scoped fixtures (services, the running stack) must not live twice at once.
    """
    for item in items:
        variant = _variant_of(item)
        if variant is not None:
            item.add_marker(pytest.mark.variant)
            item.user_properties.append(("variant", variant.id))
    yield
    position = {id(item): index for index, item in enumerate(items)}

    def key(item):
        variant = _variant_of(item)
        variant_index = variants.VARIANTS.index(variant) if variant else -1
        module = item.module.__name__.rpartition(".")[2]
        step = STEP_MODULES.index(module) if module in STEP_MODULES else len(STEP_MODULES)
        return (variant_index, step, position[id(item)])

    items.sort(key=key)


# The order in which a variant's steps run: cheap checks first, the running stack last.
STEP_MODULES = [
    "test_render",
    "test_structure",
    "test_workflows",
    "test_project",
    "test_deploy",
    "test_kubernetes",
    "test_live",
    "test_docker",
]


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
def variant_services(variant):
    """This variant's own database, Redis db number and broker vhost, dropped afterwards."""
    own = services.for_variant(variant)
    for name in own.needed():
        services.require_service(name)
    own.set_up()
    yield own
    own.tear_down()
