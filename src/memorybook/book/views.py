"""What the book's template shows: plain values made from entries, keeping templates logic-free."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import markdown

from memorybook.book import textfit
from memorybook.book.clips import qr_image
from memorybook.book.geometry import PageGeometry
from memorybook.book.layout import Block, Placement, print_request
from memorybook.book.render import body_font_pt
from memorybook.book.selection import Month
from memorybook.book.spreads import Sheet, Unit
from memorybook.journal import Entry, Photo
from memorybook.photos import PrintPhoto, PrintRequest
from memorybook.questions import Answers, question_set
from memorybook.settings import Settings
from memorybook.words import format_day

KIND_LABELS = {
    "experience": "Together",
    "gratitude": "Thank you",
    "milestone": "Milestone",
    "letter": "A letter",
    "check-in": "Check-in",
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
    x_in: float = 0.0
    """From its block's left edge."""
    y_in: float = 0.0
    """From its block's top edge."""
    qr: str = ""
    """For a clip: the QR code (an SVG data URI) that opens it on the site (`book.clips`)."""
    clip: bool = False
    """A clip printed as its poster frame."""


@dataclass(frozen=True)
class BlockView:
    """Photos at fixed places in a box of fixed size: the layout step decided them."""

    photos: tuple[PhotoView, ...]
    width_in: float
    height_in: float
    shape: str
    """The page template it makes (`single`, `two-up`, `large-and-small`, `grid`)."""


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
    toc_title: str
    """The contents line: the title, with the first words of a note or letter."""
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
    def is_note(self) -> bool:
        return self.kind in ("gratitude", "letter")

    @property
    def kept_whole(self) -> bool:
        """A thank-you card, or a letter short enough to read on one page: never broken
        across a page turn (a letter's heading and `Dear Alex,` alone at a page's foot)."""
        if self.kind == "gratitude":
            return True
        text = re.sub(r"<[^>]+>", "", self.body_html)
        return self.kind == "letter" and len(text) <= SHORT_LETTER_CHARS

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
    facing: bool = False
    """Two tellings of one day too long to stand side by side, each fitting a page: set on
    the two pages of a spread, the first on the left-hand page, the other facing it."""
    kind: str = "pair"
    kind_label: str = "We both answered"
    is_pair = True

    @property
    def toc_title(self) -> str:
        return self.title


@dataclass(frozen=True)
class MonthView:
    """A chapter as the template lays it out."""

    name: str
    anchor: str
    summary: str
    """`7 memories, 12 photos` under the chapter title."""
    entries: tuple[EntryView | PairView, ...]


@dataclass(frozen=True)
class ItemView:
    """One thing on a sheet: a chapter's opening, an entry's words, a block, a hero page."""

    kind: str
    month: MonthView | None = None
    unit: EntryView | PairView | None = None
    block: BlockView | None = None
    hero: PhotoView | None = None


@dataclass(frozen=True)
class SheetView:
    """What starts a new page, as the template sets it."""

    template: str
    chapter: bool
    items: tuple[ItemView, ...]


class Photos:
    """Turns placements into photo views showing their print renditions."""

    def __init__(
        self,
        printed: Mapping[PrintRequest, PrintPhoto],
        addresses: Mapping[Photo, str] | None = None,
    ) -> None:
        self.printed = printed
        self.addresses = addresses or {}
        """Each clip's address on the site, for its QR code (`book.clips.clip_addresses`)."""

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
            placement.x_in,
            placement.y_in,
            qr_image(address) if (address := self.addresses.get(placement.photo)) else "",
            placement.photo.is_clip,
        )

    def block(self, block: Block | None) -> BlockView | None:
        if block is None:
            return None
        shown = tuple(v for p in block.placements if (v := self.view(p)))
        return BlockView(shown, block.width_in, block.height_in, block.shape) if shown else None


def month_view(
    month: Month,
    settings: Settings,
    together: Mapping[str, Answers] | None = None,
    page: PageGeometry | None = None,
    told: Mapping[str, Sequence[Entry]] | None = None,
) -> MonthView:
    """A month's chapter: its entries and a line saying how much happened. The answers to a
    question in `together` (by the slug of each answer) come as one `PairView`, where the
    last of them stands (`by_month` put the others just before it); so does an entry with
    its other tellings in `told` (by its slug: the entry, then them)."""
    entries: list[EntryView | PairView] = []
    for e in month.entries:
        answers = (together or {}).get(e.slug)
        if e.slug in (told or {}):
            entries.append(tellings_view((told or {})[e.slug], settings, page))
        elif answers is None:
            entries.append(entry_view(e, settings))
        elif e is answers.last:
            entries.append(pair_view(answers, settings, page))
    count = len(month.entries)
    pictures = sum(len(e.all_photos) for e in month.entries)
    summary = f"{count} {'memory' if count == 1 else 'memories'}"
    if pictures:
        summary += f", {pictures} {'photo' if pictures == 1 else 'photos'}"
    return MonthView(month.name, month.anchor, summary, tuple(entries))


