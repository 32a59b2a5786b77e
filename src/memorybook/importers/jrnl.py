"""jrnl's JSON export (`jrnl --export json`), read into journal entries.

The file is `{"tags": {"@tag": count, ...}, "entries": [{"title", "body", "date",
"time", "tags", "starred"}, ...]}`. jrnl entries have no id: an entry's `source:`
is its date, time and a hash of its title, so a later export of the same jrnl
(with new entries, or with old ones edited) brings only the new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from memorybook.errors import display_path
from memorybook.importers.common import (
    MAX_JSON,
    ExportError,
    ImportedEntry,
    ImportReport,
    Notices,
    json_kind,
    short_title,
)
from memorybook.importers.text import drop_invisible
from memorybook.importers.writer import check_author, write_entries
from memorybook.settings import Settings

_TAG_IN_TEXT = re.compile(r"(?<![\w.@])@(\w[\w-]*)")
"""`@tag` as jrnl writes it; not the middle of an e-mail address."""


def import_jrnl(
    settings: Settings, export: Path, *, author: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Import every entry of a jrnl JSON export into the journal."""
    author = check_author(settings, author)
    report = ImportReport(export, dry_run=dry_run)
    raw = _load(export)
    write_entries(settings, _entries(export, raw, report), report, author=author)
    return report


def _load(export: Path) -> list[Any]:
    shown = display_path(export)
    if not export.is_file():
        raise ExportError(f"{shown}: no such file")
    if export.stat().st_size > MAX_JSON:
        raise ExportError(f"{shown}: too large ({export.stat().st_size // 2**20} MiB) for jrnl")
    try:
        raw = json.loads(export.read_bytes())
    except json.JSONDecodeError as exc:
        raise ExportError(
            f"{shown}:{exc.lineno}: not valid JSON ({exc.msg}); make it with "
            "`jrnl --export json -o FILE.json`"
        ) from None
    except RecursionError:
        raise ExportError(f"{shown}: nested too deep to be a jrnl export") from None
    except UnicodeDecodeError:
        raise ExportError(f"{shown}: not UTF-8 text; is it a jrnl JSON export?") from None
    entries = raw.get("entries") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise ExportError(
            f'{shown}: not a jrnl export (no "entries" list); make it with '
            "`jrnl --export json -o FILE.json`"
        )
    return entries


def _entries(export: Path, raw: list[Any], report: ImportReport) -> Iterator[ImportedEntry]:
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        origin = f"{display_path(export)}: entry {index + 1}"
        if not isinstance(item, dict):
            report.error(origin, "is not an entry (a JSON object); skipped")
            continue
        notices = Notices()
        entry = _entry(item, origin, notices)
        if entry is None:
            report.notices += notices.notices  # never imported: said on every run
            continue
        entry = replace(entry, notices=tuple(notices.notices))
        # Two entries in the same minute with the same title are both kept.
        seen[entry.source] = seen.get(entry.source, 0) + 1
        if seen[entry.source] > 1:
            entry = replace(entry, source=f"{entry.source}#{seen[entry.source]}")
        yield entry


def _entry(item: Mapping[str, Any], origin: str, report: Notices) -> ImportedEntry | None:
    date = _date(item.get("date"))
    if date is None:
        report.error(origin, f"`date` {item.get('date')!r} is not a date like 2024-06-14; skipped")
        return None
    time = _time(item.get("time"))
    origin = f"{origin} ({date.isoformat()})"
    title = drop_invisible(_text(item, "title", origin, report)).strip()
    body = drop_invisible(_text(item, "body", origin, report)).strip("\n").strip()
    if not title and not body:
        report.warn(origin, "is empty; skipped")
        return None
    digest = hashlib.sha256(title.encode()).hexdigest()[:10]
    clock = f"{time:%H:%M}" if time else "--:--"
    return ImportedEntry(
        source=f"jrnl:{date.isoformat()}T{clock}:{digest}",
        origin=origin,
        title=title or short_title(body),
        date=date,
        time=time,
        body=(body,),
        tags=_tags(item, f"{title}\n{body}"),
    )


def _text(item: Mapping[str, Any], key: str, origin: str, report: Notices) -> str:
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value or ""
    report.error(origin, f"`{key}` is {json_kind(value)}, not text; imported without it")
    return ""


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    try:
        return dt.time.fromisoformat(str(value)).replace(second=0, microsecond=0)
    except ValueError:
        return None


def _tags(item: Mapping[str, Any], text: str) -> tuple[str, ...]:
    """The entry's tags without jrnl's `@`, and any `@tag` of its text the list lacks."""
    tags_value = item.get("tags")
    listed = (
        [drop_invisible(t) for t in tags_value if isinstance(t, str)]
        if isinstance(tags_value, list)
        else []
    )
    found = listed + [f"@{tag}" for tag in _TAG_IN_TEXT.findall(text)]
    tags = (tag.strip().lstrip("@#").strip() for tag in found)
    lowered = dict.fromkeys(tag.lower() for tag in tags if tag)
    starred = ["starred"] if item.get("starred") is True else []
    return tuple(dict.fromkeys([*lowered, *starred]))
