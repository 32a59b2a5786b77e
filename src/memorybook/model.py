"""The journal model: what a journal is once read (entries, photos, capsules, pages), with
no knowledge of how it is read (`memorybook.reading`) or shown (the site, the book).

`memorybook.journal` is the public face that gathers these with `load_journal`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from memorybook.errors import Problem
from memorybook.settings import Settings

KINDS = ("experience", "gratitude", "milestone", "letter", "check-in")
LOVE_LANGUAGES = ("words", "service", "gifts", "time", "touch")
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".heif")
CLIP_EXTENSIONS = (".mp4", ".mov", ".m4v", ".webm")
"""Moving pictures an entry may list beside its photos (a clip is a `Photo` whose file is one)."""


@dataclass(frozen=True)
class Photo:
    """A photo an entry uses, from its `photos` list or its body."""

    path: Path
    """The photo file (absolute, inside the journal)."""
    entry: Path
    """The entry file that uses it (absolute): problems with the photo are reported there."""
    rel: str
    """Its path relative to the journal folder, with `/`: the photo's identity."""
    caption: str = ""
    """Shown under the photo; may be empty."""
    alt: str = ""
    """Text for people who cannot see it; falls back to the caption."""
    line: int | None = None
    """Line in the entry file where the photo is named."""
    markup: str = ""
    """For body images, the exact Markdown (`![a](b.jpg)` or `![[b.jpg]]`) that named it."""
    motion: Path | None = None
    """For a Live Photo: the `.mov` of the same name beside the still (`path`), played on
    press. A Live Photo is one item, listed by its still."""

    @property
    def in_body(self) -> bool:
        return bool(self.markup)

    @property
    def is_clip(self) -> bool:
        """A moving picture (its file is a clip): shown as its poster frame where a still is
        needed (cards, the book), played in the site."""
        return self.path.suffix.lower() in CLIP_EXTENSIONS


@dataclass(frozen=True)
class Entry:
    """One memory: an experience, a gratitude note, a milestone or a letter."""

    source: Path
    """The Markdown file (absolute)."""
    rel: str
    """The file's path relative to the journal folder, with `/`."""
    slug: str
    """Unique, stable name for its page, e.g. `2024-06-14-first-hike`."""
    date: dt.date
    """The day it happened."""
    time: dt.time | None
    """The wall-clock time it happened, as written (any UTC offset is dropped), if given."""
    kind: str
    """One of KINDS."""
    title: str
    """The title as written, or a generated "From Alex to Sam" for untitled notes."""
    body: str
    """The Markdown body (LF line endings, no front-matter)."""
    body_line: int
    """The file line on which the body starts (for locating things in it)."""
    until: dt.date | None = None
    """The last day of a multi-day entry."""
    authors: tuple[str, ...] = ()
    """Person ids of who wrote it."""
    sender: str | None = None
    """`from`: who thanks or writes (person id)."""
    recipient: str | None = None
    """`to`: whom the note or letter is for (person id)."""
    love_language: str | None = None
    tags: tuple[str, ...] = ()
    place: str = ""
    photos: tuple[Photo, ...] = ()
    """The front-matter photos, in order."""
    body_photos: tuple[Photo, ...] = ()
    """Images embedded in the body, in order."""
    cover: Photo | None = None
    """The timeline card's photo: `cover`, else the first photo."""
    recurring: bool = False
    private: bool = False
    sealed_until: dt.date | None = None
    """A time capsule: the day it opens. Before then only a `Capsule` of it is published."""
    question: int | None = None
    """The id of the shared question this entry answers: set only when it counts as an answer
    (one person's, and their first to that question; see `reading.assembling`)."""
    question_line: int | None = None
    """The line of `question:`, for the problems found once every entry has been read."""
    parts: tuple[tuple[str, str], ...] = ()
    """A check-in's parts: (person id, their Markdown) under each `## Name` heading, in order."""
    telling_of: str | None = None
    """This entry is one person's telling of another entry's day: that entry's `rel` (as
    written until every entry is read, then resolved; see `reading.tellings`)."""
    telling_of_line: int | None = None
    """The line of `telling_of:`, for the problems found once every entry has been read."""
    reveal: bool = False
    """`reveal: together`: nothing of it is published until the other partner has written
    theirs (their telling of its day, or their answer to its question)."""
    gentle: bool = False
    """A hard day: kept out of On this day, the home page, the calendar and the numbers'
    highlights, while it stays in the timeline, its own page and the book."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Unknown front-matter fields, kept as written."""

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def sort_key(self) -> tuple[dt.date, dt.time, str]:
        return (self.date, self.time or dt.time(0), self.slug)

    @property
    def opened_on(self) -> dt.date | None:
        """For a time capsule now open, the day it opened (a seal not after the day it was
        written never sealed anything: None)."""
        if self.sealed_until is None or self.sealed_until <= self.date:
            return None
        return self.sealed_until

    @property
    def all_photos(self) -> tuple[Photo, ...]:
        """Front-matter photos then body images, each file once."""
        seen: set[str] = set()
        unique = []
        for photo in self.photos + self.body_photos:
            if photo.rel not in seen:
                seen.add(photo.rel)
                unique.append(photo)
        return tuple(unique)

    @property
    def voice(self) -> str | None:
        """The one person who wrote it (its sender, or its only author), else None."""
        if self.sender:
            return self.sender
        return self.authors[0] if len(self.authors) == 1 else None

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone involved: authors, sender and recipient, each once."""
        ids = [*self.authors, *(p for p in (self.sender, self.recipient) if p)]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class Capsule:
    """A sealed entry as the site may show it before its day: a closed envelope that says who
    wrote it, to whom, and when it opens; nothing of its title, text, photos, tags or place."""

    source: Path
    """The entry file (absolute), for `check`; never published."""
    opens: dt.date
    """The first day on which the entry is published."""
    kind: str
    sender: str | None = None
    recipient: str | None = None
    authors: tuple[str, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        """Who it is from (the sender, else its authors)."""
        return (self.sender,) if self.sender else self.authors


def seal(entry: Entry) -> Capsule:
    """The envelope of a sealed entry: only what may be shown before it opens."""
    assert entry.sealed_until is not None
    return Capsule(
        source=entry.source,
        opens=entry.sealed_until,
        kind=entry.kind,
        sender=entry.sender,
        recipient=entry.recipient,
        authors=entry.authors,
    )


@dataclass(frozen=True)
class Waiting:
    """An entry revealed together, before the other partner has written theirs, as the site
    may show it: who has written, whose turn it is, and (for an answer) which of memorybook's
    questions; nothing of its title, text, photos, tags, place or day."""

    source: Path
    """The entry file (absolute), for `check`; never published."""
    writer: str
    """Who has written (person id)."""
    turn: tuple[str, ...]
    """Whose turn it is: the people whose telling or answer it waits for."""
    question: int | None = None
    """The shared question it answers, if it is an answer."""


@dataclass(frozen=True)
class Page:
    """An ordinary Markdown page (no `date`), rendered as it is."""

    source: Path
    rel: str
    title: str
    """Front-matter `title`, else the first `# heading`, else the file name."""
    body: str
    photos: tuple[Photo, ...] = ()
    """Local images the body embeds, found and checked like an entry's body images."""


