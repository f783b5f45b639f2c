"""Start a rendered project's processes, wait for them, and stop them cleanly."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from . import http_client


def tool(name):
    """An executable from requirements-test.txt: beside this interpreter, or on PATH."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=search)
    if found is None:
        pytest.fail(f"{name} is missing: pip install -r requirements-test.txt", pytrace=False)
    return found


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def poll(predicate, *, timeout, interval=0.2, what="condition"):
    """Call `predicate` until it returns a truthy value or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def run(command, *, cwd, env, timeout=600, check=True):
    """Run a command to completion; fail with its output when it fails (unless check=False)."""
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and completed.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, command))} exited {completed.returncode}\n"
            f"--- stdout\n{completed.stdout[-6000:]}\n--- stderr\n{completed.stderr[-6000:]}"
        )
    return completed


class Process:
    """A long-running child whose output goes to a log file; as a context manager, stopped
    when the `with` block ends."""

    def __init__(self, name, command, *, cwd, env, log_dir):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._terminated = False
        self._log = self.log_path.open("wb")
        # Its own process group, so that stopping it reaches every process it started.
        self.popen = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def assert_running(self):
        if self.popen.poll() is not None:
            raise AssertionError(f"{self.name} exited with {self.popen.returncode}:\n{self.tail()}")

    def tail(self, chars=4000):
        return self.log_path.read_text(errors="replace")[-chars:]

    def signal(self, signum, *, group=True):
        """Send `signum` to the process group, or to the process alone."""
        if group:
            os.killpg(self.popen.pid, signum)
        else:
            os.kill(self.popen.pid, signum)

    def wait(self, timeout):
        """The exit code once the process has exited; fails after `timeout` seconds."""
        code = self.popen.wait(timeout)
        self._log.close()
        return code

    def terminate(self):
        """SIGTERM to the process group, once: a second one can mean "hurry" to a server."""
        if self.popen.poll() is None and not self._terminated:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self._terminated = True

    def stop(self, timeout=30):
        """SIGTERM, then wait; returns the exit code (SIGKILL only as a last resort)."""
        if self.popen.poll() is None:
            self.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self._log.close()
        return self.popen.returncode


def wait_for_http(url, *, process, timeout=60):
    def answered():
        process.assert_running()
        try:
            return http_client.get(url, timeout=2).status_code < 500
        except httpx.TransportError:
            return False

    poll(answered, timeout=timeout, what=url)


def child_env(venv, extra):
    """This process's environment without test-runner leftovers, `venv` first on PATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    for key in ("DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV", "PYTHONPATH", "DATABASE_URL"):
        env.pop(key, None)
    _undo_pyenv_exec(env)
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def _undo_pyenv_exec(env):
    """Drop what a pyenv shim that started this runner pinned (its version, first on PATH),
    so that children choose their Python from `.python-version` as a fresh shell would."""
    root = env.get("PYENV_ROOT")
    if not root:
        return
    env.pop("PYENV_VERSION", None)
    env.pop("PYENV_DIR", None)
    pinned = f"{root}/versions/"
    env["PATH"] = os.pathsep.join(
        entry for entry in env["PATH"].split(os.pathsep) if not entry.startswith(pinned)
    )
