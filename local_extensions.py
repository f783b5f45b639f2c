"""Jinja extensions the prompts use (listed under `_extensions` in cookiecutter.json).

Cookiecutter imports this module from the template's root when it renders the answers
and the hooks.
"""

import json
import keyword
import re
import sys

from jinja2.ext import Extension
from slugify import slugify

# Names the rendered project imports or defines at its top level; a package with one of
# these names would shadow it. The pre-generation hook refuses them as answers.
RESERVED_PACKAGE_NAMES = frozenset({
    "argon2", "axes", "catalog", "celery", "config", "conftest", "core", "django",
    "django_filters", "drf_spectacular", "environ", "factory", "gunicorn", "hypothesis",
    "kombu", "manage", "opentelemetry", "orders", "payments", "psycopg", "pytest", "redis",
    "rest_framework", "rest_framework_simplejwt", "site", "test", "tests", "users",
    "whitenoise",
})  # fmt: skip
# Yes/no answers: booleans from cookiecutter.json, or the words a command line or an older
# replay file gives (`use_celery=n`).
YES_NO_PROMPTS = ("use_celery", "use_opentelemetry", "use_docker", "use_api_docs")
YES = frozenset({"y", "yes", "true"})
NO = frozenset({"n", "no", "false"})
APOSTROPHES = re.compile(r"['\u2019\u02bc`]")


def package_name(project_name):
    """A Python package name for any project name: `Zoë's Shop` -> `zoes_shop`.

    Transliterated to ASCII and joined with underscores; apostrophes vanish rather than
    split a word. A name that would not be a usable package (empty, starting with a digit,
    a keyword, or shadowing a module the project imports) gets a suffix or prefix that
    makes it one.
    """
    name = slugify(APOSTROPHES.sub("", project_name), separator="_") or "project"
    if name[0].isdigit():
        name = f"project_{name}"
    if (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in RESERVED_PACKAGE_NAMES
        or name in sys.stdlib_module_names
    ):
        name = f"{name}_project"
    return name


def python_string(text):
    """`text` as a Python string literal, quoted the way ruff's formatter quotes it.

    Double quotes unless the text holds double quotes and no single ones, and non-ASCII
    letters escaped, so that a rendered project passes `ruff format --check` and ruff's
    ambiguous-character rule whatever name was typed.
    """
    literal = json.dumps(text)
    if '"' in text and "'" not in text:
        return "'" + literal[1:-1].replace('\\"', '"') + "'"
    return literal


def distribution_name(name):
    """`name` normalized as packaging tools write it (PEP 503): what uv.lock calls the project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def string_body(text):
    """`text` escaped for the inside of a double-quoted TOML (or JSON) string."""
    return json.dumps(text)[1:-1]


def as_boolean(answer):
    """A yes/no answer as True or False; None when it is neither (the pre-generation hook
    refuses that)."""
    if isinstance(answer, bool):
        return answer
    word = str(answer).strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def enabled(answer):
    """Whether a yes/no answer says yes: `{% if cookiecutter.use_celery | enabled %}`."""
    value = as_boolean(answer)
    if value is None:
        raise ValueError(f"{answer!r} is not a yes/no answer")
    return value


def answers(cookiecutter):
    """The answers (no private keys), yes/no ones as booleans, as a Python literal for the
    hooks; an unreadable yes/no answer stays as given, for the pre-generation hook to refuse."""
    values = {name: value for name, value in cookiecutter.items() if not name.startswith("_")}
    for name in YES_NO_PROMPTS:
        parsed = as_boolean(values[name])
        values[name] = values[name] if parsed is None else parsed
    return repr(values)


class AnswerFilters(Extension):
    """The filters that put answers into the project's files, and the reserved names for
    the hook that checks answers."""

    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["distribution_name"] = distribution_name
        environment.filters["package_name"] = package_name
        environment.filters["python_string"] = python_string
        environment.filters["string_body"] = string_body
        environment.filters["enabled"] = enabled
        environment.filters["answers"] = answers
        environment.globals["yes_no_prompts"] = list(YES_NO_PROMPTS)
        environment.globals["reserved_package_names"] = sorted(RESERVED_PACKAGE_NAMES)
