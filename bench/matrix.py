"""The matrix benchmark: how long baking takes, and where the variant harness spends time.

`bench/matrix` bakes one variant several times and reports the median, then runs the
template's own harness (`python -m pytest --variant <id> -m variant`, or every variant
with --all) and prints its per-step times as a table, so that a later change to the
template or the harness can be compared step by step. It writes the same to
bench/results/matrix.md.
"""

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cookiecutter.main import cookiecutter
from tests import variants

from .report import RESULTS_DIR

STEP_LINE = re.compile(r"^(?P<variant>\S+): (?P<steps>.+ (?:passed|failed|skipped|error) .+s)$")
STEP = re.compile(r"(?P<step>\w+) (?P<outcome>passed|failed|skipped|error) (?P<seconds>[\d.]+)s")
SUMMARY_HEADER = "variants: steps and times"


def say(message):
    print(f"[matrix {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/matrix", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variant",
        default="default",
        choices=[variant.id for variant in variants.VARIANTS],
        metavar="ID",
        help="the variant to bake and run (python -m tests.variants lists them)",
    )
    parser.add_argument("--runs", type=int, default=5, help="bakes to take the median of")
    parser.add_argument("--all", action="store_true", help="run the harness for every variant")
    parser.add_argument("--bake-only", action="store_true", help="skip the harness")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="output folder")
    parser.add_argument(
        "pytest_args",
        nargs=argparse.REMAINDER,
        help="after --: more arguments for the harness, e.g. -- tests/test_render.py",
    )
    return parser.parse_args(argv)


@contextlib.contextmanager
def _quiet_stdout():
    """The post-gen hook, a child process, prints its next steps on every bake."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)


def time_bakes(variant, runs):
    """Seconds each bake of `variant` took, in a fresh folder each time."""
    seconds = []
    with tempfile.TemporaryDirectory(prefix="bench-bake-") as tmp:
        for run in range(runs):
            started = time.perf_counter()
            with _quiet_stdout():
                cookiecutter(
                    str(variants.TEMPLATE_DIR),
                    no_input=True,
                    extra_context=variant.overrides,
                    output_dir=str(Path(tmp) / str(run)),
                    default_config=True,
                )
            seconds.append(time.perf_counter() - started)
    return seconds


def run_harness(variant_id, extra_args=()):
    """Run the harness; returns (its output, wall seconds, exit code)."""
    command = [sys.executable, "-m", "pytest", "-m", "variant", "-q"]
    if variant_id:
        command += ["--variant", variant_id]
    command += [arg for arg in extra_args if arg != "--"]
    say("running " + " ".join(command[1:]))
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=variants.TEMPLATE_DIR,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    return completed.stdout + completed.stderr, time.perf_counter() - started, completed.returncode


def parse_steps(output):
    """{variant: {step: (outcome, seconds)}} from the harness's closing summary."""
    steps = {}
    in_summary = False
    for line in output.splitlines():
        if SUMMARY_HEADER in line:
            in_summary = True
            continue
        match = STEP_LINE.match(line.strip()) if in_summary else None
        if match:
            steps[match["variant"]] = {
                step["step"]: (step["outcome"], float(step["seconds"]))
                for step in STEP.finditer(match["steps"])
            }
    return steps


def steps_table(steps):
    """One row per step, one column per variant: seconds, and the outcome unless passed."""
    variant_ids = list(steps)
    names = list(dict.fromkeys(step for by_step in steps.values() for step in by_step))
    lines = [
        "| step | " + " | ".join(variant_ids) + " |",
        "|---|" + "--:|" * len(variant_ids),
    ]
    for name in names:
        cells = []
        for variant_id in variant_ids:
            outcome, seconds = steps[variant_id].get(name, ("-", 0.0))
            if outcome == "-":
                cells.append("-")
            else:
                cells.append(f"{seconds:.1f}" + ("" if outcome == "passed" else f" ({outcome})"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = [sum(seconds for _, seconds in steps[v].values()) for v in variant_ids]
    lines.append("| **total** | " + " | ".join(f"**{total:.1f}**" for total in totals) + " |")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    variant = variants.select([args.variant])[0]
    say(f"baking {variant.id} {args.runs} times")
    bakes = time_bakes(variant, args.runs)
    report = [
        "# Matrix benchmark: latest run",
        "",
        f"Baking `{variant.id}`: median {statistics.median(bakes):.2f} s over {len(bakes)} "
        f"runs (min {min(bakes):.2f} s, max {max(bakes):.2f} s).",
    ]
    outcome = 0
    if not args.bake_only:
        output, wall, outcome = run_harness(None if args.all else variant.id, args.pytest_args)
        steps = parse_steps(output)
        if not steps:
            print(output[-4000:])
            raise SystemExit("the harness printed no per-step summary")
        scope = "every variant" if args.all else f"`{variant.id}`"
        if args.pytest_args:
            scope += f" ({' '.join(arg for arg in args.pytest_args if arg != '--')})"
        report += [
            "",
            f"Harness for {scope}: {wall:.0f} s wall clock (exit code {outcome}); seconds per "
            "step, summed over each step's tests:",
            "",
            steps_table(steps),
        ]
    text = "\n".join(report) + "\n"
    print()
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "matrix.md").write_text(text)
    return outcome


if __name__ == "__main__":
    sys.exit(main())
