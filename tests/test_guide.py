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


def _module_level_imports(path: Path) -> set[str]:
    """memorybook modules imported at module level (not in functions, not TYPE_CHECKING)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("memorybook")
        ):
            if node.module == "memorybook":
                names |= {alias.name for alias in node.names}
            else:
                names.add(node.module.removeprefix("memorybook.").replace(".", "/"))
    return names


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
    upward = []
    for path in SRC.rglob("*.py"):
        here = _module(path)
        if here not in groups:
            continue
        for name in _module_level_imports(path):
            there = _resolve(name, groups)
            if there is not None and groups[there] > groups[here]:
                upward.append(f"{here} imports {there}")
    assert not upward, upward


def test_the_readmes_links_into_the_guide_reach_its_pages() -> None:
    links = re.findall(r"\]\(((?:docs/)[^)#\s]+)", README.read_text(encoding="utf-8"))
    assert len(links) >= 10
    assert [link for link in links if not (REPO / link).is_file()] == []


def test_the_names_the_format_reserves_are_not_read_yet(
    scratch: ScratchJournal, in_dir: Callable[[Path], None]
) -> None:
    """The guide's "Reserved for later" says what `check` does with each name today: when one
    is implemented, this fails until the guide's entry format says what it now means."""
    scratch.write(
        "2024/a.md",
        """
        ---
        title: A
        date: 2024-01-01
        telling_of: b.md
        reveal: together
        gentle: true
        ---
        Words.
        """,
    )
    scratch.write("2024/b.md", "---\ntitle: B\ndate: 2024-01-02\nkind: check-in\n---\nWords.\n")
    scratch.write("2024/c.md", "---\ntitle: C\ndate: 2024-01-03\nphotos: [clip.mov]\n---\nWords.\n")
    scratch.write("2024/clip.mov", b"\x00\x00\x00\x18ftypqt  ")
    in_dir(scratch.root)
    output = run("check").output
    for line, field in ((4, "telling_of"), (5, "reveal"), (6, "gentle")):
        assert f"journal/2024/a.md:{line}: warning: unknown field `{field}`" in output, output
    assert "journal/2024/b.md:4: error: unknown kind 'check-in'" in output, output
    assert "journal/2024/c.md:4: error: photo clip.mov is not a supported image type" in output
    guide = (REPO / "docs" / "writing.md").read_text(encoding="utf-8")
    reserved = guide.split("## Reserved for later", 1)[1]
    assert all(name in reserved for name in ("telling_of", "reveal", "gentle", "check-in"))
