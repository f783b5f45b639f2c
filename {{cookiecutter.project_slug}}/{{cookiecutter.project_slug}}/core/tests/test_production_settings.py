"""Production settings, loaded the way a deployment loads them.

The request cases run in one fresh process that imports config.wsgi (settings, middleware
and anything the entry point sets up) with realistic environment values, then sends
requests through Django's test client. The test process itself keeps the test settings.
"""

import json
import os
import runpy
import secrets
import shutil
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

import config.settings as settings_package

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


# Variables a complete production environment sets; the tests below unset or spoil one.
REQUIRED = (
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "FRONTEND_URL",
    "PAYMENT_WEBHOOK_SECRET",
)
UNSET_HERE = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ENV_FILE",
    *REQUIRED,
    # A file cache instead: shared by the processes of one machine, and no server needed,
    # since this is about settings, not about services. Eager tasks for the same reason.
    "REDIS_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
}


def production_env(tmp_path, **overrides):
    env = {key: value for key, value in os.environ.items() if key not in UNSET_HERE}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=SERVED_HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        EMAIL_URL="smtp+tls://mailer:unused@smtp.example.com:587",
        FRONTEND_URL="https://app.example.com",
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
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


def test_https_responses_carry_hsts_for_this_host_only(production):
    answers = production.answers
    answer = answers["other_https"]
    assert answer["status"] not in {HTTPStatus.MOVED_PERMANENTLY, HTTPStatus.BAD_REQUEST}
    assert answer["hsts"] == "max-age=31536000"


def test_logs_are_one_json_object_per_line(production):
    stdout = production.stdout
    lines = [line for line in stdout.splitlines() if line.strip()]
    # At least the refused host is logged (django.security.DisallowedHost).
    assert lines
    records = [json.loads(line) for line in lines]
    assert any(record["name"] == "django.security.DisallowedHost" for record in records)


def production_settings(environment):
    """Run the production settings module under exactly `environment`; return its names.

    base.py and the features' settings run afresh too, since production takes values from
    them; the patches restore the environment (including what a file adds to it) and the
    loaded modules.
    """
    with (
        mock.patch.dict(os.environ, environment, clear=True),
        mock.patch.dict(sys.modules),
        mock.patch.dict(vars(settings_package)),
    ):
        for name in [name for name in sys.modules if name.startswith("config.settings.")]:
            del sys.modules[name]
        return runpy.run_module("config.settings.production")


