"""The house keeps its rooms: no module over 600 lines, no class over 250, no import circle
among memorybook's modules, and only the adapters (plugin, building, cli) import MkDocs."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

from tests.conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "memorybook"
MAX_MODULE_LINES = 600
MAX_CLASS_LINES = 250
MKDOCS_ADAPTERS = ("memorybook.plugin", "memorybook.building", "memorybook.cli")
"""The adapters: these modules and, for the plugin, the package's own modules."""


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports anywhere in the tree (module level and inside functions), but not those under
    `if TYPE_CHECKING:`, which never run."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking_only(child):
            for other in child.orelse:
                yield from _import_nodes(other)
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _import_nodes(child)


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imported(name: str, path: Path, known: Collection[str] = ()) -> set[str]:
    """The dotted names a module imports, relative imports resolved. `from a import b` is an
    import of the submodule `a.b` when there is one (a sibling named through its package,
    not a use of the package's `__init__`), else of `a`."""
    names: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            package = _package_of(name, path).split(".")
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            names.add(submodule if submodule in known else base)
    return names


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {other for other in imported(name, path, known) if other in known and other != name}
        for name, path in known.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle per strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_over_600_lines() -> None:
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_class_over_250_lines() -> None:
    long = {}
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                lines = (node.end_lineno or node.lineno) - start + 1
                if lines > MAX_CLASS_LINES:
                    long[f"{name}.{node.name}"] = lines
    assert long == {}


def test_no_import_circle() -> None:
    assert cycles(import_graph()) == []


def test_the_graph_sees_function_level_imports_and_skips_type_checking() -> None:
    """The checker itself: a circle through an import inside a function is found, one through
    an `if TYPE_CHECKING:` import is not."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from memorybook.x import y\n"
        "def f():\n    from memorybook.z import w\n"
    )
    seen = {node.module for node in _import_nodes(tree) if isinstance(node, ast.ImportFrom)}
    assert seen == {"typing", "memorybook.z"}
    graph = import_graph()
    assert "memorybook.html" in graph["memorybook.site_html.figures"]
    assert "memorybook.site" in graph["memorybook.checking"]  # imported inside a function


def test_only_the_adapters_import_mkdocs() -> None:
    importing = {
        name
        for name, path in modules().items()
        if any(other == "mkdocs" or other.startswith("mkdocs.") for other in imported(name, path))
    }
    outside = {
        name
        for name in importing
        if not any(name == adapter or name.startswith(f"{adapter}.") for adapter in MKDOCS_ADAPTERS)
    }
    assert outside == set()
    assert "memorybook.plugin" in importing
