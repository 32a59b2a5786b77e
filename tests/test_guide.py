"""The guide's "how it works" page stays the true map of src/: it names every module, and
its groups run from the bottom up (no module-level import reaches a later group), so the
next engineer can trust it."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, ScratchJournal, run

SRC = REPO / "src" / "memorybook"
MAP = REPO / "docs" / "how-it-works.md"
README = REPO / "README.md"


def _groups() -> dict[str, int]:
    """Each module the map names (`journal`, `book/layout`, `importers/dayone`) -> its group."""
    text = MAP.read_text(encoding="utf-8").split("## The module map", 1)[1]
    found: dict[str, int] = {}
    group = -1
    for line in text.splitlines():
        if line.startswith("### "):
            group += 1
        cell = re.match(r"^\| (.+?) \|", line)
        if cell and group >= 0:
            for name in re.findall(r"`([\w/]+)\.py`", cell.group(1)):
                found[name] = group
            if "`importers/`" in cell.group(1):
                for name in re.findall(r"`(\w+)\.py`", line):
                    found[f"importers/{name}"] = group
    return found


def _module(path: Path) -> str:
    return path.relative_to(SRC).with_suffix("").as_posix()


def _modules() -> list[str]:
    """Every module with code in it (a package's `__init__` holding only its docstring is not)."""
    return sorted(
        _module(p) for p in SRC.rglob("*.py") if p.name != "__main__.py" and not _only_docs(p)
    )


def _only_docs(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return path.name == "__init__.py" and all(isinstance(n, ast.Expr) for n in body)


def _imports(path: Path) -> set[tuple[str, bool]]:
    """memorybook modules imported (name, at module level?), those for type checking left out."""
    found: set[tuple[str, bool]] = set()

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("memorybook"):
            module = node.module or ""
            if module == "memorybook":
                found.update((alias.name, top) for alias in node.names)
            else:
                found.add((module.removeprefix("memorybook.").replace(".", "/"), top))
        inner = top and not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    return found


DOWN_THE_PAGE = {"calendar imports lock/site"}
"""The imports the map's text names as reaching a later group (inside a function)."""


def _resolve(name: str, groups: dict[str, int]) -> str | None:
    for candidate in (name, f"{name}/__init__"):
        if candidate in groups:
            return candidate
    return None


def test_the_module_map_names_every_module() -> None:
    groups = _groups()
    missing = [m for m in _modules() if m not in groups]
    assert not missing, f"docs/how-it-works.md's module map lacks {missing}"
    gone = [m for m in groups if m not in _modules()]
    assert not gone, f"docs/how-it-works.md names modules that are no more: {gone}"


def test_the_module_maps_groups_run_from_the_bottom_up() -> None:
    groups = _groups()
    upward = set()
    for path in SRC.rglob("*.py"):
        here = _module(path)
        if here not in groups:
            continue
        for name, top in _imports(path):
            there = _resolve(name, groups)
            if there is not None and groups[there] > groups[here]:
                upward.add(f"{here} imports {there}" + ("" if not top else " at module level"))
    assert upward == DOWN_THE_PAGE


def test_the_readmes_links_into_the_guide_reach_its_pages() -> None:
    links = re.findall(r"\]\(((?:docs/)[^)#\s]+)", README.read_text(encoding="utf-8"))
    assert len(links) >= 10
    assert [link for link in links if not (REPO / link).is_file()] == []


def test_clips_are_read_and_in_the_entry_format(
    scratch: ScratchJournal, in_dir: Callable[[Path], None]
) -> None:
    """Clips were reserved for later; now `photos` reads them and the guide's entry format
    says how (a `.mov` is no longer "not a supported image type")."""
    scratch.write("2024/c.md", "---\ntitle: C\ndate: 2024-01-03\nphotos: [clip.pdf]\n---\nWords.\n")
    scratch.write("2024/clip.pdf", b"%PDF-1.4\n")
    in_dir(scratch.root)
    output = run("check").output
    assert "journal/2024/c.md:4: error: photo clip.pdf is not a supported image type" in output
    guide = (REPO / "docs" / "writing.md").read_text(encoding="utf-8")
    assert "## Reserved for later" not in guide
    clips = guide.split("### Clips and Live Photos", 1)[1].split("\n## ", 1)[0]
    assert all(suffix in clips for suffix in (".mp4", ".mov", ".m4v", ".webm", "Live Photo"))


def test_gentle_is_in_the_entry_format() -> None:
    guide = (REPO / "docs" / "writing.md").read_text(encoding="utf-8")
    fields = guide.split("## Front-matter", 1)[1].split("### Photos", 1)[0]
    assert "| `gentle` | `true` |" in fields and "| `telling_of` |" in fields
    assert "| `reveal` | `together` |" in fields and "\\| `check-in` |" in fields
