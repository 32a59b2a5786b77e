"""`memorybook resolve PATH`: settle one conflict copy or one file with git's conflict markers,
only as the couple chooses, printing each step.

Without a choice it only shows. With one, nothing is ever deleted or written over: what is
taken out of the journal goes to `conflicts/<time>/` beside mkdocs.yml (the same path as in
the journal), and a file with markers is copied there before it is rewritten.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
from pathlib import Path
from typing import Literal

from memorybook.conflicts import (
    Conflict,
    ConflictCopy,
    folded,
    marker_lines,
    read_text,
    recognise,
    short_diff,
    shown,
    split_conflicts,
)
from memorybook.errors import ConfigError, display_path
from memorybook.files import write_atomic
from memorybook.journal import iter_journal_files
from memorybook.settings import Settings
from memorybook.words import plural

Keep = Literal["original", "copy", "ours", "theirs", "both"]
KEEPS: tuple[Keep, ...] = ("original", "copy", "ours", "theirs", "both")
_FOR_COPIES: tuple[Keep, ...] = ("original", "copy")
_FOR_MARKERS: tuple[Keep, ...] = ("ours", "theirs", "both")
SET_ASIDE = "conflicts"
"""The folder beside mkdocs.yml where `resolve` puts what it takes out of the journal."""


def resolve(settings: Settings, path: Path, keep: Keep | None) -> list[str]:
    """What `memorybook resolve PATH` says, and with `keep` does: never anything unasked."""
    root = settings.journal.resolve()
    target = _journal_file(root, path)
    files = iter_journal_files(root)  # links and loops are not followed, as in a build
    copy = recognise(root, target, {folded(p): p for p in files})
    if copy is not None:
        return _resolve_copy(settings, copy, keep)
    if marker_lines(read_text(target) or ""):
        return _resolve_markers(settings, target, keep)
    raise ConfigError(
        f"{display_path(target)} is neither a conflict copy nor a file with conflict markers; "
        "`memorybook check` lists the ones there are"
    )


def _journal_file(root: Path, path: Path) -> Path:
    target = path.resolve()
    if not target.is_relative_to(root):
        raise ConfigError(f"{path} is not in the journal folder ({display_path(root)})")
    if not target.is_file():
        raise ConfigError(f"{path}: no such file")
    return target


def _resolve_copy(settings: Settings, copy: ConflictCopy, keep: Keep | None) -> list[str]:
    name, meant = display_path(copy.path), copy.meant
    said = [f"{name} is a conflict copy that {copy.service} made of {meant}."]
    if keep is None:
        command = f"memorybook resolve {shlex.quote(name)}"
        return [
            *said,
            *short_diff(copy, None, private_too=True),
            f"To keep {meant} as it is and move the copy out of the journal: "
            f"{command} --keep original",
            f"To keep the copy's text as {meant} (the entry as it is now is moved out): "
            f"{command} --keep copy",
            "Nothing was changed.",
        ]
    _refuse_other_keep(keep, _FOR_COPIES, "a conflict copy")
    aside = _aside_folder(settings)
    if keep == "original":
        moved = _move_out(settings, copy.path, aside)
        return [*said, f"moved the copy out of the journal to {display_path(moved)}"]
    done = []
    if copy.original is not None:
        moved = _move_out(settings, copy.original, aside)
        done.append(f"moved {meant} as it was out of the journal to {display_path(moved)}")
    entry = settings.journal.resolve() / meant
    if entry.exists():  # never over a file
        raise ConfigError(f"{display_path(entry)} is there; nothing more was changed")
    os.rename(copy.path, entry)
    return [*said, *done, f"renamed {name} to {display_path(entry)}"]


def _resolve_markers(settings: Settings, path: Path, keep: Keep | None) -> list[str]:
    name = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{name} is not valid UTF-8 text; edit it by hand") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    parts = split_conflicts(text.removeprefix(bom))
    conflicts = [part for part in parts if isinstance(part, Conflict)]
    said = [f"{name} holds {len(conflicts)} git {plural(len(conflicts), 'conflict')}."]
    if keep is None:
        return [*said, *_sides(conflicts), *_marker_choices(name), "Nothing was changed."]
    _refuse_other_keep(keep, _FOR_MARKERS, "a file with conflict markers")
    backup = _move_out(settings, path, _aside_folder(settings), copy_only=True)
    kept = "".join(part if isinstance(part, str) else _kept(part, keep) for part in parts)
    write_atomic(path, (bom + kept).encode("utf-8"))
    return [
        *said,
        f"kept {keep} in each, wrote {name} without the markers",
        f"the file as it was is in {display_path(backup)}",
    ]


def _kept(conflict: Conflict, keep: Keep) -> str:
    sides = {"ours": conflict.ours, "theirs": conflict.theirs}
    lines = sides.get(keep, conflict.ours + conflict.theirs)
    return "".join(lines)


def _sides(conflicts: list[Conflict]) -> list[str]:
    said = []
    for conflict in conflicts:
        said.append(f"  line {conflict.line}:")
        said += [f"    ours:   {shown(line.rstrip())[:100]}" for line in conflict.ours[:3]]
        said += [f"    theirs: {shown(line.rstrip())[:100]}" for line in conflict.theirs[:3]]
    return said


def _marker_choices(name: str) -> list[str]:
    command = f"memorybook resolve {shlex.quote(name)}"
    return [
        f"To keep the upper side (ours) of each: {command} --keep ours",
        f"To keep the lower side (theirs): {command} --keep theirs",
        f"To keep both, one after the other: {command} --keep both",
        "(the file as it is now is first copied out of the journal, so nothing is lost)",
    ]


def _refuse_other_keep(keep: Keep, allowed: tuple[Keep, ...], what: str) -> None:
    if keep not in allowed:
        raise ConfigError(
            f"--keep {keep} is not for {what}; choose --keep {' or --keep '.join(allowed)}"
        )


def _aside_folder(settings: Settings) -> Path:
    """`conflicts/<time>/` beside mkdocs.yml; never inside the journal, where it would be read."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    folder = settings.project_dir.resolve() / SET_ASIDE / stamp
    if folder.is_relative_to(settings.journal.resolve()):
        raise ConfigError(
            f"{display_path(folder)} would be inside the journal; give the journal a folder of "
            "its own (docs_dir in mkdocs.yml) and run this again"
        )
    return folder


def _move_out(settings: Settings, path: Path, aside: Path, *, copy_only: bool = False) -> Path:
    """Move (or copy) a journal file to the same place under `aside`; never over a file."""
    rel = path.relative_to(settings.journal.resolve())
    target = aside / rel
    number = 1
    while target.exists():
        number += 1
        target = aside.with_name(f"{aside.name}-{number}") / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if copy_only:
        shutil.copy2(path, target)
    else:
        shutil.move(path, target)
    return target
