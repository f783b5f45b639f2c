"""The run's report: each variant's steps with their outcome and time, and its tree.

It is printed at the end of the run and written as JSON (to $TEMPLATE_REPORT, or
report.json in the harness cache) for bench/matrix. It also holds the run to its promise:
a full run fails when some choice of some prompt was never rendered, or some distinct
tree was never executed end to end.
"""

import json
import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

from . import steps, trees, variants

OUTCOME_ORDER = ("passed", "skipped", "failed")


def report_path():
    return Path(os.environ.get("TEMPLATE_REPORT") or trees.CACHE_DIR / "report.json")


class VariantReport:
    def __init__(self, config):
        self.config = config
        # Wall-clock seconds, the clock of pytest's own report.start and report.stop.
        self.started = time.time()
        # variant id -> step name -> test name -> [outcome, seconds]
        self.tests = defaultdict(lambda: defaultdict(dict))
        # unit id (harness/steps.py; a test's module when it is not per variant) ->
        # [variant id or None, xdist worker, first test's start, last test's end] (epoch s)
        self.spans = {}
        self.faults = []  # one line per fault injected (harness/faults.py)
        # the scale-out step's figures: (variant's header, figure) per test, in run order
        self.scale_out = []

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.faults.extend(value for name, value in report.user_properties if name == "fault")
            self.scale_out.extend(
                value for name, value in report.user_properties if name == "scale-out"
            )
        variant_id = dict(report.user_properties).get("variant")
        self._extend_span(steps.unit_of(report.nodeid), variant_id, report)
        if variant_id is None:
            return
        step = steps.of_nodeid(report.nodeid)
        test = report.nodeid.split("::")[-1].split("[")[0].removeprefix("test_")
        outcome, seconds = self.tests[variant_id][step.name].get(test, ("passed", 0.0))
        if report.failed:
            outcome = "failed"
        elif report.skipped and outcome == "passed":
            outcome = "covered" if steps.is_covered_skip(report) else "skipped"
        self.tests[variant_id][step.name][test] = (outcome, seconds + report.duration)

    def _extend_span(self, unit, variant_id, report):
        node = getattr(report, "node", None)  # set by xdist on the controller
        worker = node.gateway.id if node is not None else "main"
        span = self.spans.setdefault(unit, [variant_id, worker, report.start, report.stop])
        span[2], span[3] = min(span[2], report.start), max(span[3], report.stop)

    def timeline(self):
        """Where and when each unit's tests ran, in seconds from the run's start."""
        return {
            unit: {
                "variant": variant_id,
                "worker": worker,
                "started": round(first - self.started, 1),
                "finished": round(last - self.started, 1),
            }
            for unit, (variant_id, worker, first, last) in self.spans.items()
        }

    def step_outcome(self, variant_id, step):
        """failed if any test failed; skipped if any was skipped for want of something;
        passed when every test passed or was covered elsewhere in the run."""
        by_test = self.tests.get(variant_id, {}).get(step)
        if not by_test:
            return "missing"
        outcomes = {
            "passed" if outcome == "covered" else outcome for outcome, _ in by_test.values()
        }
        return max(outcomes, key=OUTCOME_ORDER.index)

    def step_seconds(self, variant_id, step):
        by_test = self.tests.get(variant_id, {}).get(step, {})
        return sum(seconds for _, seconds in by_test.values())

    def executed(self, variant_id):
        return all(
            self.step_outcome(variant_id, step.name) == "passed"
            for step in steps.STEPS
            if step.executes
        )

    def tree_status(self, tree):
        representative = tree.representative.id
        outcomes = {
            self.step_outcome(representative, step.name) for step in steps.STEPS if step.executes
        }
        if outcomes == {"passed"}:
            return f"executed end to end by {representative}"
        if outcomes == {"missing"}:
            return f"render checks only in this run (end to end: {representative})"
        found = ", ".join(
            f"{step.name} {self.step_outcome(representative, step.name)}"
            for step in steps.STEPS
            if step.executes
        )
        if outcomes <= {"passed", "missing"}:
            return f"not run end to end in this run by {representative}: {found}"
        return f"NOT executed end to end by {representative}: {found}"

    def rendered(self):
        return [
            variant
            for variant in variants.VARIANTS
            if self.step_outcome(variant.id, steps.STEPS[0].name) == "passed"
        ]

    def trees_not_executed(self):
        return [tree for tree in trees.trees() if not self.executed(tree.representative.id)]

    def is_full_run(self):
        return not (self.config.getoption("variant") or self.config.getoption("keyword"))

    def problems(self):
        """Why a full run breaks its promise, if it does."""
        found = []
        not_rendered = variants.choices_not_covered(self.rendered())
        if not_rendered:
            found.append(f"choices never rendered: {', '.join(not_rendered)}")
        not_executed = self.trees_not_executed()
        if not_executed:
            names = ", ".join(f"{t.digest} ({t.representative.id})" for t in not_executed)
            found.append(f"trees never executed end to end: {names}")
        return found

    def scale_out_lines(self):
        """One line per variant that ran the scale-out step: its figures joined."""
        figures = {}
        for header, figure in self.scale_out:
            figures.setdefault(header, []).append(figure)
        return [f"{header}, {'; '.join(parts)}" for header, parts in figures.items()]

    def as_json(self):
        wall = time.time() - self.started
        return {
            "wall_seconds": round(wall, 1),
            "full_run": self.is_full_run(),
            "steps": [
                {
                    "name": step.name,
                    "module": step.module,
                    "order": order,
                    "runs_for": step.runs_for,
                    "executes": step.executes,
                }
                for order, step in enumerate(steps.STEPS)
            ],
            "trees": [
                {
                    "digest": tree.digest,
                    "representative": tree.representative.id,
                    "variants": [variant.id for variant in tree.variants],
                    "executed": self.executed(tree.representative.id),
                }
                for tree in trees.trees()
            ],
            "variants": {
                variant.id: {
                    "answers": variant.overrides,
                    "tree": trees.tree_of(variant).digest,
                    "runs_end_to_end": trees.represents_its_tree(variant),
                    "steps": {
                        step: {
                            "outcome": self.step_outcome(variant.id, step),
                            "seconds": round(self.step_seconds(variant.id, step), 2),
                            "tests": {
                                test: {"outcome": outcome, "seconds": round(seconds, 2)}
                                for test, (outcome, seconds) in by_test.items()
                            },
                        }
                        for step, by_test in self.tests[variant.id].items()
                    },
                }
                for variant in variants.VARIANTS
                if variant.id in self.tests
            },
            "units": self.timeline(),
            "problems": self.problems() if self.is_full_run() else [],
        }

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter):
        if not self.tests or hasattr(self.config, "workerinput"):
            return
        write = terminalreporter.write_line
        terminalreporter.section("variants: trees, steps and times")
        for tree in trees.trees():
            ran = [v for v in tree.variants if v.id in self.tests]
            if not ran:
                continue
            write(f"tree {tree.digest}: {self.tree_status(tree)}")
            for variant in ran:
                cells = [
                    f"{step} {self.step_outcome(variant.id, step)} "
                    f"{self.step_seconds(variant.id, step):.1f}s"
                    for step in self.tests[variant.id]
                ]
                write(f"  {variant.id}: {', '.join(cells)}")
        skipped = sum(
            outcome == "skipped"
            for by_step in self.tests.values()
            for by_test in by_step.values()
            for outcome, _ in by_test.values()
        )
        covered = sum(
            outcome == "covered"
            for by_step in self.tests.values()
            for by_test in by_step.values()
            for outcome, _ in by_test.values()
        )
        ran_trees = {trees.tree_of(v).digest for v in variants.VARIANTS if v.id in self.tests}
        executed = sum(self.executed(tree.representative.id) for tree in trees.trees())
        write(
            f"{len(self.tests)} variants baked, {len(ran_trees)} distinct trees, {executed} "
            f"executed end to end, {covered} tests covered by an equal run, {skipped} skipped, "
            f"{time.time() - self.started:.0f}s in all"
        )
        if self.faults:
            terminalreporter.section("faults")
            for line in self.faults:
                write(line)
        if self.scale_out:
            terminalreporter.section("scale-out")
            for line in self.scale_out_lines():
                write(line)
        path = report_path()
        write(f"report: {path}")
        if self.is_full_run():
            for problem in self.problems():
                write(f"FAILED: {problem}", red=True)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if hasattr(self.config, "workerinput") or not self.tests:
            return
        path = report_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_json(), indent=1) + "\n")
        if not self.is_full_run():
            return
        if self.problems() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
