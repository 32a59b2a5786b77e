"""Day One's "Day One JSON (.zip)" export, read into journal entries.

The zip holds one `<Journal name>.json` per journal (`{"metadata": ..., "entries":
[...]}`) and the media beside it (`photos/<md5>.<type>`, `videos/`, `audios/`,
`pdfs/`). The zip is never extracted: each photo is read by its name in the
zip's directory and copied to a path the writer chooses, so a member named
`../../x`, `/etc/x` or a symbolic link cannot lead a write anywhere. Sizes are
bounded and a member that unpacks to far more than it weighs (a zip bomb) is
refused. An entry's text is read as Day One showed it (`text.py`): its photos
(`dayone-moment://ID`) and links to other entries (`dayone2://view?entryId=ID`) become
parts the writer places and links.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any, NamedTuple
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from memorybook.errors import display_path
from memorybook.importers.common import (
    MAX_CLIP,
    MAX_JSON,
    MAX_PHOTO,
    EntryLink,
    ExportError,
    ImportedEntry,
    ImportReport,
    MediaFile,
    Notices,
    first_line_title,
    heading_title,
    json_kind,
)
from memorybook.importers.text import drop_invisible, keep_line_breaks
from memorybook.importers.writer import check_author, write_entries
from memorybook.settings import Settings
from memorybook.words import format_day

PHOTO_SUFFIXES = {
    "jpeg": ".jpg",
    "jpg": ".jpg",
    "png": ".png",
    "heic": ".heic",
    "heif": ".heif",
    "gif": ".gif",
    "tiff": ".tiff",
    "tif": ".tif",
    "webp": ".webp",
}
"""Day One's photo `type` -> the extension of the copy (formats memorybook reads)."""
VIDEO_SUFFIXES = {"mov": ".mov", "mp4": ".mp4", "m4v": ".m4v", "webm": ".webm"}
"""Day One's video `type` -> the extension of the copy (clips memorybook reads)."""
MAX_RATIO = 100
"""A member that unpacks to over 100 times its packed size (and over a MiB) is a bomb:
JPEG, HEIC and PNG barely compress, and JSON text compresses about ten times."""
_BOMB_FLOOR = 1024 * 1024
MIN_BUDGET = MAX_PHOTO
"""Bytes all photos may unpack to, however small the zip."""
_MEDIA = (
    ("videos", "videos", "video", "video"),
    ("audios", "audios", "audio", "audio recording"),
    ("pdfAttachments", "pdfs", "pdfAttachment", "PDF"),
)
"""Each kind of medium besides photos: its key in an entry, its folder in the zip, its kind
in a `dayone-moment:/KIND/ID` reference, and its name in a message. Videos are imported as
clips; the others are left behind, each named."""
_MOMENT = re.compile(
    r"!\[[^\]\n]*\]\(dayone-moment:/{1,2}(?:(?P<kind>[A-Za-z]+)/)?(?P<id>[A-Za-z0-9-]+)\)"
)
_ENTRY_LINK = re.compile(
    r"\[(?P<text>[^\]\n]*)\]\((?P<url>dayone2?://view\?[^)\s]*)\)"
    r"|(?P<bare>(?<![(<\w])dayone2?://view\?[^\s)\]>]*[^\s)\]>.,;:!?])"
)
"""A link to another Day One entry, with its words or bare."""
_ESCAPE = re.compile(r"\\([\\.\-()!+#>:'\"])")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


@dataclass
class _Export:
    """The zip's safe members, by name, and how many bytes its photos may still unpack to."""

    path: Path
    archive: zipfile.ZipFile
    members: Mapping[str, zipfile.ZipInfo]
    budget: int = 0
    """Photos barely compress: all of them unpack to about the zip's size, never to
    MAX_RATIO times it (many members each just under the ratio are a bomb too)."""

    def where(self, member: str) -> str:
        return f"{display_path(self.path)}:{member}"

    def spend(self, size: int) -> str:
        """Take `size` bytes from the budget; why not ("" when there is room)."""
        if size > self.budget:
            return "would unpack the export past 100 times its size: a zip bomb"
        self.budget -= size
        return ""


