"""Writing imported entries into the journal: new files only, each entry imported once.

Entries go where `memorybook new` puts them (`journal/2024/2024-06-14-title.md`,
photos in `journal/2024/2024-06-14-title/`, each without its location: `location.py`),
under the first name that is free; nothing existing is ever opened for writing.
Front-matter values go through scaffold's `yaml_scalar` and are read back before the
file is written, so each reads back as exactly the text (or list) it was; and each entry
is read as `check --strict` reads it (`journal.read_as`) before it is written, so an
import writes only what `check --strict` passes. Every entry is named before any is
written, so links between entries of the export lead to the files they became.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from memorybook.errors import ConfigError, MemorybookError, display_path
from memorybook.html import url_path
from memorybook.importers.clip_location import without_clip_location
from memorybook.importers.common import EntryLink, ImportedEntry, ImportReport, MediaFile, Notice
from memorybook.importers.location import DamagedPhoto, LocationLeft, without_location
from memorybook.journal import (
    CLIP_EXTENSIONS,
    MAX_FRONT_MATTER,
    iter_journal_files,
    parse_when,
    read_as,
    slug_for,
)
from memorybook.scaffold import slugify, yaml_scalar
from memorybook.settings import Settings, require_person

_PLAIN_SOURCE = re.compile(r"^[a-z]+:[A-Za-z0-9][A-Za-z0-9:._#-]*$")
"""`dayone:<uuid>`, `jrnl:<date>T<time>:<hash>`: plain YAML text (the read-back proves it)."""
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SOURCE_LINE = re.compile(r"^source:[ \t]*(?P<value>.+?)[ \t]*$", re.MULTILINE)
_MAX_NAMES = 1000


class _EntryError(Exception):
    """One entry that cannot be written (a damaged photo, front-matter that would not
    read back): reported, and the rest is imported."""


def check_author(settings: Settings, author: str | None) -> str | None:
    """`--author` as a person id of mkdocs.yml (exit 2 before anything is read)."""
    return author and require_person(settings, author, "--author")


@dataclass
class _Journal:
    """What the journal already holds that an import must neither repeat nor collide with."""

    sources: dict[str, Path] = field(default_factory=dict)
    """Each `source:` (what earlier imports brought) -> its entry file."""
    slugs: set[str] = field(default_factory=set)
    """Every Markdown file's page name: two entries with one name would be one page."""
    planned: set[Path] = field(default_factory=set)
    """The names (folder/stem) this import chose."""


@dataclass(frozen=True)
class _Plan:
    """Where an entry goes."""

    entry: ImportedEntry
    folder: Path
    stem: str
    """`2024-06-14-our-first-hike`: the entry file's name, and its photos' folder."""
    name: str
    """`our-first-hike`: the start of its photos' names."""

    @property
    def path(self) -> Path:
        return self.folder / f"{self.stem}.md"


def _scan(journal: Path) -> _Journal:
    """Every `source:` and page name already in the journal."""
    found = _Journal()
    if not journal.is_dir():
        return found
    for path in iter_journal_files(journal):
        if path.suffix.lower() not in (".md", ".markdown"):
            continue
        found.slugs.add(slug_for(path.relative_to(journal).as_posix(), dt.date.min))
        source = _source_of(path)
        if source:
            found.sources[source] = path
    return found


def _source_of(path: Path) -> str | None:
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(MAX_FRONT_MATTER)
    except OSError:
        return None  # check reports it; an unreadable file cannot be overwritten anyway
    if not head.startswith("---"):
        return None
    end = head.find("\n---", 3)
    match = _SOURCE_LINE.search(head[: end if end >= 0 else len(head)])
    if not match:
        return None
    try:
        value = yaml.load(match.group("value"), Loader=_LOADER)
    except yaml.YAMLError:
        return None
    return str(value) if value is not None else None


