"""Where a request's time goes: pyinstrument over the rendered project's endpoints.

`python -m benchsite.profile MANIFEST OUTPUT_DIR [--cpu-only]` in the rendered project, on
the seeded database; the manifest, which bench/api.py writes, names the endpoints. Requests
go through Django's test client: the whole middleware stack in this one process, no network
and no other workers. For each endpoint it

- times every contender's version for the CPU this process spends per request, a number
  a busy machine disturbs far less than throughput (the database's own CPU is not in it);
- profiles the rendered project's version with the sampling profiler and writes the
  functions by own time and the call tree to OUTPUT_DIR/<endpoint>.txt.
"""

import argparse
import json
import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
django.setup()

from django.test import Client  # noqa: E402
from order_api.users.models import User  # noqa: E402
from pyinstrument import Profiler  # noqa: E402
from rest_framework_simplejwt.tokens import AccessToken  # noqa: E402

PREFIXES = {"rendered": "/api/v1", "naive": "/naive/api/v1", "floor": "/floor/api/v1"}
CALLS = {"GET": 200, "POST": 100}
WARMUP = 10
FLAT_LINES = 45
# Frames of these packages stay in the call tree; the rest of the stack is folded.
PROJECT_AND_FRAMEWORKS = r".*/(order_api|benchsite|rest_framework\w*|django_filters)/.*"


def client_for(manifest, user):
    headers = {"X-Forwarded-Proto": "https"}
    if user:
        account = User.objects.get(email=manifest[user]["email"])
        headers["Authorization"] = f"Bearer {AccessToken.for_user(account)}"
    return Client(headers=headers)


def calls(client, method, path, bodies, count):
    for index in range(count):
        if method == "GET":
            response = client.get(path)
        else:
            body = bodies[index % len(bodies)]
            response = client.post(path, data=body, content_type="application/json")
        if response.status_code >= 400:
            raise SystemExit(f"{method} {path} answered {response.status_code}")


def cpu_per_request(client, method, path, bodies):
    """Milliseconds of this process's CPU, and of wall time, per request."""
    calls(client, method, path, bodies, WARMUP)
    count = CALLS[method]
    cpu, wall = time.process_time(), time.perf_counter()
    calls(client, method, path, bodies, count)
    return (
        (time.process_time() - cpu) / count * 1000,
        (time.perf_counter() - wall) / count * 1000,
    )


def profile(client, method, path, bodies):
    calls(client, method, path, bodies, WARMUP)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    calls(client, method, path, bodies, CALLS[method])
    profiler.stop()
    flat = profiler.output_text(flat=True, time="percent_of_total")
    tree = profiler.output_text(
        unicode=True, processor_options={"show_regex": PROJECT_AND_FRAMEWORKS}
    )
    flat_top = "\n".join(_portable(flat).splitlines()[:FLAT_LINES])
    return f"Functions by own time:\n{flat_top}\n\nCall tree:\n{_portable(tree)}"


def _portable(text):
    """Without pyinstrument's "Profile at <absolute path>" line, which names this machine."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("Profile at "))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("manifest", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--cpu-only", action="store_true", help="time, do not profile")
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text())
    output = args.output
    bodies = manifest["bodies"]
    lines = [
        "| endpoint | " + " | ".join(f"{name} CPU ms" for name in PREFIXES) + " |",
        "|---|" + "--:|" * len(PREFIXES),
    ]
    for endpoint in manifest["endpoints"]:
        name, method, path = endpoint["slug"], endpoint["method"], endpoint["path"]
        client = client_for(manifest, endpoint["user"])
        cells = []
        for prefix in PREFIXES.values():
            cpu, _wall = cpu_per_request(client, method, prefix + path, bodies)
            cells.append(f"{cpu:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
        if args.cpu_only:
            continue
        report = profile(client, method, PREFIXES["rendered"] + path, bodies)
        (output / f"{name}.txt").write_text(f"{method} {PREFIXES['rendered']}{path}\n\n{report}")
    table = "\n".join(lines) + "\n"
    (output / "cpu.md").write_text(
        "CPU time of the serving process per request, in-process through Django's test "
        "client (database time not included):\n\n" + table
    )
    print(table)


if __name__ == "__main__":
    main()
