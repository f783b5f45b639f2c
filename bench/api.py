"""The API benchmark: the rendered project against a naive DRF build and the floor.

It renders the default project, installs it into the template tests' cached virtualenv,
loads a fixed dataset into PostgreSQL and serves three contenders from that one project
and database with gunicorn under production settings, the same worker count each:

- rendered: the project as it is, under /api/v1/;
- naive: the same endpoints as a DRF tutorial writes them (benchsite/naive.py);
- floor: plain Django views over hand-written SQL, orjson output (benchsite/floor.py).

It checks that every contender returns the same data, then loads one contender at a time
from wrk on loopback, in rounds that alternate the contenders so that a busy moment of a
shared machine does not land on one of them only. Throughput is compared as ratios.
Run it through `bench/run`, which installs what it needs.
"""

import argparse
import contextlib
import hashlib
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import httpx
import psycopg
import redis
from harness.processes import Process, child_env, free_port, run, wait_for_http
from harness.services import AVAILABILITY, POSTGRES_URL, REDIS_URL
from harness.variants import TEMPLATE_DIR
from harness.venvs import shared_venv

from . import bulk, cpu, report
from .load import Measurement, run_wrk, wrk_available

BENCH_DIR = Path(__file__).resolve().parent
SERVER_DIR = BENCH_DIR / "server"
SERVER_REQUIREMENTS = BENCH_DIR / "server-requirements.txt"
CACHE_DIR = Path(os.environ.get("TEMPLATE_TEST_CACHE", TEMPLATE_DIR / ".cache"))
PYTHON_VERSION = "3.12"
# Its own database, dropped and made again each run; BENCH_DATABASE names another.
DATABASE = os.environ.get("BENCH_DATABASE", "bench_orders")
# Its keys are prefixed with "bench:", so the database may be shared.
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "15"))
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
QUERY_COUNT_HEADER = "X-Bench-Queries"
CHECKOUT_BODIES = 64


@dataclass
class Contender:
    name: str
    project: Path
    prefix: str
    # Cursor pages like the rendered project's, so whole bodies can be compared.
    same_envelope: bool
    port: int = 0
    process: Process | None = None
    # Names its database connections, so their backends' CPU can be told apart.
    application_name: str = ""

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def public_base(self):
        """How the server names itself in links, behind the TLS proxy it believes in."""
        return f"https://127.0.0.1:{self.port}{self.prefix}"


@dataclass(frozen=True)
class Endpoint:
    name: str
    slug: str  # names its profile in results/profile
    method: str
    path: str
    user: str | None  # "list_user", "buyer" or None (anonymous)
    # Also time the rendered project answering If-None-Match with the ETag it sent: the
    # 304 path, in the same rounds as the full body.
    conditional: bool = False

    @property
    def reads(self):
        return self.method == "GET"


NOT_MODIFIED = report.NOT_MODIFIED
ENDPOINTS = [
    Endpoint("order list (page of 50)", "order-list", "GET", "/orders/?page_size=50", "list_user"),
    Endpoint(
        "order detail (5 items)",
        "order-detail",
        "GET",
        "/orders/{detail_order}/",
        "list_user",
        conditional=True,
    ),
    Endpoint("product search", "product-search", "GET", "/products/?search={search}", None),
    # Anonymous: the rendered project serves it from the shared cache (Redis).
    Endpoint(
        "product list (anonymous, cached)",
        "product-list",
        "GET",
        "/products/",
        None,
        conditional=True,
    ),
    Endpoint("checkout (3 items)", "checkout", "POST", "/orders/", "buyer"),
]
PAGE_SIZES = (5, 100)


@dataclass
class Run:
    """What one benchmark run learned, in the shape report.py writes."""

    started: str
    machine: dict
    settings: dict
    contenders: list
    endpoints: list
    results: dict = field(default_factory=dict)  # endpoint -> contender -> Measurement
    page_size_queries: dict = field(default_factory=dict)  # contender -> {size: queries}


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per contender")
    parser.add_argument(
        "--threads",
        type=int,
        help="gunicorn threads per worker for every contender (default: each project's own "
        "gunicorn.conf.py)",
    )
    parser.add_argument("--connections", type=int, default=8, help="open wrk connections")
    # Many short rounds: the contenders take turns every second, so that a busy moment of a
    # shared machine falls on all of them alike.
    parser.add_argument("--seconds", type=int, default=1, help="seconds per round")
    parser.add_argument("--rounds", type=int, default=12, help="rounds per endpoint and contender")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up seconds per endpoint")
    parser.add_argument(
        "--baseline",
        metavar="GIT_REF",
        action="append",
        default=[],
        help="also serve the project as rendered from this commit of the template, to "
        "measure a change before and after in one run (repeatable)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the rendered project's endpoints with pyinstrument instead of timing",
    )
    parser.add_argument("--results", type=Path, default=report.RESULTS_DIR, help="output folder")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when the rendered project loses a read endpoint to the naive build or "
        "its list queries grow with the page size",
    )
    parser.add_argument(
        "--only-bulk",
        action="store_true",
        help="time only the bulk import row (bench/bulk.py), not the wrk endpoints",
    )
    parser.add_argument("--keep-database", action="store_true", help=f"keep {DATABASE} after")
    return parser.parse_args(argv)


