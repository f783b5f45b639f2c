"""The API benchmark's report: a Markdown table, the raw numbers as JSON, a bar chart."""

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
REFERENCE = "rendered"
# The rendered project answering If-None-Match with its current ETag (bench/api.py).
NOT_MODIFIED = "rendered, 304"
# The targets the rendered project is held to: the 304 path's throughput over the full
# body's, and the cached anonymous product list's over the floor's.
TARGETS = {
    ("order detail (5 items)", NOT_MODIFIED, REFERENCE): 3.0,
    ("product list (anonymous, cached)", REFERENCE, "floor"): 0.8,
}


def _ratio(run, endpoint, numerator, denominator):
    results = run.results[endpoint]
    return results[numerator].ratio_to(results[denominator])


def _queries(measurement):
    value = measurement.queries_per_request
    if value is None:
        return "?"
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def machine_line(run):
    m = run.machine
    load = "/".join(f"{value:.1f}" for value in m["load_average"])
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gib']:.0f} GiB; {m['os']}; "
        f"Python {m['python']}, PostgreSQL {m['postgresql']}, Redis {m['redis']}, "
        f"wrk {m['wrk']}; load average at start {load}"
    )


def settings_line(run):
    s = run.settings
    return (
        f"gunicorn: {_gunicorn(s['gunicorn'])}; "
        f"wrk: {s['connections']} connections, {s['rounds']} rounds of {s['seconds']} s per "
        "endpoint and contender, contenders alternating"
    )


def _gunicorn(by_contender):
    """One phrase when every contender runs alike, else one per contender."""
    kinds = set(by_contender.values())
    if len(kinds) == 1:
        return f"{kinds.pop()} per contender"
    return ", ".join(f"{kind} ({name})" for name, kind in by_contender.items())


def others(run):
    return [name for name in run.contenders if name != REFERENCE]


