"""What the book's template shows: plain values made from entries, keeping templates logic-free."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import markdown

from memorybook.book.layout import EntryPhotos, Placement, print_request
from memorybook.book.render import HERO_PREFIX, ROW_PREFIX
from memorybook.book.selection import Month
from memorybook.journal import Entry
from memorybook.photos import PrintPhoto, PrintRequest
from memorybook.settings import Settings
from memorybook.words import format_day

KIND_LABELS = {
    "experience": "Together",
    "gratitude": "Thank you",
    "milestone": "Milestone",
    "letter": "A letter",
}
_EMPHASIS = re.compile(r"[*_]")
"""Markdown emphasis marks: a signature is set as plain text in the script face."""
_GREETING = re.compile(r"^\s*(dear|dearest|my|hi|hello|hey|to)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PhotoView:
    """One placed photo: its print rendition's URL and its size on the page."""

    url: str
    width_in: float
    height_in: float
    caption: str
    alt: str


@dataclass(frozen=True)
class RowView:
    """Photos side by side; the id lets a second layout pass find rows pushed to the next page."""

    anchor: str
    photos: tuple[PhotoView, ...]


@dataclass(frozen=True)
class EntryView:
    """One entry as the template lays it out."""

    anchor: str
    kind: str
    kind_label: str
    title: str
    when: str
    byline: str
    """`Sam & Alex · Clay Studio, Lisbon`: who and where, either may be missing."""
    body_html: str
    rows: tuple[RowView, ...]
    """Rows after the words."""
    bleed: PhotoView | None = None
    """The hero on a full-bleed page just before the heading (see `EntryPhotos.bleed`)."""
    lead: RowView | None = None
    """The hero, large under the heading."""
    rows_on_top: tuple[RowView, ...] = ()
    """Rows under the heading, above the words (see `EntryPhotos.lifted`)."""
    signature: tuple[str, ...] = ()
    """For notes and letters: how it ends, line by line, the writer's name last (`Always
    yours,` / `Rui`), whether they signed it themselves or not: every note ends the same way."""
    recipient: str = ""
    greeting: str = ""
    """For letters that do not open with one: `Dear Sam,`."""
    color: str = "#b5838d"
    """The sender's colour (notes) for the note's accents."""
    opened: str = ""
    """For an opened time capsule: `Sealed on 14 June 2026, opened on 14 June 2028`."""

    @property
    def hero_anchor(self) -> str:
        return HERO_PREFIX + self.anchor.removeprefix("e-")

    @property
    def is_note(self) -> bool:
        return self.kind in ("gratitude", "letter")


@dataclass(frozen=True)
class MonthView:
    """A chapter as the template lays it out."""

    name: str
    anchor: str
    summary: str
    """`7 memories, 12 photos` under the chapter title."""
    entries: tuple[EntryView, ...]
    bleed: PhotoView | None = None
    """The first entry's full-bleed hero, opening the chapter before its title (a title alone
    on a page, then a photo page, would waste a page)."""
    bleed_anchor: str = ""
    """In a book whose chapters run on, the hero's id: a hero page that would follow a
    half-empty page can then come inline instead (see `layout.unbleed`)."""


class Photos:
    """Turns placements into photo views showing their print renditions."""

    def __init__(self, printed: Mapping[PrintRequest, PrintPhoto]) -> None:
        self.printed = printed

    def view(self, placement: Placement | None) -> PhotoView | None:
        if placement is None:
            return None
        rendition = self.printed.get(print_request(placement))
        if rendition is None:
            return None  # the rendition failed; the problem is in the report
        return PhotoView(
            rendition.path.resolve().as_uri(),
            round(placement.width_in, 4),
            round(placement.height_in, 4),
            placement.photo.caption,
            placement.photo.alt or placement.photo.caption,
        )


def month_view(
    month: Month,
    layouts: Mapping[str, EntryPhotos],
    photos: Photos,
    settings: Settings,
) -> MonthView:
    """A month's chapter: its entries and a line saying how much happened."""
    entries = [entry_view(e, layouts[e.slug], photos, settings) for e in month.entries]
    count = len(month.entries)
    pictures = sum(len(e.all_photos) for e in month.entries)
    summary = f"{count} {'memory' if count == 1 else 'memories'}"
    if pictures:
        summary += f", {pictures} {'photo' if pictures == 1 else 'photos'}"
    first = entries[0]
    anchor = first.hero_anchor if settings.book.chapter_start == "continuous" else ""
    if first.bleed is not None:
        entries[0] = replace(first, bleed=None)
    return MonthView(month.name, month.anchor, summary, tuple(entries), first.bleed, anchor)


