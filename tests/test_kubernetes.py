"""The Kubernetes manifests of each variant with deploy=kubernetes.

Offline: `kubectl kustomize` builds each overlay; every object it yields is validated
strictly against the schemas of one Kubernetes release (kubernetes-validate ships them);
policy tests hold the workloads to what a cluster and the image need: probes, resources,
the image's unprivileged uid on a read-only root, one beat, images and commands that the
Dockerfile and the project really have, production settings that start from the ConfigMap
and the documented Secret, and no secret in the repository.

With Docker: each pod's container runs under its security context, passes its probes and
stops cleanly within its grace period (skipped without a Docker engine, or failed under
REQUIRE_SERVICES=1). This part proves how the manifests run, which the policy tests
already pin for every tree: it runs once per run, for the first Kubernetes tree of the
run in the variant list, and the others count it as covered.
"""

import math
import re
import secrets
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction

import httpx
import pytest
import yaml

from harness import http_client, services, trees, variants
from harness.containers import Container, build, run_once
from harness.dockerfile import ProjectCommands, stages
from harness.processes import child_env, free_port, poll, run, tool
from harness.steps import skip_as_covered

# The newest release whose schemas kubernetes-validate (requirements-test.txt) ships.
KUBERNETES_VERSION = "1.37.0"
OVERLAYS = ["staging", "production"]
SECRET_NAME = "app-secrets"  # noqa: S105 (the name of the Secret, not a value)
CONFIG_MAP_NAME = "app-config"
# The one writable path of the containers, inside them.
WRITABLE_PATH = "/tmp"  # noqa: S108
CELERY_DEPLOYMENTS = {"worker-emails", "worker-orders", "beat"}
# The release order in deploy/k8s/README.md applies these by label, before everything else.
RELEASE_FIRST = {"Namespace": "namespace", "ConfigMap": "config", "Job": "migrate"}

pytestmark = pytest.mark.for_variants(
    where=lambda variant: variant.answers["deploy"] == "kubernetes"
)
per_overlay = pytest.mark.parametrize("overlay", OVERLAYS)


@dataclass
class Build:
    text: str
    objects: list

    def of_kind(self, kind):
        return {obj["metadata"]["name"]: obj for obj in self.objects if obj["kind"] == kind}

    @property
    def config(self):
        (config_map,) = self.of_kind("ConfigMap").values()
        return config_map["data"]

    def workloads(self):
        """(name, pod spec) of every Deployment and Job."""
        for kind in ("Deployment", "Job"):
            for name, obj in self.of_kind(kind).items():
                yield name, obj["spec"]["template"]["spec"]

    def containers(self):
        """(workload name, pod spec, container) of every container of every workload."""
        for name, pod in self.workloads():
            for container in pod.get("initContainers", []) + pod["containers"]:
                yield name, pod, container


@pytest.fixture(scope="module")
def builds(baked):
    built = {}
    for overlay in OVERLAYS:
        text = run(
            [tool("kubectl"), "kustomize", f"deploy/k8s/overlays/{overlay}"], cwd=baked, env=None
        ).stdout
        built[overlay] = Build(text, [obj for obj in yaml.safe_load_all(text) if obj])
    return built


@pytest.fixture(scope="module")
def image_uid(baked):
    """The uid the Dockerfile's runtime stage runs as."""
    return int(re.search(r"^USER (\d+)", (baked / "Dockerfile").read_text(), re.M).group(1))


def documented_secret_keys(baked):
    """The keys of the `kubectl create secret generic app-secrets` example in the guide."""
    guide = (baked / "deploy" / "k8s" / "README.md").read_text()
    command = re.search(rf"kubectl create secret generic {SECRET_NAME} .*?(?<!\\)\n", guide, re.S)
    assert command, "deploy/k8s/README.md shows no `kubectl create secret generic` command"
    return re.findall(r"--from-literal=(\w+)=", command.group(0))


