"""The Celery set-up: queues, the failure policy, the beat schedule, dispatch after commit and
the broker readiness check. All in-process; the real worker is in
orders/tests/test_real_worker.py."""

import contextlib
import signal
import threading
from datetime import timedelta
from http import HTTPStatus
from unittest import mock
from urllib.parse import urlsplit

import pytest
from celery import Celery, beat, platforms
from django.db import OperationalError, transaction

from config.celery import TRANSIENT_ERRORS, ReliableTask
from config.celery import app as celery_app
from {{ cookiecutter.project_slug }}.core import jobs
from {{ cookiecutter.project_slug }}.core.background import run_after_commit
from {{ cookiecutter.project_slug }}.core.models import OutboxMessage
from {{ cookiecutter.project_slug }}.orders.emails import send_order_confirmation

SLUG = "{{ cookiecutter.project_slug }}"
VERIFICATION_EMAIL = f"{SLUG}.users.emails.send_verification_email"
ORDER_CONFIRMATION = f"{SLUG}.orders.emails.send_order_confirmation"
ORDER_EXPIRY = f"{SLUG}.orders.services.expire_pending_orders"
OUTBOX_SWEEP = f"{SLUG}.core.background.sweep_outbox"
QUEUES = {"default", "emails", "orders"}


def project_tasks():
    celery_app.loader.import_default_modules()
    return {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}


def queue_of(task_name):
    return celery_app.amqp.router.route({}, task_name)["queue"].name


def dead_broker_url():
    """A broker of the configured kind (Redis when none is) on a port nothing listens on:
    connecting is refused at once."""
    scheme = urlsplit(celery_app.conf.broker_url or "").scheme or "redis"
    return f"{scheme}://127.0.0.1:1"


def test_the_project_tasks_are_discovered():
    assert {VERIFICATION_EMAIL, ORDER_CONFIRMATION, ORDER_EXPIRY, OUTBOX_SWEEP} <= (
        project_tasks().keys()
    )


def test_every_job_is_a_task_of_its_name():
    assert set(jobs.all_jobs()) <= project_tasks().keys()


def test_every_project_task_has_an_explicit_route():
    router = celery_app.amqp.router
    unrouted = [name for name in project_tasks() if not router.lookup_route(name, (), {}, {})]

    assert unrouted == [], "declare these tasks with @job(queue=...)"


@pytest.mark.parametrize("task_name", [VERIFICATION_EMAIL, ORDER_CONFIRMATION])
def test_mail_tasks_go_to_the_emails_queue(task_name):
    assert queue_of(task_name) == "emails"


def test_order_expiry_goes_to_the_orders_queue():
    assert queue_of(ORDER_EXPIRY) == "orders"


def test_the_outbox_sweep_goes_to_the_default_queue():
    assert queue_of(OUTBOX_SWEEP) == "default"


def test_the_declared_queues_are_default_emails_and_orders():
    assert {queue.name for queue in celery_app.conf.task_queues} == QUEUES
    assert celery_app.conf.task_default_queue == "default"


def test_each_queue_has_its_own_routing_key():
    # With one shared key, a direct exchange would copy each message into every queue.
    assert {queue.name: queue.routing_key for queue in celery_app.conf.task_queues} == {
        name: name for name in QUEUES
    }


def test_routing_to_an_undeclared_queue_is_refused():
    assert celery_app.conf.task_create_missing_queues is False


def test_messages_are_acknowledged_after_the_task_and_redelivered_if_the_worker_dies():
    conf = celery_app.conf

    assert (conf.task_acks_late, conf.task_reject_on_worker_lost) == (True, True)
    assert conf.worker_prefetch_multiplier == 1


def test_tasks_have_a_soft_time_limit_below_the_hard_one():
    conf = celery_app.conf

    assert 0 < conf.task_soft_time_limit < conf.task_time_limit


def test_only_json_is_sent_or_accepted():
    conf = celery_app.conf

    assert (conf.task_serializer, conf.result_serializer) == ("json", "json")
    assert list(conf.accept_content) == ["json"]


def test_task_results_are_not_stored():
    assert celery_app.conf.task_ignore_result is True
    assert all(task.ignore_result for task in project_tasks().values())


def test_every_project_task_retries_transient_errors_with_backoff_and_jitter():
    for name, task in project_tasks().items():
        assert isinstance(task, ReliableTask), name
        assert tuple(task.autoretry_for) == TRANSIENT_ERRORS, name
        assert task.retry_backoff, name
        assert task.retry_jitter, name
        assert task.acks_late, name


@pytest.fixture
def policy_app():
    """A private app with the project's task base class, so its tasks stay off the project's."""
    app = Celery("policy", task_cls=ReliableTask, set_as_current=False)
    app.conf.task_always_eager = True
    # Retries of an eager task then run at once, instead of raising Retry to the caller.
    app.conf.task_eager_propagates = False
    return app


def test_a_transient_error_is_retried_until_the_task_succeeds(policy_app):
    attempts = []

    @policy_app.task
    def flaky():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("the database restarted")
        return "done"

    result = flaky.apply()

    assert (result.get(), len(attempts)) == ("done", 3)


