"""A variant's whole stack, served as in production: gunicorn, Celery workers and beat."""

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .processes import Process, child_env, free_port, poll, run, wait_for_http

STAFF_EMAIL = "staff@example.com"
# Behind a TLS-terminating proxy, as production settings expect.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# Each worker consumes one queue group, as compose runs them.
WORKERS = {"emails": "emails", "orders": "orders,default"}


@dataclass
class Stack:
    base_url: str
    mail_dirs: dict  # process name -> directory its mail backend writes to
    staff_password: str
    uses_celery: bool
    processes: list = field(default_factory=list)

    def client(self, token=None):
        headers = dict(PROXY_HEADERS)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)

    @property
    def mail_dir_of_sent_mail(self):
        """Where mail lands: the `emails` worker's directory with Celery, the web's without."""
        return self.mail_dirs["worker-emails" if self.uses_celery else "web"]

    def wait_for_mail(self, *, matching, timeout=60):
        """The text of the first sent mail in which the regular expression `matching` is found."""
        pattern = re.compile(matching)

        def find():
            for process in self.processes:
                process.assert_running()
            for path in sorted(self.mail_dir_of_sent_mail.glob("*")):
                text = path.read_text(errors="replace")
                if pattern.search(text):
                    return text
            return None

        return poll(find, timeout=timeout, what=f"a mail matching {matching!r}")


def production_env(variant_services, mail_dir: Path, secret_key):
    return {
        **variant_services.environment(),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"filemail://{mail_dir}",
        "THROTTLING_ENABLED": "false",
        "JWT_ACCESS_TOKEN_MINUTES": "15",
        "WEB_CONCURRENCY": "2",
        "OTEL_SDK_DISABLED": "true",
    }


def start_stack(*, baked, venv, variant, variant_services, work_dir: Path, started: list):
    """Migrate, create a staff user, then start every process; `started` collects them."""
    secret = secrets.token_urlsafe(50)
    mail_dirs = {}

    def env_for(name):
        mail_dirs[name] = work_dir / "mail" / name
        mail_dirs[name].mkdir(parents=True, exist_ok=True)
        return child_env(venv, production_env(variant_services, mail_dirs[name], secret))

    staff_password = secrets.token_urlsafe(16)
    setup_env = env_for("setup")
    python = str(venv / "bin" / "python")
    run([python, "manage.py", "migrate", "--noinput"], cwd=baked, env=setup_env)
    run(
        [python, "manage.py", "createsuperuser", "--noinput", "--email", STAFF_EMAIL],
        cwd=baked,
        env={**setup_env, "DJANGO_SUPERUSER_PASSWORD": staff_password},
    )

    port = free_port()
    web = Process(
        "web",
        [str(venv / "bin" / "gunicorn"), "config.wsgi", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}"],
        cwd=baked,
        env=env_for("web"),
        log_dir=work_dir,
    )  # fmt: skip
    started.append(web)
    if variant.uses_celery:
        for name, queues in WORKERS.items():
            worker = Process(
                f"worker-{name}",
                [str(venv / "bin" / "celery"), "-A", "config", "worker", "-Q", queues,
                 "-n", f"{name}@%h", "--pool", "threads", "--concurrency", "2",
                 "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
                cwd=baked,
                env=env_for(f"worker-{name}"),
                log_dir=work_dir,
            )  # fmt: skip
            started.append(worker)
        beat = Process(
            "beat",
            [str(venv / "bin" / "celery"), "-A", "config", "beat",
             "--schedule", str(work_dir / "beat-schedule")],
            cwd=baked,
            env=env_for("beat"),
            log_dir=work_dir,
        )  # fmt: skip
        started.append(beat)

    stack = Stack(
        base_url=f"http://127.0.0.1:{port}",
        mail_dirs=mail_dirs,
        staff_password=staff_password,
        uses_celery=variant.uses_celery,
        processes=started,
    )
    wait_for_http(f"{stack.base_url}/healthz", process=web)
    if variant.uses_celery:
        _wait_for_workers([p for p in started if p.name.startswith("worker-")])
    return stack


def _wait_for_workers(workers):
    """Wait until each worker logs that its consumer is connected to the broker.

    Cheaper than `celery inspect ping`, which starts a Celery (and Django) per attempt;
    the end-to-end flow proves afterwards that the workers consume.
    """

    def all_ready():
        for worker in workers:
            worker.assert_running()
        return all(re.search(r"@\S+ ready\.", worker.tail()) for worker in workers)

    poll(all_ready, timeout=90, interval=0.5, what="the Celery workers to be ready")


def stop_stack(started):
    """Stop every process (SIGTERM), newest first; returns {name: exit code}."""
    codes = {}
    for process in reversed(started):
        codes[process.name] = process.stop()
    return codes