def markdown(run):
    lines = [
        f"Run {run.started} on {machine_line(run)}.",
        "",
        f"{settings_line(run)}.",
        "",
        "| endpoint | contender | req/s | p50 ms | p99 ms | SQL/request "
        "| CPU ms/request (app + db) | errors |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for endpoint in run.endpoints:
        for name, m in run.results[endpoint].items():
            app, db = m.cpu_ms_per_request
            lines.append(
                f"| {endpoint} | {name} | {m.requests_per_second:.0f} | {m.p50_ms:.1f} | "
                f"{m.p99_ms:.1f} | {_queries(m)} | {app:.1f} + {db:.1f} | {m.errors} |"
            )
    ratio_names = others(run)
    lines += [
        "",
        "Throughput ratios: the median over rounds of the rendered project's req/s divided "
        "by the other's in the same round (above 1 the rendered project is faster):",
        "",
        "| endpoint | " + " | ".join(f"rendered/{name}" for name in ratio_names) + " |",
        "|---|" + "--:|" * len(ratio_names),
    ]
    for endpoint in run.endpoints:
        cells = [f"{_ratio(run, endpoint, REFERENCE, name):.2f}" for name in ratio_names]
        lines.append(f"| {endpoint} | " + " | ".join(cells) + " |")
    conditional = [endpoint for endpoint in run.endpoints if NOT_MODIFIED in run.results[endpoint]]
    if conditional:
        lines += [
            "",
            "Conditional GET: the rendered project answering If-None-Match with its current "
            "ETag (304, no body) against the full body, rounds alternating as above:",
            "",
            "| endpoint | 304/full body |",
            "|---|--:|",
        ]
        for endpoint in conditional:
            ratio = _ratio(run, endpoint, NOT_MODIFIED, REFERENCE)
            lines.append(f"| {endpoint} | {ratio:.2f} |")
    targets = [target for target in TARGETS if target[0] in run.results]
    if targets:
        lines += [
            "",
            "Targets:",
            "",
            "| endpoint | ratio | target | measured |",
            "|---|---|--:|--:|",
        ]
        for endpoint, numerator, denominator in targets:
            ratio = _ratio(run, endpoint, numerator, denominator)
            target = TARGETS[endpoint, numerator, denominator]
            lines.append(
                f"| {endpoint} | {numerator} / {denominator} | {target:.1f} | {ratio:.2f} |"
            )
    sizes = sorted(next(iter(run.page_size_queries.values())))
    lines += [
        "",
        "Order list SQL queries per request by page size:",
        "",
        "| contender | " + " | ".join(f"page_size={size}" for size in sizes) + " |",
        "|---|" + "--:|" * len(sizes),
    ]
    for name, counts in run.page_size_queries.items():
        lines.append(f"| {name} | " + " | ".join(str(counts[size]) for size in sizes) + " |")
    failed = failed_checks(run)
    lines += ["", "Checks: " + ("; ".join(failed) if failed else "all passed") + "."]
    return "\n".join(lines) + "\n"


def failed_checks(run):
    """The claims the benchmark exists to back, each that does not hold in this run."""
    failed = []
    for endpoint in run.endpoints:
        if endpoint.startswith("checkout"):
            continue
        if "naive" in run.contenders and _ratio(run, endpoint, REFERENCE, "naive") <= 1:
            failed.append(f"rendered does not beat naive on {endpoint}")
    counts = run.page_size_queries.get(REFERENCE, {})
    if len(set(counts.values())) > 1:
        failed.append(f"rendered list queries grow with page size: {counts}")
    for endpoint in run.endpoints:
        for name, measurement in run.results[endpoint].items():
            if measurement.errors:
                failed.append(f"{name} had errors on {endpoint}")
    for (endpoint, numerator, denominator), target in TARGETS.items():
        if endpoint not in run.results:
            continue
        ratio = _ratio(run, endpoint, numerator, denominator)
        if ratio < target:
            failed.append(f"{endpoint}: {numerator}/{denominator} {ratio:.2f} below {target}")
    return failed


def as_json(run):
    return {
        "started": run.started,
        "machine": run.machine,
        "settings": run.settings,
        "contenders": run.contenders,
        "endpoints": run.endpoints,
        "results": {
            endpoint: {name: m.as_dict() for name, m in by_contender.items()}
            for endpoint, by_contender in run.results.items()
        },
        "ratios": {
            endpoint: {
                f"rendered/{name}": round(_ratio(run, endpoint, REFERENCE, name), 3)
                for name in others(run)
            }
            for endpoint in run.endpoints
        },
        "not_modified_ratios": {
            endpoint: round(_ratio(run, endpoint, NOT_MODIFIED, REFERENCE), 3)
            for endpoint in run.endpoints
            if NOT_MODIFIED in run.results[endpoint]
        },
        "page_size_queries": run.page_size_queries,
        "failed_checks": failed_checks(run),
    }


def chart(run, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lanes = list(dict.fromkeys(name for by_lane in run.results.values() for name in by_lane))
    width = 0.8 / len(lanes)
    middle = (len(lanes) - 1) / 2
    figure, axes = plt.subplots(figsize=(13, 5.5), dpi=110)
    for index, name in enumerate(lanes):
        values = [
            run.results[endpoint][name].requests_per_second if name in run.results[endpoint] else 0
            for endpoint in run.endpoints
        ]
        positions = [x + (index - middle) * width for x in range(len(values))]
        bars = axes.bar(positions, values, width, label=name)
        axes.bar_label(bars, labels=[f"{value:.0f}" for value in values], fontsize=8)
    axes.set_xticks(range(len(run.endpoints)), run.endpoints)
    axes.set_ylabel("requests per second (higher is better)")
    axes.set_title(f"Order API: rendered vs naive DRF vs floor ({run.started})")
    axes.legend()
    axes.grid(axis="y", alpha=0.3)
    figure.text(0.01, 0.01, settings_line(run), fontsize=7, color="gray")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    figure.savefig(path)
    plt.close(figure)


def write(run, directory=RESULTS_DIR):
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / "api.md", directory / "api.json", directory / "api.png"]
    paths[0].write_text("# API benchmark: latest run\n\n" + markdown(run))
    paths[1].write_text(json.dumps(as_json(run), indent=2) + "\n")
    chart(run, paths[2])
    return paths