def write_entries(
    settings: Settings,
    entries: Iterable[ImportedEntry],
    report: ImportReport,
    *,
    author: str | None = None,
) -> None:
    """Write each entry not imported before that `check --strict` would pass, with links
    between them leading to each other; record what was written in `report`."""
    journal = _scan(settings.journal)
    links = {source: (path, path.stem) for source, path in journal.sources.items()}
    plans: list[_Plan] = []
    for entry in entries:
        if entry.source in journal.sources:
            report.already += 1
            continue
        plan = _plan(settings.journal, entry, journal)
        journal.sources[entry.source] = plan.path
        refused = _refusal(settings, plan, author)
        if refused:
            report.notices += entry.notices
            report.error(entry.origin, f"not imported: {refused}")
            continue
        plans.append(plan)
        links[entry.source] = (plan.path, entry.title)
    for plan in plans:
        notices: list[Notice] = []
        entry = _linked(plan, links, notices)
        try:
            photos = _write_one(settings, plan, entry, author, notices, dry_run=report.dry_run)
        except _EntryError as exc:
            report.notices += [*plan.entry.notices, *notices]
            report.error(plan.entry.origin, f"not imported: {exc}")
            continue
        report.written.append((plan.path, photos))
        report.notices += [*plan.entry.notices, *notices]


def _plan(root: Path, entry: ImportedEntry, journal: _Journal) -> _Plan:
    """The entry's name: where `new` would put it, under the first name that is free."""
    folder = root / f"{entry.date.year:04d}"
    name = slugify(entry.title) or "entry"
    stem = _free_stem(folder, f"{entry.date.isoformat()}-{name}", journal)
    journal.planned.add(folder / stem)
    journal.slugs.add(stem)
    return _Plan(entry, folder, stem, name)


def _refusal(settings: Settings, plan: _Plan, author: str | None) -> str:
    """Why `check --strict` would refuse the entry, photos and links aside ("" when it
    would pass): the entry is then not written at all."""
    entry = plan.entry
    bare = replace(
        entry,
        photos=(),
        body=tuple(
            part.text if isinstance(part, EntryLink) else part
            for part in entry.body
            if not isinstance(part, int)
        ),
    )
    try:
        text = render(bare, plan.stem, [], author)
    except _EntryError as exc:
        return str(exc)
    return _check_strict(settings, plan.path, text)


def _check_strict(settings: Settings, path: Path, text: str) -> str:
    """What `check --strict` would say first of `text` as the file at `path` ("" when
    nothing)."""
    problems = read_as(settings, path, text)
    if not problems:
        return ""
    first = min(problems, key=lambda problem: (problem.line or 0, problem.message))
    line = f"line {first.line}: " if first.line else ""
    hint = f"; {first.hint}" if first.hint else ""
    return (
        f"as {display_path(path)} it would not pass `check --strict`: {line}{first.message}{hint}"
    )


def _linked(
    plan: _Plan, links: dict[str, tuple[Path, str]], notices: list[Notice]
) -> ImportedEntry:
    """The entry with each link to another imported entry made a relative Markdown link to
    its file (which the site and `serve` follow); a link to an entry neither in the export
    nor the journal keeps its words, and the report says so."""
    if not any(isinstance(part, EntryLink) for part in plan.entry.body):
        return plan.entry
    body: list[str | int | EntryLink] = []
    for part in plan.entry.body:
        if not isinstance(part, EntryLink):
            body.append(part)
        elif part.source in links:
            path, title = links[part.source]
            target = os.path.relpath(path, plan.folder).replace(os.sep, "/")
            body.append(f"[{part.text or _link_words(title)}]({url_path(target)})")
        else:
            notices.append(Notice(plan.entry.origin, _dead_link(part)))
            body.append(part.text)
    return replace(plan.entry, body=tuple(body))


def _link_words(title: str) -> str:
    """A title as a link's words: brackets would end them."""
    return title.replace("[", "(").replace("]", ")")


def _dead_link(link: EntryLink) -> str:
    app, _, identifier = link.source.partition(":")
    app = {"dayone": "Day One"}.get(app, app)
    return (
        f"links to the {app} entry {identifier}, which is neither in this export nor "
        "imported: its words are kept, without the link"
    )


