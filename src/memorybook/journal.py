"""The journal model: entries, pages and photos read from a folder, with every problem found.

Loading never raises for the user's content: each problem becomes a `Problem`
with the file and line, the bad entry (or photo) is left out, and the rest loads.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from memorybook.conflicts import copy_problem, find_copies, marker_lines, marker_problem
from memorybook.errors import Problem
from memorybook.nesting import MAX_DEPTH, too_deep
from memorybook.page_keys import page_key_problems
from memorybook.questions import answered_by, question_set
from memorybook.settings import TAB_HINT, Settings, suggest_person, tab_in_yaml
from memorybook.templates import placeholder_lines
from memorybook.words import today

KINDS = ("experience", "gratitude", "milestone", "letter")
LOVE_LANGUAGES = ("words", "service", "gifts", "time", "touch")
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".heif")
FIELDS = (
    "date",
    "until",
    "kind",
    "title",
    "author",
    "authors",
    "from",
    "to",
    "love_language",
    "tags",
    "place",
    "photos",
    "cover",
    "recurring",
    "private",
    "sealed_until",
    "question",
    "source",
)
_ENTRY_ONLY_FIELDS = (
    "until",
    "kind",
    "authors",
    "from",
    "to",
    "love_language",
    "place",
    "photos",
    "cover",
    "recurring",
    "private",
    "sealed_until",
    "question",
    "source",
)
"""Fields that only mean something on an entry: a file with one of them but no usable `date`
was meant to be an entry, so it is an error and left out (it may be private), not a page."""
_MEANT_FIELDS = ("date", *_ENTRY_ONLY_FIELDS)
_PAGE_FIELDS = (
    "title",
    "description",
    "author",
    "hide",
    "tags",
    "template",
    "icon",
    "status",
    "subtitle",
    "search",
)
"""Keys an ordinary page may carry (Material writes `author` into a page's meta tags): they
never make a file look like an entry, nor count as a near miss of an entry field."""
MAX_FRONT_MATTER = 64 * 1024
"""Bytes of front-matter read; far more than any entry needs, far less than a hang."""
MAX_FILE = 2 * 1024 * 1024 + MAX_FRONT_MATTER
"""Bytes of an entry or page file: 2 MiB of text besides the front-matter."""
MAX_NESTING = 16
"""Levels of lists and mappings in the front-matter (a photo with a caption needs three)."""
MAX_FOLDER_DEPTH = 32
"""Levels of folders below the journal that are read."""
_KEEPING_FIELDS = ("private", "sealed_until")
"""Fields that keep an entry out of the site: a misspelling of one must not publish it."""
_KEEPING_WORDS = {
    "private": (
        "private",
        "hidden",
        "secret",
        "draft",
        "unlisted",
        "unpublished",
        "personal",
        "confidential",
        "public",
        "published",
        "visible",
        "visibility",
    ),
    "sealed_until": (
        "sealed_until",
        "sealed",
        "seal",
        "sealed_on",
        "locked",
        "locked_until",
        "lock_until",
        "opens",
        "opens_on",
        "open_on",
        "open_after",
        "unseal",
        "unseal_on",
        "unlock_on",
        "capsule",
        "time_capsule",
        "embargo",
        "publish_on",
        "publish_after",
    ),
}
"""Words a person may write for a field that hides an entry: each, and any key within a
typo of one (`SequenceMatcher` ratio 0.85, `sealed_untill`, `hiden`), stands for that field."""
_KEEPING_STEMS = {
    "priva": "private",
    "secret": "private",
    "hidden": "private",
    "seal": "sealed_until",
}
"""Parts of a key that stand for a hiding field wherever they are (`is_private`, `unsealed`)."""
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_TITLED_KINDS = {"experience", "milestone"}
_NOTE_KINDS = {"gratitude", "letter"}

_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<src><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
_WIKI_IMAGE = re.compile(r"!\[\[(?P<src>[^\]|\n]+?)(?:\|(?P<opt>[^\]\n]*))?\]\]")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_FENCE = re.compile(r"^\s*(```|~~~)")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
_FENCE_LIKE = re.compile(r"^(?:-{3,}|\+{3,})$")
_DATE_LIKE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
_KEY_LINE = re.compile(r"^\s*[\"']?[\w -]+[\"']?\s*[:=]")
"""A line like `key: value` (YAML) or `key = value` (TOML)."""


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

    @property
    def in_body(self) -> bool:
        return bool(self.markup)


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
    (one person's, and their first to that question; see `_one_answer_each`)."""
    question_line: int | None = None
    """The line of `question:`, for the problems found once every entry has been read."""
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
        for photos in [e.all_photos for e in self.entries] + [p.photos for p in self.pages]:
            for photo in photos:
                seen.setdefault(photo.rel, photo)
        return tuple(seen.values())


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
                f"cannot read this folder: {_reason(exc)}",
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
            problems.append(Problem(path, None, f"cannot read it: {_reason(exc)}"))


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


def _real(path: Path) -> Path:
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


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


class ReadCache:
    """What each Markdown file read as, kept between loads by the preview server.

    A file is read again when its size or modification time changed; everything is read
    again when the settings or any other file of the journal (a photo added, renamed or
    removed) changed, since an entry's problems depend on them.
    """

    def __init__(self) -> None:
        self.files: dict[tuple[Path, int, int], tuple[Entry | Page | None, list[Problem]]] = {}
        self.around: tuple[Settings, list[tuple[Path, int, int]]] | None = None

    def keep_only_if(self, settings: Settings, others: list[tuple[Path, int, int]]) -> None:
        if self.around != (settings, others):
            self.files.clear()
        self.around = (settings, others)

    def read(self, settings: Settings, path: Path, problems: list[Problem]) -> Entry | Page | None:
        key = _stat_key(path)
        if key not in self.files:
            found: list[Problem] = []
            self.files[key] = (_EntryReader(settings, path, found).read(), found)
        loaded, found = self.files[key]
        problems.extend(found)
        return loaded


def read_as(settings: Settings, path: Path, text: str) -> list[Problem]:
    """The problems `check` would find in `text` were it the file at `path` (which is not
    read): importers check each entry so before they write it."""
    problems: list[Problem] = []
    _EntryReader(settings, path, problems, text=text).read()
    return problems


def _stat_key(path: Path) -> tuple[Path, int, int]:
    stat = path.stat()
    return (path, stat.st_mtime_ns, stat.st_size)


def load_journal(
    settings: Settings,
    *,
    include_private: bool = False,
    cache: ReadCache | None = None,
    as_of: dt.date | None = None,
) -> Journal:
    """Read every Markdown file of the journal; never raises for the user's content.

    Entries sealed until after `as_of` (default: today) are not entries: they are kept
    apart as `Capsule`s, so nothing downstream can publish what is inside them."""
    day = as_of or today()
    root = settings.journal
    if not root.is_dir():
        problem = Problem(
            root,
            None,
            "the journal folder does not exist",
            hint="create it, or set `journal:` in mkdocs.yml",
        )
        return Journal(settings, (), (), (problem,), today=day)
    problems: list[Problem] = []
    entries: list[Entry] = []
    pages: list[Page] = []
    files = list(iter_journal_files(root, problems))
    # A sync service's or git's copy of an entry is never read: it may be an older, public
    # version of what is now private.
    copies = find_copies(root, files)
    problems.extend(copy_problem(root, copy) for copy in copies.values())
    markdown = [p for p in files if p.suffix.lower() in (".md", ".markdown") and p not in copies]
    if cache is not None:
        others = set(files) - set(markdown)
        cache.keep_only_if(settings, [_stat_key(path) for path in files if path in others])
    for path in markdown:
        if cache is not None:
            loaded = cache.read(settings, path, problems)
        else:
            loaded = _EntryReader(settings, path, problems).read()
        if isinstance(loaded, Entry):
            entries.append(loaded)
        elif isinstance(loaded, Page):
            pages.append(loaded)
    entries = _drop_duplicate_slugs(entries, problems)
    # Before private and sealed entries are set apart: the same answer counts everywhere.
    entries = _one_answer_each(entries, settings, problems)
    if not include_private:
        entries = [e for e in entries if not e.private]
    entries.sort(key=lambda e: e.sort_key)
    published: list[Entry] = []
    capsules: list[Capsule] = []
    for entry in entries:
        if entry.sealed_until and entry.sealed_until > day:
            capsules.append(seal(entry))
        else:
            published.append(entry)
    capsules.sort(key=lambda c: (c.opens, c.source))
    return Journal(
        settings,
        tuple(published),
        tuple(pages),
        tuple(sorted(problems, key=_where)),
        sealed=tuple(capsules),
        today=day,
    )


def _where(problem: Problem) -> tuple[str, int, str]:
    return (problem.path.as_posix(), problem.line or 0, problem.message)


def _drop_duplicate_slugs(entries: list[Entry], problems: list[Problem]) -> list[Entry]:
    by_slug: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.rel):
        first = by_slug.setdefault(entry.slug, entry)
        if first is not entry:
            problems.append(
                Problem(
                    entry.source,
                    1,
                    f"duplicate slug {entry.slug!r}: {first.rel} already has that page name",
                    hint="rename one of the two files",
                )
            )
    return list(by_slug.values())


