"""CI configuration is valid: the template's own workflow and each variant's rendered CI.

GitHub workflows go through actionlint (with shellcheck on their `run:` scripts), GitLab
CI through GitLab's schema as check-jsonschema ships it, so a wrong key, expression or
action input fails here rather than on a user's first push.
"""

import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from harness.processes import run, tool
from harness.rendering import PROJECT_TEMPLATE, render_file
from harness.trees import end_to_end_variants
from harness.variants import TEMPLATE_DIR

RENDERED_WORKFLOW = PROJECT_TEMPLATE / ".github" / "workflows" / "ci.yml"
BROKER_SCHEMES = {"redis": "redis", "rabbitmq": "amqp"}


def actionlint(workflows, *, cwd):
    assert workflows, "no workflow to check"
    command = [tool("actionlint"), "-no-color", "-shellcheck", tool("shellcheck")]
    run([*command, *workflows], cwd=cwd, env=None)


def vendor_schema(schema, config, *, cwd):
    command = [tool("check-jsonschema"), "--builtin-schema", f"vendor.{schema}", config]
    run(command, cwd=cwd, env=None)


def _ci_env(answers):
    """The variables the rendered .github/ci.env adds, as the workflow loads them."""
    text = render_file(".github/ci.env", answers, root=PROJECT_TEMPLATE)
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


def _published_ports(workflow_path, job):
    services = yaml.safe_load(workflow_path.read_text())["jobs"][job]["services"]
    return {int(port.split(":")[0]) for service in services.values() for port in service["ports"]}


def test_template_workflow_passes_actionlint():
    workflows = sorted((TEMPLATE_DIR / ".github" / "workflows").glob("*.yml"))

    actionlint(workflows, cwd=TEMPLATE_DIR)


def test_end_to_end_ids_print_as_the_json_list_the_ci_matrix_reads():
    listed = subprocess.run(
        [sys.executable, "-m", "harness.variants", "--json"],
        cwd=TEMPLATE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(listed.stdout) == [variant.id for variant in end_to_end_variants()]


def test_rendered_github_workflow_has_no_template_syntax():
    # It is copied without rendering, so Jinja in it would reach users verbatim.
    text = RENDERED_WORKFLOW.read_text()

    assert "{%" not in text
    assert "cookiecutter" not in text


@pytest.mark.parametrize("broker", list(BROKER_SCHEMES))
def test_github_ci_env_points_the_broker_at_a_service_container(broker):
    env = _ci_env({"use_celery": "y", "celery_broker": broker})
    url = urlsplit(env["CELERY_BROKER_URL"])

    assert url.scheme == BROKER_SCHEMES[broker]
    assert url.port in _published_ports(RENDERED_WORKFLOW, "tests")


def test_github_ci_env_sets_no_broker_without_celery():
    assert _ci_env({"use_celery": "n", "celery_broker": "rabbitmq"}) == {}


def test_ci_config_passes_its_linter(variant, baked):
    provider = variant.answers["ci_provider"]
    if provider == "github":
        actionlint(sorted((baked / ".github" / "workflows").glob("*.yml")), cwd=baked)
        vendor_schema("dependabot", baked / ".github" / "dependabot.yml", cwd=baked)
    elif provider == "gitlab":
        vendor_schema("gitlab-ci", baked / ".gitlab-ci.yml", cwd=baked)
        vendor_schema("renovate", baked / "renovate.json", cwd=baked)
    else:
        assert not (baked / ".github").exists()
        assert not (baked / ".gitlab-ci.yml").exists()
        assert not (baked / "renovate.json").exists()


@pytest.mark.for_variants(where=lambda variant: variant.answers["ci_provider"] != "none")
def test_ci_type_checks_the_project(variant, baked):
    if variant.answers["ci_provider"] == "github":
        steps = yaml.safe_load((baked / ".github" / "workflows" / "ci.yml").read_text())
        script = [step.get("run", "").strip() for step in steps["jobs"]["checks"]["steps"]]
    else:
        script = yaml.safe_load((baked / ".gitlab-ci.yml").read_text())["checks"]["script"]
    assert "uv run mypy ." in script


@pytest.mark.for_variants(where=lambda variant: variant.answers["ci_provider"] != "none")
def test_ci_audits_the_locked_dependencies(variant, baked):
    """The CI audits exactly what uv.lock pins, and its update bot covers each ecosystem."""
    provider = variant.answers["ci_provider"]
    if provider == "github":
        steps = yaml.safe_load((baked / ".github" / "workflows" / "ci.yml").read_text())
        script = "\n".join(step.get("run", "") for step in steps["jobs"]["audit"]["steps"])
        updates = yaml.safe_load((baked / ".github" / "dependabot.yml").read_text())["updates"]
        ecosystems = {update["package-ecosystem"] for update in updates}
        assert ecosystems == {"uv", "github-actions"} | (
            {"docker"} if variant.enabled("use_docker") else set()
        )
    elif provider == "gitlab":
        script = "\n".join(
            yaml.safe_load((baked / ".gitlab-ci.yml").read_text())["audit"]["script"]
        )
        managers = set(json.loads((baked / "renovate.json").read_text())["enabledManagers"])
        assert managers == {"pep621", "gitlabci"} | (
            {"dockerfile"} if variant.enabled("use_docker") else set()
        )
    assert "uv export --locked" in script
    assert "pip-audit" in script
    assert "--disable-pip" in script