def _write_one(
    settings: Settings,
    plan: _Plan,
    entry: ImportedEntry,
    author: str | None,
    notices: list[Notice],
    *,
    dry_run: bool,
) -> int:
    """Write the entry and its photos (or, in a dry run, read the photos only); the number
    of photos copied, each without its location. The entry is checked as `check --strict`
    would, with its photos in place, before its file is written."""
    folder, stem, name = plan.folder, plan.stem, plan.name
    text = render(entry, stem, _photo_names(name, entry.photos), author)  # before any photo
    if dry_run:
        readable = (_unlocated(media, entry.origin, notices) for media in entry.photos)
        return sum(data is not None for data in readable)
    made: list[Path] = [] if folder.is_dir() else [folder]
    folder.mkdir(parents=True, exist_ok=True)
    _require_inside(folder, settings.journal)
    try:
        if entry.photos:
            copied = _copy_photos(entry, folder / stem, name, made, notices)
            if len(copied) < len(entry.photos):
                entry = _keep_photos(entry, copied)
                text = render(entry, stem, _photo_names(name, entry.photos), author)
        refused = _check_strict(settings, plan.path, text)
        if refused:
            raise _EntryError(refused)
        with plan.path.open("x", encoding="utf-8", newline="\n") as handle:
            made.append(plan.path)  # only once it is ours: a name taken meanwhile is not
            handle.write(text)
    except BaseException:
        _remove(made)
        raise
    return len(entry.photos)


def _photo_names(name: str, photos: Iterable[MediaFile]) -> list[str]:
    """`our-first-hike-1.jpg`, ...: the copies' names, numbered in the entry's order."""
    return [f"{name}-{n}{media.suffix}" for n, media in enumerate(photos, 1)]


def _copy_photos(
    entry: ImportedEntry, target: Path, name: str, made: list[Path], notices: list[Notice]
) -> list[int]:
    """Copy each photo that can be read, without its location, into a new folder; the
    indices of those copied (the folder goes again when none was)."""
    target.mkdir()
    made.append(target)
    copied: list[int] = []
    for index, media in enumerate(entry.photos):
        data = _unlocated(media, entry.origin, notices)
        if data is None:
            continue
        made.append(target / f"{name}-{len(copied) + 1}{media.suffix}")  # as _photo_names
        with made[-1].open("xb") as sink:  # in the folder just made: ours
            sink.write(data)
        copied.append(index)
    if not copied:
        target.rmdir()
        made.remove(target)
    return copied


def _free_stem(folder: Path, base: str, journal: _Journal) -> str:
    """`base`, or `base-2`, ...: the first name with neither an entry file nor a folder,
    and no other page of that name in the journal."""
    for number in range(1, _MAX_NAMES):
        stem = base if number == 1 else f"{base}-{number}"
        if folder / stem in journal.planned or stem in journal.slugs:
            continue
        if not (folder / f"{stem}.md").exists() and not (folder / stem).exists():
            return stem
    raise MemorybookError(f"{folder}: too many entries named {base}")


def _require_inside(folder: Path, journal: Path) -> None:
    """A year folder that is a link out of the journal is never written into."""
    real = Path(os.path.realpath(folder))
    if not real.is_relative_to(os.path.realpath(journal)):
        raise ConfigError(f"{folder}: leads outside the journal (a link?); nothing written there")


def _unlocated(media: MediaFile, origin: str, notices: list[Notice]) -> bytearray | None:
    """The photo's (or clip's) bytes without its location; None (reported) when it cannot
    be read (so where its location is cannot be known either) or may still say where."""
    clip = media.suffix in CLIP_EXTENSIONS
    what = "video" if clip else "photo"
    try:
        photo = (without_clip_location if clip else without_location)(_read(media))
    except (DamagedPhoto, LocationLeft) as exc:
        notices.append(Notice(origin, f"{what} {media.name} {exc}; imported without it", "error"))
        return None
    if photo.note:
        notices.append(Notice(origin, f"{what} {media.name} {photo.note}"))
    return photo.data


