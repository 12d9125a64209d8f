"""No import cycles between giaoban's modules, counting every import statement.

Each module under ``src/giaoban`` is parsed with ``ast`` (nothing is imported). Every ``import`` and
``from … import`` counts wherever it stands: at module level, inside ``if TYPE_CHECKING:``, inside
a function (a deferred import only hides a cycle until that function runs). Relative imports are
resolved against the importing module's package. ``from package import name`` points at the
submodule ``package.name`` when there is one, otherwise at ``package``.

A cycle is broken by moving code where it belongs (a small module both sides import, or passing a
function in), never by deferring one of the imports.
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

Graph = dict[str, dict[str, str]]  # module -> {imported module: "file:line" of the first import}


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` under ``src``: dotted name -> file (packages by __init__.py)."""
    found = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The longest dotted prefix of ``name`` that is one of our modules."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _targets(module: str, path: Path, node: ast.AST, modules: dict[str, Path]) -> list[str]:
    """The modules of ours one import statement reaches."""
    if isinstance(node, ast.Import):
        found = [_known(alias.name, modules) for alias in node.names]
        return [name for name in found if name]
    if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
        return []
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        if node.level > 1:
            package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    targets = []
    for alias in node.names:
        target = _known(f"{base}.{alias.name}", modules) or _known(base, modules)
        if target:
            targets.append(target)
    return targets


def import_graph(src: Path, package: str) -> Graph:
    """Who imports whom among the modules of ``package`` (self-imports left out)."""
    modules = module_names(src, package)
    graph: Graph = {name: {} for name in modules}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in _targets(module, path, node, modules):
                if target != module:
                    where = f"{path.relative_to(src)}:{getattr(node, 'lineno', 0)}"
                    graph[module].setdefault(target, where)
    return graph


def strongly_connected(graph: Graph) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module (iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def cycle_path(graph: Graph, component: list[str]) -> list[str]:
    """One concrete cycle through the component's first module: [a, b, …, a]."""
    start, members = component[0], set(component)
    previous: dict[str, str] = {}
    queue = [start]
    for node in queue:  # breadth first: the shortest way back to start
        for child in sorted(graph[node]):
            if child == start:
                back = [node]
                while back[-1] != start:
                    back.append(previous[back[-1]])
                return [*reversed(back), start]
            if child in members and child not in previous:
                previous[child] = node
                queue.append(child)
    return component


def describe(graph: Graph, component: list[str]) -> str:
    """'a -> b -> a' with the import line of each step, and the whole tangle when it is larger."""
    path = cycle_path(graph, component)
    lines = [" -> ".join(path)]
    lines += [f"    {importer} -> {imported}  ({graph[importer][imported]})"
              for importer, imported in pairwise(path)]
    if len(component) > len(path) - 1:
        lines.append(f"    (one of the cycles among {len(component)} modules: {', '.join(component)})")
    return "\n".join(lines)


def find_cycles(src: Path, package: str) -> list[str]:
    graph = import_graph(src, package)
    return [describe(graph, component) for component in strongly_connected(graph)]


# --- the checker checked on a tiny package -------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_finds_a_cycle_through_deferred_relative_and_type_only_imports(tmp_path):
    _write(tmp_path, {
        "fake/__init__.py": "",
        "fake/a.py": "from fake import b\n",  # the submodule b, not the package
        "fake/b.py": "def later():\n    from .sub.c import thing\n    return thing\n",
        "fake/sub/__init__.py": "from . import c\n",
        "fake/sub/c.py": (
            "from typing import TYPE_CHECKING\n\nthing = 1\n"
            "if TYPE_CHECKING:\n    from .. import a\n"
        ),
        "fake/d.py": "import fake.a\nimport os\n",  # imports into the cycle, is not part of it
    })
    graph = import_graph(tmp_path, "fake")
    assert graph["fake.b"] == {"fake.sub.c": "fake/b.py:2"}
    assert set(graph["fake.sub"]) == {"fake.sub.c"}
    assert set(graph["fake.sub.c"]) == {"fake.a"}
    assert strongly_connected(graph) == [["fake.a", "fake.b", "fake.sub.c"]]
    assert cycle_path(graph, ["fake.a", "fake.b", "fake.sub.c"]) == [
        "fake.a", "fake.b", "fake.sub.c", "fake.a"]
    (message,) = find_cycles(tmp_path, "fake")
    assert "fake/b.py:2" in message and "fake/sub/c.py:5" in message


def test_the_checker_finds_two_separate_cycles_and_passes_a_tree(tmp_path):
    _write(tmp_path, {
        "fake/__init__.py": "",
        "fake/x.py": "import fake.y\n",
        "fake/y.py": "from fake.x import something\n",
        "fake/p.py": "from . import q\n",
        "fake/q.py": "def f():\n    import fake.p\n",
        "tree/__init__.py": "from tree import leaf\n",
        "tree/leaf.py": "import json\n",
        "tree/top.py": "from tree import leaf\nfrom . import leaf as again\n",
    })
    assert strongly_connected(import_graph(tmp_path, "fake")) == [
        ["fake.p", "fake.q"], ["fake.x", "fake.y"]]
    assert find_cycles(tmp_path, "tree") == []


# --- the real package ---------------------------------------------------------------------------


def test_giaoban_has_no_import_cycles():
    graph = import_graph(SRC, "giaoban")
    assert len(graph) > 100 and sum(len(edges) for edges in graph.values()) > 300, (
        "the checker found too few modules or imports: is SRC right?"
    )
    cycles = find_cycles(SRC, "giaoban")
    assert not cycles, "import cycles (move the shared code, do not defer an import):\n" + "\n".join(
        cycles
    )