def unit_key(view: EntryView | PairView) -> str:
    """The key the layout knows an entry (or a question's answers) by."""
    return view.anchor


def sheet_views(
    sheets: Sequence[Sheet], months: Sequence[MonthView], photos: Photos
) -> tuple[SheetView, ...]:
    """The layout step's sheets with the entries, openings and photos they name."""
    by_month = {m.anchor: m for m in months}
    units = {unit_key(v): v for m in months for v in m.entries}
    return tuple(
        SheetView(
            sheet.template,
            sheet.chapter,
            tuple(
                ItemView(
                    item.kind,
                    month=by_month.get(item.key) if item.kind == "opening" else None,
                    unit=units.get(item.key) if item.kind == "words" else None,
                    block=photos.block(item.block),
                    hero=photos.view(item.hero),
                )
                for item in sheet.items
            ),
        )
        for sheet in sheets
    )


BODY_SLACK = 1.04
"""Estimated words come out a little short: paragraphs break at word ends."""


def unit_of(
    view: EntryView | PairView, photos: Sequence[Photo], page: PageGeometry, hero: bool
) -> Unit:
    """What the layout step needs to know about an entry: how high its words stand."""
    size = body_font_pt(page)
    width = textfit.measure_in(size)
    if isinstance(view, PairView):
        height = _pair_height(view, width, size)
        return Unit(unit_key(view), height, tuple(photos), facing=view.facing)
    line = size * textfit.LINE_HEIGHT / 72
    if view.is_note:
        note = view.kind == "gratitude"
        body = textfit.body_height_in(
            view.body_html, width - (0.6 if note else 0.3), size * 1.045, "italic", 0.55
        )
        height = (
            (0.62 if note else 0.42)
            + 0.34 * textfit.title_lines(view.title, width - 0.6, 19)
            + (0.34 if view.greeting else 0.0)
            + (0.2 if view.opened else 0.0)
            + body * BODY_SLACK
            + 0.1
            + 0.29 * len(view.signature)
        )
        whole = view.kept_whole
        return Unit(unit_key(view), height, tuple(photos), whole=whole, photos_after=True)
    body = textfit.body_height_in(view.body_html, width, size)
    height = (
        0.24
        + 0.31 * textfit.title_lines(view.title, width, 19 if view.kind != "milestone" else 22)
        + (line if view.byline else 0.0)
        + (line if view.opened else 0.0)
        + (0.45 if view.kind == "milestone" else 0.14)
        + body * BODY_SLACK
    )
    return Unit(unit_key(view), height, tuple(photos), hero=hero)


def _pair_height(pair: PairView, width: float, size: float) -> float:
    """A question's answers: side by side, as high as the longer; else one after the other."""
    column = (width - COLUMN_GAP_IN) / 2 if pair.side_by_side else width
    heights = [
        0.45 + textfit.body_height_in(a.body_html, column, size) * BODY_SLACK for a in pair.answers
    ]
    answers = max(heights) if pair.side_by_side else sum(heights) + 0.22 * (len(heights) - 1)
    return 0.95 + 0.34 * textfit.title_lines(pair.title, width, 18) + answers


def pair_view(answers: Answers, settings: Settings, page: PageGeometry | None) -> PairView:
    """A question with everyone's answer to it, each in its writer's colour."""
    views, bodies = [], []
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
    return PairView(
        anchor=f"q-{answers.question.id}-{answers.last.slug}",
        title=answers.question.text,
        theme=question_set().theme_of(answers.question),
        answers=tuple(views),
        side_by_side=page is not None and fits_side_by_side(bodies, page),
        kind_label="We both answered" if len(views) == 2 else "We all answered",
    )