def render(template, output):
    """The default project rendered from `template` into `output`; returns its folder."""
    output.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "cookiecutter", "--no-input", "--default-config",
         "--output-dir", str(output), str(template)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (project,) = output.iterdir()
    return project


def export_template(ref, output):
    """The template as it was at git `ref`, for a before/after comparison in one run."""
    archive = subprocess.run(
        ["git", "-C", str(TEMPLATE_DIR), "archive", "--format=tar", ref],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(output, filter="data")
    return output


def server_extras(venv):
    """What the server needs beyond the project's pins (orjson for the floor, pyinstrument),
    installed once into a folder of its own so the shared virtualenv stays as the tests
    built it."""
    pins = SERVER_REQUIREMENTS.read_text()
    digest = hashlib.sha256(pins.encode()).hexdigest()[:12]
    target = CACHE_DIR / "bench" / f"server-py{PYTHON_VERSION}-{digest}"
    marker = target / ".complete"
    if not marker.exists():
        subprocess.run(
            ["uv", "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
             "--target", str(target), "-r", str(SERVER_REQUIREMENTS)],
            check=True,
        )  # fmt: skip
        marker.write_text(pins)
    return target


def server_env(venv, extras, *, workers):
    redis_url = f"{REDIS_URL}/{REDIS_DB}"
    env = child_env(
        venv,
        {
            "DJANGO_SETTINGS_MODULE": "benchsite.settings",
            "PYTHONPATH": f"{SERVER_DIR}{os.pathsep}{extras}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PAYMENT_WEBHOOK_SECRET": secrets.token_urlsafe(32),
            "DATABASE_URL": f"{POSTGRES_URL}/{DATABASE}",
            "REDIS_URL": redis_url,
            "CELERY_BROKER_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            # Production refuses console mail. Nothing is sent while timing: confirmations
            # wait in the broker, which no worker consumes.
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "FRONTEND_URL": "https://localhost",
            "THROTTLING_ENABLED": "false",
            "JWT_ACCESS_TOKEN_MINUTES": "15",
            "OTEL_SDK_DISABLED": "true",
            "WEB_CONCURRENCY": str(workers),
            # A recycled worker re-imports Django mid-run, and the fastest contender would
            # pay for that most often.
            "GUNICORN_MAX_REQUESTS": "0",
            # Bytecode cached in a folder of the benchmark's own, even where the environment
            # says not to write any: twelve workers compiling Django from source on every
            # start would take longer than the timing itself.
            "PYTHONPYCACHEPREFIX": str(CACHE_DIR / "bench" / "pycache"),
        },
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def psql(sql):
    """Run `sql` on the server's maintenance database; returns the first row, if any."""
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchone() if cursor.description else None


def psql_all(sql, params):
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def recreate_database():
    psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE}"')


def forget_redis_keys():
    with redis.Redis.from_url(f"{REDIS_URL}/{REDIS_DB}") as client:
        keys = list(client.scan_iter("bench:*"))
        if keys:
            client.delete(*keys)


def machine(venv):
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    meminfo = Path("/proc/meminfo").read_text().split()
    memory_gib = int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2
    python = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    with redis.Redis.from_url(f"{REDIS_URL}/{REDIS_DB}") as client:
        redis_version = client.info("server")["redis_version"]
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": python,
        "postgresql": psql("SHOW server_version")[0].split()[0],
        "redis": redis_version,
        "wrk": (wrk_version.stdout or wrk_version.stderr).split()[1],
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


class Bench:
    def __init__(self, args, work):
        self.args = args
        self.work = work
        self.contenders = []
        self.manifest = {}
        self.tokens = {}
        self.etags = {}  # endpoint name -> the ETag the rendered project sent

    # Setting up -----------------------------------------------------------------------

    def prepare(self):
        say("rendering the default project")
        project = render(TEMPLATE_DIR, self.work / "rendered")
        self.contenders = [Contender("rendered", project, "/api/v1", same_envelope=True)]
        for index, ref in enumerate(self.args.baseline):
            say(f"rendering the template as of {ref}")
            template = export_template(ref, self.work / f"template-{index}")
            old = render(template, self.work / f"baseline-{index}")
            self.contenders.append(Contender(f"rendered@{ref}", old, "/api/v1", True))
        self.contenders += [
            Contender("naive", project, "/naive/api/v1", same_envelope=False),
            Contender("floor", project, "/floor/api/v1", same_envelope=True),
        ]
        say(f"virtualenv for Python {PYTHON_VERSION} (built once, then cached)")
        self.venv = shared_venv(CACHE_DIR, PYTHON_VERSION)
        self.env = server_env(self.venv, server_extras(self.venv), workers=self.args.workers)
        if self.args.threads:
            self.env["GUNICORN_THREADS"] = str(self.args.threads)
        self.python = str(self.venv / "bin" / "python")
        say(f"database {DATABASE}: migrate and seed")
        recreate_database()
        run([self.python, "manage.py", "migrate", "--noinput"], cwd=project, env=self.env)
        seeded = run([self.python, "-m", "benchsite.seed"], cwd=project, env=self.env)
        self.manifest = json.loads(seeded.stdout.strip().splitlines()[-1])

    @contextlib.contextmanager
    def serving(self):
        """Every contender served by its own gunicorn for the `with` block, then stopped."""
        try:
            self._serve()
            yield
        finally:
            for contender in self.contenders:
                if contender.process is not None:
                    contender.process.stop()

    def _serve(self):
        for index, contender in enumerate(self.contenders):
            contender.port = free_port()
            contender.application_name = f"bench-{index}"
            database = f"{self.env['DATABASE_URL']}?application_name={contender.application_name}"
            contender.process = Process(
                f"gunicorn-{contender.name.replace('@', '-at-')}",
                [str(self.venv / "bin" / "gunicorn"), "config.wsgi", "-c", "gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{contender.port}"],
                cwd=contender.project,
                env={**self.env, "DATABASE_URL": database},
                log_dir=self.work,
            )  # fmt: skip
        for contender in self.contenders:
            wait_for_http(f"{contender.url}/healthz", process=contender.process, timeout=120)
        names = ", ".join(contender.name for contender in self.contenders)
        say(f"serving {names}, {self.args.workers} workers each")
        reference = self.contenders[0]
        for user in ("list_user", "buyer", "staff"):
            response = httpx.post(
                f"{reference.url}/api/v1/auth/token/",
                json=self.manifest[user],
                headers=PROXY_HEADERS,
                timeout=30,
            )
            response.raise_for_status()
            self.tokens[user] = response.json()["access"]

    def gunicorn_settings(self):
        """Workers and threads each contender's gunicorn.conf.py gives under this run's env."""
        probe = (
            "import json, runpy; conf = runpy.run_path('gunicorn.conf.py'); "
            "print(json.dumps([conf['workers'], conf['threads']]))"
        )
        settings = {}
        for contender in self.contenders:
            answer = run([self.python, "-c", probe], cwd=contender.project, env=self.env)
            workers, threads = json.loads(answer.stdout.strip().splitlines()[-1])
            kind = (
                f"{workers} workers x {threads} threads"
                if threads > 1
                else f"{workers} sync workers"
            )
            settings[contender.name] = kind
        return settings

    # Requests ----------------------------------------------------------------------------

    def lanes(self, endpoint):
        """(name, contender, headers) of every load run an endpoint gets per round."""
        lanes = [
            (contender.name, contender, self.headers(endpoint)) for contender in self.contenders
        ]
        if endpoint.conditional:
            headers = {**self.headers(endpoint), "If-None-Match": self.etags[endpoint.name]}
            lanes.append((NOT_MODIFIED, self.contenders[0], headers))
        return lanes

    def headers(self, endpoint):
        headers = dict(PROXY_HEADERS)
        if endpoint.user:
            headers["Authorization"] = f"Bearer {self.tokens[endpoint.user]}"
        if endpoint.method == "POST":
            headers["Content-Type"] = "application/json"
        return headers

    def url(self, contender, endpoint, path=None):
        return contender.url + contender.prefix + (path or endpoint.path).format(**self.manifest)

    def checkout_bodies(self):
        rng = random.Random(7)
        bodies = []
        for _ in range(CHECKOUT_BODIES):
            # Ascending products, as any client may send them; quantities 1-3.
            products = sorted(rng.sample(self.manifest["checkout_products"], 3))
            items = [{"product": pk, "quantity": rng.randint(1, 3)} for pk in products]
            bodies.append(json.dumps({"items": items}, separators=(",", ":")))
        return bodies

    def request(self, contender, endpoint, path=None, body=None):
        response = httpx.request(
            endpoint.method,
            self.url(contender, endpoint, path),
            headers=self.headers(endpoint),
            content=body,
            timeout=60,
        )
        expected = 201 if endpoint.method == "POST" else 200
        if response.status_code != expected:
            raise SystemExit(
                f"{contender.name} answered {endpoint.name} with {response.status_code}: "
                f"{response.text[:500]}"
            )
        return response

    # Checking ---------------------------------------------------------------------------

    def verify(self):
        """Every contender returns the rendered project's data, before anything is timed."""
        reference, *others = self.contenders
        problems = []
        for endpoint in ENDPOINTS:
            if endpoint.reads:
                expected = self.request(reference, endpoint)
                for contender in others:
                    problems += self._compare_reads(endpoint, reference, expected, contender)
            else:
                body = self.checkout_bodies()[0]
                expected = _order_shape(self.request(reference, endpoint, body=body).json())
                for contender in others:
                    got = _order_shape(self.request(contender, endpoint, body=body).json())
                    if got != expected:
                        problems.append(f"{endpoint.name}: {contender.name} made {got}, "
                                        f"rendered made {expected}")  # fmt: skip
        problems += self._check_not_modified(reference)
        if problems:
            raise SystemExit("the contenders disagree:\n" + "\n".join(problems))
        say("all contenders return the same data; the rendered project answers its ETags with 304")

    def _check_not_modified(self, reference):
        """Record the rendered project's ETag of each conditional endpoint; check its 304."""
        problems = []
        for endpoint in ENDPOINTS:
            if not endpoint.conditional:
                continue
            etag = self.request(reference, endpoint).headers.get("ETag")
            if not etag:
                problems.append(f"{endpoint.name}: rendered sent no ETag")
                continue
            self.etags[endpoint.name] = etag
            response = httpx.get(
                self.url(reference, endpoint),
                headers={**self.headers(endpoint), "If-None-Match": etag},
                timeout=60,
            )
            if response.status_code != 304 or response.content:
                problems.append(
                    f"{endpoint.name}: If-None-Match {etag} answered {response.status_code}"
                )
        return problems

    def _compare_reads(self, endpoint, reference, expected, contender):
        got = self.request(contender, endpoint)
        if _records(got.json()) != _records(expected.json()):
            return [f"{endpoint.name}: {contender.name}'s records differ from rendered's"]
        if contender.same_envelope and _normalised(got, contender) != _normalised(
            expected, reference
        ):
            return [f"{endpoint.name}: {contender.name}'s body is not rendered's byte for byte"]
        return []

    def page_size_queries(self):
        """Queries per request of the order list at a small and a large page size."""
        endpoint = ENDPOINTS[0]
        counts = {}
        for contender in self.contenders:
            counts[contender.name] = {
                size: int(
                    self.request(contender, endpoint, path=f"/orders/?page_size={size}").headers[
                        QUERY_COUNT_HEADER
                    ]
                )
                for size in PAGE_SIZES
            }
        return counts

    # Timing -----------------------------------------------------------------------------

    def measure(self, endpoint):
        bodies = self.checkout_bodies() if endpoint.method == "POST" else ()
        options = {
            "connections": self.args.connections,
            "headers": self.headers(endpoint),
            "method": endpoint.method,
            "bodies": bodies,
        }
        lanes = self.lanes(endpoint)
        for _name, contender, headers in lanes:
            url = self.url(contender, endpoint)
            run_wrk(url, seconds=self.args.warmup, **{**options, "headers": headers})
        measurements = {name: Measurement() for name, _contender, _headers in lanes}
        for round_index in range(self.args.rounds):
            shift = round_index % len(lanes)
            for name, contender, headers in lanes[shift:] + lanes[:shift]:
                server = contender.process.popen.pid
                app, db = cpu.process_tree_ms(server), cpu.processes_ms(self.backends(contender))
                url = self.url(contender, endpoint)
                result = run_wrk(url, seconds=self.args.seconds, **{**options, "headers": headers})
                result.app_cpu_ms = cpu.process_tree_ms(server) - app
                result.db_cpu_ms = cpu.spent_since(db, cpu.processes_ms(self.backends(contender)))
                measurements[name].rounds.append(result)
        return measurements

    def backends(self, contender):
        """The PostgreSQL backends serving `contender` (persistent, so they outlive a run)."""
        rows = psql_all(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
            [contender.application_name],
        )
        return [pid for (pid,) in rows]


def _records(body):
    """The rows of a page, or the one object of a detail."""
    return body.get("results", body)


def _normalised(response, contender):
    return response.content.replace(contender.public_base.encode(), b"{base}")


def _order_shape(order):
    """A created order without what differs between any two checkouts: ids and times."""
    volatile = {"id", "created_at", "updated_at"}
    shape = {key: value for key, value in order.items() if key not in volatile | {"items"}}
    shape["items"] = [
        {key: value for key, value in item.items() if key != "id"} for item in order["items"]
    ]
    return shape


def profile(bench):
    """pyinstrument over the rendered project's endpoints, in-process, into results/profile."""
    output = bench.args.results / "profile"
    output.mkdir(parents=True, exist_ok=True)
    manifest = bench.work / "manifest.json"
    endpoints = [
        {
            "slug": endpoint.slug,
            "method": endpoint.method,
            "path": endpoint.path.format(**bench.manifest),
            "user": endpoint.user,
        }
        for endpoint in ENDPOINTS
    ]
    manifest.write_text(
        json.dumps({**bench.manifest, "bodies": bench.checkout_bodies(), "endpoints": endpoints})
    )
    run(
        [bench.python, "-m", "benchsite.profile", str(manifest), str(output)],
        cwd=bench.contenders[0].project,
        env=bench.env,
    )
    say(f"profiles written to {output}")


def main(argv=None):
    args = parse_args(argv)
    if not wrk_available():
        raise SystemExit("wrk is not installed (bench/run installs it: apt-get install wrk)")
    for service, url in (("postgresql", POSTGRES_URL), ("redis", REDIS_URL)):
        if not AVAILABILITY[service]():
            raise SystemExit(f"{service} is not reachable at {url}; start it and run again")
    clock = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        bench = Bench(args, Path(tmp))
        try:
            bench.prepare()
            if args.profile:
                profile(bench)
                return 0
            outcome = _benchmark(bench, args)
        finally:
            forget_redis_keys()
            if not args.keep_database:
                psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    say(f"done in {time.monotonic() - clock:.0f}s")
    return outcome


def _benchmark(bench, args):
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = machine(bench.venv)
    with bench.serving():
        failed = [] if args.only_bulk else _endpoints(bench, args, started, info)
        failed += _bulk_import(bench, args, started, info)
    for check in failed:
        say(f"CHECK FAILED: {check}")
    return 1 if failed and args.strict else 0


def _endpoints(bench, args, started, info):
    bench.verify()
    result = Run(
        started=started,
        machine=info,
        settings={
            "gunicorn": bench.gunicorn_settings(),
            "connections": args.connections,
            "rounds": args.rounds,
            "seconds": args.seconds,
        },
        contenders=[contender.name for contender in bench.contenders],
        endpoints=[endpoint.name for endpoint in ENDPOINTS],
    )
    result.page_size_queries = bench.page_size_queries()
    for endpoint in ENDPOINTS:
        say(f"timing {endpoint.name}")
        result.results[endpoint.name] = bench.measure(endpoint)
    paths = report.write(result, args.results)
    print()
    print(report.markdown(result))
    say("wrote " + ", ".join(str(path) for path in paths))
    return report.failed_checks(result)


def _bulk_import(bench, args, started, info):
    """The bulk row, on the rendered project: after the timed endpoints, since it adds
    products to the catalogue they read."""
    say(f"timing the bulk import of {bulk.ROWS} products against {bulk.ROWS} single POSTs")
    rendered = bench.contenders[0]
    headers = {
        **PROXY_HEADERS,
        "Authorization": f"Bearer {bench.tokens['staff']}",
        "Content-Type": "application/json",
    }
    result = bulk.measure(
        base_url=rendered.url + rendered.prefix, headers=headers, connections=args.connections
    )
    gunicorn = bench.gunicorn_settings()[rendered.name]
    paths = bulk.write(
        result,
        args.results,
        started=started,
        machine_line=report.machine_line(Run(started, info, {}, [], [])),
        gunicorn=gunicorn,
    )
    print()
    print(paths[0].read_text())
    say("wrote " + ", ".join(str(path) for path in paths))
    if result.ratio < bulk.TARGET_RATIO:
        return [f"bulk import is {result.ratio:.1f}x the single POSTs, under {bulk.TARGET_RATIO}x"]
    return []


if __name__ == "__main__":
    sys.exit(main())
