"""The plugin the project step loads into a code's whole suite
(harness/project_plugins/broker_tests.py) fails a test that reaches a broker from outside
the broker's test modules, and lets those modules reach one."""

from harness import project_plugins
from harness.processes import child_env, run
from harness.project_plugins.broker_tests import BROKER_TEST_MODULES
from harness.trees import CACHE_DIR
from harness.variants import VARIANTS
from harness.venvs import shared_venv

# Nothing listens on port 1: the attempt is refused at once, and the attempt is what counts.
REACHES_A_BROKER = """
import pytest
from kombu import Connection
from kombu.exceptions import OperationalError


def test_reaches_a_broker():
    with Connection("redis://127.0.0.1:1", connect_timeout=1) as connection:
        with pytest.raises(OperationalError):
            connection.ensure_connection(max_retries=0)
"""
OUTSIDE = "catalog/tests/test_products.py"


def test_only_the_broker_test_modules_may_reach_a_broker(tmp_path):
    for module in (BROKER_TEST_MODULES[0], OUTSIDE):
        path = tmp_path / "package" / module
        path.parent.mkdir(parents=True)
        path.write_text(REACHES_A_BROKER)
    venv = shared_venv(CACHE_DIR, VARIANTS[0].python_version)
    env = child_env(venv, {"PYTHONPATH": str(project_plugins.FOLDER)})

    completed = run(
        [venv / "bin" / "python", "-m", "pytest", "-p", "broker_tests", "-p", "no:django",
         "-p", "no:cacheprovider", "--import-mode=importlib", "-q", "package"],
        cwd=tmp_path,
        env=env,
        check=False,
    )  # fmt: skip

    output = completed.stdout
    assert completed.returncode == 1, output + completed.stderr
    # Both tests pass; the one outside fails at its teardown, and only that one.
    assert "2 passed, 1 error" in output
    assert f"ERROR package/{OUTSIDE}::test_reaches_a_broker" in output
    assert "@127.0.0.1:1//, but its module is not one of the broker's test modules" in output
