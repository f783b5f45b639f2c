"""The bulk import row: 1,000 products in one request against 1,000 single POSTs.

Both write the same kind of rows (new SKUs, so every row is an INSERT) to the rendered
project as served in the main benchmark. The single POSTs go over the run's wrk connection
count in parallel, each client thread reusing its connection, as a client importing a
catalogue one product at a time would; the bulk import is one request. Throughput is
products written per second, compared as the median over rounds of the ratio within a
round. It runs after the timed endpoints, since it adds products to the catalogue.
"""

import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

ROWS = 1_000
ROUNDS = 5
TARGET_RATIO = 20


@dataclass
class BulkResult:
    rows: int
    connections: int
    single_seconds: list = field(default_factory=list)
    bulk_seconds: list = field(default_factory=list)

    def rows_per_second(self, seconds):
        return [self.rows / value for value in seconds]

    @property
    def ratios(self):
        return [
            single / bulk
            for single, bulk in zip(self.single_seconds, self.bulk_seconds, strict=True)
        ]

    @property
    def ratio(self):
        return statistics.median(self.ratios)

    def as_dict(self):
        return {
            "rows": self.rows,
            "connections": self.connections,
            "single_posts_rows_per_second": [
                round(value, 1) for value in self.rows_per_second(self.single_seconds)
            ],
            "bulk_rows_per_second": [
                round(value, 1) for value in self.rows_per_second(self.bulk_seconds)
            ],
            "ratio_median": round(self.ratio, 2),
            "target_ratio": TARGET_RATIO,
        }


def products(prefix, count=ROWS):
    return [
        {
            "sku": f"{prefix}-{index:04d}",
            "name": f"Imported product {index}",
            "description": "Loaded by the bulk import benchmark.",
            "price": f"{1 + index % 500}.{index % 100:02d}",
            "stock": index % 50,
        }
        for index in range(count)
    ]


def measure(*, base_url, headers, connections, rounds=ROUNDS, rows=ROWS):
    """Time `rounds` rounds of `rows` single POSTs and one bulk POST of `rows` on
    `base_url` (the API's versioned prefix), alternating which goes first."""
    result = BulkResult(rows=rows, connections=connections)
    for round_index in range(rounds):
        single_rows = products(f"single-{round_index}", rows)
        bulk_rows = products(f"bulk-{round_index}", rows)
        if round_index % 2 == 0:
            single = _single_posts(base_url, headers, single_rows, connections)
            together = _bulk_post(base_url, headers, bulk_rows)
        else:
            together = _bulk_post(base_url, headers, bulk_rows)
            single = _single_posts(base_url, headers, single_rows, connections)
        result.single_seconds.append(single)
        result.bulk_seconds.append(together)
    return result


def _bulk_post(base_url, headers, rows):
    body = json.dumps(rows, separators=(",", ":"))
    with httpx.Client(headers=headers, timeout=120) as client:
        started = time.perf_counter()
        response = client.post(f"{base_url}/products/bulk/", content=body)
        elapsed = time.perf_counter() - started
    if response.status_code != 200 or response.json()["created"] != len(rows):
        raise SystemExit(f"bulk import answered {response.status_code}: {response.text[:500]}")
    return elapsed


def _single_posts(base_url, headers, rows, connections):
    bodies = [json.dumps(row, separators=(",", ":")) for row in rows]
    shares = [bodies[index::connections] for index in range(connections)]

    def post_share(share):
        with httpx.Client(headers=headers, timeout=120) as client:
            for body in share:
                response = client.post(f"{base_url}/products/", content=body)
                if response.status_code != 201:
                    raise SystemExit(
                        f"product create answered {response.status_code}: {response.text[:500]}"
                    )

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(post_share, shares))
    return time.perf_counter() - started


def markdown(result, *, started, machine_line, gunicorn):
    singles = statistics.median(result.rows_per_second(result.single_seconds))
    bulk = statistics.median(result.rows_per_second(result.bulk_seconds))
    verdict = "holds" if result.ratio >= TARGET_RATIO else "DOES NOT HOLD"
    return "\n".join(
        [
            "# Bulk import benchmark: latest run",
            "",
            f"Run {started} on {machine_line}.",
            "",
            f"gunicorn: {gunicorn}; {len(result.bulk_seconds)} rounds, single POSTs and the "
            "bulk import alternating which goes first.",
            "",
            f"{result.rows:,} new products written by the rendered project, as products per "
            "second (median over rounds):",
            "",
            "| how | requests | products/s |",
            "|---|--:|--:|",
            f"| single POST /products/ ({result.connections} connections) | {result.rows:,} "
            f"| {singles:.0f} |",
            f"| one POST /products/bulk/ | 1 | {bulk:.0f} |",
            "",
            f"Ratio (bulk / single, median of the rounds' ratios): {result.ratio:.1f}x; "
            f"target at least {TARGET_RATIO}x: {verdict}.",
            "",
        ]
    )


def write(result, directory, *, started, machine_line, gunicorn):
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / "bulk.md", directory / "bulk.json"]
    paths[0].write_text(
        markdown(result, started=started, machine_line=machine_line, gunicorn=gunicorn)
    )
    paths[1].write_text(json.dumps({"started": started, **result.as_dict()}, indent=2) + "\n")
    return paths