# Stand-ins for each key of the documented Secret: shaped like the real values.
SECRET_PLACEHOLDERS = {
    "SECRET_KEY": lambda variant: secrets.token_urlsafe(50),
    "DATABASE_URL": lambda variant: "postgres://app:placeholder@db.internal:5432/app",
    "REDIS_URL": lambda variant: "redis://:placeholder@cache.internal:6379/0",
    "CELERY_BROKER_URL": lambda variant: {
        "redis": "redis://:placeholder@cache.internal:6379/1",
        "rabbitmq": "amqp://app:placeholder@mq.internal:5672/app",
    }[variant.broker],
    "EMAIL_URL": lambda variant: "smtp+tls://mailer:placeholder@smtp.internal:587",
    "PAYMENT_WEBHOOK_SECRET": lambda variant: secrets.token_urlsafe(32),
}


def pod_environment(variant, venv, baked, build, **extra):
    """What a pod's processes see: the ConfigMap, and a stand-in for each key of the
    documented Secret (a key without a stand-in fails the test)."""
    keys = documented_secret_keys(baked)
    unknown = [key for key in keys if key not in SECRET_PLACEHOLDERS]
    assert unknown == [], "give these keys a placeholder in SECRET_PLACEHOLDERS"
    env = child_env(venv, {})
    env.pop("WEB_CONCURRENCY", None)
    env.update(build.config)
    env.update({key: SECRET_PLACEHOLDERS[key](variant) for key in keys})
    env.update(extra)
    return env


# Building and validating ----------------------------------------------------------------


@per_overlay
def test_overlay_validates_strictly_against_the_kubernetes_schemas(builds, overlay, tmp_path):
    manifest = tmp_path / f"{overlay}.yaml"
    manifest.write_text(builds[overlay].text)
    completed = run(
        [
            tool("kubernetes-validate"),
            "--strict",
            "--kubernetes-version",
            KUBERNETES_VERSION,
            "--quiet",
            manifest,
        ],
        cwd=tmp_path,
        env=None,
    )
    assert "failed" not in completed.stdout + completed.stderr


@per_overlay
def test_overlay_runs_the_workloads_of_the_variant(variant, builds, overlay):
    deployments = set(builds[overlay].of_kind("Deployment"))
    assert deployments == {"web"} | (CELERY_DEPLOYMENTS if variant.uses_celery else set())
    assert set(builds[overlay].of_kind("Job")) == {"migrate"}


def test_overlays_differ_in_hosts_tags_replicas_and_resources(builds):
    def facts(build):
        web = build.of_kind("Deployment")["web"]["spec"]["template"]["spec"]["containers"][0]
        return {
            "host": build.of_kind("Ingress")["web"]["spec"]["rules"][0]["host"],
            "image": web["image"],
            "min_replicas": build.of_kind("HorizontalPodAutoscaler")["web"]["spec"]["minReplicas"],
            "cpu_limit": web["resources"]["limits"]["cpu"],
        }

    staging, production = facts(builds["staging"]), facts(builds["production"])
    assert {key for key in staging if staging[key] == production[key]} == set()


# Policy: every container ------------------------------------------------------------------


@per_overlay
def test_every_long_running_container_has_startup_liveness_and_readiness_probes(builds, overlay):
    missing = {
        f"{name}/{container['name']}": probe
        for name, _, container in builds[overlay].containers()
        if name in builds[overlay].of_kind("Deployment")
        for probe in ("startupProbe", "livenessProbe", "readinessProbe")
        if probe not in container
    }
    assert missing == {}


@per_overlay
def test_web_probes_are_the_project_health_endpoints(builds, overlay):
    (web,) = builds[overlay].of_kind("Deployment")["web"]["spec"]["template"]["spec"]["containers"]
    paths = {probe: web[probe]["httpGet"]["path"] for probe in ("livenessProbe", "readinessProbe")}
    assert paths == {"livenessProbe": "/healthz", "readinessProbe": "/readyz"}