def entry_view(entry: Entry, layout: EntryPhotos, photos: Photos, settings: Settings) -> EntryView:
    """One entry with its placed photos, its words as HTML and its people as names."""
    rows = [
        (index, RowView(row_anchor(entry.slug, index), views))
        for index, row in enumerate(layout.rows)
        if (views := tuple(view for p in row.placements if (view := photos.view(p))))
    ]
    sender = settings.person_name(entry.sender) if entry.sender else ""
    recipient = settings.person_name(entry.recipient) if entry.recipient else ""
    body = strip_body_photos(entry)
    is_note = entry.kind in ("gratitude", "letter")
    body, signature = sign_off(body, sender) if is_note else (body, ())
    lead = layout.lead and tuple(v for p in layout.lead.placements if (v := photos.view(p)))
    return EntryView(
        anchor=f"e-{entry.slug}",
        kind=entry.kind,
        kind_label=KIND_LABELS[entry.kind],
        title=entry.title,
        when=when_text(entry.date, entry.until),
        byline=byline(entry, settings),
        body_html=markdown_html(body, line_breaks=is_note),
        rows=tuple(row for index, row in rows if index not in layout.lifted),
        bleed=photos.view(layout.bleed),
        lead=RowView(f"lead-{entry.slug}", lead) if lead else None,
        rows_on_top=tuple(row for index, row in rows if index in layout.lifted),
        signature=signature,
        recipient=recipient,
        greeting=_greeting(entry, recipient, body),
        color=_color(entry.sender, settings),
        opened=opened_text(entry),
    )


def opened_text(entry: Entry) -> str:
    """An opened time capsule's line: written (and sealed) on its date, opened on its day."""
    if entry.sealed_until is None or entry.sealed_until <= entry.date:
        return ""
    return f"Sealed on {format_day(entry.date)}, opened on {format_day(entry.sealed_until)}"


def when_text(start: dt.date, until: dt.date | None) -> str:
    """`Saturday 14 June 2024`, or `14 – 18 June 2024` for a trip."""
    if until is None or until == start:
        return f"{start:%A} {start.day} {start:%B %Y}"
    if (until.year, until.month) == (start.year, start.month):
        return f"{start.day} – {until.day} {start:%B %Y}"
    if until.year == start.year:
        return f"{start.day} {start:%B} – {until.day} {until:%B %Y}"
    return f"{start.day} {start:%B %Y} – {until.day} {until:%B %Y}"


def byline(entry: Entry, settings: Settings) -> str:
    """Who wrote it and where it happened, for experiences and milestones."""
    parts = []
    if entry.kind not in ("gratitude", "letter") and entry.authors:
        parts.append(names(entry.authors, settings))
    if entry.place:
        parts.append(entry.place)
    return " · ".join(parts)


def names(ids: Sequence[str], settings: Settings) -> str:
    """`Sam`, `Sam & Alex`, `Sam, Alex & Kim`."""
    shown = [settings.person_name(i) for i in ids]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} & {shown[-1]}"


def strip_body_photos(entry: Entry) -> str:
    """The body without its image markup: those photos are laid out with the others."""
    body = entry.body
    for photo in entry.body_photos:
        body = body.replace(photo.markup, "")
    return body.strip()


def markdown_html(text: str, *, line_breaks: bool = False) -> str:
    """The body as HTML, with typographic quotes and dashes for print; with `line_breaks` (notes
    and letters) every line break the writer made is kept, as on paper."""
    extensions = ["extra", "smarty", "sane_lists", *(["nl2br"] if line_breaks else [])]
    return markdown.markdown(text, extensions=extensions, output_format="html")


def _color(person: str | None, settings: Settings) -> str:
    found = settings.people.get(person) if person else None
    return found.color if found else "#b5838d"


def _greeting(entry: Entry, recipient: str, body: str) -> str:
    """A letter opens with `Dear Sam,` unless its writer already greeted them."""
    if entry.kind != "letter" or not recipient or _GREETING.match(body):
        return ""
    return f"Dear {recipient},"


def signed(body: str, sender: str) -> bool:
    """True when the text already ends with its writer's name (`Love, Sam`): no second signature."""
    last = body.rstrip().rsplit("\n", 1)[-1].strip(" *_—–-.,!")
    return bool(sender) and len(last) <= 40 and sender.lower() in last.lower()


def sign_off(body: str, sender: str) -> tuple[str, tuple[str, ...]]:
    """The words without their closing, and the signature's lines.

    One rule for every note and letter: a closing the writer wrote (a short last paragraph
    whose last line names them, such as `Always yours,⏎Rui`) becomes the signature, line by
    line; without one, the signature is the writer's name alone.
    """
    head, _, last = body.rstrip().rpartition("\n\n")
    lines = [line.strip() for line in last.splitlines() if line.strip()]
    if signed(last, sender) and len(lines) <= 3 and all(len(line) <= 40 for line in lines):
        closing = tuple(_EMPHASIS.sub("", line).lstrip("—–- ").strip() for line in lines)
        return head.rstrip(), closing
    return body, (sender,) if sender else ()


def row_anchor(slug: str, index: int) -> str:
    """The id of an entry's photo row: `r-2024-06-14-first-hike-0`."""
    return f"{ROW_PREFIX}{slug}-{index}"


def row_of(anchor: str) -> tuple[str, int]:
    """The entry slug and row number a row id names."""
    slug, index = anchor.removeprefix(ROW_PREFIX).rsplit("-", 1)
    return slug, int(index)
