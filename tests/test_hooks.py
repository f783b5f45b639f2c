"""The hooks: bad answers are refused cleanly, and renders are reproducible."""

import filecmp
import json
import stat
from pathlib import Path

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.generate import generate_context
from cookiecutter.main import cookiecutter
from cookiecutter.prompt import prompt_for_config
from pytest_cookies.plugin import Cookies

from harness.variants import TEMPLATE_DIR


@pytest.fixture
def output_dir(tmp_path):
    return tmp_path / "output"


@pytest.fixture
def cookies_at(output_dir, _cookiecutter_config_file):
    """pytest-cookies baking into one known directory, so leftovers can be seen."""

    def make_output(_name):
        output_dir.mkdir()
        return output_dir

    return Cookies(str(TEMPLATE_DIR), make_output, _cookiecutter_config_file)


BAD_ANSWERS = [
    ({"project_slug": "class"}, "is a Python keyword"),
    ({"project_slug": "order-api"}, "must start with a lowercase letter"),
    ({"project_slug": "1orders"}, "must start with a lowercase letter"),
    ({"project_slug": "Orders"}, "must start with a lowercase letter"),
    ({"project_slug": "django"}, "would shadow the module"),
    ({"project_slug": "config"}, "would shadow the module"),
    ({"project_slug": "json"}, "would shadow the module"),
    ({"project_name": "   ", "project_slug": "orders_api"}, "project_name must not be empty"),
    ({"project_name": "The {Order} API"}, "project_name must not contain braces"),
    ({"description": "one\ntwo"}, "description must fit on one line"),
    ({"author_email": "jane.example.com"}, "author_email 'jane.example.com' is not an email"),
    ({"domain_name": "https://example.com/api"}, "is not a domain name"),
    ({"domain_name": "localhost"}, "is not a domain name"),
    ({"timezone": "Mars/Olympus_Mons"}, "is not an IANA time zone name"),
    ({"author_name": "Jane\rDoe"}, "author_name must fit on one line"),
    (
        {"deploy": "kubernetes", "use_docker": "n"},
        "deploy=kubernetes runs the project's Docker image",
    ),
]


@pytest.mark.parametrize(
    ("answers", "message"), BAD_ANSWERS, ids=[next(iter(a)) + ":" + m for a, m in BAD_ANSWERS]
)
def test_bad_answer_is_refused_with_one_line_and_no_leftovers(
    cookies_at, output_dir, capfd, answers, message
):
    result = cookies_at.bake(extra_context=answers)

    assert result.exit_code != 0
    output = capfd.readouterr()
    error_lines = [line for line in (output.out + output.err).splitlines() if message in line]
    assert len(error_lines) == 1, output.err
    assert list(output_dir.iterdir()) == []


def test_a_replayed_choice_outside_its_list_is_refused(output_dir, tmp_path, capfd):
    """cookiecutter checks a choice given on the command line, but takes a replay file as
    it is written: the hook is what stops a value outside the list."""
    answers = prompt_for_config(
        generate_context(context_file=str(TEMPLATE_DIR / "cookiecutter.json")), no_input=True
    )
    replay = tmp_path / "replay.json"
    replay.write_text(json.dumps({"cookiecutter": {**answers, "use_celery": "maybe"}}))
    config = tmp_path / "cookiecutter.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replays'}\n")
    output_dir.mkdir()

    with pytest.raises(FailedHookException):
        cookiecutter(
            str(TEMPLATE_DIR),
            replay=str(replay),
            output_dir=str(output_dir),
            config_file=str(config),
        )

    message = "use_celery must be y or n (yes/no, true/false), not 'maybe'"
    assert capfd.readouterr().err.count(message) == 1
    assert list(output_dir.iterdir()) == []


OLD_REPLAY_ANSWERS = {"use_celery": "n", "use_opentelemetry": "y", "use_docker": "no"}


def test_a_replay_with_yes_no_words_renders_as_the_same_booleans_do(output_dir, tmp_path):
    """Replay files written before the yes/no prompts were booleans hold "y"/"n"."""
    answers = prompt_for_config(
        generate_context(context_file=str(TEMPLATE_DIR / "cookiecutter.json")), no_input=True
    )
    replay = tmp_path / "replay.json"
    replay.write_text(json.dumps({"cookiecutter": {**answers, **OLD_REPLAY_ANSWERS}}))
    config = tmp_path / "cookiecutter.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replays'}\n")
    replayed = Path(
        cookiecutter(
            str(TEMPLATE_DIR),
            replay=str(replay),
            output_dir=str(output_dir / "replayed"),
            config_file=str(config),
        )
    )
    answered = Path(
        cookiecutter(
            str(TEMPLATE_DIR),
            no_input=True,
            extra_context={"use_celery": False, "use_opentelemetry": True, "use_docker": False},
            output_dir=str(output_dir / "answered"),
            config_file=str(config),
        )
    )

    assert not (replayed / "config" / "celery.py").exists()
    assert not (replayed / "Dockerfile").exists()
    comparison = filecmp.dircmp(replayed, answered, ignore=[".env"])
    assert _differences(comparison) == []


def _differences(comparison):
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    for sub in comparison.subdirs.values():
        found.extend(_differences(sub))
    return found


@pytest.fixture(scope="module")
def default_project(cookies_session):
    return cookies_session.bake().project_path


def _tree(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_two_renders_with_the_same_answers_differ_only_in_dot_env(default_project, cookies, capfd):
    first = default_project
    second = cookies.bake().project_path
    assert "Next steps" in capfd.readouterr().out  # what the post-gen hook prints

    assert _tree(first) == _tree(second)
    differing = [
        str(path)
        for path in _tree(first)
        if not filecmp.cmp(first / path, second / path, shallow=False)
    ]
    assert differing == [".env"]


def test_env_file_holds_fresh_secrets_readable_only_by_the_owner(default_project):
    project = default_project
    env = dict(
        line.split("=", 1)
        for line in (project / ".env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )

    assert len(env["SECRET_KEY"]) >= 50
    assert len(env["PAYMENT_WEBHOOK_SECRET"]) >= 32
    assert stat.S_IMODE((project / ".env").stat().st_mode) == 0o600
    assert ".env" in (project / ".gitignore").read_text().splitlines()


def test_no_secret_from_dot_env_appears_in_any_other_file(default_project):
    project = default_project
    secrets = [
        line.split("=", 1)[1]
        for line in (project / ".env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]
    for path in project.rglob("*"):
        if path.is_file() and path.name != ".env":
            text = path.read_text(errors="ignore")
            assert not any(secret in text for secret in secrets), path
