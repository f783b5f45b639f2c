"""nginx in front of gunicorn, as a TLS-terminating reverse proxy would stand there.

With several gunicorn instances, nginx spreads the requests over them round robin (its
default for an upstream group) and names the instance that answered each request in an
`X-Upstream` response header, which only the harness's own proxy adds.

The harness writes the configuration into the stack's work directory and runs nginx in
the foreground from there: its pid file, temporary files and logs stay in that directory.
"""

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .processes import Process
from .services import services_required

CONFIG = """\
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {dir}/nginx-access.log;
{temp_paths}
    upstream web {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://web;
            add_header X-Upstream $upstream_addr always;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # TLS ends at the proxy in production; the app sees the scheme it reports.
            proxy_set_header X-Forwarded-Proto https;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx():
    """The nginx binary; like a missing service, a missing nginx skips the live steps,
    or fails them under REQUIRE_SERVICES=1."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        message = "nginx is missing (apt-get install -y nginx-light)"
        if services_required():
            pytest.fail(f"{message} and REQUIRE_SERVICES=1", pytrace=False)
        pytest.skip(message)
    return found


@functools.cache
def _modules_without(binary):
    built = subprocess.run([binary, "-V"], capture_output=True, text=True, check=True).stderr
    return {name for name in TEMP_PATHS if f"--without-http_{name}_module" in built}


def start_proxy(*, port, upstream_ports, work_dir: Path):
    """Start nginx on 127.0.0.1:`port`, proxying to gunicorn on each of `upstream_ports`."""
    binary = nginx()
    directory = work_dir / "nginx"
    directory.mkdir(exist_ok=True)
    temp_paths = "\n".join(
        f"    {name}_temp_path {directory / name};"
        for name in TEMP_PATHS
        if name not in _modules_without(binary)
    )
    config = directory / "nginx.conf"
    config.write_text(
        CONFIG.format(
            # As root, nginx's workers would otherwise drop to an account that cannot
            # reach the private work directory.
            user="user root;\n" if os.geteuid() == 0 else "",
            dir=directory,
            temp_paths=temp_paths,
            port=port,
            servers="\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports),
        )
    )
    return Process(
        "nginx",
        [binary, "-p", str(directory), "-c", str(config), "-e", str(directory / "nginx-error.log"),
         "-g", "daemon off;"],
        cwd=directory,
        env=None,
        log_dir=work_dir,
    )  # fmt: skip