@dataclass(frozen=True)
class Journal:
    """A loaded journal: what is valid, and every problem found on the way."""

    settings: Settings
    entries: tuple[Entry, ...]
    """Valid entries, oldest first (private ones only when asked for)."""
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    """Every problem, sorted by file and line."""
    sealed: tuple[Capsule, ...] = ()
    """Time capsules still sealed on `today`, soonest first: not among `entries`."""
    today: dt.date = dt.date.min
    """The day the journal was read as of: capsules sealed until after it stay sealed."""
    check_ins: tuple[Entry, ...] = ()
    """Check-ins (`kind: check-in`), oldest first: on a page of their own, not among `entries`
    (nor the home page, the timeline, On this day or, unless asked, the book)."""
    waiting: tuple[Waiting, ...] = ()
    """Entries revealed together that wait for the other partner's: not among `entries`."""
    tellings: tuple[Entry, ...] = ()
    """Second tellings of entries' days (`telling_of`), shown with the entry they tell: not
    among `entries`, so every list names the day once."""

    @cached_property
    def _tellings_by_rel(self) -> dict[str, tuple[Entry, ...]]:
        found: dict[str, list[Entry]] = {}
        for entry in self.tellings:
            found.setdefault(entry.telling_of or "", []).append(entry)
        return {rel: tuple(told) for rel, told in found.items()}

    def tellings_of(self, entry: Entry) -> tuple[Entry, ...]:
        """The other tellings of `entry`'s day, oldest first (none for most entries)."""
        return self._tellings_by_rel.get(entry.rel, ())

    @property
    def root(self) -> Path:
        return self.settings.journal

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def photos(self) -> tuple[Photo, ...]:
        """Every photo the entries (then the pages) use, each file once, in timeline order."""
        seen: dict[str, Photo] = {}
        told = [e.all_photos for e in (*self.entries, *self.tellings, *self.check_ins)]
        for photos in told + [p.photos for p in self.pages]:
            for photo in photos:
                seen.setdefault(photo.rel, photo)
        return tuple(seen.values())


def left_out(journal: Journal) -> tuple[Path, ...]:
    """Files with an error that did not become an entry or a page: a build leaves them out."""
    built = {entry.source for entry in journal.entries} | {page.source for page in journal.pages}
    built |= {capsule.source for capsule in journal.sealed}
    built |= {entry.source for entry in journal.tellings}
    built |= {waiting.source for waiting in journal.waiting}
    built |= {entry.source for entry in journal.check_ins}
    return tuple(dict.fromkeys(p.path for p in journal.errors if p.path not in built))
