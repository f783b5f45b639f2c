"""A pytest plugin for a rendered project's own suite: the tests that use the Celery broker,
and a guard that keeps that list true.

A tree's code is the same whichever broker it names; the broker is a service the suite runs
against. Only these tests' outcome can depend on it: a tree whose code ran the whole suite
on another broker runs only these modules on its own (tests/test_project.py). In a whole
run, a test outside them that opens a connection to a broker fails, naming its module.

Loaded with `-p broker_tests`, this folder on the suite's PYTHONPATH; imports nothing from
the harness, since it runs in the project's environment.
"""

import pytest

# Paths inside the project's package.
BROKER_TEST_MODULES = (
    "core/tests/test_celery_config.py",
    "core/tests/test_health.py",
    "orders/tests/test_real_worker.py",
)

running = {"test": None}
outside = {}  # node id -> the broker it connected to


def uses_the_broker(item):
    return item.path.as_posix().endswith(tuple(f"/{module}" for module in BROKER_TEST_MODULES))


def pytest_configure(config):
    try:
        from kombu import Connection
    except ImportError:
        return  # a project without Celery has no broker

    establish = Connection._establish_connection

    def establish_and_note(connection):
        test = running["test"]
        if test is not None and not uses_the_broker(test):
            outside.setdefault(test.nodeid, connection.as_uri())
        return establish(connection)

    Connection._establish_connection = establish_and_note


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item):
    running["test"] = item
    try:
        return (yield)
    finally:
        running["test"] = None


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    if item.nodeid in outside:
        pytest.fail(
            f"connected to the broker {outside[item.nodeid]}, but its module is not one of "
            "the broker's test modules: add it to BROKER_TEST_MODULES of the template's "
            "harness/project_plugins/broker_tests.py",
            pytrace=False,
        )