def import_dayone(
    settings: Settings,
    export: Path,
    *,
    journal_name: str | None = None,
    author: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import every journal (or the one named) of a Day One JSON export into the journal."""
    author = check_author(settings, author)
    report = ImportReport(export, dry_run=dry_run)
    with _open_zip(export) as archive:
        members = _safe_members(export, archive, report)
        budget = max(MAX_RATIO * export.stat().st_size, MIN_BUDGET)
        zipped = _Export(export, archive, members, budget)
        journals = _journal_files(zipped, journal_name)
        write_entries(settings, _entries(zipped, journals, report), report, author=author)
    return report


def _open_zip(export: Path) -> zipfile.ZipFile:
    if not export.is_file():
        raise ExportError(f"{display_path(export)}: no such file")
    try:
        return zipfile.ZipFile(export)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ExportError(
            f"{display_path(export)}: not a zip file ({exc}); in Day One choose "
            "Export > Day One JSON (.zip)"
        ) from None


def _safe_members(
    export: Path, archive: zipfile.ZipFile, report: ImportReport
) -> dict[str, zipfile.ZipInfo]:
    """The zip's plain files whose names stay inside it; every other one is reported."""
    members = {}
    for info in archive.infolist():
        name = info.filename
        if info.is_dir():
            continue
        problem = _unsafe(info)
        if problem:
            report.error(f"{display_path(export)}:{name}", f"{problem}; skipped")
        elif not name.startswith("__MACOSX/"):
            members[name] = info
    return members


def _unsafe(info: zipfile.ZipInfo) -> str:
    """Why a member is not read ("" when it is fine)."""
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    if info.filename.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", info.filename):
        return "an absolute path in the zip"
    if ".." in parts:
        return "a path that leads out of the export (`..`)"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "a symbolic link in the zip"
    return ""


def _journal_files(zipped: _Export, wanted: str | None) -> list[str]:
    """The export's journal JSON files, or the one called `wanted`."""
    found = sorted(
        name
        for name in zipped.members
        if name.lower().endswith(".json")
        and not PurePosixPath(name).name.startswith(".")
        and not set(PurePosixPath(name).parts[:-1]) & {"photos", "videos", "audios", "pdfs"}
    )
    if not found:
        raise ExportError(
            f"{display_path(zipped.path)}: no Day One journal (.json) in this zip; in Day One "
            "choose Export > Day One JSON (.zip)"
        )
    if wanted is None:
        return found
    chosen = [name for name in found if PurePosixPath(name).stem.lower() == wanted.lower()]
    if not chosen:
        names = ", ".join(PurePosixPath(name).stem for name in found)
        raise ExportError(
            f"{display_path(zipped.path)}: no journal called {wanted!r}; it has: {names}"
        )
    return chosen


def _entries(zipped: _Export, journals: list[str], report: ImportReport) -> Iterator[ImportedEntry]:
    for member in journals:
        raw = _load_json(zipped, member, report)
        if raw is None:
            continue
        photos = _JournalFiles(_media_files(zipped, PurePosixPath(member).parent), _shared(raw))
        for index, item in enumerate(raw):
            origin = f"{zipped.where(member)}: entry {index + 1}"
            if not isinstance(item, dict):
                report.error(origin, "is not an entry (a JSON object); skipped")
                continue
            notices = Notices()
            try:
                entry = _entry(zipped, item, photos, origin, notices)
            except Exception as exc:  # one entry never stops the import half-way
                notices.error(origin, f"cannot be read ({type(exc).__name__}: {exc}); skipped")
                entry = None
            if entry is None:
                report.notices += notices.notices  # never imported: said on every run
            else:
                yield replace(entry, notices=tuple(notices.notices))


def _load_json(zipped: _Export, member: str, report: ImportReport) -> list[Any] | None:
    """The journal's `entries`, or None (reported) when the file cannot be one."""
    where = zipped.where(member)
    info = zipped.members[member]
    too_large = _too_large(info, MAX_JSON, "a journal")
    if too_large:
        report.error(where, f"{too_large}; skipped")
        return None
    try:
        with zipped.archive.open(info) as handle:
            data = handle.read(MAX_JSON + 1)
        raw = json.loads(data[:MAX_JSON])
    except json.JSONDecodeError as exc:
        report.error(f"{where}:{exc.lineno}", f"not valid JSON ({exc.msg}); skipped")
        return None
    except RecursionError:
        report.error(where, "nested too deep to be a Day One journal; skipped")
        return None
    except (UnicodeDecodeError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        report.error(where, f"cannot be read ({exc}); skipped")
        return None
    entries = raw.get("entries") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        report.error(where, 'not a Day One journal (no "entries" list); skipped')
        return None
    return entries


@dataclass(frozen=True)
class _JournalFiles:
    """What one journal's entries may refer to in the zip."""

    media: Mapping[str, Mapping[str, str]]
    """Folder (`photos`, `videos`, ...) -> md5 -> the member's name in the zip."""
    photos: Mapping[str, Mapping[str, Any]]
    """Every photo of the journal by its identifier: an entry's text may place a photo
    that another entry lists (Day One gives a copied photo a new identifier)."""


def _media_files(zipped: _Export, folder: PurePosixPath) -> dict[str, dict[str, str]]:
    """The md5 -> member name of every file in the journal's media folders."""
    prefix = "" if str(folder) == "." else f"{folder}/"
    found: dict[str, dict[str, str]] = {"photos": {}, **{media[1]: {} for media in _MEDIA}}
    for name in zipped.members:
        kind, _, rest = name[len(prefix) :].partition("/")
        if name.startswith(prefix) and kind in found and rest and "/" not in rest:
            found[kind][PurePosixPath(rest).stem.lower()] = name
    return found


def _shared(raw: list[Any]) -> dict[str, Mapping[str, Any]]:
    """Every photo of the journal's entries by its identifier."""
    found: dict[str, Mapping[str, Any]] = {}
    for item in raw:
        if isinstance(item, dict):
            for photo in _list(item.get("photos")):
                if isinstance(photo, dict) and isinstance(photo.get("identifier"), str):
                    found.setdefault(photo["identifier"], photo)
    return found


def _entry(
    zipped: _Export,
    item: Mapping[str, Any],
    files: _JournalFiles,
    origin: str,
    report: Notices,
) -> ImportedEntry | None:
    uuid = item.get("uuid")
    if not isinstance(uuid, str) or not uuid.strip():
        report.error(origin, "has no `uuid`; skipped")
        return None
    origin = f"{origin} ({uuid})"
    when = _local_time(item, origin, report)
    if when is None:
        return None
    text = _text(item.get("text"), origin, report).replace("\r\n", "\n").replace("\r", "\n")
    moments = [(m.group("kind") or "photo", m.group("id")) for m in _MOMENT.finditer(text)]
    photos, by_id = _photos(zipped, item, files, moments, origin, report)
    _report_other_media(item, files, moments, origin, report)
    title, text = heading_title(unescape_markdown(drop_invisible(text)))
    if not title:
        title, text = first_line_title(text, _MOMENT)
    body = _body(keep_line_breaks(text), by_id)
    place = _place(item.get("location"))
    title = title or place or format_day(when.date())
    return ImportedEntry(
        source=f"dayone:{uuid.strip()}",
        origin=origin,
        title=title,
        date=when.date(),
        time=None if item.get("isAllDay") is True else when.time().replace(second=0, microsecond=0),
        body=body,
        photos=photos,
        tags=_tags(item),
        place=place,
    )


def _text(value: Any, origin: str, report: Notices) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    report.error(origin, f"`text` is {json_kind(value)}, not text; imported without its text")
    return ""


def _local_time(item: Mapping[str, Any], origin: str, report: Notices) -> dt.datetime | None:
    """`creationDate` (UTC) in the entry's own `timeZone`: its day is the local day there."""
    created = item.get("creationDate")
    try:
        moment = dt.datetime.fromisoformat(str(created).replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if created is None or moment is None:
        shown = "no `creationDate`" if created is None else f"`creationDate` {created!r}"
        report.error(origin, f"has {shown}, not a date; skipped")
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    zone = _zone(item.get("timeZone"), origin, report)
    try:
        return moment.astimezone(zone)
    except OverflowError:  # the local day would be before year 1 or after year 9999
        end = "before 1 January 1" if moment.year == 1 else "after 31 December 9999"
        report.error(origin, f"has `creationDate` {created!r}, {end} in {zone}; skipped")
        return None


def _zone(name: Any, origin: str, report: Notices) -> dt.tzinfo:
    if not isinstance(name, str) or not name:
        report.warn(origin, "has no `timeZone`; its date is taken in UTC")
        return dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        report.warn(origin, f"unknown `timeZone` {name!r}; its date is taken in UTC")
        return dt.UTC


def _photos(
    zipped: _Export,
    item: Mapping[str, Any],
    files: _JournalFiles,
    moments: list[tuple[str, str]],
    origin: str,
    report: Notices,
) -> tuple[tuple[MediaFile, ...], dict[str, int]]:
    """The entry's photos in `orderInEntry` order, then those its text places that another
    entry lists, then its videos (as clips), and each identifier's index among them."""
    listed: list[Mapping[str, Any]] = [p for p in _list(item.get("photos")) if isinstance(p, dict)]
    listed.sort(key=lambda p: p["orderInEntry"] if isinstance(p.get("orderInEntry"), int) else 1e9)
    own = {str(photo.get("identifier")) for photo in listed}
    for kind, identifier in dict.fromkeys(moments):
        if kind != "photo" or identifier in own:
            continue
        if identifier in files.photos:
            listed.append(files.photos[identifier])
        else:
            report.warn(
                origin,
                f"photo dayone-moment://{identifier}, placed in the text, is not in the export; "
                "imported without it",
            )
    videos = [v for v in _list(item.get("videos")) if isinstance(v, dict)]
    photos: list[MediaFile] = []
    by_id: dict[str, int] = {}  # a video's by `video/ID`: the ids of photos and videos differ
    for medium, ref in [*((_PHOTOS, p) for p in listed), *((_VIDEOS, v) for v in videos)]:
        media = _medium(zipped, ref, files.media[medium.folder], medium, origin, report)
        if media is not None:
            prefix = "video/" if medium is _VIDEOS else ""
            by_id[f"{prefix}{ref.get('identifier')}"] = len(photos)
            photos.append(media)
    return tuple(photos), by_id


class _Kind(NamedTuple):
    """A medium that is copied: its folder, its `type` when none is given, the suffixes of its
    types, its word, why another type is not, and its largest size."""

    folder: str
    default: str
    suffixes: Mapping[str, str]
    word: str
    refused: str
    limit: int


_PHOTOS = _Kind("photos", "jpeg", PHOTO_SUFFIXES, "photo", "not a photo format", MAX_PHOTO)
_VIDEOS = _Kind("videos", "mov", VIDEO_SUFFIXES, "video", "not a clip format", MAX_CLIP)


def _medium(
    zipped: _Export,
    item: Mapping[str, Any],
    files: Mapping[str, str],
    kind: _Kind,
    origin: str,
    report: Notices,
) -> MediaFile | None:
    """The photo or video `item` names, ready to copy; None (reported) when it cannot be."""
    given = str(item.get("type") or kind.default).lower()
    md5 = str(item.get("md5") or "").lower()
    expected = f"{kind.folder}/{md5}.{given}"
    suffix = kind.suffixes.get(given)
    if suffix is None:
        report.warn(origin, f"{kind.word} {expected} ({given}) not imported: {kind.refused}")
        return None
    member = files.get(md5) if md5 else None
    if member is None:
        report.warn(origin, f"{kind.word} {expected} is not in the export; imported without it")
        return None
    info = zipped.members[member]
    bomb = _too_large(info, kind.limit, f"a {kind.word}") or zipped.spend(info.file_size)
    if bomb:
        report.error(origin, f"{kind.word} {member} {bomb}; imported without it")
        return None
    return MediaFile(member, suffix, _opener(zipped.archive, info), info.file_size)


def _too_large(info: zipfile.ZipInfo, limit: int, what: str) -> str:
    """Why a member is refused for its size ("" when it is fine)."""
    if info.file_size > limit:
        return f"is {info.file_size // 2**20} MiB, more than {what} can be"
    packed = max(info.compress_size, 1)
    if info.file_size > _BOMB_FLOOR and info.file_size > MAX_RATIO * packed:
        return f"unpacks from {packed:,} to {info.file_size:,} bytes: a zip bomb, not a photo"
    return ""


def _opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    def open_member() -> IO[bytes]:
        return archive.open(info)

    return open_member


def _report_other_media(
    item: Mapping[str, Any],
    files: _JournalFiles,
    moments: list[tuple[str, str]],
    origin: str,
    report: Notices,
) -> None:
    """Audio and PDFs stay behind: each is named as the zip holds it, so the couple can keep
    it elsewhere; one the text places that the export lacks is said to be missing. (Videos
    are imported: `_video` speaks of those.)"""
    for key, folder, kind, what in _MEDIA:
        listed = [media for media in _list(item.get(key)) if isinstance(media, dict)]
        for media in listed if key != "videos" else ():
            md5 = str(media.get("md5") or "").lower()
            member = files.media[folder].get(md5) if md5 else None
            if member is not None:
                report.warn(origin, f"{what} {member} not imported: memorybook keeps photos only")
            else:
                name = (
                    f"{folder}/{md5}" if md5 else f"dayone-moment:/{kind}/{media.get('identifier')}"
                )
                report.warn(
                    origin,
                    f"{what} {name} is not in the export (nor imported: memorybook keeps photos "
                    "only)",
                )
        known = {str(media.get("identifier")) for media in listed}
        for moment_kind, identifier in dict.fromkeys(moments):
            if moment_kind == kind and identifier not in known:
                report.warn(
                    origin,
                    f"{what} dayone-moment:/{kind}/{identifier}, placed in the text, is not in "
                    "the export",
                )


def _body(text: str, by_id: Mapping[str, int]) -> tuple[str | int | EntryLink, ...]:
    """The text split at each photo or video reference and each link to another entry;
    other moments (audio, PDFs, missing photos) go."""
    parts: list[str | int | EntryLink] = []
    last = 0
    for match in _MOMENT.finditer(text):
        parts += _entry_links(text[last : match.start()])
        kind, identifier = match.group("kind"), match.group("id")
        index = by_id.get(identifier if kind in (None, "photo") else f"{kind}/{identifier}")
        if index is not None:
            parts.append(index)
        last = match.end()
    parts += _entry_links(text[last:])
    return tuple(part for part in parts if part != "")


def _entry_links(text: str) -> list[str | EntryLink]:
    """The text split at each link to a Day One entry (`[words](dayone2://view?entryId=ID)`,
    or the bare address)."""
    parts: list[str | EntryLink] = []
    last = 0
    for match in _ENTRY_LINK.finditer(text):
        query = parse_qs(urlsplit(match.group("url") or match.group("bare")).query)
        identifier = next(iter(query.get("entryId", [])), "")
        if not identifier:
            continue
        parts += [
            text[last : match.start()],
            EntryLink(match.group("text") or "", f"dayone:{identifier}"),
        ]
        last = match.end()
    parts.append(text[last:])
    return parts


def unescape_markdown(text: str) -> str:
    """Undo Day One's backslash escapes (`1994\\.`, `well\\-being`) where the bare
    character means the same; keep those that stop a list, heading or image, and leave
    code alone."""
    lines = []
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _unescape_line(line)
        lines.append(line)
    return "\n".join(lines)


def _unescape_line(line: str) -> str:
    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_unescape_text(line, last, span.start()))
        pieces.append(span.group(0))
        last = span.end()
    pieces.append(_unescape_text(line, last, len(line)))
    return "".join(pieces)


def _unescape_text(line: str, start: int, end: int) -> str:
    out, last = [], start
    for match in _ESCAPE.finditer(line, start, end):
        out += [line[last : match.start()], _undo(line, match)]
        last = match.end()
    out.append(line[last:end])
    return "".join(out)


def _undo(line: str, match: re.Match[str]) -> str:
    """The bare character, unless bare it would mean something else here."""
    char, before = match.group(1), line[: match.start()]
    after = line[match.end() : match.end() + 1]
    if char == "\\":
        return match.group(0)  # an escaped backslash stays one
    if char in "-+#>" and not before.strip():
        return match.group(0)  # would start a list, heading or quote
    if char == "." and re.fullmatch(r"\s*\d+", before) and after in ("", " ", "\t"):
        return match.group(0)  # `1\.` would start a numbered list
    if (char == "!" and after == "[") or (char == "(" and before.endswith("]")):
        return match.group(0)  # would make an image or a link
    return char


def _place(location: Any) -> str:
    """The place in words (`Clay Studio, Lisbon`); coordinates are never read."""
    if not isinstance(location, dict):
        return ""
    names = [location.get("placeName"), location.get("localityName")]
    words = [drop_invisible(n).strip() for n in names if isinstance(n, str)]
    if not any(words) and isinstance(location.get("country"), str):
        words = [drop_invisible(location["country"]).strip()]
    return ", ".join(dict.fromkeys(w for w in words if w))


def _tags(item: Mapping[str, Any]) -> tuple[str, ...]:
    tags = [
        drop_invisible(str(t)).strip() for t in _list(item.get("tags")) if isinstance(t, str | int)
    ]
    if item.get("starred") is True:
        tags.append("starred")
    return tuple(dict.fromkeys(t for t in tags if t))


def _list(value: Any) -> list[Any]:
    """A JSON array, or nothing: a hostile export may put anything anywhere."""
    return value if isinstance(value, list) else []
