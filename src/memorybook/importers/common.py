"""What every importer hands to the writer, and the report it gets back.

An importer reads one export format into `ImportedEntry` values and collects a
`Notice` for every problem it meets; the writer (`writer.py`) turns the entries
into ordinary journal files. Neither ever raises for one bad entry: the entry
is reported and the rest is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from memorybook.errors import MemorybookError, Severity, display_path, printable
from memorybook.words import plural

MAX_JSON = 256 * 1024 * 1024
"""Bytes of one exported JSON file: decades of daily entries are far less."""
MAX_PHOTO = 256 * 1024 * 1024
"""Bytes of one photo: a camera's largest file is a tenth of that."""
MAX_CLIP = 1024 * 1024 * 1024
"""Bytes of one clip (read whole to take its location out): about 4 minutes of a phone's
4K video, 10 of its 1080p."""


class ExportError(MemorybookError):
    """An export that cannot be read at all (not a zip, not JSON): `Error: ...`, exit 2."""

    exit_code = 2


@dataclass(frozen=True)
class MediaFile:
    """A photo or clip in the export, to be copied beside the entry (without its location)."""

    name: str
    """Where it is in the export (e.g. `photos/0a1b....jpeg`), for messages."""
    suffix: str
    """The extension the copy gets, lower case with the dot (`.jpg`)."""
    open: Callable[[], IO[bytes]]
    """Opens the photo's bytes for reading."""
    size: int
    """Its size as the export declares it; reading stops with an error past it."""


@dataclass(frozen=True)
class Notice:
    """One problem met while importing, located as `EXPORT:FILE`."""

    where: str
    message: str
    severity: Severity = "warning"

    def format(self) -> str:
        return printable(f"{self.where}: {self.severity}: {self.message}")


@dataclass(frozen=True)
class EntryLink:
    """A link in an entry's text to another entry of the export: the writer makes it a
    link to that entry's file, or keeps its words when the entry is not there."""

    text: str
    """The link's words (Markdown); empty for a bare address."""
    source: str
    """The linked entry's `source` (`dayone:<uuid>`)."""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ImportedEntry:
    """One entry read from an export, ready to be written as a journal file."""

    source: str
    """Where it came from, e.g. `dayone:<uuid>`: written as `source:`, so it is imported once."""
    origin: str
    """Which entry of which export file, for messages (`Journal.json, entry 3`)."""
    title: str
    date: dt.date
    """The local day it happened."""
    time: dt.time | None
    """The local wall-clock time (to the minute), None for an all-day entry."""
    body: tuple[str | int | EntryLink, ...]
    """Markdown text, with the index of a photo wherever one stands in the text and links
    to other entries of the export."""
    photos: tuple[MediaFile, ...] = ()
    """In the entry's order; those the body does not place go into `photos:`."""
    tags: tuple[str, ...] = ()
    place: str = ""
    """Where it happened, in words; never coordinates."""
    notices: tuple[Notice, ...] = ()
    """What reading it met: reported when it is written, not when a later import skips it."""


class Notices:
    """Problems met while reading one entry, kept with it (`ImportedEntry.notices`)."""

    def __init__(self) -> None:
        self.notices: list[Notice] = []

    def warn(self, where: str, message: str) -> None:
        self.notices.append(Notice(where, message))

    def error(self, where: str, message: str) -> None:
        self.notices.append(Notice(where, message, "error"))


def json_kind(value: object) -> str:
    """What a JSON value is, for a message: `a JSON object`, `a number`, ..."""
    if isinstance(value, dict):
        return "a JSON object"
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    return "text" if isinstance(value, str) else "null"


@dataclass
class ImportReport:
    """What an import wrote (or, in a dry run, would write), skipped and met."""

    export: Path
    dry_run: bool = False
    written: list[tuple[Path, int]] = field(default_factory=list)
    """Each entry file written, with the number of photos copied beside it."""
    already: int = 0
    """Entries skipped because an earlier import brought them (their `source:` is there)."""
    notices: list[Notice] = field(default_factory=list)

    def warn(self, where: str, message: str) -> None:
        self.notices.append(Notice(where, message))

    def error(self, where: str, message: str) -> None:
        self.notices.append(Notice(where, message, "error"))

    @property
    def failed(self) -> bool:
        """True when something the export holds could not be imported (exit 1)."""
        return any(notice.severity == "error" for notice in self.notices)

    def lines(self) -> list[str]:
        verb = "would write" if self.dry_run else "wrote"
        written = [
            f"{verb} {display_path(path)}" + (f" (+{n} {plural(n, 'photo')})" if n else "")
            for path, n in self.written
        ]
        return [printable(line) for line in written] + [n.format() for n in self.notices]

    def summary(self) -> str:
        entries = len(self.written)
        photos = sum(n for _, n in self.written)
        verb = "would import" if self.dry_run else "imported"
        text = (
            f"{verb} {entries} {plural(entries, 'entry')} and {photos} {plural(photos, 'photo')} "
            f"from {display_path(self.export)}"
        )
        if self.already:
            text += f"; {self.already} already imported, skipped"
        problems = len(self.notices)
        if problems:
            text += f"; {problems} {plural(problems, 'problem')} listed above"
        return printable(text + ("; nothing was written (dry run)" if self.dry_run else ""))


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`~>#]+|\\(?=\S)")
_TITLE_WORDS = 8
_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")


def heading_title(text: str) -> tuple[str, str]:
    """The first line as the title when it is a Markdown heading, and the text after it."""
    first, _, rest = text.lstrip("\n").partition("\n")
    match = _HEADING.match(first)
    if not match or not _plain(match.group("title")):
        return "", text
    return _plain(match.group("title")), rest.lstrip("\n")


def first_line_title(text: str, ignore: re.Pattern[str]) -> tuple[str, str]:
    """A title from the first line with words (`ignore`d parts, such as photos, are not
    words), and the text without that line when all of it became the title, so the title is
    not said twice; a long line, or one with a link or a photo, stays in the text."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        bare = ignore.sub("", line)
        words = _plain(bare).split()
        if not words:
            continue
        if len(words) > _TITLE_WORDS or bare != line or _LINK.search(line):
            return short_title(ignore.sub("", text)), text
        after = index + 1
        while after < len(lines) and not lines[after].strip():
            after += 1
        return " ".join(words), "\n".join(lines[:index] + lines[after:])
    return "", text


def short_title(text: str) -> str:
    """A short title from the first words of the first line that has words."""
    for line in text.splitlines():
        words = _plain(line).split()
        if words:
            short = " ".join(words[:_TITLE_WORDS])
            return short if len(words) <= _TITLE_WORDS else short.rstrip(".,;:!?") + "…"
    return ""


def _plain(text: str) -> str:
    """Markdown inline markup dropped (links keep their text), spaces collapsed."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())
