"""The rendered project's module structure: no import cycles, no template switches in services.

An import cycle between two modules is what lazy imports inside functions hide (a service
importing the task that imports the service); the background boundary in `core` exists so
that none is needed. Services hold business rules only: a feature that changes them is a
module of its own, chosen by an import elsewhere.
"""

import ast
import re

from harness.rendering import PROJECT_TEMPLATE
from harness.variants import TEMPLATE_DIR

TEMPLATE_TAG = re.compile(r"\{%|\{\{|\{#")
JINJA_STATEMENT = re.compile(r"\{%.*?%\}", re.DOTALL)
JINJA_EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
INLINE_CONDITION = re.compile(r"\bif\b")
MAX_SWITCHES_PER_FILE = 3


def _module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(tree, module, known):
    """The modules `module` imports anywhere in its body, functions included."""
    package = module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            if node.level:
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                yield submodule if submodule in known else source


def import_graph(project, slug):
    """module -> the project modules it imports (package __init__ files are left out: the
    project's are empty, and importing a module imports its packages anyway)."""
    files = {}
    for top in (slug, "config"):
        for path in sorted((project / top).rglob("*.py")):
            files[_module_name(path, project)] = path
    known = set(files)
    graph = {}
    for module, path in files.items():
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        imported = _imported_modules(tree, module, known)
        graph[module] = sorted(
            {name for name in imported if name in known and name != module}
            - {name for name in known if files[name].name == "__init__.py"}
        )
    return graph


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


def test_no_import_cycle_between_modules(baked):
    # The project's directory is named for its slug, as is its package.
    graph = import_graph(baked, baked.name)

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