@pytest.mark.for_variants(where=lambda variant: variant.uses_celery)
@per_overlay
def test_workers_are_probed_by_pinging_their_own_node(builds, overlay):
    deployments = builds[overlay].of_kind("Deployment")
    for name in ("worker-emails", "worker-orders"):
        (worker,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            command = " ".join(worker[probe]["exec"]["command"])
            assert "inspect ping" in command
            assert '--destination "celery@$HOSTNAME"' in command


@per_overlay
def test_every_container_requests_and_limits_cpu_and_memory(builds, overlay):
    missing = [
        f"{name}/{container['name']} {bound}.{resource}"
        for name, _, container in builds[overlay].containers()
        for bound in ("requests", "limits")
        for resource in ("cpu", "memory")
        if resource not in container.get("resources", {}).get(bound, {})
    ]
    assert missing == []


@per_overlay
def test_every_container_runs_as_the_image_uid_without_privileges(builds, overlay, image_uid):
    expected = {
        "runAsNonRoot": True,
        "runAsUser": image_uid,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    problems = {}
    for name, pod, container in builds[overlay].containers():
        # The container's own settings win over the pod's.
        effective = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
        wrong = {key: effective.get(key) for key in expected if effective.get(key) != expected[key]}
        if wrong:
            problems[f"{name}/{container['name']}"] = wrong
    assert problems == {}


@per_overlay
def test_every_container_writes_only_to_an_empty_dir_on_tmp(builds, overlay):
    problems = []
    for name, pod, container in builds[overlay].containers():
        empty_dirs = {volume["name"] for volume in pod.get("volumes", []) if "emptyDir" in volume}
        mounts = {mount["mountPath"]: mount["name"] for mount in container.get("volumeMounts", [])}
        if mounts.get(WRITABLE_PATH) not in empty_dirs:
            problems.append(f"{name}/{container['name']} has no emptyDir on {WRITABLE_PATH}")
        problems.extend(
            f"{name}/{container['name']} mounts {path} from a volume that is not an emptyDir"
            for path, volume in mounts.items()
            if volume not in empty_dirs
        )
    assert problems == []


@per_overlay
def test_pods_get_no_service_account_token(builds, overlay):
    mounting = [
        name
        for name, pod in builds[overlay].workloads()
        if pod.get("automountServiceAccountToken") is not False
    ]
    assert mounting == []


# Policy: images and commands --------------------------------------------------------------


@pytest.fixture(scope="module")  # one Django process learns the facts for every test
def project_commands(baked, venv):
    return ProjectCommands(baked, venv, slug=baked.name)


def _stage_of(image, slug, dockerfile_stages):
    """The Dockerfile stage an image reference names: `<slug>` is the default (last)
    stage, `<slug>-<stage>` the others, as the Dockerfile's header builds them."""
    repository = image.rsplit("/", 1)[-1].partition(":")[0]
    if repository == slug:
        return list(dockerfile_stages)[-1]
    return repository.removeprefix(f"{slug}-") if repository.startswith(f"{slug}-") else None


def _commands_of(container, stage):
    """What a container runs: its command (or the stage's), probes and preStop hook."""
    yield "command", (container.get("command", []) + container.get("args", [])) or stage.cmd
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        if "exec" in container.get(probe, {}):
            yield probe, container[probe]["exec"]["command"]
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    if "exec" in pre_stop:
        yield "preStop", pre_stop["exec"]["command"]


@per_overlay
def test_images_name_dockerfile_stages_at_a_pinned_tag(baked, builds, overlay):
    dockerfile_stages = stages(baked / "Dockerfile")
    problems = []
    for name, _, container in builds[overlay].containers():
        image = container["image"]
        if _stage_of(image, baked.name, dockerfile_stages) not in dockerfile_stages:
            problems.append(f"{name}: {image} names no stage of the Dockerfile")
        tag = image.rsplit("/", 1)[-1].partition(":")[2]
        if tag in ("", "latest"):
            problems.append(f"{name}: {image} has no release tag")
    assert problems == []


@per_overlay
def test_containers_run_commands_the_image_and_project_have(
    baked, builds, overlay, project_commands
):
    dockerfile_stages = stages(baked / "Dockerfile")
    problems = {}
    for name, _, container in builds[overlay].containers():
        stage = dockerfile_stages[_stage_of(container["image"], baked.name, dockerfile_stages)]
        for what, argv in _commands_of(container, stage):
            found = project_commands.problems(argv)
            if found:
                problems[f"{name} {what}"] = found
    assert problems == {}


@pytest.mark.for_variants(where=lambda variant: variant.uses_celery)
@per_overlay
def test_each_worker_consumes_its_queue_group(builds, overlay):
    deployments = builds[overlay].of_kind("Deployment")
    queues = {}
    for name in ("worker-emails", "worker-orders"):
        (worker,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        queues[name] = worker["command"][worker["command"].index("-Q") + 1]
    assert queues == {"worker-emails": "emails", "worker-orders": "orders,default"}


# Policy: scaling, shutdown, release order ------------------------------------------------


@pytest.mark.for_variants(where=lambda variant: variant.uses_celery)
@per_overlay
def test_beat_is_one_replica_replaced_by_recreate_and_never_autoscaled(builds, overlay):
    beat = builds[overlay].of_kind("Deployment")["beat"]["spec"]
    targets = {
        hpa["spec"]["scaleTargetRef"]["name"]
        for hpa in builds[overlay].of_kind("HorizontalPodAutoscaler").values()
    }
    assert (beat["replicas"], beat["strategy"]["type"]) == (1, "Recreate")
    assert "beat" not in targets


@per_overlay
def test_every_other_deployment_is_autoscaled_and_leaves_replicas_to_it(builds, overlay):
    deployments = builds[overlay].of_kind("Deployment")
    autoscaled = {
        hpa["spec"]["scaleTargetRef"]["name"]: hpa["apiVersion"]
        for hpa in builds[overlay].of_kind("HorizontalPodAutoscaler").values()
        if hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment"
    }
    expected = set(deployments) - {"beat"}
    assert autoscaled == dict.fromkeys(expected, "autoscaling/v2")
    assert [name for name in expected if "replicas" in deployments[name]["spec"]] == []


@per_overlay
def test_web_pods_have_a_disruption_budget(builds, overlay):
    (budget,) = builds[overlay].of_kind("PodDisruptionBudget").values()
    web_labels = builds[overlay].of_kind("Deployment")["web"]["spec"]["template"]["metadata"][
        "labels"
    ]
    selector = budget["spec"]["selector"]["matchLabels"]
    assert selector.items() <= web_labels.items()


def _seconds_slept(command):
    return int(re.search(r"time\.sleep\((\d+)\)", " ".join(command)).group(1))


@per_overlay
def test_web_grace_period_outlasts_the_drain_and_gunicorn_graceful_timeout(builds, overlay):
    pod = builds[overlay].of_kind("Deployment")["web"]["spec"]["template"]["spec"]
    (web,) = pod["containers"]
    drain = _seconds_slept(web["lifecycle"]["preStop"]["exec"]["command"])
    graceful = int(builds[overlay].config["GUNICORN_GRACEFUL_TIMEOUT"])
    assert drain > 0
    assert pod["terminationGracePeriodSeconds"] > drain + graceful


@pytest.mark.for_variants(where=lambda variant: variant.uses_celery)
@per_overlay
def test_worker_grace_period_outlasts_the_task_time_limit(builds, overlay):
    limit = int(builds[overlay].config["CELERY_TASK_TIME_LIMIT"])
    deployments = builds[overlay].of_kind("Deployment")
    grace = {
        name: deployments[name]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        for name in ("worker-emails", "worker-orders")
    }
    assert min(grace.values()) > limit


@per_overlay
def test_gunicorn_takes_its_workers_from_the_cpu_limit_and_its_drain_from_the_config(
    variant, baked, venv, builds, overlay
):
    (web,) = builds[overlay].of_kind("Deployment")["web"]["spec"]["template"]["spec"]["containers"]
    (concurrency,) = [env for env in web.get("env", []) if env["name"] == "WEB_CONCURRENCY"]
    field = concurrency["valueFrom"]["resourceFieldRef"]
    assert (field["containerName"], field["resource"]) == ("web", "limits.cpu")
    # The downward API rounds the limit divided by the divisor up to a whole number.
    workers = math.ceil(_cpus(web["resources"]["limits"]["cpu"]) / _cpus(field["divisor"]))
    env = pod_environment(variant, venv, baked, builds[overlay], WEB_CONCURRENCY=str(workers))
    printed = run(
        [
            venv / "bin" / "gunicorn",
            "--print-config",
            "--config",
            "gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=baked,
        env=env,
    ).stdout
    settings = dict(re.findall(r"^(workers|graceful_timeout)\s+=\s+(.*)$", printed, re.M))
    assert settings == {
        "workers": str(workers),
        "graceful_timeout": builds[overlay].config["GUNICORN_GRACEFUL_TIMEOUT"],
    }
    assert workers >= 2


def _cpus(quantity):
    quantity = str(quantity)
    return Fraction(quantity[:-1]) / 1000 if quantity.endswith("m") else Fraction(quantity)


@per_overlay
def test_release_order_labels_select_namespace_config_and_migration_first(builds, overlay):
    components = {
        (obj["kind"], obj["metadata"]["name"]): obj["metadata"]
        .get("labels", {})
        .get("app.kubernetes.io/component")
        for obj in builds[overlay].objects
    }
    first = {key: value for key, value in components.items() if value in RELEASE_FIRST.values()}
    assert {kind for kind, _ in first} == set(RELEASE_FIRST)
    assert all(RELEASE_FIRST[kind] == value for (kind, _), value in first.items())


# Policy: configuration and secrets --------------------------------------------------------


@per_overlay
def test_containers_read_the_config_map_and_the_out_of_band_secret(builds, overlay):
    (config_map,) = builds[overlay].of_kind("ConfigMap")
    sources = {
        f"{name}/{container['name']}": container.get("envFrom")
        for name, _, container in builds[overlay].containers()
    }
    expected = [{"configMapRef": {"name": config_map}}, {"secretRef": {"name": SECRET_NAME}}]
    assert config_map.startswith(f"{CONFIG_MAP_NAME}-")
    assert sources == dict.fromkeys(sources, expected)
    assert builds[overlay].of_kind("Secret") == {}


@per_overlay
def test_ingress_serves_the_allowed_hosts_over_tls_behind_one_proxy(builds, overlay):
    (ingress,) = builds[overlay].of_kind("Ingress").values()
    config = builds[overlay].config
    hosts = {rule["host"] for rule in ingress["spec"]["rules"]}
    tls_hosts = {host for entry in ingress["spec"]["tls"] for host in entry["hosts"]}
    assert hosts <= tls_hosts
    assert set(config["ALLOWED_HOSTS"].split(",")) == hosts
    assert config["FRONTEND_URL"].startswith("https://")
    assert config["NUM_PROXIES"] == "1"


@per_overlay
def test_opentelemetry_endpoint_comes_from_the_config_map_only_with_telemetry(
    variant, builds, overlay
):
    endpoint = builds[overlay].config.get("OTEL_EXPORTER_OTLP_ENDPOINT", "")
    assert endpoint.startswith("http") == variant.enabled("use_opentelemetry")


@per_overlay
def test_production_settings_start_from_the_config_map_and_the_documented_secret(
    variant, baked, venv, builds, overlay, tmp_path
):
    """Every variable production requires is named by the ConfigMap or the Secret: the
    deploy checks pass with nothing else (not even the project's .env)."""
    project = tmp_path / "project"
    shutil.copytree(baked, project, ignore=shutil.ignore_patterns(".env", "deploy"))
    env = pod_environment(variant, venv, baked, builds[overlay])
    completed = run(
        [venv / "bin" / "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=project,
        env=env,
    )
    assert "System check identified no issues" in completed.stdout


def test_documented_secret_holds_what_the_config_map_must_not(variant, baked, builds):
    keys = set(documented_secret_keys(baked))
    required = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"}
    if variant.uses_celery:
        required.add("CELERY_BROKER_URL")
    assert required <= keys
    in_config = [
        f"{overlay}: {key}" for overlay, build in builds.items() for key in keys & set(build.config)
    ]
    assert in_config == []


def test_no_secret_value_is_in_the_manifests_or_their_guide(baked):
    """The only secrets of a render are the fresh ones in the git-ignored .env; no
    kustomization generates a Secret, and no manifest or guide holds one of them."""
    generated = [
        line.split("=", 1)[1]
        for line in (baked / ".env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]
    files = [path for path in (baked / "deploy").rglob("*") if path.is_file()]
    assert [p for p in files if any(s in p.read_text() for s in generated)] == []
    assert [p for p in files if "secretGenerator" in p.read_text()] == []


# The pods, run as the kubelet runs them ------------------------------------------------
#
# Each container of the staging overlay runs in Docker with what its pod spec asks of the
# runtime (uid and gid, read-only root with tmpfs for its emptyDirs, no new privileges,
# dropped capabilities, its command with $(VAR) expanded, the ConfigMap, the downward-API
# values), against the variant's own database and broker. The probes and the preStop
# hook run as the kubelet would run them. Host networking: the web pod's `http` port is
# a free port, given to gunicorn as PORT.

RUN_OVERLAY = "staging"


def _runtime_flags(pod, container):
    security = {**pod.get("securityContext", {}), **container.get("securityContext", {})}
    user = security["runAsUser"]
    flags = ["--user", f"{user}:{security.get('runAsGroup', user)}"]
    if security.get("readOnlyRootFilesystem"):
        flags.append("--read-only")
    if security.get("allowPrivilegeEscalation") is False:
        flags += ["--security-opt", "no-new-privileges"]
    flags += [f"--cap-drop={cap}" for cap in security.get("capabilities", {}).get("drop", [])]
    empty_dirs = {volume["name"] for volume in pod.get("volumes", []) if "emptyDir" in volume}
    flags += [
        arg
        for mount in container.get("volumeMounts", [])
        if mount["name"] in empty_dirs
        for arg in ("--tmpfs", mount["mountPath"])
    ]
    return flags


def _downward_values(container):
    """The container's `env` entries, with resourceFieldRef quotients rounded up."""
    values = {}
    for entry in container.get("env", []):
        if "value" in entry:
            values[entry["name"]] = entry["value"]
            continue
        field = entry["valueFrom"]["resourceFieldRef"]
        bound, _, resource = field["resource"].partition(".")
        quantity = container["resources"][bound][resource]
        values[entry["name"]] = str(math.ceil(_cpus(quantity) / _cpus(field.get("divisor", 1))))
    return values


def _expand(argv, env):
    """Kubernetes' $(VAR) expansion in a command."""
    return [re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), a) for a in argv]


@dataclass
class Pod:
    container: Container
    spec: dict  # the container's spec
    pod: dict
    port: int | None

    def probe(self, name):
        probe = self.spec[name]
        if "exec" in probe:
            return self.container.exec(*probe["exec"]["command"], check=False).returncode == 0
        url = f"http://127.0.0.1:{self.port}{probe['httpGet']['path']}"
        try:
            return http_client.get(url, timeout=probe.get("timeoutSeconds", 1)).is_success
        except httpx.TransportError:
            return False


def runs_the_pods(selected_ids):
    """The variant that runs the pods in Docker in a run of `selected_ids` (none: all).

    The first Kubernetes tree in the variant list: single choices come before pairs, so
    in a full run it is `deploy=kubernetes` with the default Celery, whose pods (web,
    each worker, beat, the migration Job) include those of every other tree.
    """
    chosen = set(variants.select(selected_ids))
    return next(
        variant
        for variant in variants.VARIANTS
        if variant in chosen
        and variant.answers["deploy"] == "kubernetes"
        and trees.represents_its_tree(variant)
    )


@pytest.fixture(scope="module")
def pods_run_here(variant, request):
    owner = runs_the_pods(request.config.getoption("variant"))
    if owner != variant:
        skip_as_covered(f"the pods already run in Docker by {owner.id}")


@pytest.fixture(scope="module")
def pod_env(pods_run_here, variant, venv, baked, builds, variant_services):
    env = pod_environment(variant, venv, baked, builds[RUN_OVERLAY])
    env.pop("OTEL_EXPORTER_OTLP_ENDPOINT", None)  # no collector here
    return {
        key: env[key]
        for key in [*builds[RUN_OVERLAY].config, *documented_secret_keys(baked)]
        if key in env
    } | variant_services.environment()


@pytest.fixture(scope="module")
def images(pods_run_here, baked, builds):
    services.require_service("docker")
    dockerfile_stages = stages(baked / "Dockerfile")
    return {
        container["image"]: build(
            baked, _stage_of(container["image"], baked.name, dockerfile_stages), baked.name
        )
        for _, _, container in builds[RUN_OVERLAY].containers()
    }


@pytest.fixture(scope="module")
def migrated(builds, images, pod_env):
    """The migration Job's container, run to completion."""
    pod = builds[RUN_OVERLAY].of_kind("Job")["migrate"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    return run_once(
        images[container["image"]],
        env=pod_env,
        command=container["command"],
        flags=_runtime_flags(pod, container),
    )


@pytest.fixture(scope="module")
def pods(builds, images, pod_env, migrated):
    started = {}
    try:
        for name, pod in builds[RUN_OVERLAY].workloads():
            if name not in builds[RUN_OVERLAY].of_kind("Deployment"):
                continue
            (container,) = pod["containers"]
            port = free_port() if container.get("ports") else None
            env = {**pod_env, **_downward_values(container)}
            if port:
                env["PORT"] = str(port)
            started[name] = Pod(
                Container.start(
                    images[container["image"]],
                    role=name,
                    env=env,
                    start_interval=None,  # the test runs the pod's probes itself
                    command=_expand(container.get("command", []), env),
                    flags=_runtime_flags(pod, container),
                ),
                container,
                pod,
                port,
            )
        yield started
    finally:
        for pod in started.values():
            pod.container.remove()


def test_migration_job_completes_under_its_security_context(migrated):
    assert "Applying users.0001_initial... OK" in migrated.stdout


def test_pods_pass_startup_then_liveness_and_readiness_probes(pods):
    for name, pod in pods.items():
        startup = pod.spec["startupProbe"]
        deadline = startup["periodSeconds"] * startup["failureThreshold"]
        poll(
            lambda pod=pod: pod.probe("startupProbe"),
            timeout=deadline,
            interval=startup["periodSeconds"] / 5,
            what=f"{name} to start",
        )
        # A probe that asks what the startup probe just answered is not asked twice.
        others = [
            probe
            for probe in ("livenessProbe", "readinessProbe")
            if _handler(pod.spec[probe]) != _handler(startup)
        ]
        outcome = {probe: pod.probe(probe) for probe in others}
        assert outcome == dict.fromkeys(others, True), pod.container.logs()


def _handler(probe):
    return {key: value for key, value in probe.items() if key in ("exec", "httpGet")}


def test_pods_stop_cleanly_after_pre_stop_within_their_grace_period(pods):
    def terminate(pod):
        """What the kubelet does: the preStop hook, then SIGTERM, then SIGKILL once the
        grace period (which the hook's time counts against) is over."""
        pre_stop = pod.spec.get("lifecycle", {}).get("preStop", {}).get("exec")
        started = time.monotonic()
        if pre_stop:
            pod.container.exec(*pre_stop["command"])
        grace = pod.pod["terminationGracePeriodSeconds"] - int(time.monotonic() - started)
        return pod.container.stop(grace=grace)

    # The pods of a deployment are terminated at the same time.
    with ThreadPoolExecutor(max_workers=len(pods)) as pool:
        exit_codes = dict(zip(pods, pool.map(terminate, pods.values()), strict=True))
    assert exit_codes == dict.fromkeys(pods, 0)
