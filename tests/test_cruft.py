"""Projects take template updates with cruft: edits kept, changes applied, features toggled.

The template is copied into a temporary git repository, since cruft renders from commits.
The second commit is the kind of change a template release brings: a settings block and a
new test in the project.
"""

import json
import shutil

import pytest

from harness.processes import child_env, run, tool
from harness.trees import CACHE_DIR, HYPOTHESIS_STORAGE
from harness.variants import DEFAULTS, TEMPLATE_DIR
from harness.venvs import shared_venv

SLUG = "order_api"
SETTINGS = "config/settings/base.py"
NEW_TEST = f"{SLUG}/core/tests/test_upload_limits.py"
SETTINGS_BLOCK = """
# A request may carry at most this many form fields (Django's default is 1000).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
"""
NEW_TEST_TEXT = """from django.conf import settings


def test_requests_carry_at_most_500_form_fields():
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 500
"""
USER_NOTE = "\n## Our runbook\n\nPage the on-call engineer before restarting the workers.\n"
# Files a render writes that differ from one render to the next, or that only cruft writes.
OWN_FILES = {".env", ".cruft.json"}


def git(*args, cwd):
    return run(["git", *args], cwd=cwd, env=None).stdout.strip()


def commit_all(repo, message):
    git("add", "-A", cwd=repo)
    git(
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.com",
        "commit",
        "-qm",
        message,
        cwd=repo,
    )
    return git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture(scope="module")
def template_repo(tmp_path_factory):
    """The template as it is in the working tree, committed; returns (path, first commit)."""
    repo = tmp_path_factory.mktemp("template")
    listed = git("ls-files", "-co", "--exclude-standard", "-z", cwd=TEMPLATE_DIR)
    for name in filter(None, listed.split("\0")):
        source = TEMPLATE_DIR / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git("init", "-q", "-b", "main", cwd=repo)
    return repo, commit_all(repo, "template")


def cruft_create(repo, output_dir, *, checkout, context=None):
    command = [tool("cruft"), "create", str(repo), "--no-input", "--checkout", checkout]
    command += ["--output-dir", str(output_dir)]
    if context:
        command += ["--extra-context", json.dumps(context)]
    run(command, cwd=output_dir, env=None)
    project = output_dir / SLUG
    git("init", "-q", "-b", "main", cwd=project)
    commit_all(project, "generated")
    return project


def user_edits(project):
    with (project / "README.md").open("a") as readme:
        readme.write(USER_NOTE)
    commit_all(project, "runbook")


def cruft_update(project, *arguments):
    command = [tool("cruft"), "update", "--skip-apply-ask", "--allow-untracked-files"]
    run([*command, *arguments], cwd=project, env=None)
    assert not list(project.rglob("*.rej"))


def as_answer(value):
    """A recorded answer as the command line takes it (yes/no questions are booleans)."""
    if isinstance(value, bool):
        return "y" if value else "n"
    return value


def project_files(root):
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(root).parts
    }


@pytest.mark.seconds(20)
def test_update_applies_the_template_change_and_keeps_the_users_edit(template_repo, tmp_path):
    repo, first = template_repo
    project = cruft_create(repo, tmp_path, checkout=first)
    user_edits(project)
    clone = tmp_path / "template-v2"
    git("clone", "-q", str(repo), str(clone), cwd=tmp_path)
    with (clone / "{{cookiecutter.project_slug}}" / SETTINGS).open("a") as settings:
        settings.write(SETTINGS_BLOCK)
    new_test = clone / "{{cookiecutter.project_slug}}" / "{{cookiecutter.project_slug}}"
    (new_test / NEW_TEST.removeprefix(f"{SLUG}/")).write_text(NEW_TEST_TEXT)
    second = commit_all(clone, "upload limits")
    # A branch of its own: the other tests render the first commit as main's head.
    git("push", "-q", "origin", "HEAD:refs/heads/release-2", cwd=clone)

    check = [tool("cruft"), "check", "--checkout", second]
    assert run(check, cwd=project, env=None, check=False).returncode != 0
    cruft_update(project, "--checkout", second)

    assert (project / "README.md").read_text().endswith(USER_NOTE)
    assert SETTINGS_BLOCK in (project / SETTINGS).read_text()
    assert (project / NEW_TEST).read_text() == NEW_TEST_TEXT
    assert json.loads((project / ".cruft.json").read_text())["commit"] == second
    commit_all(project, "template update")
    run(check, cwd=project, env=None)
    venv = shared_venv(CACHE_DIR, DEFAULTS["python_version"])
    env = child_env(venv, {**HYPOTHESIS_STORAGE, "REQUIRE_SERVICES": ""})
    completed = run(
        [venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x"],
        cwd=project,
        env=env,
        timeout=900,
    )
    assert " passed" in completed.stdout


@pytest.mark.seconds(20)
def test_turning_a_feature_off_after_generation_matches_a_fresh_render(template_repo, tmp_path):
    repo, first = template_repo
    (tmp_path / "updated").mkdir()
    project = cruft_create(repo, tmp_path / "updated", checkout=first)
    user_edits(project)

    cruft_update(project, "--variables-to-update", json.dumps({"use_celery": "n"}))

    recorded = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    answers = {key: value for key, value in recorded.items() if not key.startswith("_")}
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    run(
        [tool("cookiecutter"), "--no-input", str(repo), "-o", str(fresh)]
        + [f"{key}={as_answer(value)}" for key, value in answers.items()],
        cwd=fresh,
        env=None,
    )
    updated_files = project_files(project)
    fresh_files = project_files(fresh / SLUG)
    readme = updated_files.pop("README.md").decode()
    assert readme.endswith(USER_NOTE)
    assert readme.removesuffix(USER_NOTE).encode() == fresh_files.pop("README.md")
    for name in OWN_FILES:
        updated_files.pop(name, None)
        fresh_files.pop(name, None)
    assert not any(name.startswith("config/celery") for name in updated_files)
    assert sorted(updated_files) == sorted(fresh_files)
    assert updated_files == fresh_files


@pytest.mark.seconds(20)
def test_copyright_year_is_an_answer_kept_by_updates(template_repo, tmp_path):
    repo, first = template_repo
    project = cruft_create(repo, tmp_path, checkout=first, context={"copyright_year": "2019"})

    recorded = json.loads((project / ".cruft.json").read_text())["context"]["cookiecutter"]
    assert recorded["copyright_year"] == "2019"
    assert "2019" in (project / "LICENSE").read_text()
