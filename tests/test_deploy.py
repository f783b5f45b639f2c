"""Every distinct code's production configuration, checked the way a deployment runs it.

Realistic environment values, no services: `check --deploy` and gunicorn only read the
settings and import the application.
"""

import os
import re
import secrets

import pytest

from harness.processes import child_env, run

REALISTIC = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "ALLOWED_HOSTS": "api.example.com",
    "DATABASE_URL": "postgres://app:unused@db.internal:5432/app",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:unused@smtp.internal:587",
    "FRONTEND_URL": "https://app.example.com",
}
BROKER_URLS = {
    "redis": "redis://cache.internal:6379/1",
    "rabbitmq": "amqp://app:unused@mq.internal:5672/app",
}


def production_env(variant, venv, **extra):
    values = {
        **REALISTIC,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PAYMENT_WEBHOOK_SECRET": secrets.token_urlsafe(32),
        **extra,
    }
    if variant.broker:
        values["CELERY_BROKER_URL"] = BROKER_URLS[variant.broker]
    env = child_env(venv, {})
    env.pop("WEB_CONCURRENCY", None)  # the defaults under test, not this machine's
    env.update(values)
    return env


def gunicorn(baked, venv, *args, env):
    command = [venv / "bin" / "gunicorn", *args, "--config", "gunicorn.conf.py", "config.wsgi"]
    return run(command, cwd=baked, env=env)


def printed_setting(output, name):
    return re.search(rf"^{name}\s+=\s+(.*)$", output, re.MULTILINE).group(1)


@pytest.fixture
def production_code(variant, baked, run_claims):
    """The code production runs (settings, wsgi, gunicorn.conf.py), checked once per run
    for each broker address it reads."""
    run_claims.once_per_code(
        "production", baked, variant, done="checked production settings of", per_broker=True
    )
    return baked


def test_deploy_check_has_no_warnings(variant, production_code, venv):
    completed = run(
        [venv / "bin" / "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=production_code,
        env=production_env(variant, venv),
    )
    assert "System check identified no issues" in completed.stdout


def test_gunicorn_config_loads_the_application(variant, production_code, venv):
    gunicorn(production_code, venv, "--check-config", env=production_env(variant, venv))


# gunicorn.conf.py is the same file in every variant: its values are checked once.
only_default = pytest.mark.for_variants(where=lambda variant: variant.id == "default")


@pytest.fixture(scope="module")
def default_gunicorn_config(variant, baked, venv):
    """`gunicorn --print-config` with no gunicorn settings in the environment."""
    return gunicorn(baked, venv, "--print-config", env=production_env(variant, venv)).stdout


@only_default
def test_gunicorn_workers_default_to_twice_the_cpus_plus_one(default_gunicorn_config):
    workers = printed_setting(default_gunicorn_config, "workers")
    assert workers == str(2 * os.cpu_count() + 1)


@only_default
def test_gunicorn_logs_access_lines_to_stdout(default_gunicorn_config):
    assert printed_setting(default_gunicorn_config, "accesslog") == "-"


@only_default
def test_gunicorn_trusts_forwarded_headers_only_from_loopback(default_gunicorn_config):
    assert printed_setting(default_gunicorn_config, "forwarded_allow_ips") == "['127.0.0.1', '::1']"


@only_default
def test_gunicorn_workers_and_port_follow_the_environment(variant, baked, venv):
    env = production_env(variant, venv, WEB_CONCURRENCY="3", PORT="8123")
    printed = gunicorn(baked, venv, "--print-config", env=env).stdout
    assert printed_setting(printed, "workers") == "3"
    assert printed_setting(printed, "bind") == "['0.0.0.0:8123']"