def test_a_transient_error_gives_up_after_max_retries(policy_app):
    attempts = []

    @policy_app.task
    def down():
        attempts.append(1)
        raise ConnectionRefusedError

    result = down.apply()

    assert result.failed()
    assert len(attempts) == ReliableTask.max_retries + 1


def test_any_other_error_fails_at_once(policy_app):
    attempts = []

    @policy_app.task
    def broken():
        attempts.append(1)
        raise ValueError("bad data")

    result = broken.apply()

    assert result.failed()
    assert len(attempts) == 1


def test_beat_expires_pending_orders_every_few_minutes():
    entry = celery_app.conf.beat_schedule["expire-pending-orders"]

    assert entry["task"] == ORDER_EXPIRY
    assert entry["task"] in project_tasks()
    assert timedelta(0) < entry["schedule"] <= timedelta(minutes=15)
    # A run that waited past the next one is dropped rather than piling up behind it.
    assert entry["options"]["expires"] <= entry["schedule"].total_seconds()


def test_beat_sweeps_the_outbox_every_outbox_sweep_seconds(settings):
    entry = celery_app.conf.beat_schedule["sweep-outbox"]

    assert entry["task"] == OUTBOX_SWEEP
    assert entry["schedule"] == timedelta(seconds=settings.OUTBOX_SWEEP_SECONDS)


def test_sigterm_only_asks_beat_to_stop(tmp_path, monkeypatch):
    """Saving the schedule and closing the broker connection inside the handler can hang
    mid-publish; the loop does both on its way out instead, within its longest sleep."""
    installed = {}
    monkeypatch.setattr(platforms.signals, "update", lambda **handlers: installed.update(handlers))
    service = beat.Service(app=celery_app, schedule_filename=str(tmp_path / "schedule"))
    celery_app.Beat().install_sync_handler(service)

    installed["SIGTERM"](signal.SIGTERM, None)

    assert "scheduler" not in vars(service), "the handler opened (or closed) the scheduler"
    # The loop sees the stop before its first tick, then saves the schedule.
    loop = threading.Thread(target=service.start)
    loop.start()
    loop.join(timeout=10)
    assert not loop.is_alive(), "beat kept running after SIGTERM"
    assert list(tmp_path.glob("schedule*")), "the schedule was not saved on the way out"
    assert celery_app.conf.beat_max_loop_interval <= 5


def test_the_outbox_lease_outlasts_the_task_time_limit(settings):
    # A delivery killed by the hard limit must not be claimed again while it could still run.
    assert celery_app.conf.task_time_limit < settings.OUTBOX_LEASE_SECONDS


def test_redis_redelivers_only_after_the_longest_outbox_backoff():
    visibility = celery_app.conf.broker_transport_options["visibility_timeout"]

    assert visibility > 3600


def test_worker_processes_are_recycled():
    conf = celery_app.conf

    assert conf.worker_max_tasks_per_child > 0
    assert conf.worker_max_memory_per_child > 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing():
    task = project_tasks()[ORDER_CONFIRMATION]
    with (
        mock.patch.object(task, "apply_async") as apply_async,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        run_after_commit(send_order_confirmation, order_id=1)
        raise RuntimeError("checkout failed")

    apply_async.assert_not_called()


@pytest.mark.django_db(transaction=True)
def test_a_committed_transaction_enqueues_the_task_once():
    task = project_tasks()[ORDER_CONFIRMATION]
    with mock.patch.object(task, "apply_async") as apply_async, transaction.atomic():
        run_after_commit(send_order_confirmation, order_id=1)
        apply_async.assert_not_called()

    apply_async.assert_called_once()
    message = OutboxMessage.objects.get()
    assert message.kwargs == {"order_id": 1}
    assert apply_async.call_args.kwargs["kwargs"] == {"outbox_message_id": message.pk}
    # A dead broker fails the publish at once; the outbox sweep publishes it again.
    assert apply_async.call_args.kwargs["retry_policy"]["max_retries"] <= 1


@pytest.fixture
def use_broker_url(monkeypatch):
    """Point the app at another broker; Celery reads CELERY_BROKER_URL before its settings."""

    configured = celery_app.conf.broker_url

    def use(url):
        celery_app.conf.update(broker_url=url)
        monkeypatch.setenv("CELERY_BROKER_URL", url)

    yield use
    celery_app.conf.update(broker_url=configured)


@pytest.mark.django_db
def test_readyz_without_a_broker_reports_the_broker_ready(api_client, use_broker_url):
    use_broker_url("")

    response = api_client.get("/readyz")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_readyz_names_the_broker_when_it_is_unreachable(api_client, use_broker_url):
    use_broker_url(dead_broker_url())

    response = api_client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"] == "failed"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
@pytest.mark.requires_service("broker")
def test_readyz_reaches_the_configured_broker(api_client):
    assert celery_app.conf.broker_url

    response = api_client.get("/readyz")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["checks"]["broker"] == "ok"