def _read(media: MediaFile) -> bytes:
    """The photo's bytes, never more than it declares (a lying zip header)."""
    try:
        with media.open() as source:
            data = source.read(media.size + 1)
    except OSError:
        raise
    except Exception as exc:  # zipfile and zlib raise many kinds for damaged data
        raise DamagedPhoto(f"cannot be read from the export ({exc})") from None
    if len(data) > media.size:
        raise DamagedPhoto("unpacks to more than its declared size")
    return data


def _keep_photos(entry: ImportedEntry, kept: list[int]) -> ImportedEntry:
    """The entry with only the photos `kept` (by index), its text placing those alone."""
    new = {old: number for number, old in enumerate(kept)}
    body = tuple(
        new[part] if isinstance(part, int) else part
        for part in entry.body
        if not isinstance(part, int) or part in new
    )
    return replace(entry, photos=tuple(entry.photos[index] for index in kept), body=body)


def _remove(made: list[Path]) -> None:
    """Undo a half-written entry: only the files and the folder this import made."""
    for path in reversed(made):
        try:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        except OSError:
            pass  # best effort: the original error is the one to report


def render(entry: ImportedEntry, stem: str, photo_names: list[str], author: str | None) -> str:
    """The entry file: front-matter (checked to read back as written), then the body."""
    placed = {part for part in entry.body if isinstance(part, int)}
    listed = [f"{stem}/{photo_names[i]}" for i in range(len(photo_names)) if i not in placed]
    when = entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else "")
    lines = ["---", f"title: {_scalar(entry.title)}", f"date: {when}", "kind: experience"]
    if author:
        lines.append(f"author: {_scalar(author)}")
    if entry.tags:
        lines.append(f"tags: [{', '.join(_scalar(t, flow=True) for t in entry.tags)}]")
    if entry.place:
        lines.append(f"place: {_scalar(entry.place)}")
    if listed:
        lines += ["photos:", *(f"  - {_scalar(path)}" for path in listed)]
    cover = _cover(stem, photo_names, placed)
    if cover:
        lines.append(f"cover: {_scalar(cover)}")
    source = entry.source if _PLAIN_SOURCE.match(entry.source) else _scalar(entry.source)
    lines += [f"source: {source}", "---"]
    front = "\n".join(lines) + "\n"
    _check_reads_back(front, entry, listed, author, cover)
    body = "".join(
        f"![]({stem}/{photo_names[part]})" if isinstance(part, int) else str(part)
        for part in entry.body
    )
    body = body.strip("\n")
    return front + body + "\n" if body else front


@functools.lru_cache(maxsize=4096)
def _scalar(text: str, *, flow: bool = False) -> str:
    """scaffold's YAML quoting, remembered: authors, places and tags repeat across entries."""
    return yaml_scalar(text, flow=flow)


def _cover(stem: str, photo_names: list[str], placed: set[int]) -> str | None:
    """The export's first photo stays the cover when `photos:` (which comes first) has
    others: the timeline shows the photo the couple saw first."""
    if 0 in placed and len(placed) < len(photo_names):
        return f"{stem}/{photo_names[0]}"
    return None


def _check_reads_back(
    front: str, entry: ImportedEntry, listed: list[str], author: str | None, cover: str | None
) -> None:
    """Guard the promise: the YAML means exactly what was imported, typed as it was."""
    try:
        meta: dict[str, Any] = yaml.load(front.strip().strip("-"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise _EntryError(f"its front-matter would not read back ({exc})") from None
    expected: dict[str, Any] = {
        "title": entry.title,
        "kind": "experience",
        "author": author,
        "tags": list(entry.tags) or None,
        "place": entry.place or None,
        "photos": listed or None,
        "cover": cover,
        "source": entry.source,
    }
    got = {key: meta.get(key) for key in expected}
    date_ok = parse_when(meta.get("date")) == (entry.date, entry.time)
    if got != expected or not date_ok:
        raise _EntryError(f"its front-matter would not read back as imported ({got})")
