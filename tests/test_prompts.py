"""The interactive prompts, driven in a terminal as a person answers them."""

import filecmp
import os
import re
import sys

import pexpect
from cookiecutter.main import cookiecutter

from harness.variants import PROMPTS, TEMPLATE_DIR

YES_NO_PROMPTS = [name for name, default in PROMPTS.items() if isinstance(default, bool)]
ANSWERED_NO = {"use_celery", "use_opentelemetry"}
# Every question ends with its default in parentheses and ": ", then waits for a line.
QUESTION_END = r"\): $"


def _differences(comparison):
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    for sub in comparison.subdirs.values():
        found.extend(_differences(sub))
    return found


def _ask_in_a_terminal(output_dir, home):
    """Run cookiecutter in a pseudo-terminal; answer n to ANSWERED_NO and the default to
    every other question. Returns {question text: the prompt as shown}."""
    environment = {
        **{name: value for name, value in os.environ.items() if name != "FORCE_COLOR"},
        "HOME": str(home),
        "TERM": "dumb",
        "COLUMNS": "1000",
        "NO_COLOR": "1",
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cookiecutter", str(TEMPLATE_DIR), "--output-dir", str(output_dir)],
        env=environment,
        encoding="utf-8",
        dimensions=(50, 1000),
        timeout=60,
    )
    shown = {}
    while child.expect([QUESTION_END, pexpect.EOF]) == 0:
        prompt = (child.before + child.after).strip()
        question = next(
            (name for name in PROMPTS if _prompt_text(name) and _prompt_text(name) in prompt),
            None,
        )
        shown[question] = prompt
        child.sendline("n" if question in ANSWERED_NO else "")
    child.close()
    assert child.exitstatus == 0, child.before
    return shown


def _prompt_text(name):
    text = PROMPTS["__prompts__"].get(name)
    return text["__prompt__"] if isinstance(text, dict) else text


def test_yes_no_questions_are_asked_as_y_n_and_their_answers_render_the_project(tmp_path):
    shown = _ask_in_a_terminal(tmp_path / "asked", tmp_path)

    for name in YES_NO_PROMPTS:
        assert re.search(r"\? \[y/n\] \(y\):$", shown[name]), shown[name]
        assert "Choose from" not in shown[name]
    assert "Choose from [1/2/3]" in shown["ci_provider"]  # a choice is still a numbered list

    answered = cookiecutter(
        str(TEMPLATE_DIR),
        no_input=True,
        extra_context={name: False for name in ANSWERED_NO},
        output_dir=str(tmp_path / "answered"),
    )
    (asked,) = (tmp_path / "asked").iterdir()
    assert not (asked / "config" / "celery.py").exists()
    assert (asked / "Dockerfile").exists()
    comparison = filecmp.dircmp(asked, answered, ignore=[".env"])
    assert _differences(comparison) == []
