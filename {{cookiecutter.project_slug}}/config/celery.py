"""The Celery application and the failure policy every task inherits.

How a deployment connects and the beat schedule are settings (the CELERY_ namespace in
config/settings/celery.py); each task is a job declared with its queue where it is defined
(core/background.py), registered when Django starts. This module decides how a task fails.
"""

import os
import smtplib
from functools import cached_property

from celery import Celery, Task
from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

{% if cookiecutter.use_opentelemetry | enabled -%}
import config.celery_telemetry  # noqa: F401 (connects the worker and beat signal handlers)
{% endif -%}
from config.beat import StoppableBeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")

# Failures that a later attempt can get past: a peer was briefly unreachable or the database
# rolled back a deadlock or serialization failure. Anything else is a bug or bad data, and
# running the task again would only fail again.
TRANSIENT_ERRORS = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)


class ReliableTask(Task):
    """The base class of every task in the project.

    Transient errors are retried after an exponentially growing, fully jittered delay
    (up to about 5, 10, 20, ... seconds, capped at 10 minutes), so that workers do not hammer
    a recovering service in step. A retry, like the late acknowledgement set in the settings,
    can run a task twice: tasks are idempotent.
    """

    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 5
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 6


class ProjectCelery(Celery):
    @cached_property
    def Beat(self):  # noqa: N802 (Celery's name)
        """`celery beat` stops without closing the broker connection in its signal handler
        (config/beat.py)."""
        return self.subclass_with_self(StoppableBeat)


app = ProjectCelery("{{ cookiecutter.project_slug }}", task_cls=ReliableTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
