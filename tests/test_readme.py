"""The rendered README's own commands work, exactly as written, on the default project."""

import re
import secrets
from http import HTTPStatus

import pytest

from harness import http_client
from harness.accounts import AUTH, VERIFICATION_TOKEN, register_and_verify
from harness.processes import Process, child_env, poll, run, wait_for_http
from harness.rendering import bake
from harness.variants import VARIANTS

DEFAULT = VARIANTS[0]
RUNSERVER_URL = "http://127.0.0.1:8000"
# The README promises a machine with nothing configured: no service URLs, nothing required.
FRESH_MACHINE_UNSET = (
    "REQUIRE_SERVICES", "CELERY_BROKER_URL", "REDIS_URL", "CACHE_URL", "EMAIL_URL",
)  # fmt: skip


def fresh_machine_env():
    env = child_env(None, {})
    for key in FRESH_MACHINE_UNSET:
        env.pop(key, None)
    return env


def _command_under(readme, heading):
    section = readme.split(f"## {heading}", 1)[1]
    return re.search(r"```sh\n(.+?)\n```", section, re.DOTALL).group(1).strip()


@pytest.fixture(scope="module")
def default_project(tmp_path_factory, _cookiecutter_config_file):
    result = bake(DEFAULT, tmp_path_factory.mktemp("readme"), _cookiecutter_config_file)
    assert result.exit_code == 0, result.exception
    return result.project_path


@pytest.mark.seconds(60)
def test_readme_run_command_serves_the_accounts_flow_on_the_embedded_default(
    default_project, tmp_path
):
    """One test, since the command binds the fixed port 8000: healthz, then the accounts
    contract against the dev server, with the verification mail read from its console."""
    command = _command_under((default_project / "README.md").read_text(), "Run it")
    with Process(
        "readme-run", ["bash", "-c", command], cwd=default_project,
        env=fresh_machine_env(), log_dir=tmp_path,
    ) as server:  # fmt: skip
        wait_for_http(f"{RUNSERVER_URL}/healthz", process=server, timeout=300)
        assert http_client.get(f"{RUNSERVER_URL}/healthz").status_code == HTTPStatus.OK
        assert (default_project / "db.sqlite3").exists()

        with http_client.client(base_url=RUNSERVER_URL, timeout=30) as client:
            _accounts_flow(client, server, default_project)


def _accounts_flow(client, server, project):
    email, password = "reader@example.com", secrets.token_urlsafe(16)

    def mail_on_console():
        # Development settings print mail on the console, which is the server's log.
        poll(
            lambda: VERIFICATION_TOKEN.search(server.tail(20000)),
            timeout=30, what="the verification mail on the dev server's console",
        )  # fmt: skip
        return server.tail(20000)

    access = register_and_verify(
        client, email=email, password=password, wait_for_mail=mail_on_console
    )
    bearer = {"Authorization": f"Bearer {access}"}
    assert client.get(f"{AUTH}/me/", headers=bearer).json()["email"] == email

    deactivate = (
        "from django.contrib.auth import get_user_model; "
        f"user = get_user_model().objects.get(email={email!r}); "
        "user.is_active = False; user.save()"
    )
    run(
        ["uv", "run", "python", "manage.py", "shell", "-c", deactivate],
        cwd=project, env=fresh_machine_env(), timeout=300,
    )  # fmt: skip

    refused = client.get(f"{AUTH}/me/", headers=bearer)
    assert refused.status_code == HTTPStatus.UNAUTHORIZED
    assert refused.json()["error"]["code"] == "user_inactive"


@pytest.mark.seconds(90)  # the whole rendered suite
def test_readme_test_command_passes(default_project):
    command = _command_under((default_project / "README.md").read_text(), "Test it")
    completed = run(
        ["bash", "-c", command], cwd=default_project, env=fresh_machine_env(), timeout=900
    )
    assert " passed" in completed.stdout
