"""The container deployment of each variant with use_docker=y.

Static checks first (hadolint, the compose file's validity, what its services run),
then the real thing: the images are built and run with production settings against
the variant's own database and broker; they must run as non-root, report healthy,
answer their probes and stop cleanly. Without a Docker engine those steps are skipped,
or fail under REQUIRE_SERVICES=1.
"""

import secrets
import shutil
from dataclasses import dataclass
from http import HTTPStatus

import pytest

from harness import http_client, services
from harness.containers import Container, build, image_id, run_once, stop_together
from harness.dockerfile import ProjectCommands, compose_services, effective, stages
from harness.processes import free_port, run, tool
from harness.steps import skip_as_covered

SERVED_HOST = "api.example.com"
# What an orchestrator's probe sends: the container's address, not a served name.
PROBE_HOST = "10.0.7.12"
APP_UID = "10001"
OTHER_PATH = "/api/v1/products/"
# compose.yaml's stop_grace_period of the workers.
STOP_GRACE_SECONDS = 120

pytestmark = pytest.mark.for_variants(where=lambda variant: variant.enabled("use_docker"))


@pytest.fixture(scope="module")  # one Django process learns the facts for every test
def project_commands(baked, venv):
    return ProjectCommands(baked, venv, slug=baked.name)


# Static checks ----------------------------------------------------------------------


def test_dockerfile_passes_hadolint(baked):
    run([tool("hadolint"), "--failure-threshold", "warning", "Dockerfile"], cwd=baked, env=None)


def test_compose_file_follows_the_compose_specification(baked):
    run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec", "compose.yaml"],
        cwd=baked,
        env=None,
    )


def test_docker_compose_accepts_the_compose_file(baked):
    services.await_docker_start()
    has_compose = shutil.which("docker") and not (
        run(["docker", "compose", "version"], cwd=baked, env=None, check=False).returncode
    )
    if not has_compose:
        pytest.skip("no docker compose plugin here; the compose specification check ran instead")
    run(["docker", "compose", "config", "--quiet"], cwd=baked, env=None)


def test_dockerfile_stages_run_commands_the_project_has(baked, project_commands):
    problems = {}
    for name, stage in stages(baked / "Dockerfile").items():
        for argv in (stage.cmd, stage.healthcheck):
            if argv:
                problems.setdefault(name, []).extend(project_commands.problems(argv))
    assert {name: found for name, found in problems.items() if found} == {}


def test_compose_services_run_commands_the_project_has(baked, project_commands):
    dockerfile_stages = stages(baked / "Dockerfile")
    problems = {}
    for name, service in compose_services(baked / "compose.yaml").items():
        if "build" not in service:
            continue  # a published image: postgres, redis, ...
        if service["build"]["target"] not in dockerfile_stages:
            problems[name] = [f"the Dockerfile has no stage {service['build']['target']!r}"]
            continue
        command, probe = effective(service, dockerfile_stages)
        found = project_commands.problems(command) + (
            project_commands.problems(probe) if probe else []
        )
        if found:
            problems[name] = found
    assert problems == {}


# Nothing waits for the trace backend: exporters buffer and retry on their own.
WITHOUT_HEALTH_CHECK = {"jaeger"}


def test_every_compose_service_has_a_health_check_or_runs_once(baked):
    dockerfile_stages = stages(baked / "Dockerfile")
    unchecked = [
        name
        for name, service in compose_services(baked / "compose.yaml").items()
        if service.get("restart") != "no"
        and not effective(service, dockerfile_stages)[1]
        and name not in WITHOUT_HEALTH_CHECK
    ]
    assert unchecked == []


def test_compose_dependencies_wait_for_health_or_completion(baked):
    dockerfile_stages = stages(baked / "Dockerfile")
    compose = compose_services(baked / "compose.yaml")
    problems = []
    for name, service in compose.items():
        for dependency, spec in service.get("depends_on", {}).items():
            condition = spec["condition"]
            if (
                condition == "service_healthy"
                and not effective(compose[dependency], dockerfile_stages)[1]
            ):
                problems.append(f"{name} waits for {dependency} to be healthy; it has no check")
            if condition == "service_completed_successfully" and (
                compose[dependency].get("restart") != "no"
            ):
                problems.append(f"{name} waits for {dependency} to finish; it restarts")
    assert problems == []


def test_app_services_start_after_migrations(baked):
    compose = compose_services(baked / "compose.yaml")
    app_services = [
        name
        for name, service in compose.items()
        if "build" in service and service.get("restart") != "no"
    ]
    waiting = {
        name: compose[name]["depends_on"].get("migrate", {}).get("condition")
        for name in app_services
    }
    assert app_services
    assert set(waiting.values()) == {"service_completed_successfully"}


