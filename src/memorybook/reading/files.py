"""Which files make up the journal: a walk of its folder that follows no link out of it, nor
round a loop, and reports each thing it leaves out (links, unreadable folders, bad names)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from memorybook.errors import Problem

MAX_FOLDER_DEPTH = 32
"""Levels of folders below the journal that are read."""
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def is_ignored(name: str) -> bool:
    """Hidden, underscore, editor-leftover and OS files are not part of the journal."""
    return (
        name.startswith((".", "_"))
        or name.endswith(("~", ".swp", ".swo", ".tmp"))
        or name in _IGNORED_NAMES
    )


def iter_journal_files(root: Path, problems: list[Problem] | None = None) -> Iterator[Path]:
    """Every file of the journal that is not ignored, in a stable order.

    Walks as `os.walk(followlinks=False)` does, so a link can neither lead out of the
    journal nor round in a loop: a link to a folder is never followed, a link to a file
    only when the file is inside the journal. Each thing left out (a link, an unreadable
    folder, a name that is not UTF-8) is reported in `problems`.
    """
    found = problems if problems is not None else []
    yield from _walk(root, Path(os.path.realpath(root)), found, 0)


def _walk(folder: Path, real_root: Path, problems: list[Problem], depth: int) -> Iterator[Path]:
    try:
        with os.scandir(folder) as scan:
            items = sorted(scan, key=lambda item: item.name)
    except OSError as exc:
        problems.append(
            Problem(
                _printable(folder),
                None,
                f"cannot read this folder: {reason(exc)}",
                hint="check its permissions; its entries are left out",
            )
        )
        return
    for item in items:
        path = Path(item.path)
        if is_ignored(item.name):
            continue
        if not _is_utf8(item.name):
            problems.append(_bad_name(path))
            continue
        try:
            if item.is_symlink():
                if _followable_link(path, real_root, problems):
                    yield path
            elif item.is_dir(follow_symlinks=False):
                if depth < MAX_FOLDER_DEPTH:
                    yield from _walk(path, real_root, problems, depth + 1)
                else:
                    problems.append(
                        Problem(
                            path,
                            None,
                            f"folders nested more than {MAX_FOLDER_DEPTH} deep are not read",
                            hint="move it nearer the journal folder",
                        )
                    )
            elif item.is_file(follow_symlinks=False):
                yield path
        except OSError as exc:
            problems.append(Problem(path, None, f"cannot read it: {reason(exc)}"))


def _followable_link(link: Path, real_root: Path, problems: list[Problem]) -> bool:
    """True for a link to a file inside the journal; any other link is a warning."""
    target = Path(os.path.realpath(link))
    if not target.exists():
        message, hint = "is a broken link (or a loop of links); it is left out", "remove it"
    elif target.is_dir():
        inside = target.is_relative_to(real_root)
        if inside:  # the site build refuses it (MkDocs would follow it), so check does too
            problems.append(_folder_link(link))
            return False
        message = (
            "is a link to a folder; links to folders are not followed, so its files are left "
            "out (it points outside the journal)"
        )
        hint = "move the folder into the journal"
    elif not target.is_relative_to(real_root):
        message = f"is a link to {target}, outside the journal; it is left out"
        hint = "copy the file into the journal"
    elif not target.is_file():  # a pipe or a device: reading it could wait for ever
        message, hint = "is a link to something that is not a file; it is left out", "remove it"
    else:
        return True
    problems.append(Problem(link, None, message, hint=hint, severity="warning"))
    return False


def _folder_link(link: Path) -> Problem:
    return Problem(
        link,
        None,
        "is a link to a folder inside the journal: MkDocs would read that folder twice, or "
        "for ever if the link leads back up, so the site is not built while it is there",
        hint="remove the link; the folder's files are read where they are",
    )


def folder_links(root: Path) -> list[Path]:
    """Links to folders inside the journal: MkDocs follows them (and round a loop) when it
    lists the journal, so the site build refuses them."""
    real_root = Path(os.path.realpath(root))
    found = []
    for folder, subfolders, _files in os.walk(root):
        for name in subfolders:
            path = Path(folder, name)
            if path.is_symlink() and Path(os.path.realpath(path)).is_relative_to(real_root):
                found.append(path)
    return sorted(found)


def real(path: Path) -> Path:
    """The path with links resolved; unlike Path.resolve, a loop of links is no exception."""
    try:
        return Path(os.path.realpath(path))
    except ValueError:  # a NUL byte in the name: no such file
        return path


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(path: Path) -> Path:
    """The path with bytes that are not UTF-8 shown as \ufffd, so it can be printed."""
    return Path(os.fsencode(path).decode("utf-8", "replace"))


def _bad_name(path: Path) -> Problem:
    markdown = path.suffix.lower() in (".md", ".markdown")
    return Problem(
        _printable(path),
        None,
        "the name is not valid UTF-8 text, so it is left out",
        hint="rename it in your file manager",
        severity="error" if markdown else "warning",
    )


def reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