def refusal(environment):
    with pytest.raises(ImproperlyConfigured) as refused:
        production_settings(environment)
    message = str(refused.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_refuses_to_start_without(missing, tmp_path):
    assert missing in refusal(production_env(tmp_path, **{missing: None}))


INSECURE = {
    "short_secret_key": ("SECRET_KEY", "x"),
    "generated_insecure_secret_key": ("SECRET_KEY", "django-insecure-" + "a1b2c3d4e5" * 5),
    "secret_key_of_few_characters": ("SECRET_KEY", "abab" * 20),
    "console_email": ("EMAIL_URL", "consolemail://"),
    "file_email": ("EMAIL_URL", "filemail:///var/mail/app"),
    "memory_email": ("EMAIL_URL", "memorymail://"),
    "dummy_email": ("EMAIL_URL", "dummymail://"),
    "plain_http_frontend": ("FRONTEND_URL", "http://app.example.com"),
    "frontend_without_host": ("FRONTEND_URL", "https://"),
    "local_memory_cache": ("CACHE_URL", "locmemcache://"),
    "dummy_cache": ("CACHE_URL", "dummycache://"),
}


@pytest.mark.parametrize(("setting", "value"), INSECURE.values(), ids=INSECURE.keys())
def test_production_refuses_an_insecure(setting, value, tmp_path):
    assert setting in refusal(production_env(tmp_path, **{setting: value}))


def test_production_refuses_to_fall_back_to_the_local_memory_cache(tmp_path):
    message = refusal(production_env(tmp_path, CACHE_URL=None, REDIS_URL=None))

    assert "REDIS_URL or CACHE_URL" in message


def test_production_starts_with_a_complete_environment(tmp_path):
    settings = production_settings(production_env(tmp_path))

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")


def test_production_trusts_one_proxy_by_default(tmp_path):
    settings = production_settings(production_env(tmp_path))

    assert settings["REST_FRAMEWORK"]["NUM_PROXIES"] == 1


def test_production_keeps_connections_open_and_checks_them_by_default(tmp_path):
    environment = production_env(tmp_path, DATABASE_POOL_MAX_SIZE=None, CONN_MAX_AGE=None)

    database = production_settings(environment)["DATABASES"]["default"]

    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert "pool" not in database.get("OPTIONS", {})


def test_a_pool_size_switches_to_a_checked_psycopg_pool(tmp_path):
    environment = production_env(
        tmp_path, DATABASE_POOL_MAX_SIZE="4", DATABASE_POOL_MIN_SIZE="2", CONN_MAX_AGE="60"
    )

    database = production_settings(environment)["DATABASES"]["default"]

    pool = database["OPTIONS"]["pool"]
    assert (pool["min_size"], pool["max_size"], pool["timeout"]) == (2, 4, 10.0)
    assert database["CONN_HEALTH_CHECKS"]  # Django then checks each connection it hands out.
    # Django refuses a pool beside persistent connections.
    assert database["CONN_MAX_AGE"] == 0


def test_hsts_subdomains_and_preload_are_opt_in(tmp_path):
    opted_in = production_env(
        tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true"
    )
    default = production_settings(production_env(tmp_path))
    chosen = production_settings(opted_in)

    assert (default["SECURE_HSTS_INCLUDE_SUBDOMAINS"], default["SECURE_HSTS_PRELOAD"]) == (
        False,
        False,
    )
    assert (chosen["SECURE_HSTS_INCLUDE_SUBDOMAINS"], chosen["SECURE_HSTS_PRELOAD"]) == (True, True)
    assert chosen["SILENCED_SYSTEM_CHECKS"] == []


# The child prints the SECRET_KEY its settings ended up with.
PRINT_SECRET_KEY = """
import importlib, os
print(importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]).SECRET_KEY)
"""


@pytest.fixture
def checkout_with_dot_env(tmp_path):
    """The settings package beside a .env, as in a checkout where development ran."""
    shutil.copytree(PROJECT_DIR / "config", tmp_path / "config")
    secret_key = secrets.token_urlsafe(50)
    (tmp_path / ".env").write_text(f"SECRET_KEY={secret_key}\n")
    return tmp_path, secret_key


def settings_child(directory, environment):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT_SECRET_KEY],
        cwd=directory,
        env={**environment, "PYTHONPATH": str(directory)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_does_not_read_the_dot_env_file(checkout_with_dot_env, tmp_path):
    directory, _ = checkout_with_dot_env
    child = settings_child(directory, production_env(tmp_path, SECRET_KEY=None))

    assert child.returncode != 0
    assert "ImproperlyConfigured: Set the SECRET_KEY environment variable" in child.stderr


def test_development_reads_the_dot_env_file(checkout_with_dot_env, tmp_path):
    directory, secret_key = checkout_with_dot_env
    environment = production_env(
        tmp_path, SECRET_KEY=None, DJANGO_SETTINGS_MODULE="config.settings.development"
    )
    child = settings_child(directory, environment)

    assert child.stdout.strip() == secret_key, child.stderr


def test_production_reads_the_file_django_env_file_names(checkout_with_dot_env, tmp_path):
    directory, secret_key = checkout_with_dot_env
    environment = production_env(tmp_path, SECRET_KEY=None, DJANGO_ENV_FILE=str(directory / ".env"))
    child = settings_child(directory, environment)

    assert child.stdout.strip() == secret_key, child.stderr


def test_production_refuses_a_django_env_file_that_does_not_exist(tmp_path):
    message = refusal(production_env(tmp_path, DJANGO_ENV_FILE=str(tmp_path / "missing.env")))

    assert "DJANGO_ENV_FILE" in message


def test_a_redis_url_gets_the_cache_that_shares_its_clients(tmp_path):
    environment = production_env(tmp_path, CACHE_URL=None, REDIS_URL="redis://cache:6379/1")

    cache = production_settings(environment)["CACHES"]["default"]

    assert cache["BACKEND"] == "{{ cookiecutter.project_slug }}.core.cache.SharedClientRedisCache"
    assert cache["LOCATION"] == "redis://cache:6379/1"