def _one_answer_each(
    entries: list[Entry], settings: Settings, problems: list[Problem]
) -> list[Entry]:
    """Each person's first answer to a question (by date) is their answer; a later one is a
    warning and stays an ordinary entry, so the answers shown together never change when
    someone answers again."""
    first: dict[tuple[int, str], Entry] = {}
    kept = []
    for entry in sorted(entries, key=lambda e: e.sort_key):
        person = answered_by(entry)
        if entry.question is None or person is None:
            kept.append(entry)
            continue
        earlier = first.setdefault((entry.question, person), entry)
        if earlier is entry:
            kept.append(entry)
            continue
        problems.append(_second_answer(entry, earlier, settings.person_name(person)))
        kept.append(replace(entry, question=None))
    return kept


def _second_answer(entry: Entry, earlier: Entry, name: str) -> Problem:
    qid = entry.question
    return Problem(
        entry.source,
        entry.question_line,
        f"{name} already answered question {qid} in {earlier.rel} ({earlier.date}): that "
        "first answer is the one shown beside the other answers; this one stays an "
        "ordinary entry",
        hint=f"to show this answer instead, remove `question: {qid}` from {earlier.rel}; "
        "otherwise remove it here",
        severity="warning",
    )


def slug_for(rel: str, date: dt.date) -> str:
    """The page name: the file name (or bundle folder), prefixed with the date if it lacks one."""
    posix = PurePosixPath(rel)
    stem = posix.parent.name if posix.stem.lower() in ("index", "readme") else posix.stem
    name = re.sub(r"[^\w-]+", "-", stem.strip().lower(), flags=re.UNICODE).strip("-") or "entry"
    if not _DATE_PREFIX.match(name):
        name = f"{date.isoformat()}-{name}"
    return name