def tellings_view(told: Sequence[Entry], settings: Settings, page: PageGeometry | None) -> PairView:
    """One day told by each of its writers ("Sam remembers", "Alex remembers"), each in their
    colour: side by side when both fit their column on one page, else one after the other."""
    views, bodies = [], []
    for entry in told:
        body = strip_body_photos(entry)
        bodies.append(body)
        views.append(
            AnswerView(
                anchor=f"e-{entry.slug}",
                name=f"{settings.person_name(entry.voice or '')} remembers",
                color=_color(entry.voice, settings),
                when="",
                title="",
                body_html=markdown_html(body),
            )
        )
    first = told[0]
    side = page is not None and fits_side_by_side(bodies, page)
    return PairView(
        anchor=f"t-{first.slug}",
        title=first.title,
        theme=when_text(first.date, first.until),
        answers=tuple(views),
        side_by_side=side,
        facing=page is not None and not side and fits_facing(bodies, page),
        kind_label="We both remember" if len(views) == 2 else "We all remember",
    )


COLUMN_GAP_IN = 0.3
"""Between two answers side by side."""
ANSWER_ROOM_IN = 1.9
"""Page height a pair needs besides its answers' words: the question, names and dates."""


def fits_side_by_side(bodies: Sequence[str], page: PageGeometry) -> bool:
    """Whether two answers fit side by side, each in half the text block, on one page (with a
    fifth to spare): columns cannot run over onto the next page, so longer answers are set
    one after the other instead, where each may."""
    return _fit_a_page(bodies, page, columns=2)


def fits_facing(bodies: Sequence[str], page: PageGeometry) -> bool:
    """Whether two tellings fit a page each (the first under the day's heading, with a fifth
    to spare): then they face each other across a spread."""
    return _fit_a_page(bodies, page, columns=1)


def _fit_a_page(bodies: Sequence[str], page: PageGeometry, columns: int) -> bool:
    """Whether each of two texts fits one page's room for a pair's words (with a fifth to
    spare), set in one of `columns` columns of the text block."""
    if len(bodies) != 2:
        return False
    size = body_font_pt(page)
    width = (textfit.measure_in(size) - COLUMN_GAP_IN * (columns - 1)) / columns
    lines = (page.text_height_in - ANSWER_ROOM_IN) * 72 / (size * textfit.LINE_HEIGHT)
    needed = max(
        sum(textfit.lines(p, width, size) for p in body.split("\n\n") if p.strip())
        for body in bodies
    )
    return needed <= 0.8 * lines


SHORT_LETTER_CHARS = 900
"""A letter this short (its words, about twelve lines) is kept on one page, like a card."""
TOC_WORDS = 7
"""The words of a note or letter its contents line quotes."""


def entry_view(entry: Entry, settings: Settings) -> EntryView:
    """One entry's words as HTML and its people as names (its photos are the layout's)."""
    sender = settings.person_name(entry.sender) if entry.sender else ""
    recipient = settings.person_name(entry.recipient) if entry.recipient else ""
    body = strip_body_photos(entry)
    is_note = entry.kind in ("gratitude", "letter")
    body, signature = sign_off(body, sender) if is_note else (body, ())
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
        toc_title=toc_title(entry, body) if is_note else _with_place(entry),
        signature=signature,
        recipient=recipient,
        greeting=_greeting(entry, recipient, body),
        color=_color(entry.sender, settings),
        opened=opened_text(entry),
    )


def toc_title(entry: Entry, body: str) -> str:
    """`From Sam to Alex: “Thank you for the soup when I was…”`: a note's contents line
    tells it from the others by its first words (a greeting left out)."""
    text = " ".join(_EMPHASIS.sub("", markdown_text(body)).split())
    words = text.split(" ")
    if words and _GREETING.match(text) and words[0].lower() in ("dear", "dearest", "hi", "hello"):
        words = words[2:] if len(words) > 2 else words
    quote = " ".join(words[:TOC_WORDS]).rstrip(",.;:!?")
    if not quote:
        return entry.title
    return f"{entry.title}: “{quote}{'…' if len(words) > TOC_WORDS else ''}”"


def _with_place(entry: Entry) -> str:
    """An experience's contents line: its title and, unless the title says it, its place."""
    if entry.place and entry.place.lower() not in entry.title.lower():
        return f"{entry.title} · {entry.place}"
    return entry.title


def markdown_text(text: str) -> str:
    """The words of some Markdown, without its markup (for a contents line)."""
    html_text = markdown.markdown(text, extensions=["extra"], output_format="html")
    return re.sub(r"<[^>]+>", " ", html_text).replace("&amp;", "&")


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
