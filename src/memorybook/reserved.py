"""The site's own files, which no journal file may replace.

MkDocs lets a file of the docs folder (the journal) stand in for a theme file of the same
path, and copies it over what a build writes: a `.js` file at Material's bundle path would
run on every page, and in a locked site be what the service worker serves. The journal is
data, so a file at any of these paths is a located error, `check` and `build` alike, and
the site keeps its own file:

- the theme's files (Material's, memorybook's overrides, the user's `custom_dir`), and
  every file in the folders that hold them (`assets/javascripts/`, `assets/memorybook/`, ...);
- what the build writes: the 404 page, the sitemap, the search index, `robots.txt`, the
  calendar, the book, and the locked site's service worker, unlock files and `x/` folder.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from memorybook.errors import Problem
from memorybook.links import BOOK_COVER_PDF, BOOK_PDF, CALENDAR_ICS, ON_THIS_DAY_DATA
from memorybook.resources import theme_dir

OUTPUT_FILES = {
    "404.html": "the site's 404 page",
    "sitemap.xml": "the sitemap",
    "sitemap.xml.gz": "the sitemap",
    "robots.txt": "memorybook's robots.txt",
    "index.html": "the home page",
    "sw.js": "memorybook's service worker of a locked site",
    CALENDAR_ICS: "memorybook's calendar of anniversaries",
    ON_THIS_DAY_DATA: "memorybook's On this day data",
    BOOK_PDF: "memorybook's anniversary book",
    BOOK_COVER_PDF: "memorybook's anniversary book",
}
"""Files a build (or `book`, or a locked build) writes at the site's top."""
OUTPUT_FOLDERS = {
    "search/": "the search index",
    "lock/": "memorybook's files of a locked site",
    "x/": "the encrypted files of a locked site",
}
"""Folders whose every file a build writes."""
_NOT_THEME_FILES = ("*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml", "locales/*", "*.md")
"""What MkDocs does not take from a theme folder as a file of the site (`Files.add_files_from_
theme`): templates, code and notes; hidden files are skipped as it skips them."""


@dataclass(frozen=True)
class Reserved:
    """The site's own paths, case-folded (a site written on macOS or Windows is)."""

    files: Mapping[str, str]
    """Path -> what is there, in a person's words."""
    folders: Mapping[str, str]
    """Folder (ending in `/`) -> whose files are in it."""

    def replaced(self, rel: str) -> str | None:
        """What a journal file at `rel` (relative, with `/`) would replace, or None."""
        folded = rel.casefold()
        if folded in self.files:
            return self.files[folded]
        if not any(folder in self.folders for folder in _folders_of(folded)):
            return None  # the common case, found without a pass over every folder
        return next((what for f, what in self.folders.items() if folded.startswith(f)), None)


def _folders_of(rel: str) -> Iterator[str]:
    """`a/`, `a/b/`, ... for `a/b/c`: the keys of `Reserved.folders` it may start with."""
    at = rel.find("/")
    while at >= 0:
        yield rel[: at + 1]
        at = rel.find("/", at + 1)


def material_dir() -> Path | None:
    """Material's theme folder, found without importing MkDocs."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def theme_dirs(custom_dir: Path | None = None) -> tuple[Path, ...]:
    """The theme folders a build uses, in MkDocs' order: the user's, memorybook's, Material's."""
    dirs = [custom_dir, theme_dir() / "overrides", material_dir()]
    return tuple(folder for folder in dirs if folder is not None and folder.is_dir())


@cache
def reserved(dirs: tuple[Path, ...]) -> Reserved:
    """Every path the site keeps for itself, with the theme folders `dirs`."""
    files = {path.casefold(): what for path, what in OUTPUT_FILES.items()}
    folders = {path.casefold(): what for path, what in OUTPUT_FOLDERS.items()}
    for folder in reversed(dirs):  # the first folder's file is the one a site uses
        whose = _whose(folder)
        for rel in _theme_files(folder):
            files[rel.casefold()] = f"{whose} own file {rel}"
            parts = PurePosixPath(rel).parts
            if len(parts) > 2:
                folders[f"{parts[0]}/{parts[1]}/".casefold()] = f"a folder of {whose} own files"
    return Reserved(files, folders)


def asset_clashes(root: Path, paths: Iterable[Path], dirs: Sequence[Path]) -> list[Problem]:
    """Each journal file, other than an entry or a page, at a path the site keeps for itself
    (pages that clash are the site's to report, where it knows its own pages)."""
    table = reserved(tuple(dirs))
    problems = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        what = table.replaced(rel)
        if what and path.suffix.lower() not in (".md", ".markdown"):
            problems.append(clash(path, rel, what))
    return problems


def clash(path: Path, rel: str, what: str) -> Problem:
    """The error for a journal file that would replace one of the site's own."""
    return Problem(
        path,
        None,
        f"{rel} would replace {what} in the site; the journal holds words and photos, not "
        "the site's code, so it is left out",
        hint="rename it, or move it to a folder of your own (for example assets/mine/)",
    )


def _whose(folder: Path) -> str:
    if folder == material_dir():
        return "Material's"
    if folder == theme_dir() / "overrides":
        return "memorybook's"
    return "your theme's (custom_dir)"


def _theme_files(folder: Path) -> list[str]:
    found = []
    for base, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            rel = Path(base, name).relative_to(folder).as_posix()
            if not name.startswith(".") and not any(
                fnmatch.fnmatch(rel.lower(), pattern) for pattern in _NOT_THEME_FILES
            ):
                found.append(rel)
    return found
