"""A variant's whole stack, served as in production: nginx in front of gunicorn, Celery
workers and beat, a real SMTP server, and a relay the test can cut between the project
and its broker.

By default one gunicorn instance and one worker per queue group; the scale-out step asks
for several of each, all on the same database and broker, behind the same nginx.
"""

import contextlib
import re
import secrets
import signal
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from . import http_client
from .processes import Process, child_env, free_port, poll, run, wait_for_http
from .proxy import start_proxy
from .relay import Relay
from .smtp_sink import SmtpSink

STAFF_EMAIL = "staff@example.com"
# Each worker consumes one queue group, as compose runs them.
WORKERS = {"emails": "emails", "orders": "orders,default"}
# The anonymous rate the throttle check exhausts; every other scope is set out of reach.
ANON_RATE = 40
THROTTLE_SCOPES = (
    "burst", "sustained", "register", "verify_email", "verify_email_resend", "login",
    "login_account", "refresh", "password_reset", "password_reset_confirm", "password_change",
)  # fmt: skip
# A release's one-off commands, in one Django process: `migrate --noinput` on the stack's
# empty database, as on a first deploy, then the staff user.
RELEASE = f"""
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("createsuperuser", interactive=False, email={STAFF_EMAIL!r}, verbosity=0)
"""
PENDING_OUTBOX = (
    "SELECT count(*) FROM core_outboxmessage WHERE delivered_at IS NULL AND failed_at IS NULL"
)


