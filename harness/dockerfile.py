"""Read a rendered Dockerfile and compose.yaml, and check that their commands exist.

"Exists" means the project has what the command names: the manage.py command, the
Celery app and its queues, the gunicorn config and WSGI module, the modules a
`python -c` health check imports.
"""

import ast
import json
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .processes import child_env, run


@dataclass
class Stage:
    name: str
    cmd: list = field(default_factory=list)
    healthcheck: list = field(default_factory=list)


def _instructions(text):
    """(KEYWORD, arguments) pairs, with continuation lines joined and comments dropped."""
    logical, pending = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        logical.append(pending + stripped)
        pending = ""
    for line in logical:
        keyword, _, arguments = line.partition(" ")
        yield keyword.upper(), arguments.strip()


def _command(arguments):
    """An exec-form (JSON) or shell-form command as an argv list."""
    if arguments.startswith("["):
        return json.loads(arguments)
    return ["/bin/sh", "-c", arguments]


def stages(dockerfile: Path):
    """Every stage by name, each with the CMD and HEALTHCHECK it has or inherits."""
    by_name, current = {}, None
    for keyword, arguments in _instructions(dockerfile.read_text()):
        if keyword == "FROM":
            words = arguments.split()
            base = words[0]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else base
            parent = by_name.get(base)
            current = Stage(
                name,
                list(parent.cmd) if parent else [],
                list(parent.healthcheck) if parent else [],
            )
            by_name[name] = current
        elif keyword == "CMD":
            current.cmd = _command(arguments)
        elif keyword == "HEALTHCHECK":
            _, _, command = arguments.partition("CMD ")
            current.healthcheck = _command(command.strip()) if command else []
    return by_name


def compose_services(compose_file: Path):
    """The services of a compose file, with YAML anchors and merge keys resolved."""
    return yaml.safe_load(compose_file.read_text())["services"]


def effective(service, dockerfile_stages):
    """What a compose service runs: (command, health check) after image defaults."""
    stage = dockerfile_stages[service["build"]["target"]] if "build" in service else None
    command = service.get("command") or (stage.cmd if stage else [])
    healthcheck = service.get("healthcheck", {})
    if healthcheck.get("disable"):
        probe = []
    elif "test" in healthcheck:
        probe = healthcheck["test"]
        probe = probe[1:] if probe[0] in {"CMD", "CMD-SHELL"} else probe
    else:
        probe = stage.healthcheck if stage else []
    if isinstance(command, str):
        command = shlex.split(command)
    return command, probe


class ProjectCommands:
    """Checks commands against one rendered project, run with its shared virtualenv."""

    # One process learns everything the checks ask of the project: Django's management
    # commands and, where the project has Celery, its queues.
    FACTS_SCRIPT = """
import importlib.util, json
import django
django.setup()
from django.core.management import get_commands
queues = []
if importlib.util.find_spec("config.celery"):
    from config.celery import app
    queues = list(app.amqp.queues)
print(json.dumps({"commands": sorted(get_commands()), "queues": queues}))
"""

    def __init__(self, project: Path, venv: Path, slug: str):
        self.project, self.venv, self.slug = project, venv, slug
        self._facts = None

    def _project_facts(self):
        if self._facts is None:
            env = child_env(self.venv, {"DJANGO_SETTINGS_MODULE": "config.settings.development"})
            python = self.venv / "bin" / "python"
            stdout = run([python, "-c", self.FACTS_SCRIPT], cwd=self.project, env=env).stdout
            self._facts = json.loads(stdout.strip().splitlines()[-1])
        return self._facts

    def django_commands(self):
        return set(self._project_facts()["commands"])

    def celery_queues(self):
        return set(self._project_facts()["queues"])

    def module_exists(self, dotted):
        path = self.project.joinpath(*dotted.split("."))
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()

    def problems(self, argv):
        """What in `argv` the project does not have; empty when everything exists."""
        if argv[:2] in (["sh", "-c"], ["/bin/sh", "-c"]):
            argv = shlex.split(argv[2])
            if argv[0] == "exec":
                argv = argv[1:]
        program = argv[0]
        if program == "python" and argv[1] == "manage.py":
            return self._manage_problems(argv[2:])
        if program == "python" and argv[1] == "-c":
            return self._inline_python_problems(argv[2])
        if program == "celery":
            return self._celery_problems(argv[1:])
        if program == "gunicorn":
            return self._gunicorn_problems(argv[1:])
        return [f"no check knows the program {program!r}: teach harness/dockerfile.py about it"]

    def _manage_problems(self, args):
        if not (self.project / "manage.py").is_file():
            return ["manage.py is missing"]
        if args[0] not in self.django_commands():
            return [f"manage.py has no command {args[0]!r}"]
        return []

    def _inline_python_problems(self, code):
        try:
            tree = ast.parse(code)
        except SyntaxError as error:
            return [f"python -c code does not parse: {error}"]
        first_party = ("config", self.slug)
        imported = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
            elif isinstance(node, ast.Import):
                imported.extend(alias.name for alias in node.names)
        return [
            f"module {name} is missing"
            for name in imported
            if name.split(".")[0] in first_party and not self.module_exists(name)
        ]

    def _celery_problems(self, args):
        problems = []
        app = args[args.index("-A") + 1] if "-A" in args else None
        if app != "config" or not self.module_exists("config.celery"):
            problems.append(f"celery -A {app}: config/celery.py is missing")
            return problems
        if "-Q" in args:
            wanted = set(args[args.index("-Q") + 1].split(","))
            missing = wanted - self.celery_queues()
            if missing:
                problems.append(f"celery has no queues {sorted(missing)}")
        return problems

    def _gunicorn_problems(self, args):
        problems = []
        config = args[args.index("--config") + 1] if "--config" in args else None
        if config is None or not (self.project / config).is_file():
            problems.append(f"gunicorn config {config!r} is missing")
        positional = [arg for arg in args if not arg.startswith("-") and arg != config]
        module = positional[-1].split(":")[0] if positional else None
        if module is None or not self.module_exists(module):
            problems.append(f"gunicorn application module {module!r} is missing")
        return problems
