"""The matrix benchmark: how long baking takes, and where the variant harness spends time.

`bench/matrix` bakes one variant several times and reports the median, bakes every
candidate variant to count the distinct trees they render, then runs the template's own
harness (`python -m pytest --variant <id> -m variant`, or every variant with --all) and
reads the JSON report it writes: wall time, each step's seconds and share, and the trees.
It writes the same to bench/results/matrix.md, so that a later change to the template or
the harness can be compared step by step.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cookiecutter.main import cookiecutter
from harness import trees, variants

from .report import RESULTS_DIR


def say(message):
    print(f"[matrix {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/matrix", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variant",
        default="default",
        choices=[variant.id for variant in variants.VARIANTS],
        metavar="ID",
        help="the variant to bake and run (python -m harness.variants lists them)",
    )
    parser.add_argument("--runs", type=int, default=5, help="bakes to take the median of")
    parser.add_argument("--all", action="store_true", help="run the harness for every variant")
    parser.add_argument("--bake-only", action="store_true", help="skip the harness")
    parser.add_argument(
        "--report",
        type=Path,
        metavar="JSON",
        help="summarize this harness report (e.g. a full run's) instead of running the harness",
    )
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="output folder")
    parser.add_argument(
        "pytest_args",
        nargs=argparse.REMAINDER,
        help="after --: more arguments for the harness, e.g. -- tests/test_render.py",
    )
    return parser.parse_args(argv)


def time_bakes(variant, runs):
    """Seconds each bake of `variant` took, in a fresh folder each time."""
    seconds = []
    with tempfile.TemporaryDirectory(prefix="bench-bake-") as tmp:
        for run in range(runs):
            started = time.perf_counter()
            with trees.quiet_stdout():
                cookiecutter(
                    str(variants.TEMPLATE_DIR),
                    no_input=True,
                    extra_context=variant.overrides,
                    output_dir=str(Path(tmp) / str(run)),
                    default_config=True,
                )
            seconds.append(time.perf_counter() - started)
    return seconds


def time_tree_mapping():
    """Bake and hash every candidate, uncached: (seconds, {digest: [variant ids]})."""
    started = time.perf_counter()
    digests = trees.bake_and_hash_every_candidate()
    seconds = time.perf_counter() - started
    members = {}
    for variant_id, digest in digests.items():
        members.setdefault(digest, []).append(variant_id)
    return seconds, members


def run_harness(variant_id, extra_args, report_path):
    """Run the harness with its JSON report at `report_path`; returns (wall s, exit code)."""
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
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TEMPLATE_REPORT": str(report_path)},
    )
    if not report_path.exists():
        print((completed.stdout + completed.stderr)[-4000:])
        raise SystemExit("the harness wrote no report")
    return time.perf_counter() - started, completed.returncode


def steps_table(report):
    """One row per step: seconds summed over every variant's tests, and their share."""
    seconds = {step["name"]: 0.0 for step in report["steps"]}
    outcomes = {step["name"]: {} for step in report["steps"]}
    for entry in report["variants"].values():
        for name, step in entry["steps"].items():
            seconds[name] += step["seconds"]
            outcomes[name][step["outcome"]] = outcomes[name].get(step["outcome"], 0) + 1
    total = sum(seconds.values()) or 1.0
    lines = [
        "| step | runs for | end to end | seconds | share | variants by outcome |",
        "|---|---|---|--:|--:|---|",
    ]
    for step in report["steps"]:
        name = step["name"]
        counted = ", ".join(f"{count} {outcome}" for outcome, count in outcomes[name].items())
        lines.append(
            f"| {name} | {step['runs_for']} | {'yes' if step['executes'] else ''} | "
            f"{seconds[name]:.1f} | {100 * seconds[name] / total:.0f}% | {counted or '-'} |"
        )
    lines.append(f"| **total** | | | **{total:.1f}** | 100% | |")
    return "\n".join(lines)


