"""Checkouts against a real worker process and the real broker.

The eager tests prove what a task does; this one proves the plumbing: the confirmation is
published on commit to the `emails` queue, and a separately started worker consumes it and
mails the customer. The worker shares the test database, so PostgreSQL is required (SQLite
is unreliable across processes), and writes its mail to a directory the tests read. One
worker serves the module: it starts when a test first needs it, after that test has seen
its message wait in the queue.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from http import HTTPStatus
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from {{ cookiecutter.project_slug }}.catalog.tests.factories import ProductFactory
from {{ cookiecutter.project_slug }}.core.background import sweep_outbox
from {{ cookiecutter.project_slug }}.core.models import OutboxMessage
from {{ cookiecutter.project_slug }}.orders.models import Order

pytestmark = [
    pytest.mark.requires_service("postgresql", "broker"),
    pytest.mark.django_db(transaction=True),
]

# Generous: a cold worker imports Django and connects to the broker before consuming.
DEADLINE_SECONDS = 60
# A port nothing listens on: publishing is refused at once.
DEAD_BROKER_URL = "redis://127.0.0.1:1/0"
SHUTDOWN_SECONDS = 30


@pytest.fixture
def tasks_go_to_the_broker():
    """The test settings run tasks in-process; here they must be published."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = eager


@pytest.mark.usefixtures("tasks_go_to_the_broker")
def test_checkout_confirmation_goes_through_the_emails_queue_to_a_worker(user_client, user, worker):
    before = queue_depths()
    product = ProductFactory.create(stock=3)

    response = user_client.post(
        "/api/v1/orders/", {"items": [{"product": product.pk, "quantity": 1}]}
    )

    assert response.status_code == HTTPStatus.CREATED
    order_id = response.json()["id"]
    # Published after the commit, to the emails queue and to no other.
    assert queue_depths() == {**before, "emails": before["emails"] + 1}

    worker.wait_until(
        lambda: Order.objects.filter(
            public_id=order_id, confirmation_sent_at__isnull=False
        ).exists()
    )

    mails = worker.mails()
    assert f"To: {user.email}" in mails
    assert f"Order: {order_id}" in mails


@pytest.fixture
def broker_url(monkeypatch):
    """Point publishing at another broker URL for a while (Celery reads CELERY_BROKER_URL
    before its settings), dropping the pooled connections to the old one."""
    configured = celery_app.conf.broker_url

    def use(url):
        celery_app.conf.update(broker_url=url)
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        # Private attributes, left out of the stubs; emptying them is how Celery drops
        # its pooled connections.
        celery_app._pool = None  # type: ignore[attr-defined]
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]

    yield use
    use(configured)


@pytest.mark.usefixtures("tasks_go_to_the_broker")
def test_checkouts_during_a_broker_outage_are_confirmed_once_it_is_back(
    user_client, user, worker, broker_url, settings
):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    configured = celery_app.conf.broker_url
    product = ProductFactory.create(stock=3)
    broker_url(DEAD_BROKER_URL)

    responses = [
        user_client.post("/api/v1/orders/", {"items": [{"product": product.pk, "quantity": 1}]})
        for _ in range(2)
    ]

    assert [r.status_code for r in responses] == [HTTPStatus.CREATED] * 2
    pending = OutboxMessage.objects.filter(delivered_at=None)
    assert pending.count() == 2
    assert all(message.last_error.startswith("dispatch: ") for message in pending)

    broker_url(configured)
    assert sweep_outbox() == 2
    worker.wait_until(lambda: not OutboxMessage.objects.filter(delivered_at=None).exists())

    mails = worker.mails()
    for response in responses:
        assert len(re.findall(rf"^Order: {response.json()['id']}$", mails, re.MULTILINE)) == 1
    assert mails.count(f"To: {user.email}") == 2


def queue_depths():
    """Messages waiting in each of the project's queues (declared first if need be)."""
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        # queue_declare returns the broker's reply (name, message and consumer counts);
        # the stubs type it as the queue's name.
        return {
            name: queue(channel).queue_declare().message_count  # type: ignore[union-attr]
            for name, queue in celery_app.amqp.queues.items()
        }


def worker_database_url():
    """The test database (not the one DATABASE_URL names), so the worker sees the test's rows."""
    db = connection.settings_dict
    credentials = quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


class Worker:
    """A Celery worker process on the test database, consuming every queue."""

    def __init__(self, directory):
        self.mail_dir = directory / "mail"
        self.log = directory / "worker.log"
        self.process = None

    def _start(self):
        if self.process is not None:
            return
        env = {
            **os.environ,
            # The test settings keep mail in memory; the worker must write it where we can
            # read it.
            "DJANGO_SETTINGS_MODULE": "config.settings.development",
            "DEBUG": "false",
            "DATABASE_URL": worker_database_url(),
            "EMAIL_URL": f"filemail://{self.mail_dir}",
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            "emails,orders,default",
            "--pool",
            "solo",
            "-n",
            f"test-{uuid.uuid4().hex[:8]}@%h",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "INFO",
        ]
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
                command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
            )

    def wait_until(self, condition):
        """Start the worker if need be, then wait for `condition` to hold."""
        self._start()
        assert self.process is not None
        deadline = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.output()}")
            time.sleep(0.2)
        pytest.fail(f"nothing happened within {DEADLINE_SECONDS}s; worker log:\n{self.output()}")

    def mails(self):
        return "".join(path.read_text() for path in self.mail_dir.iterdir())

    def output(self):
        return self.log.read_text()

    def stop(self):
        """A warm shutdown: the worker finishes its current task, acknowledges it, exits."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=SHUTDOWN_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"the worker ignored SIGTERM:\n{self.output()}")


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    """The module's worker, started by the first `wait_until`, stopped after the module."""
    module_worker = Worker(tmp_path_factory.mktemp("worker"))
    yield module_worker
    module_worker.stop()
