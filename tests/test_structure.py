"""The rendered project's module structure: no import cycles, no template switches in services.

An import cycle between two modules is what lazy imports inside functions hide (a service
importing the task that imports the service); the background boundary in `core` exists so
that none is needed. Services hold business rules only: a feature that changes them is a
module of its own, chosen by an import elsewhere.
"""

import json
import re
from pathlib import Path

import harness
from harness.processes import run
from harness.rendering import PROJECT_TEMPLATE
from harness.variants import TEMPLATE_DIR

TEMPLATE_TAG = re.compile(r"\{%|\{\{|\{#")
JINJA_STATEMENT = re.compile(r"\{%.*?%\}", re.DOTALL)
JINJA_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
INLINE_CONDITION = re.compile(r"\bif\b")
MAX_SWITCHES_PER_FILE = 3
IMPORT_GRAPH = Path(harness.__file__).with_name("import_graph.py")


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def import_graph(project, venv):
    """{module: [the project modules it imports]}, parsed by the project's own Python."""
    # The project's directory is named for its slug, as is its package.
    script = [venv / "bin" / "python", IMPORT_GRAPH, project, project.name]
    return json.loads(run(script, cwd=project, env=None).stdout)


def test_no_import_cycle_between_modules(baked, venv):
    graph = import_graph(baked, venv)

    assert graph, "no modules found"
    assert cycles(graph) == [], "these modules import each other (directly or in a ring)"


def test_the_cycle_finder_names_a_cycle():
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}

    assert cycles(graph) == [["a", "b", "c"]]


def test_no_template_tag_in_any_services_module():
    """The project's package name in imports is the one expression allowed."""
    services = sorted(PROJECT_TEMPLATE.rglob("services.py"))

    assert services, "no services.py found"
    tagged = [
        str(path.relative_to(PROJECT_TEMPLATE))
        for path in services
        if TEMPLATE_TAG.search(path.read_text().replace("{{ cookiecutter.project_slug }}", ""))
    ]
    assert tagged == []


def jinja_switches(text):
    """The Jinja tags in `text` that choose what renders: every `{% ... %}` statement (an
    `if`, its `else` and its `endif` count as three) and every `{{ ... }}` expression with an
    inline `if`. An expression that only puts an answer in (the package name in an import or
    a dotted path, the time zone, the project's name) chooses nothing and is not counted."""
    statements = JINJA_STATEMENT.findall(text)
    conditions = [body for body in JINJA_EXPRESSION.findall(text) if INLINE_CONDITION.search(body)]
    return len(statements) + len(conditions)


def test_the_switch_count_counts_statements_and_inline_conditions():
    text = (
        "import {{ cookiecutter.project_slug }}.core\n"
        "{% if cookiecutter.use_celery | enabled %}x = 1{% else %}x = 2{% endif %}\n"
        'TZ = "{{ cookiecutter.timezone }}"\n'
        "{{- ', broker' if cookiecutter.use_celery | enabled }}\n"
    )

    assert jinja_switches(text) == 4


def test_no_python_file_of_the_template_has_more_than_three_jinja_switches():
    """A feature that needs more is files of its own, listed in the post-gen hook's MANIFEST."""
    python_files = [*PROJECT_TEMPLATE.rglob("*.py"), *(TEMPLATE_DIR / "hooks").glob("*.py")]

    assert len(python_files) > 50, "the template's Python files were not found"
    over = {
        str(path.relative_to(TEMPLATE_DIR)): count
        for path in sorted(python_files)
        if (count := jinja_switches(path.read_text())) > MAX_SWITCHES_PER_FILE
    }
    assert over == {}