def trees_table(report):
    """One row per tree that ran: its representative, the variants sharing it, its seconds."""
    lines = [
        "| tree | run end to end by | also renders it | executed | seconds |",
        "|---|---|---|---|--:|",
    ]
    for tree in report["trees"]:
        ran = [v for v in tree["variants"] if v in report["variants"]]
        if not ran:
            continue
        seconds = sum(
            step["seconds"] for v in ran for step in report["variants"][v]["steps"].values()
        )
        others = ", ".join(f"`{v}`" for v in tree["variants"][1:]) or "-"
        lines.append(
            f"| `{tree['digest']}` | `{tree['representative']}` | {others} | "
            f"{'yes' if tree['executed'] else 'no'} | {seconds:.1f} |"
        )
    return "\n".join(lines)


def workers_table(report, *, named_from=5):
    """One row per xdist worker: the units of work it ran in order, its busy and idle seconds.

    Units of `named_from` seconds or more are named (the tests that are not per variant by
    their module); the shorter ones are counted. Idle is the wall time the worker spent without a
    test: waiting for its first unit at the start, between units, and after its last one.
    """
    by_worker = {}
    for unit, span in report["units"].items():
        name = unit if span["variant"] else unit.rpartition("/")[2]
        by_worker.setdefault(span["worker"], []).append((span["started"], span["finished"], name))
    lines = ["| worker | units, from start to end (s) | busy | idle |", "|---|---|--:|--:|"]
    for worker, spans in sorted(by_worker.items()):
        spans.sort()
        busy = sum(finished - started for started, finished, _ in spans)
        named = [
            f"`{name}` {started:.0f}-{finished:.0f}"
            for started, finished, name in spans
            if finished - started >= named_from
        ]
        short = len(spans) - len(named)
        ran = ", ".join(named + ([f"{short} shorter"] if short else []))
        lines.append(f"| {worker} | {ran} | {busy:.0f} | {report['wall_seconds'] - busy:.0f} |")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    variant = variants.select([args.variant])[0]
    say(f"baking {variant.id} {args.runs} times")
    bakes = time_bakes(variant, args.runs)
    say("baking and hashing every candidate")
    mapping_seconds, members = time_tree_mapping()
    report = [
        "# Matrix benchmark: latest run",
        "",
        f"Baking `{variant.id}`: median {statistics.median(bakes):.2f} s over {len(bakes)} "
        f"runs (min {min(bakes):.2f} s, max {max(bakes):.2f} s).",
        "",
        f"Baking and hashing all {len(variants.VARIANTS)} candidates: {mapping_seconds:.1f} s; "
        f"they render {len(members)} distinct trees, so {len(members)} variants run end to "
        "end and the others get the render-level checks only.",
    ]
    outcome = 0
    if args.report:
        harness = json.loads(args.report.read_text())
        ran = "a full run" if harness["full_run"] else "a partial run"
        report += [
            "",
            f"Harness report of {ran} ({len(harness['variants'])} variants): "
            f"{harness['wall_seconds']:.0f} s wall clock inside pytest. Seconds per step, "
            "summed over the tests of every variant (in parallel workers, so the sum "
            "exceeds the wall time):",
        ]
    elif not args.bake_only:
        with tempfile.TemporaryDirectory(prefix="bench-matrix-") as scratch:
            report_path = Path(scratch) / "report.json"
            wall, outcome = run_harness(
                None if args.all else variant.id, args.pytest_args, report_path
            )
            harness = json.loads(report_path.read_text())
        scope = "every variant" if args.all else f"`{variant.id}`"
        if args.pytest_args:
            scope += f" ({' '.join(arg for arg in args.pytest_args if arg != '--')})"
        report += [
            "",
            f"Harness for {scope}: {wall:.0f} s wall clock ({harness['wall_seconds']:.0f} s "
            f"inside pytest; exit code {outcome}). Seconds per step, summed over the tests "
            "of every variant (in parallel workers, so the sum exceeds the wall time):",
        ]
    if args.report or not args.bake_only:
        report += [
            "",
            steps_table(harness),
            "",
            "Trees:",
            "",
            trees_table(harness),
            "",
            "Workers:",
            "",
            workers_table(harness),
        ]
    text = "\n".join(report) + "\n"
    print()
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "matrix.md").write_text(text)
    return outcome


if __name__ == "__main__":
    sys.exit(main())
