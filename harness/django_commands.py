"""Run inside a rendered project (`manage.py shell -c`): several management commands in one
Django process, each with its own outcome and output, printed as JSON after MARK (the
shell may print before it).

Each command would otherwise start Django, and its apps and checks, for a second of work.
The order is that of a fresh checkout: the system checks, the migrations are complete
(before migrating: `makemigrations --check` also reads the migration history), migrate.
"""

import io
import json
import traceback

from django.core.management import call_command

COMMANDS = {
    "check": (["check"], {"fail_level": "WARNING"}),
    "makemigrations": (["makemigrations"], {"check_changes": True, "dry_run": True}),
    "migrate": (["migrate"], {"interactive": False}),
}
MARK = "django-commands:"


def run_each():
    results = {}
    for name, (args, options) in COMMANDS.items():
        output = io.StringIO()
        try:
            call_command(*args, stdout=output, stderr=output, **options)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except Exception:
            output.write(traceback.format_exc())
            code = 1
        results[name] = {"code": code, "output": output.getvalue()}
    print(MARK + json.dumps(results))


run_each()
