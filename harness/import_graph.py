"""Run by a rendered project's own Python (`python import_graph.py PROJECT SLUG`): prints
its import graph as JSON, {module: [the project modules it imports]}.

The project's interpreter parses the project's files, so syntax newer than the template
harness's Python (type parameters, say) parses as it will run.
"""

import ast
import json
import sys
from pathlib import Path


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


if __name__ == "__main__":
    project_dir, project_slug = Path(sys.argv[1]), sys.argv[2]
    print(json.dumps(import_graph(project_dir, project_slug)))
