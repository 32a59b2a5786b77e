"""One Markdown file read into an `Entry` or a `Page`: the pipeline of the small parsers of
`memorybook.reading` (file and front-matter, fields, photo references, body), each owning
its concern and its errors; a file with an error is left out (it may be private)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from memorybook.conflicts import marker_lines, marker_problem
from memorybook.errors import Problem
from memorybook.model import KINDS, LOVE_LANGUAGES, Entry, Page
from memorybook.page_keys import page_key_problems
from memorybook.reading import body as body_text
from memorybook.reading import fields, front_matter, photo_refs
from memorybook.reading.keys import FIELDS, KEEPING_FIELDS, dated, field_meant, show_date
from memorybook.reading.report import Report
from memorybook.reading.values import article
from memorybook.settings import Settings
from memorybook.words import format_day

_TITLED_KINDS = {"experience", "milestone"}
_NOTE_KINDS = {"gratitude", "letter"}
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def read_entry_or_page(
    settings: Settings, path: Path, problems: list[Problem], text: str | None = None
) -> Entry | Page | None:
    """The file at `path` (or `text` as if it were that file) as an entry or a page, or None
    when it is left out; its problems go to `problems`."""
    return read_file(Report(settings, path, problems, text))


def read_file(report: Report) -> Entry | Page | None:
    """The stages in order: the file (size, UTF-8), conflict markers, the front-matter, then
    an entry's fields or a page; any error on the way leaves the file out."""
    text = front_matter.read_text(report)
    if text is None:
        return None
    markers = marker_lines(text)
    if markers:  # both versions of an edit, private lines and all: never a page
        report.failed = True
        report.problems.append(marker_problem(report.path, text, markers))
        return None
    split = front_matter.split(report, text)
    if split is None:
        return None
    meta, body, body_line = split
    if "date" not in meta:
        if _meant_as_entry(report, meta):
            return None
        page = _page(report, meta, body, body_line)
        return None if report.failed else page
    entry = _entry(report, meta, body, body_line)
    return None if report.failed else entry


def _meant_as_entry(report: Report, meta: Mapping[str, Any]) -> bool:
    """A file without `date` but with a near-miss of it, or with fields only entries have,
    was meant to be an entry: an error, and left out, since it may be private."""
    keys = {key: field_meant(key) for key in meta}
    dates = [key for key, meant in keys.items() if meant == "date" and dated(key, meta[key])]
    if dates:
        report.error(
            f"`{dates[0]}` is not `date`: the file has no date, so it is left out",
            key=dates[0],
            hint=f"did you mean `date`? write `date: {show_date(meta[dates[0]])}`",
        )
        return True
    fields = [key for key, meant in keys.items() if meant and meant != "date"]
    if not fields:
        return False
    hiding = [key for key in fields if keys[key] in KEEPING_FIELDS and key != keys[key]]
    if hiding:
        report.error(
            f"`{hiding[0]}` reads as `{keys[hiding[0]]}`, which hides an entry: the file "
            "is left out until it is fixed",
            key=hiding[0],
            hint=f"write `{keys[hiding[0]]}:` to hide it, or rename the key",
        )
        return True
    report.error(
        f"has entry fields ({', '.join(fields)}) but no `date`, so it is left out",
        key=fields[0],
        hint="add `date: YYYY-MM-DD` to make it an entry, or remove those fields",
    )
    return True


def _page(report: Report, meta: dict[str, Any], body: str, body_line: int) -> Page:
    for key, message, hint in page_key_problems(meta):
        report.error(message, line=report.line_of(key) or report.line_of("<<"), hint=hint)
    body_text.check_nesting(report, body, body_line)
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    title = str(meta.get("title") or (heading.group(1) if heading else "")) or (
        PurePosixPath(report.rel).stem.replace("-", " ").capitalize()
    )
    return Page(report.path, report.rel, title, body, photo_refs.in_body(report, body, body_line))


def _entry(report: Report, meta: dict[str, Any], body: str, body_line: int) -> Entry:
    fields.warn_unknown(report, meta)
    date, time = fields.when(report, "date", meta.get("date"))
    until = fields.until(report, meta, date)
    kind = fields.choice(report, "kind", meta.get("kind", "experience"), KINDS)
    authors = fields.authors(report, meta)
    sender = fields.person(report, "from", meta.get("from"))
    recipient = fields.person(report, "to", meta.get("to"))
    if kind in _NOTE_KINDS:
        fields.require_note_people(report, kind, meta, sender, recipient)
    asked = fields.question(report, meta.get("question"))
    title = fields.text(report, "title", meta.get("title")) or fields.question_title(asked)
    if not title and kind in _TITLED_KINDS:
        report.error(
            f"{article(kind)} {kind} needs a `title`",
            key="date",
            hint="add a line like `title: Our first hike`",
        )
    if not title and kind == "check-in":
        title = f"Check-in, {format_day(date)}" if date else "Check-in"
    if not title:
        title = fields.note_title(report, kind, sender, recipient)
    love = meta.get("love_language")
    love_language = fields.choice(report, "love_language", love, LOVE_LANGUAGES) if love else None
    photos = photo_refs.listed(report, meta.get("photos"))
    body_photos = photo_refs.in_body(report, body, body_line)
    body = body_text.drop_placeholders(report, body, body_line)
    body_text.check_nesting(report, body, body_line)
    question = fields.answer(report, asked, sender, authors, bool(body.strip()))
    parts = body_text.parts(report, body, body_line) if kind == "check-in" else ()
    return Entry(
        source=report.path,
        rel=report.rel,
        slug=slug_for(report.rel, date or dt.date.min),
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
        tags=fields.tags(report, meta.get("tags")),
        place=fields.text(report, "place", meta.get("place")),
        photos=photos,
        body_photos=body_photos,
        cover=photo_refs.cover(report, meta.get("cover"), photos + body_photos),
        recurring=fields.flag(report, "recurring", meta),
        private=fields.flag(report, "private", meta),
        parts=parts,
        gentle=fields.flag(report, "gentle", meta),
        reveal=fields.reveal(report, meta, sender or (authors[0] if len(authors) == 1 else None)),
        telling_of=fields.telling_of(report, meta.get("telling_of")),
        telling_of_line=report.line_of("telling_of"),
        sealed_until=fields.sealed_until(report, meta, date),
        question=question,
        question_line=report.line_of("question"),
        extra={k: v for k, v in meta.items() if k not in FIELDS},
    )


# -- fields -----------------------------------------------------------


def slug_for(rel: str, date: dt.date) -> str:
    """The page name: the file name (or bundle folder), prefixed with the date if it lacks one."""
    posix = PurePosixPath(rel)
    stem = posix.parent.name if posix.stem.lower() in ("index", "readme") else posix.stem
    name = re.sub(r"[^\w-]+", "-", stem.strip().lower(), flags=re.UNICODE).strip("-") or "entry"
    if not _DATE_PREFIX.match(name):
        name = f"{date.isoformat()}-{name}"
    return name