def test_app_services_are_reached_only_through_nginx(baked):
    compose = compose_services(baked / "compose.yaml")
    published = [
        name for name, service in compose.items() if "build" in service and "ports" in service
    ]
    proxy = (baked / "deploy" / "nginx" / "default.conf").read_text()

    assert published == []
    assert compose["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert "server web:8000;" in proxy
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy


# A real build and run ---------------------------------------------------------------


@dataclass
class Deployment:
    containers: dict  # role -> Container
    base_url: str

    @property
    def web(self):
        return self.containers["web"]


@pytest.fixture(scope="module")
def images(variant, baked, run_claims):
    services.require_service("docker")
    targets = ["web", "worker", "beat"] if variant.uses_celery else ["web"]
    built = {target: build(baked, target, baked.name) for target in targets}
    # Trees that differ only in what .dockerignore leaves out of the build context (CI,
    # documentation, tests, deploy/) share their images. A deployment proves two things:
    # its images run, and the containers' probes and shutdown work against its broker.
    # Each set of images and each broker is deployed once; a deployment that proves
    # neither is covered. The code itself meets every broker it supports in the live step.
    ids = "\n".join(f"{target} {image_id(tag)}" for target, tag in built.items())
    images_by = run_claims.claim("images", ids.encode(), variant.id)
    broker_by = run_claims.claim("containers-broker", str(variant.broker).encode(), variant.id)
    if variant.id not in (images_by, broker_by):
        skip_as_covered(
            f"the same images ran for {images_by}, and containers ran on the same broker "
            f"for {broker_by}"
        )
    return built


@pytest.fixture(scope="module")
def deployment(variant, images, variant_services):
    """Migrations applied by a one-shot container, then web (and worker and beat) running."""
    env = {
        **variant_services.environment(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PAYMENT_WEBHOOK_SECRET": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": SERVED_HOST,
        # Production refuses console mail; nothing here sends any.
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "FRONTEND_URL": f"https://{SERVED_HOST}",
        "WEB_CONCURRENCY": "1",
    }
    run_once(images["web"], env=env, command=["python", "manage.py", "migrate", "--noinput"])
    port = free_port()
    started = {}
    try:
        started["web"] = Container.start(
            images["web"], role="web", env={**env, "PORT": str(port)}, start_interval="1s"
        )
        if variant.uses_celery:
            for role in ("worker", "beat"):
                # Their checks load the whole app (about a second of CPU each, with the
                # worker starting beside them on the same cores): every 5 s, not every second.
                started[role] = Container.start(
                    images[role], role=role, env=env, start_interval="5s"
                )
        yield Deployment(started, f"http://127.0.0.1:{port}")
    finally:
        for container in started.values():
            container.remove()


def test_containers_run_as_the_unprivileged_uid(deployment):
    uids = {
        role: container.exec("id", "-u").stdout.strip()
        for role, container in deployment.containers.items()
    }
    assert uids == dict.fromkeys(deployment.containers, APP_UID)


def test_containers_report_healthy(deployment):
    for container in deployment.containers.values():
        container.wait_healthy()


def test_probes_answer_any_host_over_plain_http(deployment):
    deployment.web.wait_healthy()
    for path in ("/healthz", "/readyz"):
        response = http_client.get(f"{deployment.base_url}{path}", headers={"Host": PROBE_HOST})
        assert response.status_code == HTTPStatus.OK, f"{path}: {response.text}"


def test_other_paths_redirect_plain_http_to_https(deployment):
    deployment.web.wait_healthy()
    response = http_client.get(f"{deployment.base_url}{OTHER_PATH}", headers={"Host": SERVED_HOST})
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response.headers["Location"] == f"https://{SERVED_HOST}{OTHER_PATH}"


def test_other_paths_refuse_hosts_not_allowed(deployment):
    deployment.web.wait_healthy()
    response = http_client.get(
        f"{deployment.base_url}{OTHER_PATH}",
        headers={"Host": PROBE_HOST, "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_web_image_trusts_forwarded_headers_only_from_loopback(deployment):
    printed = deployment.web.exec(
        "gunicorn", "--config", "gunicorn.conf.py", "--print-config", "config.wsgi"
    ).stdout
    trusted = [
        line.split("=", 1)[1].strip()
        for line in printed.splitlines()
        if line.startswith("forwarded_allow_ips ")
    ]
    assert trusted == ["['127.0.0.1', '::1']"]


def test_static_files_were_collected_into_the_image(deployment):
    deployment.web.wait_healthy()
    response = http_client.get(
        f"{deployment.base_url}/static/admin/css/base.css",
        headers={"Host": SERVED_HOST, "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.headers["Content-Type"].startswith("text/css")


@pytest.mark.for_variants(where=lambda variant: variant.uses_celery)
def test_worker_answers_a_ping_to_its_own_node(deployment):
    worker = deployment.containers["worker"]
    worker.wait_healthy()
    node = f"celery@{worker.name}"
    ping = worker.exec(
        "celery", "-A", "config", "inspect", "ping", "--timeout", "10", "--destination", node
    )
    assert f"{node}: OK" in ping.stdout


def test_image_holds_no_secrets_tests_or_dev_dependencies(deployment):
    listing = deployment.web.exec(
        "python",
        "-c",
        "import importlib.util, pathlib;"
        "print(*sorted(str(p) for p in pathlib.Path('/app').rglob('*')"
        " if p.name in {'.env', 'tests', 'conftest.py', '.git'}));"
        "print('pytest' if importlib.util.find_spec('pytest') else '')",
    ).stdout.split()
    assert listing == []


def test_containers_stop_cleanly_on_docker_stop(deployment):
    # SIGTERM, then the grace compose.yaml gives a worker before SIGKILL; a process that
    # stops cleanly exits long before it ends, so only a hung shutdown waits it out.
    containers = deployment.containers.values()
    exit_codes = stop_together(containers, grace=STOP_GRACE_SECONDS)
    assert exit_codes == {container.name: 0 for container in containers}
