"""Validate the answers before anything is written.

A bad answer prints one line saying what is wrong and how to fix it, then exits 1;
cookiecutter removes the half-made project directory.
"""

import keyword
import re
import sys
import zoneinfo

# Every answer, yes/no ones already read as booleans (local_extensions.answers); a yes/no
# answer that is neither stays as given and is refused below.
ANSWERS = {{ cookiecutter | answers }}
YES_NO_PROMPTS = {{ yes_no_prompts | tojson }}

CHOICES = {
    "python_version": ("3.12", "3.13"),
    "celery_broker": ("redis", "rabbitmq"),
    "deploy": ("compose", "kubernetes"),
    "ci_provider": ("github", "gitlab", "none"),
    "open_source_license": ("MIT", "BSD-3-Clause", "Apache-2.0", "Proprietary"),
}

# Names the rendered project imports or defines at its top level; a package with one of
# these names would shadow it (the list lives in local_extensions.py, which also keeps the
# default package name clear of them).
RESERVED_SLUGS = set({{ reserved_package_names | tojson }})

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
DOMAIN_PATTERN = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
TEXT_FIELDS = ("project_name", "description", "author_name")


def slug_problem(slug):
    if not SLUG_PATTERN.match(slug):
        return (
            f"project_slug {slug!r} must start with a lowercase letter and contain only "
            "lowercase letters, digits and underscores (e.g. 'order_api')"
        )
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        return f"project_slug {slug!r} is a Python keyword; choose another, e.g. '{slug}_api'"
    if slug in RESERVED_SLUGS or slug in sys.stdlib_module_names:
        return (
            f"project_slug {slug!r} would shadow the module of the same name that the "
            f"project imports; choose another, e.g. '{slug}_api'"
        )
    return None


def text_problem(field, value):
    if not value.strip():
        return f"{field} must not be empty"
    if any(char in value for char in "\n\r"):
        return f"{field} must fit on one line"
    if any(char in value for char in "{}"):
        return f"{field} must not contain braces, which the project's templates would read"
    return None


def timezone_problem(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return f"timezone {name!r} is not an IANA time zone name (e.g. 'UTC', 'Europe/Berlin')"
    return None


def combination_problem(answers):
    # Refused rather than rendering a Dockerfile that use_docker=n asked not to have: an
    # answer never silently overrides another.
    if answers["deploy"] == "kubernetes" and not answers["use_docker"]:
        return (
            "deploy=kubernetes runs the project's Docker image, so it needs use_docker=y "
            "(or answer deploy=compose)"
        )
    return None


def find_problem(answers):
    for field in YES_NO_PROMPTS:
        if not isinstance(answers[field], bool):
            return f"{field} must be y or n (yes/no, true/false), not {answers[field]!r}"
    for field, allowed in CHOICES.items():
        if answers[field] not in allowed:
            return f"{field} must be one of {', '.join(allowed)}, not {answers[field]!r}"
    problem = combination_problem(answers)
    if problem:
        return problem
    for field in TEXT_FIELDS:
        problem = text_problem(field, answers[field])
        if problem:
            return problem
    if not EMAIL_PATTERN.match(answers["author_email"]):
        return f"author_email {answers['author_email']!r} is not an email address (name@domain.tld)"
    if not DOMAIN_PATTERN.match(answers["domain_name"]):
        return (
            f"domain_name {answers['domain_name']!r} is not a domain name "
            "(e.g. 'api.example.com', without scheme or path)"
        )
    return slug_problem(answers["project_slug"]) or timezone_problem(answers["timezone"])


def main():
    problem = find_problem(ANSWERS)
    if problem:
        print(f"ERROR: {problem}.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
