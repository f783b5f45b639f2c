"""The per-variant summary: each variant's steps with their outcome and time.

It also holds the run to its promise: a full run in which some choice of some prompt
was never executed end to end (only baked or linted) fails.
"""

import time
from collections import defaultdict

import pytest

from . import variants

# A variant counts as executed when all of these passed.
EXECUTION_STEPS = ("rendered_suite", "boot", "end_to_end_flow")


class VariantReport:
    def __init__(self, config):
        self.config = config
        self.started = time.monotonic()
        self.steps = defaultdict(dict)  # variant id -> step -> [outcome, seconds]
        self.faults = []  # one line per fault injected (tests/faults.py)

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.faults.extend(value for name, value in report.user_properties if name == "fault")
        variant_id = dict(report.user_properties).get("variant")
        if variant_id is None:
            return
        step = report.nodeid.split("::")[-1].split("[")[0].removeprefix("test_")
        outcome, seconds = self.steps[variant_id].get(step, ("passed", 0.0))
        if report.outcome != "passed":
            outcome = report.outcome
        self.steps[variant_id][step] = (outcome, seconds + report.duration)

    def executed(self):
        return [
            variant_id
            for variant_id, steps in self.steps.items()
            if all(steps.get(step, ("missing",))[0] == "passed" for step in EXECUTION_STEPS)
        ]

    def choices_not_executed(self):
        executed = set(self.executed())
        return variants.choices_not_covered(v for v in variants.VARIANTS if v.id in executed)

    def is_full_run(self):
        return not (self.config.getoption("variant") or self.config.getoption("keyword"))

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter):
        if not self.steps:
            return
        write = terminalreporter.write_line
        terminalreporter.section("variants: steps and times")
        for variant_id, steps in self.steps.items():
            cells = [
                f"{step} {outcome} {seconds:.1f}s" for step, (outcome, seconds) in steps.items()
            ]
            write(f"{variant_id}: {', '.join(cells)}")
        skipped = sum(
            outcome == "skipped" for steps in self.steps.values() for outcome, _ in steps.values()
        )
        write(
            f"{len(self.steps)} variants baked, {len(self.executed())} executed end to end, "
            f"{skipped} steps skipped, {time.monotonic() - self.started:.0f}s in all"
        )
        if self.faults:
            terminalreporter.section("faults")
            for line in self.faults:
                write(line)
        missing = self.choices_not_executed()
        if missing and self.is_full_run():
            write(f"FAILED: choices never executed end to end: {', '.join(missing)}", red=True)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if hasattr(self.config, "workerinput") or not self.steps or not self.is_full_run():
            return
        if self.choices_not_executed() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
