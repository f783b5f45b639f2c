"""Drive one endpoint of one contender with wrk and read back its numbers."""

import json
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
RESULT_PREFIX = "BENCH_RESULT "


@dataclass
class Round:
    """One wrk run, as its script reports it (times in microseconds)."""

    requests: int
    duration_us: int
    p50_us: int
    p99_us: int
    mean_us: float
    responses: int
    failures: int
    queries: int
    counted: int
    socket_errors: int
    # Filled in by the caller: CPU the server's processes and its database backends spent.
    app_cpu_ms: float = 0.0
    db_cpu_ms: float = 0.0

    @property
    def requests_per_second(self):
        return self.requests / self.duration_us * 1e6 if self.duration_us else 0.0


@dataclass
class Measurement:
    """The rounds of one endpoint on one contender, summed and summarised."""

    rounds: list = field(default_factory=list)

    @property
    def requests_per_second(self):
        seconds = sum(r.duration_us for r in self.rounds) / 1e6
        return sum(r.requests for r in self.rounds) / seconds if seconds else 0.0

    def ratio_to(self, other):
        """Throughput relative to `other`: the median over rounds of this round's req/s
        divided by the other's in the same round, which ran moments apart."""
        ratios = [
            mine.requests_per_second / theirs.requests_per_second
            for mine, theirs in zip(self.rounds, other.rounds, strict=True)
            if theirs.requests_per_second
        ]
        return statistics.median(ratios) if ratios else float("nan")

    @property
    def cpu_ms_per_request(self):
        """(app, database) CPU milliseconds per request, over all rounds."""
        requests = sum(r.requests for r in self.rounds)
        if not requests:
            return (float("nan"), float("nan"))
        return (
            sum(r.app_cpu_ms for r in self.rounds) / requests,
            sum(r.db_cpu_ms for r in self.rounds) / requests,
        )

    @property
    def p50_ms(self):
        return statistics.median(r.p50_us for r in self.rounds) / 1000

    @property
    def p99_ms(self):
        return statistics.median(r.p99_us for r in self.rounds) / 1000

    @property
    def queries_per_request(self):
        counted = sum(r.counted for r in self.rounds)
        return sum(r.queries for r in self.rounds) / counted if counted else None

    @property
    def errors(self):
        return sum(r.failures + r.socket_errors for r in self.rounds)

    def as_dict(self):
        return {
            "requests_per_second": round(self.requests_per_second, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "queries_per_request": self.queries_per_request,
            "app_cpu_ms_per_request": round(self.cpu_ms_per_request[0], 3),
            "db_cpu_ms_per_request": round(self.cpu_ms_per_request[1], 3),
            "errors": self.errors,
            "rounds": [vars(r) for r in self.rounds],
        }


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, *, seconds, connections, headers, method="GET", bodies=()):
    """One wrk run of `seconds` with `connections` open; returns its Round."""
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        # A request waiting this long is counted late, not dropped from the latencies.
        "--timeout",
        "30s",
        "--script",
        str(WRK_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command += [url, "--", method, *bodies]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return Round(**json.loads(line.removeprefix(RESULT_PREFIX)))
    raise RuntimeError(
        f"wrk printed no result (exit {completed.returncode}):\n"
        f"{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}"
    )