@dataclass
class Stack:
    base_url: str  # nginx
    sink: SmtpSink
    relay: Relay | None  # between the project and its broker, with Celery
    staff_password: str
    uses_celery: bool
    database_url: str
    baked: Path
    venv: Path
    env: dict
    work_dir: Path
    parts: list = field(default_factory=list)  # processes, sink and relay, in start order
    # "127.0.0.1:<port>" (what nginx's X-Upstream header names) -> the gunicorn instance
    web_instances: dict = field(default_factory=dict)

    @property
    def processes(self):
        return [part for part in self.parts if isinstance(part, Process)]

    def client(self, token=None, *, local_address=None):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return http_client.client(
            base_url=self.base_url, headers=headers, timeout=30, local_address=local_address
        )

    def process(self, name):
        return next(process for process in self.processes if process.name == name)

    def assert_running(self):
        for process in self.processes:
            process.assert_running()

    def wait_for_mail(self, *, matching, to=None, timeout=60):
        """The text of the first accepted mail in which the regular expression `matching`
        is found (to `to`, when given)."""
        pattern = re.compile(matching)

        def find():
            self.assert_running()
            found = self.sink.matching(pattern, to=to)
            return found[0].text if found else None

        return poll(find, timeout=timeout, what=f"a mail matching {matching!r}")

    def manage(self, *args, check=True, timeout=120):
        """Run `manage.py` with the processes' environment, as a one-off job or cron would."""
        python = str(self.venv / "bin" / "python")
        return run(
            [python, "manage.py", *args], cwd=self.baked, env=self.env, check=check, timeout=timeout
        )

    def connect_database(self, **kwargs):
        return psycopg.connect(self.database_url, **kwargs)

    def pending_outbox(self):
        with self.connect_database(autocommit=True) as conn:
            return conn.execute(PENDING_OUTBOX).fetchone()[0]

    def workers_of(self, group):
        """The running workers of a queue group (a key of WORKERS)."""
        return [p for p in self.processes if p.name.startswith(f"worker-{group}")]

    def start_worker(self, group, *, log_name=None):
        log_name = log_name or f"worker-{group}"
        worker = Process(
            log_name,
            [str(self.venv / "bin" / "celery"), "-A", "config", "worker", "-Q", WORKERS[group],
             "-n", f"{log_name.removeprefix('worker-')}@%h",
             "--pool", "threads", "--concurrency", "2",
             "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
            cwd=self.baked,
            env=self.env,
            log_dir=self.work_dir,
        )  # fmt: skip
        self.parts.append(worker)
        return worker

    def kill(self, process):
        """SIGKILL the process and everything it started; it is no longer part of the stack."""
        process.signal(signal.SIGKILL)
        process.wait(30)
        self.parts.remove(process)

    def exited(self, process, *, timeout=30):
        """Wait for a process told to stop; it is no longer part of the stack. Its exit code."""
        code = process.wait(timeout)
        self.parts.remove(process)
        return code


def production_env(variant_services, *, email_url, broker_url, secret_key):
    """Production settings as a real deployment gives them: real mail, an https frontend,
    a shared cache and a long key, so that none of production's refusals fires."""
    env = {
        **variant_services.environment(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret_key,
        "PAYMENT_WEBHOOK_SECRET": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "FRONTEND_URL": "https://app.example.com",
        "EMAIL_URL": email_url,
        "EMAIL_TIMEOUT": "5",
        "JWT_ACCESS_TOKEN_MINUTES": "15",
        "WEB_CONCURRENCY": "2",
        "OTEL_SDK_DISABLED": "true",
        # The outbox's sweep, backoff and leases in seconds, so that faults heal quickly.
        "OUTBOX_SWEEP_SECONDS": "1",
        "OUTBOX_SWEEP_GRACE_SECONDS": "1",
        "OUTBOX_RETRY_SECONDS": "1",
        "OUTBOX_LEASE_SECONDS": "6",
        "OUTBOX_MAX_ATTEMPTS": "50",
        # A message of a killed worker comes back from Redis after this long.
        "CELERY_VISIBILITY_TIMEOUT_SECONDS": "8",
        "THROTTLE_RATE_ANON": f"{ANON_RATE}/min",
        **{f"THROTTLE_RATE_{scope.upper()}": "100000/min" for scope in THROTTLE_SCOPES},
    }
    if broker_url:
        env["CELERY_BROKER_URL"] = broker_url
    return env


@contextlib.contextmanager
def serving(
    *,
    baked,
    venv,
    variant,
    variant_services,
    work_dir: Path,
    web_instances=1,
    workers_per_group=1,
):
    """The running stack for the `with` block: the SMTP sink and broker relay, the release
    commands (migrate, a staff user), then `web_instances` gunicorn instances behind nginx
    and, with Celery, `workers_per_group` workers per queue group and one beat.

    Afterwards every part is stopped (also when starting failed half-way), and every
    process must have exited with 0.
    """
    parts = []  # the stack's own: what stopping it stops, newest last
    try:
        sink = SmtpSink(free_port())
        sink.start()
        parts.append(sink)
        relay = None
        if variant.uses_celery:
            broker = urlsplit(variant_services.broker_url)
            relay = Relay(upstream_host=broker.hostname, upstream_port=broker.port)
            relay.start()
            parts.append(relay)
        env = child_env(
            venv,
            production_env(
                variant_services,
                email_url=sink.url,
                broker_url=relay.url_for(variant_services.broker_url) if relay else "",
                secret_key=secrets.token_urlsafe(50),
            ),
        )

        staff_password = secrets.token_urlsafe(16)
        python = str(venv / "bin" / "python")
        run(
            [python, "manage.py", "shell", "-c", RELEASE],
            cwd=baked,
            env={**env, "DJANGO_SUPERUSER_PASSWORD": staff_password},
        )

        webs = {}
        for number in range(1, web_instances + 1):
            web_port = free_port()
            webs[f"127.0.0.1:{web_port}"] = Process(
                _numbered("web", number, web_instances),
                [str(venv / "bin" / "gunicorn"), "config.wsgi", "-c", "gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{web_port}"],
                cwd=baked,
                env=env,
                log_dir=work_dir,
            )  # fmt: skip
            parts.append(webs[f"127.0.0.1:{web_port}"])
        proxy_port = free_port()
        upstream_ports = [address.rpartition(":")[2] for address in webs]
        proxy = start_proxy(port=proxy_port, upstream_ports=upstream_ports, work_dir=work_dir)
        parts.append(proxy)
        stack = Stack(
            base_url=f"http://127.0.0.1:{proxy_port}",
            sink=sink,
            relay=relay,
            staff_password=staff_password,
            uses_celery=variant.uses_celery,
            database_url=variant_services.database_url,
            baked=baked,
            venv=venv,
            env=env,
            work_dir=work_dir,
            parts=parts,
            web_instances={address: web.name for address, web in webs.items()},
        )
        if variant.uses_celery:
            workers = [
                stack.start_worker(
                    group, log_name=_numbered(f"worker-{group}", n, workers_per_group)
                )
                for group in WORKERS
                for n in range(1, workers_per_group + 1)
            ]
            beat = Process(
                "beat",
                [str(venv / "bin" / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
                 "--schedule", str(work_dir / "beat-schedule")],
                cwd=baked,
                env=env,
                log_dir=work_dir,
            )  # fmt: skip
            parts.append(beat)
        for address, web in webs.items():
            wait_for_http(f"http://{address}/healthz", process=web)
        wait_for_http(f"{stack.base_url}/healthz", process=proxy)
        if variant.uses_celery:
            wait_for_workers(workers)
            wait_for_beat(beat)
        yield stack
    finally:
        exit_codes = stop_stack(parts)
    unclean = {process: code for process, code in exit_codes.items() if code != 0}
    assert unclean == {}, "processes did not stop cleanly:" + "".join(
        f"\n--- {process.name} exited {code}:\n{process.tail(3000)}"
        for process, code in unclean.items()
    )


def _numbered(name, number, count):
    """`name` alone when there is one of its kind, else `name-<number>`."""
    return name if count == 1 else f"{name}-{number}"


def wait_for_workers(workers):
    """Wait until each worker logs that its consumer is connected to the broker.

    Cheaper than `celery inspect ping`, which starts a Celery (and Django) per attempt;
    the end-to-end flow proves afterwards that the workers consume.
    """

    def all_ready():
        for worker in workers:
            worker.assert_running()
        return all(re.search(r"@\S+ ready\.", worker.tail()) for worker in workers)

    poll(all_ready, timeout=90, interval=0.2, what="the Celery workers to be ready")


def wait_for_beat(beat):
    """Wait until beat has sent its first due task (the outbox sweep, due every second).

    Until then a SIGTERM can land before beat installs its handler, or while its handler
    races the scheduler being opened, and beat exits with 1 instead of 0.
    """

    def sent_a_task():
        beat.assert_running()
        return "Sending due task" in beat.tail()

    poll(sent_a_task, timeout=60, interval=0.2, what="Celery beat's first due task")


def stop_stack(parts):
    """Stop everything (processes with SIGTERM, all at once, then each waited for), newest
    first; returns {process: exit code}."""
    for part in reversed(parts):
        if isinstance(part, Process):
            part.terminate()
    codes = {}
    for part in reversed(parts):
        if isinstance(part, Process):
            codes[part] = part.stop()
        else:
            part.stop()
    return codes
