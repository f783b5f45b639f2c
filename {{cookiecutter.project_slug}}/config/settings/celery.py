"""Celery: with no broker configured, tasks run eagerly in-process.

https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_TASK_TIME_LIMIT stays below OUTBOX_LEASE_SECONDS (base.py), so no job outlives the
hold on its message.
"""

from datetime import timedelta

from kombu import Queue

from .base import OUTBOX_SWEEP_SECONDS, TIME_ZONE, env

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# No caller reads a task's return value, so there is no result backend.
CELERY_TASK_IGNORE_RESULT = True
# A worker started before its broker waits for it instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Connecting to the broker gives up quickly: the web process publishes after a commit with
# one immediate retry (core/celery_dispatch.py), so a dead broker costs a request a second
# or two at worst, and the outbox sweep publishes the message again later.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-connection-timeout
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
# Redis redelivers a message nobody acknowledged within the visibility timeout; it must
# exceed the longest countdown or ETA a task is given and the outbox's one-hour backoff cap,
# or a delayed message would be delivered twice. Ignored by RabbitMQ.
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
# CELERY_BROKER_KEY_PREFIX starts every key (queues, unacked messages, broadcast channels)
# Celery keeps in a Redis broker, so that several deployments can share one Redis; also
# ignored by RabbitMQ, which has virtual hosts for that.
# https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.redis.html
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT_SECONDS", default=7200),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "global_keyprefix": env("CELERY_BROKER_KEY_PREFIX", default=""),
}
# Acknowledge a message only once its task has run, and give it back to the broker if the
# worker dies mid-task: nothing is lost, but a task can run twice, so tasks are idempotent.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# One message reserved per worker process, so a slow task does not hold others back.
# https://docs.celeryq.dev/en/stable/userguide/optimizing.html#prefetch-limits
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The soft limit raises SoftTimeLimitExceeded in the task; the hard one kills the process.
# https://docs.celeryq.dev/en/stable/userguide/workers.html#time-limits
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
# Recycle a worker process after this many tasks or this much resident memory (KiB), so a
# slow leak never takes a worker down; the running task finishes first.
# https://docs.celeryq.dev/en/stable/userguide/configuration.html#worker-max-tasks-per-child
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=1000)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=512_000)
# Workers keep the project's log format (with the request id) instead of Celery's.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Queues: each worker group consumes its own (-Q emails; -Q orders,default). Every task is a
# job declared with its queue where it is defined (`@job(queue=...)`, core/background.py),
# and one router sends it there (a test fails for a task without a route). Each queue has
# its own routing key: sharing one would copy every message into all of them.
# https://docs.celeryq.dev/en/stable/userguide/routing.html
CELERY_TASK_QUEUES = (
    Queue("default", routing_key="default"),
    Queue("emails", routing_key="emails"),
    Queue("orders", routing_key="orders"),
)
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_CREATE_MISSING_QUEUES = False
CELERY_TASK_ROUTES = ("{{ cookiecutter.project_slug }}.core.celery_dispatch.route",)
# Beat: the periodic tasks, versioned with the code
# https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
ORDER_EXPIRY_INTERVAL = timedelta(minutes=env.int("ORDER_EXPIRY_INTERVAL_MINUTES", default=5))
# The longest beat sleeps between ticks, and so the longest it takes to stop (config/beat.py).
CELERY_BEAT_MAX_LOOP_INTERVAL = 5
CELERY_BEAT_SCHEDULE = {
    "expire-pending-orders": {
        "task": "{{ cookiecutter.project_slug }}.orders.services.expire_pending_orders",
        "schedule": ORDER_EXPIRY_INTERVAL,
        # A run still queued when the next is due is dropped rather than piling up.
        "options": {"expires": ORDER_EXPIRY_INTERVAL.total_seconds()},
    },
    "sweep-outbox": {
        "task": "{{ cookiecutter.project_slug }}.core.background.sweep_outbox",
        "schedule": timedelta(seconds=OUTBOX_SWEEP_SECONDS),
        "options": {"expires": OUTBOX_SWEEP_SECONDS},
    },
}
