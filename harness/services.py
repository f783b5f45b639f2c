"""The real services the template tests run variants against, and each variant's share.

Each variant (each unit of its steps, harness/steps.py) gets its own PostgreSQL database,
Redis key prefix and RabbitMQ virtual host, so any number of them can run in parallel
without touching each other.
"""

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from . import http_client

POSTGRES_URL = os.environ.get("TEMPLATE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TEMPLATE_REDIS_URL", "redis://127.0.0.1:6379")
RABBITMQ_URL = os.environ.get("TEMPLATE_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")
# Every variant shares this Redis database, each under its own key prefix.
REDIS_DATABASE = 0
# How many keys one SCAN step returns, and one DEL removes, when a variant's keys go.
REDIS_BATCH = 500


def services_required():
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _answers(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


# Set where the Docker engine is still starting when the run begins: the file it names
# appears once that start-up has ended, successfully or not.
DOCKER_STARTED = os.environ.get("TEMPLATE_DOCKER_STARTED")
DOCKER_START_TIMEOUT = 900


def await_docker_start():
    """Return once no Docker engine start-up is under way."""
    if not DOCKER_STARTED:
        return
    deadline = time.monotonic() + DOCKER_START_TIMEOUT
    while not os.path.exists(DOCKER_STARTED) and time.monotonic() < deadline:
        time.sleep(1)


def docker_answers():
    await_docker_start()
    if not shutil.which("docker"):
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, timeout=30, check=False)
    return probe.returncode == 0


AVAILABILITY = {
    "postgresql": lambda: _answers(POSTGRES_URL),
    "redis": lambda: _answers(REDIS_URL),
    "rabbitmq": lambda: _answers(RABBITMQ_URL),
    "docker": docker_answers,
}


def require_service(name):
    """Skip the calling test when `name` is missing; fail instead under REQUIRE_SERVICES=1."""
    if AVAILABILITY[name]():
        return
    message = f"{name} is not reachable"
    if services_required():
        pytest.fail(f"{message} and REQUIRE_SERVICES=1", pytrace=False)
    pytest.skip(f"{message}; set it up to run this step")


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass(frozen=True)
class VariantServices:
    """The URLs one variant's processes use, isolated from every other variant."""

    name: str
    broker: str | None

    @property
    def database_url(self):
        return f"{POSTGRES_URL}/{self.name}"

    @property
    def redis_url(self):
        return f"{REDIS_URL}/{REDIS_DATABASE}"

    @property
    def redis_prefix(self):
        """Every Redis key of the variant starts with this: the cache's (Django adds
        `:<version>:` after its KEY_PREFIX) and, with the Redis broker, Celery's."""
        return f"{self.name}:"

    @property
    def broker_url(self):
        if self.broker == "redis":
            return self.redis_url
        if self.broker == "rabbitmq":
            return f"{RABBITMQ_URL}/{self.name}"
        return ""

    def environment(self):
        env = {
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": self.name,
        }
        if self.broker:
            env["CELERY_BROKER_URL"] = self.broker_url
        if self.broker == "redis":
            env["CELERY_BROKER_KEY_PREFIX"] = f"{self.redis_prefix}broker:"
        return env

    def redis_keys(self):
        """The variant's keys in Redis."""
        import redis

        with redis.Redis.from_url(self.redis_url) as client:
            return sorted(
                key.decode()
                for key in client.scan_iter(match=f"{self.redis_prefix}*", count=REDIS_BATCH)
            )

    def needed(self):
        return ["postgresql", "redis"] + (["rabbitmq"] if self.broker == "rabbitmq" else [])

    def set_up(self):
        # The run's id is in every name, so only this run's own leftovers could be here,
        # and tear_down removed the virtual host: no rabbitmqctl call (an Erlang VM start,
        # seconds under load) is spent on removing it again.
        self._drop_databases_and_keys()
        _psql(f'CREATE DATABASE "{self.name}"')
        if self.broker == "rabbitmq":
            _add_vhost(self.name)

    def tear_down(self):
        self._drop_databases_and_keys()
        if self.broker == "rabbitmq":
            _delete_vhost(self.name)

    def _drop_databases_and_keys(self):
        for database in (self.name, f"test_{self.name}"):
            _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        _delete_redis_keys(self.redis_url, self.redis_prefix)


# PostgreSQL names are at most 63 bytes, and the test database adds "test_" to the name.
MAX_NAME = 58
# Shared by the xdist workers of one run; tells concurrent runs on one machine apart.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID", uuid.uuid4().hex)[:8]


def for_variant(variant, *, unit=""):
    """The services of `variant`'s unit of steps (harness/steps.py): units of one variant
    may run at the same time."""
    name = f"tpl_{RUN_ID}_{_slug(variant.id)}" + (f"__{unit}" if unit else "")
    if len(name) > MAX_NAME:
        name = f"{name[: MAX_NAME - 9]}_{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    return VariantServices(name=name, broker=variant.broker)


def _psql(sql):
    import psycopg

    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _delete_redis_keys(url, prefix):
    """Delete every key starting with `prefix` (SCAN, then DEL in batches): the other
    variants' keys in the same database stay."""
    import redis

    with redis.Redis.from_url(url) as client:
        batch = []
        for key in client.scan_iter(match=f"{prefix}*", count=REDIS_BATCH):
            batch.append(key)
            if len(batch) == REDIS_BATCH:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)


# Virtual hosts are managed with rabbitmqctl where the server runs locally, and through
# the management API where it runs in a container (a CI service).
RABBITMQ_API = os.environ.get("TEMPLATE_RABBITMQ_API", "http://guest:guest@127.0.0.1:15672/api")


def _add_vhost(name):
    if shutil.which("rabbitmqctl"):
        # The virtual host and guest's permissions on it in one rabbitmqctl call.
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        definitions = {
            "vhosts": [{"name": name}],
            "permissions": [{"user": "guest", "vhost": name, **permissions}],
        }
        # From standard input: the server, not the CLI, would read a file.
        _rabbitmqctl("import_definitions", "--format", "json", stdin=json.dumps(definitions))
        return
    http_client.request("PUT", f"{RABBITMQ_API}/vhosts/{name}").raise_for_status()
    permissions = {"configure": ".*", "write": ".*", "read": ".*"}
    http_client.request(
        "PUT", f"{RABBITMQ_API}/permissions/{name}/guest", json=permissions
    ).raise_for_status()


def _delete_vhost(name):
    if shutil.which("rabbitmqctl"):
        _rabbitmqctl("delete_vhost", name, check=False)
        return
    http_client.request("DELETE", f"{RABBITMQ_API}/vhosts/{name}")


def _rabbitmqctl(*args, check=True, stdin=None):
    subprocess.run(
        ["rabbitmqctl", "-q", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=check,
        timeout=60,
    )