class _EntryReader:
    """Reads one Markdown file into an Entry or a Page, reporting problems as it goes."""

    def __init__(
        self, settings: Settings, path: Path, problems: list[Problem], text: str | None = None
    ) -> None:
        self.text = text
        """The file's text when it is not (yet) on disk (`read_as`)."""
        self.settings = settings
        self.root = settings.journal
        self.path = path
        self.rel = path.relative_to(self.root).as_posix()
        self.problems = problems
        self.key_lines: dict[str, int] = {}
        self.item_lines: dict[str, list[int]] = {}
        self.failed = False

    # -- reporting --------------------------------------------------------

    def error(
        self, message: str, key: str | None = None, hint: str = "", line: int | None = None
    ) -> None:
        self.failed = True
        self.problems.append(Problem(self.path, line or self.line_of(key), message, hint))

    def warn(
        self, message: str, key: str | None = None, hint: str = "", line: int | None = None
    ) -> None:
        self.problems.append(
            Problem(self.path, line or self.line_of(key), message, hint, severity="warning")
        )

    def line_of(self, key: str | None) -> int | None:
        return self.key_lines.get(key) if key else None

    # -- reading ----------------------------------------------------------

    def read(self) -> Entry | Page | None:
        text = self._read_text()
        if text is None:
            return None
        markers = marker_lines(text)
        if markers:  # both versions of an edit, private lines and all: never a page
            self.failed = True
            self.problems.append(marker_problem(self.path, text, markers))
            return None
        split = self._split(text)
        if split is None:
            return None
        meta, body, body_line = split
        if "date" not in meta:
            if self._meant_as_entry(meta):
                return None
            page = self._page(meta, body, body_line)
            return None if self.failed else page
        entry = self._entry(meta, body, body_line)
        return None if self.failed else entry

    def _read_text(self) -> str | None:
        try:
            if self.text is not None:
                data = self.text.encode("utf-8", "surrogatepass")
                size = len(data)
            else:
                with self.path.open("rb") as stream:
                    # The size first: read(MAX_FILE) would set aside 2 MiB for every small entry.
                    size = os.fstat(stream.fileno()).st_size
                    data = stream.read() if size <= MAX_FILE else b""
        except OSError as exc:
            self.error(
                f"cannot read the file: {_reason(exc)}",
                hint="check its permissions; it is left out until it can be read",
            )
            return None
        if size > MAX_FILE or len(data) > MAX_FILE:
            self.error(
                f"the file is larger than {MAX_FILE // 1024} KiB, so it is left out",
                line=1,
                hint="split it into several entries; photos go beside it as files",
            )
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.error(
                "not valid UTF-8 text", line=line, hint="save the file as UTF-8 in your editor"
            )
            return None
        return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    def _split(self, text: str) -> tuple[dict[str, Any], str, int] | None:
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            return None if self._misplaced_front_matter(lines) else ({}, text, 1)
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            self.error(
                "the front-matter is not closed",
                line=1,
                hint="add a line with just --- after the last field",
            )
            return None
        yaml_text = "\n".join(lines[1:end])
        if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER:
            self.error(
                f"the front-matter is larger than {MAX_FRONT_MATTER // 1024} KiB",
                line=1,
                hint="move long text into the body, below the closing ---",
            )
            return None
        meta = self._parse_yaml(yaml_text)
        if meta is None:
            return None
        return meta, "\n".join(lines[end + 1 :]), end + 2

    def _misplaced_front_matter(self, lines: list[str]) -> bool:
        """A block that looks like front-matter but does not start with `---` on line 1 is an
        error, not a page: published as text, it would show what may be private."""
        number, first = next(
            ((i, text.strip()) for i, text in enumerate(lines) if text.strip()), (0, "")
        )
        following = next((text for text in lines[number + 1 :] if text.strip()), "")
        if _FENCE_LIKE.match(first) and _KEY_LINE.match(following):
            if first.startswith("+"):
                message = "front-matter between +++ lines (TOML) is not read"
                hint = "write it as YAML between --- lines"
            else:
                message = "front-matter must start with --- alone on line 1"
                hint = "remove the blank lines, spaces or extra dashes before it"
        elif _telling_line(first):
            message = "these look like front-matter fields, but there is no --- line before them"
            hint = "put a line with just --- before the first field and after the last"
        else:
            return False
        self.error(f"{message}: the file is left out", line=number + 1, hint=hint)
        return True

    def _parse_yaml(self, yaml_text: str) -> dict[str, Any] | None:
        loader = _Loader(yaml_text)
        try:
            if ("&" in yaml_text or "*" in yaml_text) and self._has_aliases(yaml_text):
                return None
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else {}
        except yaml.MarkedYAMLError as exc:
            # The context (e.g. where an unclosed bracket or quote opened) is where to look.
            mark = exc.context_mark or exc.problem_mark
            line = mark.line + 2 if mark else 1
            context = f" ({exc.context})" if exc.context else ""
            self.error(
                f"YAML syntax error in the front-matter: {exc.problem}{context}",
                line=line,
                hint=TAB_HINT
                if tab_in_yaml(yaml_text, exc)
                else "check quotes, colons and indentation; quote text that has a colon",
            )
            return None
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
            self.error(f"YAML error in the front-matter: {exc}", line=1)
            return None
        finally:
            loader.dispose()
        if data is None:
            return {}
        if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
            self.error("the front-matter must be fields like `title: ...`, one per line", line=2)
            return None
        if self._too_deep(node):
            return None
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 2
            if key in self.key_lines:
                # Two `private` lines may disagree: left out until one goes, not a guess.
                keeping = key in _KEEPING_FIELDS
                (self.error if keeping else self.warn)(
                    f"`{key}` is given twice (lines {self.key_lines[key]} and {line}); "
                    + ("the file is left out" if keeping else "the second one is used"),
                    line=line,
                    hint="remove one of them",
                )
            self.key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                self.item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
        return {str(k): v for k, v in data.items()}

    def _has_aliases(self, yaml_text: str) -> bool:
        """Anchors and aliases are refused: a few of them can stand for billions of values."""
        for event in yaml.parse(yaml_text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                self.error(
                    "YAML aliases (&/*) are not allowed in front-matter",
                    line=event.start_mark.line + 2 if event.start_mark else 1,
                    hint="write the value out, or quote text that starts with & or *",
                )
                return True
        return False

    def _too_deep(self, root: yaml.Node) -> bool:
        """Lists in lists more than MAX_NESTING deep are refused (printing one recurses)."""
        stack: list[tuple[yaml.Node, int]] = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, yaml.MappingNode):
                children = [item for pair in node.value for item in pair]
            else:
                children = node.value
            for child in children:
                if not isinstance(child, yaml.CollectionNode):
                    continue
                if depth >= MAX_NESTING:
                    self.error(
                        f"the front-matter nests lists or mappings more than {MAX_NESTING} deep",
                        line=child.start_mark.line + 2,
                        hint="no field needs more than three levels",
                    )
                    return True
                stack.append((child, depth + 1))
        return False

    def _meant_as_entry(self, meta: Mapping[str, Any]) -> bool:
        """A file without `date` but with a near-miss of it, or with fields only entries have,
        was meant to be an entry: an error, and left out, since it may be private."""
        keys = {key: _field_meant(key) for key in meta}
        dates = [key for key, meant in keys.items() if meant == "date" and _dated(key, meta[key])]
        if dates:
            self.error(
                f"`{dates[0]}` is not `date`: the file has no date, so it is left out",
                key=dates[0],
                hint=f"did you mean `date`? write `date: {_show_date(meta[dates[0]])}`",
            )
            return True
        fields = [key for key, meant in keys.items() if meant and meant != "date"]
        if not fields:
            return False
        hiding = [key for key in fields if keys[key] in _KEEPING_FIELDS and key != keys[key]]
        if hiding:
            self.error(
                f"`{hiding[0]}` reads as `{keys[hiding[0]]}`, which hides an entry: the file "
                "is left out until it is fixed",
                key=hiding[0],
                hint=f"write `{keys[hiding[0]]}:` to hide it, or rename the key",
            )
            return True
        self.error(
            f"has entry fields ({', '.join(fields)}) but no `date`, so it is left out",
            key=fields[0],
            hint="add `date: YYYY-MM-DD` to make it an entry, or remove those fields",
        )
        return True

    def _page(self, meta: dict[str, Any], body: str, body_line: int) -> Page:
        for key, message, hint in page_key_problems(meta):
            self.error(message, line=self.line_of(key) or self.line_of("<<"), hint=hint)
        self._check_nesting(body, body_line)
        heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
        title = str(meta.get("title") or (heading.group(1) if heading else "")) or (
            PurePosixPath(self.rel).stem.replace("-", " ").capitalize()
        )
        return Page(self.path, self.rel, title, body, self._body_photos(body, body_line))

    def _entry(self, meta: dict[str, Any], body: str, body_line: int) -> Entry:
        self._warn_unknown_fields(meta)
        date, time = self._date("date", meta.get("date"))
        until = self._until(meta, date)
        kind = self._choice("kind", meta.get("kind", "experience"), KINDS)
        authors = self._authors(meta)
        sender = self._person("from", meta.get("from"))
        recipient = self._person("to", meta.get("to"))
        if kind in _NOTE_KINDS:
            self._require_note_people(kind, meta, sender, recipient)
        title = self._text("title", meta.get("title"))
        if not title and kind in _TITLED_KINDS:
            self.error(
                f"{_article(kind)} {kind} needs a `title`",
                key="date",
                hint="add a line like `title: Our first hike`",
            )
        if not title:
            title = self._note_title(kind, sender, recipient)
        love = meta.get("love_language")
        love_language = self._choice("love_language", love, LOVE_LANGUAGES) if love else None
        photos = self._photos(meta.get("photos"))
        body_photos = self._body_photos(body, body_line)
        body = self._drop_placeholders(body, body_line)
        self._check_nesting(body, body_line)
        return Entry(
            source=self.path,
            rel=self.rel,
            slug=slug_for(self.rel, date or dt.date.min),
            date=date or dt.date.min,
            time=time,
            kind=kind or "experience",
            title=title,
            body=body,
            body_line=body_line,
            until=until,
            authors=authors,
            sender=sender,
            recipient=recipient,
            love_language=love_language,
            tags=self._tags(meta.get("tags")),
            place=self._text("place", meta.get("place")),
            photos=photos,
            body_photos=body_photos,
            cover=self._cover(meta.get("cover"), photos + body_photos),
            recurring=self._flag("recurring", meta),
            private=self._flag("private", meta),
            sealed_until=self._sealed_until(meta, date),
            question=self._answer(meta.get("question"), sender, authors, bool(body.strip())),
            question_line=self.line_of("question"),
            extra={k: v for k, v in meta.items() if k not in FIELDS},
        )

    # -- fields -----------------------------------------------------------

    def _warn_unknown_fields(self, meta: Mapping[str, Any]) -> None:
        for key in meta:
            if key in FIELDS:
                continue
            meant = _field_meant(key)
            if meant in _KEEPING_FIELDS:
                # Read as a typo, the entry would be published: left out until it is fixed.
                self.error(
                    f"`{key}` is not `{meant}`; the entry is left out until it is fixed",
                    key=key,
                    hint=f"did you mean `{meant}`?",
                )
                continue
            close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.7)
            hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(FIELDS)}"
            self.warn(f"unknown field `{key}` (kept, but not used)", key=key, hint=hint)

    def _date(self, key: str, value: Any) -> tuple[dt.date | None, dt.time | None]:
        parsed = parse_when(value)
        if parsed is None:
            self.error(
                f"`{key}` has no value"
                if value is None
                else f"`{key}` {_show(value)} is not a date",
                key=key,
                hint="write YYYY-MM-DD, YYYY-MM-DD HH:MM or ISO 8601 with offset",
            )
            return None, None
        return parsed

    def _sealed_until(self, meta: Mapping[str, Any], written: dt.date | None) -> dt.date | None:
        """The capsule's opening day. A value that is not a day is an error, so the entry is
        left out rather than published before its time."""
        value = meta.get("sealed_until")
        if value is None:
            if "sealed_until" in meta:
                self.error(
                    "`sealed_until` has no value; the entry is left out until it has one",
                    key="sealed_until",
                    hint="write the day it opens, like `sealed_until: 2030-06-14`",
                )
            return None
        parsed = parse_when(value)
        if parsed is None:
            self.error(
                f"`sealed_until` {_show(value)} is not a date; the entry is left out until it is",
                key="sealed_until",
                hint="write the day it opens as YYYY-MM-DD",
            )
            return None
        opens = parsed[0]
        if written and opens <= written:
            self.warn(
                f"`sealed_until` {opens} is not after `date` {written}: it was never sealed",
                key="sealed_until",
                hint="a time capsule opens on a later day than it was written",
            )
        return opens

    def _question(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(
                f"`question` must be a question number, not {_show(value)}",
                key="question",
                hint="`memorybook new --question` picks one and writes its number",
            )
            return None
        if question_set().get(value) is None:
            self.error(
                f"there is no question {value}: memorybook's questions are numbered "
                f"{question_set().span}",
                key="question",
                hint="`memorybook new --question` picks one and writes its number",
            )
            return None
        return value

    def _answer(
        self, value: Any, sender: str | None, authors: tuple[str, ...], written: bool
    ) -> int | None:
        """The question the entry answers, when one person answers it (see `answered_by`)
        in words of their own (`written`: a body that is more than the placeholder)."""
        question = self._question(value)
        if question is not None and not written:
            self.warn(
                f"question {question} is not answered here yet: the entry holds only the "
                "placeholder, so it is not an answer until you write yours",
                key="question",
                hint="write your answer below the front-matter",
            )
            return None
        if question is None or sender or len(authors) == 1:
            return question
        names = " and ".join(self.settings.person_name(pid) for pid in authors)
        who = f"it is written by {names}" if authors else "it has no author"
        self.warn(
            f"an answer to question {question} is one person's, but {who}; it is shown as an "
            "ordinary entry, not as an answer",
            key="question",
            hint="give it `author:` with one of you (each of you answers in an entry of your own)",
        )
        return None

    def _until(self, meta: Mapping[str, Any], start: dt.date | None) -> dt.date | None:
        if meta.get("until") is None:
            return None
        until, _ = self._date("until", meta["until"])
        if until and start and until < start:
            self.error(
                f"`until` {until} is before `date` {start}",
                key="until",
                hint="`until` is the last day of the entry; swap them or fix the year",
            )
            return None
        return until

    def _choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str | None:
        text = str(value).strip().lower()
        if text in allowed:
            return text
        close = difflib.get_close_matches(text, allowed, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        self.error(
            f"unknown {key} {_show(value)}", key=key, hint=f"{hint}allowed: {', '.join(allowed)}"
        )
        return None

    def _person(self, key: str, value: Any, line: int | None = None) -> str | None:
        if value is None:
            return None
        pid = str(value).strip().lower()
        if pid in self.settings.people:
            return pid
        known = ", ".join(self.settings.people) or "none (add people: to the memorybook plugin)"
        close = suggest_person(self.settings, str(value))
        self.error(
            f"unknown person {_show(value)} in `{key}`",
            key=key,
            line=line,
            hint=(f"did you mean `{close}`? " if close else "") + f"known people: {known}",
        )
        return None

    def _authors(self, meta: Mapping[str, Any]) -> tuple[str, ...]:
        if "author" in meta and "authors" in meta:
            self.warn("both `author` and `authors` are given; using both", key="authors")
        ids = []
        for key in ("author", "authors"):
            value = meta.get(key)
            items = value if isinstance(value, list) else [] if value is None else [value]
            if isinstance(value, str) and "," in value:
                items = [v for v in value.split(",") if v.strip()]
            lines = self.item_lines.get(key, [])
            for index, item in enumerate(items):
                line = lines[index] if index < len(lines) else None
                pid = self._person(key, item, line=line)
                if pid:
                    ids.append(pid)
        return tuple(dict.fromkeys(ids))

    def _require_note_people(
        self, kind: str, meta: Mapping[str, Any], sender: str | None, recipient: str | None
    ) -> None:
        for key in ("from", "to"):
            if meta.get(key) is None:
                self.error(
                    f"{_article(kind)} {kind} needs `{key}`",
                    key="kind",
                    hint=f"add `{key}: <person id>`; known people: "
                    f"{', '.join(self.settings.people) or 'none'}",
                )
        if sender and sender == recipient:
            self.error(
                f"`from` and `to` are both {sender!r}",
                key="to",
                hint="a note goes from one of you to the other",
            )

    def _note_title(self, kind: str | None, sender: str | None, recipient: str | None) -> str:
        if sender and recipient:
            names = self.settings.person_name
            return f"From {names(sender)} to {names(recipient)}"
        return "A letter" if kind == "letter" else "A note"

    def _text(self, key: str, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.error(
                f"`{key}` must be text, not a {'list' if isinstance(value, list) else 'mapping'}",
                key=key,
            )
            return ""
        return str(value).strip()

    def _flag(self, key: str, meta: Mapping[str, Any]) -> bool:
        value = meta.get(key, False)
        if not isinstance(value, bool):
            self.error(f"`{key}` must be true or false, not {_show(value)}", key=key)
            return False
        return value

    def _tags(self, value: Any) -> tuple[str, ...]:
        if value is None:
            return ()
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            items = [items]
        tags = (str(t).strip().lower().lstrip("#") for t in items if t is not None)
        found = tuple(dict.fromkeys(t for t in tags if t))
        for tag in found:
            meant = _hiding_word(re.sub(r"[\s-]+", "_", tag))
            if meant:  # a tag hides nothing: read as one, the entry would be published
                self.error(
                    f"the tag `{tag}` does not hide the entry, so it is left out until that "
                    "is fixed",
                    key="tags",
                    hint="write `private: true` to hide it, or rename the tag"
                    if meant == "private"
                    else "write `sealed_until: YYYY-MM-DD` to seal it, or rename the tag",
                )
        return found

    def _drop_placeholders(self, body: str, body_line: int) -> str:
        """The body without the lines `memorybook new` wrote as placeholders (each a warning):
        blank lines in their place, so every other line keeps its number."""
        lines = body.split("\n")
        for number, text in placeholder_lines(list(_prose_lines(body, body_line))):
            self.warn(
                f"{text!r} is still the placeholder from `memorybook new`; the line is left out "
                "of the site and the book",
                line=number,
                hint="write your own words in its place, or delete the line",
            )
            lines[number - body_line] = ""
        return "\n".join(lines)

    def _check_nesting(self, body: str, body_line: int) -> None:
        deep = too_deep(_prose_lines(body, body_line))
        if deep:
            self.error(
                f"the text is nested {deep[1]} levels deep here (quotes, lists or HTML inside "
                f"each other); more than {MAX_DEPTH} cannot be shown or printed, so the "
                "file is left out",
                line=deep[0],
                hint="take some `>`, list markers, indentation or HTML elements away",
            )

    # -- photos -----------------------------------------------------------

    def _photos(self, value: Any) -> tuple[Photo, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
        lines = self.item_lines.get("photos", [])
        photos = []
        for index, item in enumerate(value):
            line = lines[index] if index < len(lines) else self.line_of("photos")
            photo = self._photo_item(item, line)
            if photo:
                photos.append(photo)
        return tuple(photos)

    def _photo_item(self, item: Any, line: int | None) -> Photo | None:
        if isinstance(item, dict):
            unknown = sorted(set(item) - {"src", "caption", "alt"})
            if unknown:
                self.warn(
                    f"unknown photo field `{unknown[0]}`",
                    line=line,
                    hint="a photo has src, caption and alt",
                )
            if not item.get("src"):
                self.problems.append(
                    Problem(self.path, line, "a photo needs `src:`", "write `- src: photo.jpg`")
                )
                return None
            return self._resolve_photo(
                str(item["src"]), line, str(item.get("caption") or ""), str(item.get("alt") or "")
            )
        if isinstance(item, str) and item.strip():
            return self._resolve_photo(item, line)
        self.problems.append(
            Problem(
                self.path, line, f"a photo must be a path or a mapping with src, not {_show(item)}"
            )
        )
        return None

    def _body_photos(self, body: str, body_line: int) -> tuple[Photo, ...]:
        photos = []
        for number, text in _prose_lines(body, body_line):
            for match in _MD_IMAGE.finditer(text):
                src = match["src"].strip("<>")
                if _URL.match(src):
                    if not src.startswith("data:"):
                        self.warn(
                            f"the image {src} is on the internet; the site would ask a "
                            "third party for it",
                            line=number,
                            hint="download it into the entry's folder",
                        )
                    continue
                photo = self._resolve_photo(src, number, alt=match["alt"], markup=match[0])
                if photo:
                    photos.append(photo)
            for match in _WIKI_IMAGE.finditer(text):
                if PurePosixPath(match["src"].strip()).suffix.lower() in (".md", ""):
                    continue  # an embedded note, not an image
                photo = self._resolve_photo(
                    match["src"].strip(), number, markup=match[0], wiki=True
                )
                if photo:
                    photos.append(photo)
        return tuple(photos)

    def _resolve_photo(
        self,
        src: str,
        line: int | None,
        caption: str = "",
        alt: str = "",
        markup: str = "",
        wiki: bool = False,
    ) -> Photo | None:
        """A photo path, checked; a bad one is a problem at `line` and gives None."""
        src = src.strip()
        target = self._locate(src, wiki)
        wrong = self._photo_path_problem(src, target)
        if wrong:
            self.problems.append(Problem(self.path, line, *wrong))
            return None
        rel = target.relative_to(self.root).as_posix()
        return Photo(target, self.path, rel, caption, alt or caption, line, markup)

    def _photo_path_problem(self, src: str, target: Path) -> tuple[str, str] | None:
        """(message, hint) unless the path is relative, inside the journal, known and there.

        A bad photo is an error for `check`, but the entry still loads without it.
        """
        if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", src):
            return f"photo path {src} is absolute", "write it relative to the entry's folder"
        if not target.is_relative_to(self.root):
            return (
                f"photo {src} is outside the journal folder",
                "copy the photo into the entry's folder",
            )
        if target.suffix.lower() not in PHOTO_EXTENSIONS:
            return (
                f"photo {src} is not a supported image type",
                "use JPEG, PNG, WebP, GIF, TIFF or HEIC",
            )
        if target.is_dir():
            return f"photo {src} is a folder, not a photo", "name the photo file inside it"
        if not target.is_file():
            if os.path.islink(self.path.parent / src) or os.path.lexists(target):
                return (
                    f"photo {src} is a link that leads nowhere (broken, or a loop of links)",
                    "replace the link with the photo itself",
                )
            return f"photo {src} does not exist", self._missing_hint(target, src)
        return None

    def _locate(self, src: str, wiki: bool) -> Path:
        """Where `src` is: beside the entry, else in its photo folder (`2024-06-14-hike/`).

        Obsidian embeds may also name a path from the journal root.
        """
        beside = _real(self.path.parent / src)
        candidates = [beside, _real(self.path.parent / self.path.stem / src)]
        if wiki:
            candidates.append(_real(self.root / src))
        return next((c for c in candidates if c.is_file()), beside)

    def _missing_hint(self, target: Path, src: str) -> str:
        """A near miss beside the entry or in its photo folder, else where the photo may go."""
        in_photo_folder = (self.path.parent / self.path.stem / src).parent
        for folder in dict.fromkeys((target.parent, in_photo_folder)):
            if folder.is_dir():
                names = [p.name for p in folder.iterdir() if p.suffix.lower() in PHOTO_EXTENSIONS]
                close = difflib.get_close_matches(target.name, names, n=1, cutoff=0.6)
                if close:
                    return f"did you mean {PurePosixPath(src).with_name(close[0])}?"
        beside = self.path.parent.relative_to(self.root).as_posix()
        places = [
            f"{beside}/" if beside != "." else "the journal folder",
            f"{(self.path.parent / self.path.stem).relative_to(self.root).as_posix()}/",
        ]
        return f"put it in {' or '.join(places)}, or fix the name"

    def _cover(self, value: Any, photos: tuple[Photo, ...]) -> Photo | None:
        if value is None:
            return photos[0] if photos else None
        cover = self._resolve_photo(str(value), self.line_of("cover"))
        return cover or (photos[0] if photos else None)


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML (the fast C parser when present) that leaves dates as text for parse_when."""

    yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def parse_when(value: Any) -> tuple[dt.date, dt.time | None] | None:
    """A front-matter date (as YAML gave it) as (day, wall-clock time or None)."""
    if isinstance(value, dt.datetime):
        return value.date(), value.time().replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value, None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text), None
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed.date(), parsed.time().replace(tzinfo=None)


def _field_meant(key: object) -> str | None:
    """The date or entry-only field a front-matter key stands for: itself in any case, or a
    close misspelling (`Date`, `dat`, `"date "`, `Private`, `privat`); None for other keys."""
    folded = str(key).strip().strip("\"'").strip().lower()
    if folded in _PAGE_FIELDS:
        return None
    if folded in _MEANT_FIELDS:
        return folded
    hiding = _hiding_field(folded)
    if hiding:
        return hiding
    if 3 <= len(folded) <= 5 and difflib.SequenceMatcher(None, folded, "date").ratio() >= 0.75:
        return "date"
    close = difflib.get_close_matches(folded, _ENTRY_ONLY_FIELDS, n=1, cutoff=0.8)
    return close[0] if close else None


def _hiding_field(folded: str) -> str | None:
    """`private` or `sealed_until` when a key reads as one of them (see `_KEEPING_WORDS`):
    taken for a field that hides, a key that was not meant so only costs an error, while a
    key meant so and read as unknown would publish what was to be hidden."""
    word = re.sub(r"[\s-]+", "_", folded).strip("_")
    squashed = word.replace("_", "")
    stem = next((name for stem, name in _KEEPING_STEMS.items() if stem in squashed), None)
    return _hiding_word(word) or stem


def _hiding_word(word: str) -> str | None:
    """`private` or `sealed_until` for one of their words or a typo of one (a key or a tag)."""
    for field_name, words in _KEEPING_WORDS.items():
        if difflib.get_close_matches(word, words, n=1, cutoff=0.85):
            return field_name
    return None


def _dated(key: str, value: Any) -> bool:
    """`Date:` always stands for `date`; a looser near miss (`dat`, `data`) only with a value
    that looks like a date, so a page's own `data:` stays a page."""
    return str(key).strip().strip("\"'").strip().lower() == "date" or bool(
        _DATE_LIKE.match(str(value))
    )


def _telling_line(line: str) -> bool:
    """A first line such as `date: 2024-06-14` or `private: true`: front-matter without `---`."""
    key, colon, value = line.partition(":")
    meant = _field_meant(key) if colon and _KEY_LINE.match(line) else None
    if meant == "date":
        return bool(_DATE_LIKE.match(value.strip()))
    return meant == "private" and value.strip().lower() in ("true", "yes", "on")


def _show_date(value: Any) -> str:
    parsed = parse_when(value)
    return str(value).strip() if parsed else "YYYY-MM-DD"


def _prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code blocks, with their file line numbers."""
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        match = _FENCE.match(text)
        if match:
            fence = None if fence == match[1] else fence or match[1]
            continue
        if fence is None:
            yield first_line + offset, text


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"`{value}`"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
