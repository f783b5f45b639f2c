"""Apply the feature manifest and write the git-ignored .env.

The manifest below is the only place that decides which files exist: reading it tells
everything a prompt does to the tree. The hook is offline and deterministic; the only
randomness is the secrets, and they go only into .env.
"""

import secrets
import shutil
from pathlib import Path

PROJECT = Path.cwd()
# Every answer, yes/no ones as booleans (local_extensions.answers; the pre-generation hook
# has refused any other).
ANSWERS = {{ cookiecutter | answers }}
SLUG = ANSWERS["project_slug"]

FEATURES = {
    "celery": ANSWERS["use_celery"],
    "no_celery": not ANSWERS["use_celery"],
    "opentelemetry": ANSWERS["use_opentelemetry"],
    "docker": ANSWERS["use_docker"],
    "api_docs": ANSWERS["use_api_docs"],
    "kubernetes": ANSWERS["deploy"] == "kubernetes",
    "github_ci": ANSWERS["ci_provider"] == "github",
    "gitlab_ci": ANSWERS["ci_provider"] == "gitlab",
}

# feature -> paths (relative to the project) deleted when the feature is off; a path listed
# under two features stays only when both are on.
MANIFEST = {
    "celery": [
        "config/celery.py",
        "config/beat.py",
        "config/settings/celery.py",
        "config/celery_telemetry.py",
        f"{SLUG}/core/broker.py",
        f"{SLUG}/core/celery_dispatch.py",
        f"{SLUG}/core/tests/test_celery_config.py",
        f"{SLUG}/core/tests/test_celery_telemetry.py",
        f"{SLUG}/users/tests/test_tasks.py",
        f"{SLUG}/orders/tests/test_tasks.py",
        f"{SLUG}/orders/tests/test_real_worker.py",
        "deploy/k8s/base/celery",
        "deploy/k8s/overlays/staging/workers.yaml",
        "deploy/k8s/overlays/production/workers.yaml",
    ],
    # Without Celery, jobs run in the process that dispatches them.
    "no_celery": [
        f"{SLUG}/core/local_dispatch.py",
    ],
    "opentelemetry": [
        "config/telemetry.py",
        "config/settings/telemetry.py",
        "config/celery_telemetry.py",
        f"{SLUG}/core/tests/conftest.py",
        f"{SLUG}/core/tests/tracing.py",
        f"{SLUG}/core/tests/test_telemetry.py",
        f"{SLUG}/core/tests/test_celery_telemetry.py",
    ],
    "docker": [
        "Dockerfile",
        ".dockerignore",
        "compose.yaml",
        "deploy/nginx",
    ],
    # The Celery manifests are listed under both, like the Celery tracing hooks above.
    "kubernetes": [
        "deploy/k8s",
        "deploy/k8s/base/celery",
        "deploy/k8s/overlays/staging/workers.yaml",
        "deploy/k8s/overlays/production/workers.yaml",
    ],
    "api_docs": [
        "config/api_docs_urls.py",
        "config/settings/api_docs.py",
    ],
    "github_ci": [".github"],
    "gitlab_ci": [".gitlab-ci.yml", "renovate.json"],
}

ENV_FILE = """\
# Secrets for this checkout. Git-ignored: never commit this file.
SECRET_KEY={secret_key}
POSTGRES_PASSWORD={postgres_password}
PAYMENT_WEBHOOK_SECRET={payment_webhook_secret}
"""


def remove(path):
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    # A folder whose every file belonged to disabled features goes too (deploy/ without
    # nginx and Kubernetes).
    for parent in path.parents:
        if parent == PROJECT or not parent.is_dir() or any(parent.iterdir()):
            break
        parent.rmdir()


def apply_manifest():
    for feature, enabled in FEATURES.items():
        if not enabled:
            for relative in MANIFEST[feature]:
                remove(PROJECT / relative)


def write_env_file():
    content = ENV_FILE.format(
        secret_key=secrets.token_urlsafe(50),
        postgres_password=secrets.token_urlsafe(24),
        payment_webhook_secret=secrets.token_urlsafe(32),
    )
    env_file = PROJECT / ".env"
    env_file.write_text(content)
    env_file.chmod(0o600)


def print_next_steps():
    print(
        f"\nCreated {PROJECT.name}. Next steps:\n"
        f"  cd {PROJECT.name}\n"
        "  make run     # install with uv, migrate SQLite, serve on http://127.0.0.1:8000\n"
        "  make test    # run the test suite\n"
    )


def main():
    apply_manifest()
    write_env_file()
    print_next_steps()


if __name__ == "__main__":
    main()
