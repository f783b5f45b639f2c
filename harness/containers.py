"""Build a rendered project's images and run them with plain `docker`.

Images are tagged with a hash of the build context, so a project whose Dockerfile and
files are the same as an earlier one's reuses its images instead of building again
(Docker's layer cache shares the rest). Containers use the host's network, so they
reach the PostgreSQL, Redis and RabbitMQ the other template tests use.
"""

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from docker.utils.build import exclude_paths
from filelock import FileLock

from .processes import poll, run
from .trees import CACHE_DIR

BUILD_TIMEOUT = 1200
BUILD_LOCKS = CACHE_DIR / "image-builds"
# Failed probes count only after this; on a loaded CI machine Django can take a while to
# import. The first passing probe ends it, so a healthy container never waits for it.
# Until then probes run every `start_interval`; after it, at the image's own interval.
START_PERIOD = "180s"


def docker(*args, timeout=120, check=True, env=None):
    return run(["docker", *args], cwd=None, env=env, timeout=timeout, check=check)


@cache  # a context does not change while its images are built
def context_digest(project: Path):
    """A digest of what `docker build` sends: every file its .dockerignore lets through
    (and the Dockerfile, which the build always reads)."""
    lines = (line.strip() for line in (project / ".dockerignore").read_text().splitlines())
    patterns = [line for line in lines if line and not line.startswith("#")]
    digest = hashlib.sha256()
    for relative in sorted(exclude_paths(str(project), patterns)):
        path = project / relative
        if path.is_file():
            digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build(project: Path, target: str, slug: str):
    """The image of `target`, built unless an identical context was built before."""
    tag = f"tpl-{slug.replace('_', '-')}-{target}:{context_digest(project)}"
    BUILD_LOCKS.mkdir(parents=True, exist_ok=True)
    # Trees whose contexts are the same wait for one build rather than make a second image.
    with FileLock(BUILD_LOCKS / f"{tag}.lock"):
        if docker("image", "inspect", tag, check=False).returncode != 0:
            docker(
                "build", "--network", "host", "--target", target, "--tag", tag, str(project),
                timeout=BUILD_TIMEOUT,
            )  # fmt: skip
    return tag


def image_id(tag):
    return docker("image", "inspect", "--format", "{{.Id}}", tag).stdout.strip()


@dataclass
class Container:
    name: str  # also its hostname

    @classmethod
    def start(cls, image, *, role, env, start_interval, command=(), flags=()):
        """Start `image` detached; `env` values are passed through the client's environment,
        `flags` to `docker run`. The image's health check runs every `start_interval` until
        it first passes; None runs none (as under Kubernetes, whose kubelet ignores it and
        runs the pod's own probes)."""
        name = f"tpl-{role}-{uuid.uuid4().hex[:10]}"
        env_flags = [arg for key in env for arg in ("--env", key)]
        health = (
            ["--no-healthcheck"]
            if start_interval is None
            else ["--health-start-period", START_PERIOD, "--health-start-interval", start_interval]
        )
        docker(
            "run", "--detach", "--name", name, "--hostname", name, "--network", "host",
            *health, *env_flags, *flags, image, *command,
            env={**os.environ, **env},
        )  # fmt: skip
        return cls(name)

    def state(self):
        return json.loads(docker("inspect", "--format", "{{json .State}}", self.name).stdout)

    def logs(self):
        completed = docker("logs", "--tail", "80", self.name, check=False)
        return completed.stdout + completed.stderr

    def wait_healthy(self, timeout=300):
        def healthy():
            state = self.state()
            status = state.get("Health", {}).get("Status")
            if not state["Running"] or status == "unhealthy":
                probes = state.get("Health", {}).get("Log", [])[-3:]
                raise AssertionError(
                    f"{self.name} is {state['Status']}, health {status}; last probes "
                    f"{json.dumps(probes, indent=1)}\n--- logs\n{self.logs()}"
                )
            return status == "healthy"

        poll(healthy, timeout=timeout, interval=0.5, what=f"{self.name} to report healthy")

    def exec(self, *argv, check=True):
        return docker("exec", self.name, *argv, check=check, timeout=60)

    def stop(self, grace=10):
        """`docker stop` (SIGTERM, SIGKILL after `grace` seconds); returns the exit code."""
        docker("stop", "--time", str(grace), self.name, timeout=grace + 60)
        return self.state()["ExitCode"]

    def remove(self):
        docker("rm", "--force", self.name, check=False)


def stop_together(containers, *, grace):
    """`docker stop` every container at once, as an orchestrator stops a deployment;
    returns {container name: exit code}."""
    docker("stop", "--time", str(grace), *(c.name for c in containers), timeout=grace + 60)
    return {container.name: container.state()["ExitCode"] for container in containers}


def run_once(image, *, env, command, flags=()):
    """Run a one-shot container to completion (like compose's migrate service)."""
    env_flags = [arg for key in env for arg in ("--env", key)]
    return docker(
        "run", "--rm", "--network", "host", *env_flags, *flags, image, *command,
        env={**os.environ, **env}, timeout=300,
    )  # fmt: skip
