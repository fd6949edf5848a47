"""Fail when the modules of a package import each other in a cycle (``make lint``).

Every ``import`` counts, at module level or inside a function: a lazy import only hides
a cycle from the interpreter, not from the reader. ``from pkg import name`` is an edge to
``pkg.name`` when that is a module of the package, else to ``pkg`` itself.

    python tools/import_cycles.py app
"""

import ast
import sys
from pathlib import Path


def module_names(root):
    """``{"app.videos.routes": Path(...), ...}`` for every module of the package at ``root``."""
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imports_of(name, path, modules):
    """The package's modules that ``name`` (at ``path``) imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [_module_or_package(base, alias.name, modules) for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in modules and target != name)
    return found


def _module_or_package(base, name, modules):
    """``from base import name``: the module ``base.name`` if there is one, else ``base``."""
    qualified = f"{base}.{name}"
    return qualified if qualified in modules else base


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
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


def import_graph(root):
    """``{module: the package's modules it imports}`` for the package at ``root``."""
    modules = module_names(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else "app").resolve()
    graph = import_graph(root)
    found = cycles(graph)
    for component in found:
        members = set(component)
        edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
        print(f"import cycle among {', '.join(component)}:\n  " + "\n  ".join(edges))
    if found:
        return 1
    print(f"{root.name}: {len(graph)} modules, no import cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
