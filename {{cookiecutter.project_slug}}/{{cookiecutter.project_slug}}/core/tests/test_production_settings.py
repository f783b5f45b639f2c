"""Production settings, loaded the way a deployment loads them.

The request cases run in one fresh process that imports config.wsgi (settings, middleware
and anything the entry point sets up) with realistic environment values, then sends
requests through Django's test client. The test process itself keeps the test settings.
"""

import json
import os
import runpy
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parents[3]
SERVED_HOST = "api.example.com"
# What an orchestrator's probe sends: the pod or container address, not a served name.
PROBE_HOST = "10.0.7.12:8000"
# Any other path; one that resolves to nothing, so no database tables are needed.
OTHER_PATH = "/api/v1/no-such-endpoint/"

# The child: request each case, write the settings module it ended up with and
# {name: {status, location, hsts}} to the file in argv.
REQUEST_SCRIPT = """
import json
import sys

import config.wsgi  # noqa: F401
from django.conf import settings
from django.test import Client

cases, out = json.loads(sys.argv[1]), sys.argv[2]
client = Client()
answers = {}
for name, path, host, via_proxy in cases:
    headers = {"X-Forwarded-Proto": "https"} if via_proxy else {}
    response = client.get(path, headers={"Host": host, **headers})
    answers[name] = {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "hsts": response.get("Strict-Transport-Security", ""),
    }
with open(out, "w") as file:
    json.dump({"settings_module": settings.SETTINGS_MODULE, "answers": answers}, file)
"""


class ProductionRun(NamedTuple):
    answers: dict  # case name -> {status, location, hsts}
    stdout: str  # the child's log output
    settings_module: str


# name -> (path, Host header, arrived through the TLS proxy)
CASES = {
    "healthz_plain_http_foreign_host": ("/healthz", PROBE_HOST, False),
    "readyz_plain_http_foreign_host": ("/readyz", PROBE_HOST, False),
    "other_plain_http": (OTHER_PATH, SERVED_HOST, False),
    "other_https_foreign_host": (OTHER_PATH, PROBE_HOST, True),
    "other_https": (OTHER_PATH, SERVED_HOST, True),
}


def production_env(tmp_path, **overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        # The embedded cache and eager tasks: this is about settings, not about services.
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=SERVED_HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        PAYMENT_WEBHOOK_SECRET=secrets.token_urlsafe(32),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_child(args, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """What the WSGI entry point does with no DJANGO_SETTINGS_MODULE set, as gunicorn runs it."""
    tmp_path = tmp_path_factory.mktemp("production")
    out = tmp_path / "answers.json"
    cases = [[name, *case] for name, case in CASES.items()]
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE=None)
    child = run_child(["-c", REQUEST_SCRIPT, json.dumps(cases), str(out)], env)
    assert child.returncode == 0, child.stderr
    report = json.loads(out.read_text())
    return ProductionRun(report["answers"], child.stdout, report["settings_module"])


def test_the_wsgi_entry_point_defaults_to_production_settings(production):
    assert production.settings_module == "config.settings.production"


def test_liveness_probe_answers_plain_http_from_any_host(production):
    answers = production.answers
    assert answers["healthz_plain_http_foreign_host"]["status"] == HTTPStatus.OK


def test_readiness_probe_answers_plain_http_from_any_host(production):
    answers = production.answers
    assert answers["readyz_plain_http_foreign_host"]["status"] == HTTPStatus.OK


def test_other_paths_redirect_plain_http_to_https(production):
    answers = production.answers
    answer = answers["other_plain_http"]
    assert answer["status"] == HTTPStatus.MOVED_PERMANENTLY
    assert answer["location"] == f"https://{SERVED_HOST}{OTHER_PATH}"


def test_other_paths_refuse_a_host_not_in_allowed_hosts(production):
    answers = production.answers
    assert answers["other_https_foreign_host"]["status"] == HTTPStatus.BAD_REQUEST


def test_https_responses_carry_hsts_with_preload(production):
    answers = production.answers
    answer = answers["other_https"]
    assert answer["status"] not in {HTTPStatus.MOVED_PERMANENTLY, HTTPStatus.BAD_REQUEST}
    assert answer["hsts"] == "max-age=31536000; includeSubDomains; preload"


def test_logs_are_one_json_object_per_line(production):
    stdout = production.stdout
    lines = [line for line in stdout.splitlines() if line.strip()]
    # At least the refused host is logged (django.security.DisallowedHost).
    assert lines
    records = [json.loads(line) for line in lines]
    assert any(record["name"] == "django.security.DisallowedHost" for record in records)


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "PAYMENT_WEBHOOK_SECRET"]
)
def test_production_refuses_to_start_without(missing, tmp_path):
    # The refusal happens while the settings module runs, so running it here is enough;
    # patch.dict restores the whole environment, including what .env adds to it.
    environment = production_env(tmp_path, **{missing: None})
    with (
        mock.patch.dict(os.environ, environment, clear=True),
        pytest.raises(ImproperlyConfigured, match=missing),
    ):
        runpy.run_module("config.settings.production")
