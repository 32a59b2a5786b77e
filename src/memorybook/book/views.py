"""What the book's template shows: plain values made from entries, keeping templates logic-free."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import markdown

from memorybook.book.geometry import PageGeometry
from memorybook.book.layout import EntryPhotos, Placement, print_request
from memorybook.book.render import HERO_PREFIX, ROW_PREFIX, body_font_pt
from memorybook.book.selection import Month
from memorybook.journal import Entry
from memorybook.photos import PrintPhoto, PrintRequest
from memorybook.questions import Answers, question_set
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

    is_pair = False


@dataclass(frozen=True)
class AnswerView:
    """One person's answer, set beside the others to the same question."""

    anchor: str
    """The entry's own id (`e-<slug>`), so a link to the entry still finds it."""
    name: str
    color: str
    when: str
    title: str
    """The entry's title when its writer gave it one of their own; empty when it is the
    question's words (the question heads the pair already)."""
    body_html: str


@dataclass(frozen=True)
class PairView:
    """A question and its answers, set together where the last answer falls."""

    anchor: str
    title: str
    """The question."""
    theme: str
    answers: tuple[AnswerView, ...]
    side_by_side: bool
    """Columns when every answer fits its column on one page; else one after another."""
    rows: tuple[RowView, ...]
    """Every answer's photos, after all the answers."""
    kind: str = "pair"
    kind_label: str = "We both answered"
    is_pair = True


@dataclass(frozen=True)
class MonthView:
    """A chapter as the template lays it out."""

    name: str
    anchor: str
    summary: str
    """`7 memories, 12 photos` under the chapter title."""
    entries: tuple[EntryView | PairView, ...]
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
    together: Mapping[str, Answers] | None = None,
    page: PageGeometry | None = None,
) -> MonthView:
    """A month's chapter: its entries and a line saying how much happened. The answers to a
    question in `together` (by the slug of each answer) come as one `PairView`, where the
    last of them stands (`by_month` put the others just before it)."""
    entries: list[EntryView | PairView] = []
    for e in month.entries:
        answers = (together or {}).get(e.slug)
        if answers is None:
            entries.append(entry_view(e, layouts[e.slug], photos, settings))
        elif e is answers.last:
            entries.append(pair_view(answers, layouts, photos, settings, page))
    count = len(month.entries)
    pictures = sum(len(e.all_photos) for e in month.entries)
    summary = f"{count} {'memory' if count == 1 else 'memories'}"
    if pictures:
        summary += f", {pictures} {'photo' if pictures == 1 else 'photos'}"
    first = entries[0]
    if isinstance(first, PairView):
        return MonthView(month.name, month.anchor, summary, tuple(entries))
    anchor = first.hero_anchor if settings.book.chapter_start == "continuous" else ""
    if first.bleed is not None:
        entries[0] = replace(first, bleed=None)
    return MonthView(month.name, month.anchor, summary, tuple(entries), first.bleed, anchor)


def pair_view(
    answers: Answers,
    layouts: Mapping[str, EntryPhotos],
    photos: Photos,
    settings: Settings,
    page: PageGeometry | None,
) -> PairView:
    """A question with everyone's answer to it, each in its writer's colour, and their photos."""
    views, rows, bodies = [], [], []
    for pid, entry in answers.by.items():
        body = strip_body_photos(entry)
        bodies.append(body)
        views.append(
            AnswerView(
                anchor=f"e-{entry.slug}",
                name=settings.person_name(pid),
                color=_color(pid, settings),
                when=when_text(entry.date, entry.until),
                title="" if entry.title == answers.question.text else entry.title,
                body_html=markdown_html(body),
            )
        )
        rows += [
            RowView(row_anchor(entry.slug, index), shown)
            for index, row in enumerate(layouts[entry.slug].rows)
            if (shown := tuple(v for p in row.placements if (v := photos.view(p))))
        ]
    return PairView(
        anchor=f"q-{answers.question.id}-{answers.last.slug}",
        title=answers.question.text,
        theme=question_set().theme_of(answers.question),
        answers=tuple(views),
        side_by_side=page is not None and fits_side_by_side(bodies, page),
        rows=tuple(rows),
        kind_label="We both answered" if len(views) == 2 else "We all answered",
    )


COLUMN_GAP_IN = 0.3
"""Between two answers side by side."""
ANSWER_ROOM_IN = 1.9
"""Page height a pair needs besides its answers' words: the question, names and dates."""
CHAR_WIDTH_EM = 0.46
"""The average width of a character of EB Garamond's text, in ems (with its spaces)."""
LINE_HEIGHT = 1.42
"""As book.css sets it for the body text."""


def fits_side_by_side(bodies: Sequence[str], page: PageGeometry) -> bool:
    """Whether two answers fit side by side, each in half the text width, on one page (with a
    fifth to spare): columns cannot run over onto the next page, so longer answers are set
    one after the other instead, where each may."""
    if len(bodies) != 2:
        return False
    size_pt = body_font_pt(page)
    column_in = (page.text_width_in - COLUMN_GAP_IN) / 2
    per_line = column_in * 72 / (size_pt * CHAR_WIDTH_EM)
    lines = (page.text_height_in - ANSWER_ROOM_IN) * 72 / (size_pt * LINE_HEIGHT)
    needed = max(_lines(body, per_line) for body in bodies)
    return needed <= 0.8 * lines


def _lines(body: str, per_line: float) -> int:
    """About how many lines a text takes at `per_line` characters a line, paragraph by
    paragraph (each paragraph's last line is a whole line)."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return sum(int(len(" ".join(p.split())) / per_line) + 1 for p in paragraphs)


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
        kind_label="Answer"
        if entry.question and entry.kind == "experience"
        else KIND_LABELS[entry.kind],
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
    if entry.opened_on is None:
        return ""
    return f"Sealed on {format_day(entry.date)}, opened on {format_day(entry.opened_on)}"


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
