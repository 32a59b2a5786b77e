"""The HTML the site's pages are made of: cards, photos, people, facts, lists and charts.

Every piece is filled in with `html()` (html.py), which escapes each value that is not
finished HTML already: nothing the user wrote can become markup. Links are relative,
percent-encoded URLs (see links.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import unescape
from pathlib import PurePosixPath

import markdown

from memorybook import charts, numbers
from memorybook.html import Markup, html, join
from memorybook.journal import Capsule, Entry, Journal, Photo
from memorybook.links import (
    CALENDAR_ICS,
    ON_THIS_DAY_DATA,
    PLACES,
    QUESTIONS,
    STATS,
    TAGS,
    Links,
    entry_uri,
    year_uri,
)
from memorybook.numbers import Tally
from memorybook.photos import WebPhoto, WebPhotos
from memorybook.questions import Answers, answered_by, collect_answers, question_set
from memorybook.words import MONTHS, format_day

KIND_LABELS = {
    "experience": "Memory",
    "gratitude": "Thank you",
    "milestone": "Milestone",
    "letter": "Letter",
}
LOVE_LANGUAGE_LABELS = {
    "words": "Words of affirmation",
    "service": "Acts of service",
    "gifts": "Gifts",
    "time": "Quality time",
    "touch": "Physical touch",
}
CARD_SIZES = "(max-width: 44em) 100vw, 22em"
GALLERY_SIZES = "(max-width: 60em) 100vw, 46em"
_IMAGES = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:p|li|h[1-6]|br|div|blockquote|[uo]l|d[ltd]|t[rdh]|pre|hr)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_HEADING_END = re.compile(r"(?<=[^\s.!?:;…])\s*</h[1-6]>")
"""A heading in an excerpt runs into its text: "What we ate: Soup, bread", not "ate Soup"."""
_MARKDOWN_SYNTAX = re.compile(r"[*_`<>&\[\]\\]|^\s*(?:[-+#|=]|\d+[.)])", re.MULTILINE)
"""Anything Markdown could turn into something else; plain prose (most entries) skips it."""
_EXCERPT_MARKDOWN = markdown.Markdown()
"""Renders the start of an entry for its excerpt: reused, as making one is slow."""
CARD_CROP = 0.15
"""A card's cover may lose at most this much of the photo (height or width)."""


def format_when(start: dt.date, until: dt.date | None = None) -> str:
    """`14 June 2024`, `14–16 June 2024`, `30 June – 2 July 2024`."""
    if until is None or until == start:
        return format_day(start)
    if (start.year, start.month) == (until.year, until.month):
        return f"{start.day}–{format_day(until)}"
    if start.year == until.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_day(until)}"
    return f"{format_day(start)} – {format_day(until)}"


def excerpt(body: str, limit: int = 220) -> str:
    """The first lines of an entry as the page shows them, as plain text cut at a word: the
    Markdown is rendered first, so no `- `, `**` or backtick is left over ("memorybook check,
    and", not "memorybook check , and")."""
    source = _IMAGES.sub("", body)
    start = []  # only the first paragraphs are rendered: an excerpt never needs the rest
    for paragraph in source.split("\n\n"):
        start.append(paragraph)
        if sum(map(len, start)) > 2 * limit:
            break
    text = "\n\n".join(start)
    if _MARKDOWN_SYNTAX.search(text):
        rendered = _EXCERPT_MARKDOWN.reset().convert(text)
        rendered = _HEADING_END.sub(": ", _HIDDEN.sub(" ", rendered))
        text = unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", rendered)))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def card_ratio(width: int, height: int) -> float:
    """The shape of a card's cover (width / height) for a photo of this size: its own shape
    between 4:5 and 2:1; beyond, cropped by at most CARD_CROP towards that range, so a tall
    portrait keeps 85% of its height and a card never becomes a strip or a tower."""
    ratio = width / max(height, 1)
    low, high = 4 / 5, 2.0
    if ratio < low:
        return min(low, ratio / (1 - CARD_CROP))
    if ratio > high:
        return max(high, ratio * (1 - CARD_CROP))
    return ratio


@dataclass
class Snippets:
    """Pieces of HTML for one build's pages; the page writer (site.py) builds on it."""

    journal: Journal
    web: WebPhotos
    links: Links
    newest_first: list[Entry] = field(init=False)
    years_cache: dict[int, list[Entry]] = field(init=False, default_factory=dict)
    excerpts: dict[tuple[str, int], str] = field(init=False, default_factory=dict)
    answers: dict[int, Answers] = field(init=False)
    """The shared questions answered in the entries shown, by question id."""

    def __post_init__(self) -> None:
        self.newest_first = list(reversed(self.journal.entries))
        self.answers = collect_answers(self.journal.entries, self.people)

    @property
    def people(self) -> list[str]:
        return list(self.journal.settings.people)

    def by_year(self) -> dict[int, list[Entry]]:
        """Entries by year, newest year first, newest entry first (worked out once)."""
        if not self.years_cache:
            for entry in self.newest_first:
                self.years_cache.setdefault(entry.year, []).append(entry)
        return self.years_cache

    def h1(self, title: str, subtitle: str = "") -> Markup:
        sub = html('<p class="mb-subtitle">{}</p>', subtitle) if subtitle else ""
        return html('<header class="mb-page-head"><h1>{}</h1>{}</header>', title, sub)

    def together(self) -> Markup:
        since = self.journal.settings.together_since
        if since is None:
            return Markup()
        return html(
            '<p class="mb-together" data-mb-since="{}">Together since <strong>{}</strong>'
            '<span class="mb-days-together" hidden></span></p>',
            since.isoformat(),
            format_day(since),
        )

    def on_this_day_box(self, uri: str, full: bool = False) -> Markup:
        fallback = empty("This list is made in your browser from today's date.") if full else ""
        return html(
            '<section class="mb-on-this-day" data-mb-root="{root}" data-mb-full="{full}"{hidden}>'
            "<h2>On this day</h2>{fallback}<ul></ul></section>\n"
            '<script src="{script}"></script>',
            root=self.links.root(uri),
            full=str(full).lower(),
            hidden=Markup("") if full else Markup(" hidden"),
            fallback=fallback,
            script=self.links.href(uri, ON_THIS_DAY_DATA),
        )

    def year_links(self, uri: str, current: int | None = None) -> Markup:
        items = []
        for year, entries in self.by_year().items():
            label = html("{} <small>{}</small>", year, len(entries))
            if year == current:
                items.append(html('<span class="mb-chip mb-chip--current">{}</span>', label))
            else:
                href = self.links.page(uri, year_uri(year))
                items.append(html('<a class="mb-chip" href="{}">{}</a>', href, label))
        return html('<nav class="mb-chips mb-years" aria-label="Years">{}</nav>', join(items))

    def cards(self, entries: Iterable[Entry], uri: str, excerpt_limit: int = 220) -> Markup:
        cards = join(self.card(entry, uri, excerpt_limit) for entry in entries)
        return html('<div class="mb-cards">{}</div>', cards)

    def card(self, entry: Entry, uri: str, excerpt_limit: int) -> Markup:
        cover = self.card_cover(entry.cover, uri) if entry.cover else Markup()
        accent = self.color_of(entry.sender or (entry.authors or ("",))[0])
        style = html(' style="--mb-accent: {}"', accent) if accent else ""
        return html(
            '<article class="mb-card mb-kind-{kind}"{style}>'
            '<a class="mb-card__link" href="{href}">{cover}'
            '<div class="mb-card__body">{kind_line}'
            '<h3 class="mb-card__title">{title}</h3>{who}'
            '<p class="mb-card__text">{text}</p>'
            "{facts}</div></a></article>",
            kind=entry.kind,
            style=style,
            href=self.links.page(uri, entry_uri(entry)),
            cover=cover,
            kind_line=self.kind_line(entry),
            title=entry.title,
            who=self.who(entry),
            text=self.excerpt(entry, excerpt_limit),
            facts=self.where_tags(entry),
        )

    def card_cover(self, photo: Photo, uri: str) -> Markup:
        """A card's photo in (nearly) its own shape: see `card_ratio`."""
        web = self.web.photos.get(photo.rel)
        shape = card_ratio(web.width, web.height) if web else 4 / 3
        return html(
            '<div class="mb-card__cover" style="aspect-ratio: {:.4f}">{}</div>',
            shape,
            self.img(photo, uri, CARD_SIZES),
        )

    def excerpt(self, entry: Entry, limit: int) -> str:
        """An entry's excerpt, made once per build (an entry has a card on several pages)."""
        key = (entry.slug, limit)
        if key not in self.excerpts:
            self.excerpts[key] = excerpt(entry.body, limit)
        return self.excerpts[key]

    def kind_line(self, entry: Entry) -> Markup:
        label = KIND_LABELS[entry.kind]
        if entry.question is not None and entry.kind == "experience":
            label = "Answer"  # to one of the shared questions, which is its title
        if entry.recurring:
            label += " · every year"
        return html(
            '<p class="mb-meta"><span class="mb-kind">{}</span> <time datetime="{}">{}</time></p>',
            label,
            entry.date.isoformat(),
            format_when(entry.date, entry.until),
        )

    def who(self, entry: Entry) -> Markup:
        return self.who_line(entry.sender, entry.recipient, entry.authors, "by")

    def who_line(
        self, sender: str | None, recipient: str | None, authors: Sequence[str], word: str
    ) -> Markup:
        """`Sam → Alex` for a note or letter, else `by Sam & Alex` (`from`, on an envelope)."""
        if sender and recipient:
            return html(
                '<p class="mb-who">{} <span class="mb-arrow" aria-label="to">→</span> {}</p>',
                self.person(sender),
                self.person(recipient),
            )
        if authors:
            names = join((self.person(pid) for pid in authors), " &amp; ")
            return html('<p class="mb-who"><span class="mb-by">{}</span> {}</p>', word, names)
        return Markup()

    def person(self, pid: str) -> Markup:
        person = self.journal.settings.people.get(pid)
        if person is None:
            return html('<span class="mb-person">{}</span>', pid)
        return html(
            '<span class="mb-person" style="--mb-person: {}">{}</span>', person.color, person.name
        )

    def where_tags(self, entry: Entry) -> Markup:
        bits = []
        if entry.place:
            bits.append(html('<span class="mb-place">{}</span>', entry.place))
        if entry.love_language:
            label = LOVE_LANGUAGE_LABELS[entry.love_language]
            bits.append(html('<span class="mb-love">{}</span>', label))
        bits += [html('<span class="mb-tag">#{}</span>', tag) for tag in entry.tags]
        return html('<p class="mb-facts">{}</p>', join(bits, " ")) if bits else Markup()

    def entry_head(self, entry: Entry, hero: Photo | None, uri: str) -> Markup:
        cover = Markup()
        if hero is not None:
            caption = html("<figcaption>{}</figcaption>", hero.caption) if hero.caption else ""
            link = self.photo_link(hero, uri, hero=True)
            cover = html('<figure class="mb-hero">{}{}</figure>', link, caption)
        return html(
            '<header class="mb-entry-head">{}{}<h1>{}</h1>{}{}</header>',
            cover,
            self.kind_line(entry),
            entry.title,
            self.who(entry),
            self.opened(entry),
        )

    def opened(self, entry: Entry) -> Markup:
        """An opened time capsule says so: sealed on the day it was written, opened on its day."""
        if entry.opened_on is None:
            return Markup()
        return html(
            '<p class="mb-opened"><span aria-hidden="true">✉</span> Sealed on '
            '<time datetime="{}">{}</time>, opened on <time datetime="{}">{}</time></p>',
            entry.date.isoformat(),
            format_day(entry.date),
            entry.opened_on.isoformat(),
            format_day(entry.opened_on),
        )

    def envelopes(self, capsules: Sequence[Capsule]) -> Markup:
        """Time capsules still sealed: closed envelopes, soonest to open first."""
        return html('<div class="mb-envelopes">{}</div>', join(map(self.envelope, capsules)))

    def envelope(self, capsule: Capsule) -> Markup:
        """A sealed envelope: who it is from, to whom, the day it opens, and nothing else."""
        who = self.who_line(capsule.sender, capsule.recipient, capsule.people, "from")
        accent = self.color_of(next(iter(capsule.people), ""))
        return html(
            '<article class="mb-envelope"{style}>'
            '<div class="mb-envelope__seal" aria-hidden="true"></div>'
            '<p class="mb-envelope__kind">{kind}</p>{who}'
            '<p class="mb-envelope__opens">Opens on <time datetime="{iso}">{day}</time></p>'
            "</article>",
            style=html(' style="--mb-accent: {}"', accent) if accent else "",
            kind="A sealed letter" if capsule.kind == "letter" else "A time capsule",
            who=who,
            iso=capsule.opens.isoformat(),
            day=format_day(capsule.opens),
        )

    def entry_foot(self, entry: Entry, uri: str) -> Markup:
        facts = []
        if entry.place:
            href = self.links.page(uri, PLACES) + "#" + anchor(entry.place)
            facts.append(html('<a class="mb-place" href="{}">{}</a>', href, entry.place))
        if entry.love_language:
            label = LOVE_LANGUAGE_LABELS[entry.love_language]
            facts.append(html('<span class="mb-love">{}</span>', label))
        for tag in entry.tags:
            href = self.links.page(uri, TAGS) + "#" + anchor(tag)
            facts.append(html('<a class="mb-tag" href="{}">#{}</a>', href, tag))
        if not facts:
            return Markup()
        return html('<footer class="mb-facts mb-entry-foot">{}</footer>', join(facts, " "))

    def prev_next(self, older: Entry | None, newer: Entry | None, uri: str) -> Markup:
        links = []
        for entry, rel, label in ((older, "prev", "Earlier"), (newer, "next", "Later")):
            if entry is None:
                links.append(html('<span class="mb-prevnext__{}"></span>', rel))
                continue
            links.append(
                html(
                    '<a class="mb-prevnext__{rel}" rel="{rel}" href="{href}">'
                    "<small>{label} · {day}</small>{title}</a>",
                    rel=rel,
                    href=self.links.page(uri, entry_uri(entry)),
                    label=label,
                    day=format_day(entry.date),
                    title=entry.title,
                )
            )
        # Not this entry's words: search would find it by its neighbours' titles.
        return html(
            '<nav class="mb-prevnext" aria-label="Earlier and later" data-search-exclude="true">'
            "{}</nav>",
            join(links),
        )

    def gallery(self, photos: Sequence[Photo], uri: str) -> Markup:
        if not photos:
            return Markup()
        figures = join((self.figure(photo, uri) for photo in photos), " ")  # captions apart
        return html('<div class="mb-gallery mb-gallery--{}">{}</div>', min(len(photos), 3), figures)

    def figure(self, photo: Photo, uri: str) -> Markup:
        caption = html("<figcaption>{}</figcaption>", photo.caption) if photo.caption else ""
        return html('<figure class="mb-photo">{}{}</figure>', self.photo_link(photo, uri), caption)

    def inline_photo(self, photo: Photo, uri: str) -> Markup:
        return html('<span class="mb-inline-photo">{}</span>', self.photo_link(photo, uri))

    def photo_link(self, photo: Photo, uri: str, hero: bool = False) -> Markup:
        """The photo, opening its largest rendition in the lightbox."""
        web = self.web.photos.get(photo.rel)
        img = self.img(photo, uri, GALLERY_SIZES, eager=hero)
        if web is None:
            return img
        # a photo without alt or caption still needs a name for its link
        name = html(' aria-label="Open the photo"') if not (photo.alt or photo.caption) else ""
        return html(
            '<a class="mb-lightbox" href="{}" data-caption="{}"{}>{}</a>',
            self.links.href(uri, web.renditions[-1].url),
            photo.caption or photo.alt,
            name,
            img,
        )

    def img(self, photo: Photo, uri: str, sizes: str, eager: bool = False) -> Markup:
        web = self.web.photos.get(photo.rel)
        if web is None:
            return html(
                '<span class="mb-missing-photo" role="img" aria-label="photo not available">'
                "{}</span>",
                PurePosixPath(photo.rel).name,
            )
        return img_tag(web, photo, self.links.root(uri), sizes, eager)

    def entry_list(self, entries: Iterable[Entry], uri: str) -> Markup:
        items = join(
            html(
                '<li class="mb-kind-{}"><a href="{}">{}</a> <time datetime="{}">{}</time></li>',
                e.kind,
                self.links.page(uri, entry_uri(e)),
                e.title,
                e.date.isoformat(),
                format_when(e.date, e.until),
            )
            for e in entries
        )
        return html('<ul class="mb-entry-list">{}</ul>', items)

    def gratitude_counts(self, t: Tally) -> Markup:
        rows = [
            (f"{self.name_of(a)} → {self.name_of(b)}", value, self.color_of(a))
            for (a, b), value in sorted(t.thanks.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        if not rows:
            return empty("No thank-you notes yet: memorybook new --kind gratitude writes one.")
        return charts.figure("Thank-yous each way", charts.hbars(rows))

    def love_language_table(self, notes: Sequence[Entry]) -> Markup:
        ways = sorted({(n.sender or "", n.recipient or "") for n in notes})
        counts = {
            way: numbers.tally(n for n in notes if (n.sender, n.recipient) == way) for way in ways
        }
        if not any(n.love_language for n in notes):
            return Markup()
        head = join(
            (
                html('<th scope="col">{} → {}</th>', self.name_of(a), self.name_of(b))
                for a, b in ways
            ),
            " ",  # cells apart for search, as in charts.py
        )
        rows = join(
            (
                html(
                    '<tr><th scope="row">{}</th> {}</tr>',
                    label,
                    join(
                        (
                            html("<td>{}</td>", counts[way].love_languages.get(lang) or "")
                            for way in ways
                        ),
                        " ",
                    ),
                )
                for lang, label in LOVE_LANGUAGE_LABELS.items()
            ),
            " ",
        )
        return html(
            '<h2>By love language</h2> <div class="mb-table-wrap"><table class="mb-table">'
            "<thead><tr><td></td> {}</tr></thead> <tbody>{}</tbody></table></div>",
            head,
            rows,
        )

    def anniversaries(self, entries: Sequence[Entry], uri: str) -> Markup:
        items = join(
            html(
                '<li data-mb-anniversary="{iso}"><a href="{href}">{title}</a> '
                "<span>every year on {day} {month}, since {year}</span> "
                '<em class="mb-countdown"></em></li>',
                iso=e.date.isoformat(),
                href=self.links.page(uri, entry_uri(e)),
                title=e.title,
                day=e.date.day,
                month=MONTHS[e.date.month - 1],
                year=e.year,
            )
            for e in entries
        )
        return html('<ul class="mb-anniversaries">{}</ul>', items)

    def calendar_link(self, uri: str) -> Markup:
        """The calendar file to download, and what importing it does (calendar.py)."""
        return html(
            '<p class="mb-calendar"><a class="md-button" href="{}" download>'
            "Add our anniversaries to your calendar</a></p>\n"
            "<p>A calendar file (.ics) with our anniversary and the milestones we remember "
            "every year, every thousand days together and the days our time capsules open. "
            "Open it with your calendar app to add them; importing it again later updates "
            "them instead of adding them twice. <code>memorybook calendar</code> writes it "
            "too.</p>",
            self.links.href(uri, CALENDAR_ICS),
        )

    def milestone_line(self, entries: Sequence[Entry], uri: str) -> Markup:
        if not entries:
            return empty("No milestones yet.")
        items = join(
            html(
                '<li><time datetime="{iso}">{when}</time> <a href="{href}">{title}</a>'
                '<span class="mb-ago" data-mb-ago="{iso}"></span></li>',
                iso=e.date.isoformat(),
                when=format_when(e.date, e.until),
                href=self.links.page(uri, entry_uri(e)),
                title=e.title,
            )
            for e in entries
        )
        return html('<ol class="mb-milestone-line">{}</ol>', items)

    def numbers(self, t: Tally) -> Markup:
        """The headline figures, then sentences about them (ties said as ties)."""
        cells = join(
            (
                html("<div><strong>{:,}</strong> <span>{}</span></div>", *f)
                for f in numbers.figures(t)
            ),
            " ",  # words apart for search too, which reads the text without the layout
        )
        lines = join(html("<li>{}</li>", line) for line in numbers.highlights(t, self.name_of))
        said = html('<ul class="mb-highlights">{}</ul>', lines) if lines else ""
        return html('<div class="mb-numbers">{}</div>{}', cells, said)

    def year_charts(self, entries: Sequence[Entry], t: Tally) -> Markup:
        bars = [(name[:3], t.months[i]) for i, name in enumerate(MONTHS)]
        parts = [charts.figure("Memories per month", charts.columns(bars))]
        if t.thank_yous:
            parts.append(self.gratitude_counts(t))
        if t.love_languages:
            rows = [
                (LOVE_LANGUAGE_LABELS[k], t.love_languages.get(k, 0), None)
                for k in LOVE_LANGUAGE_LABELS
            ]
            parts.append(charts.figure("Love languages", charts.hbars(rows)))
        firsts = [e for e in entries if numbers.FIRSTS_TAGS & set(e.tags)]
        if firsts:
            first_list = self.entry_list(firsts, STATS)
            parts.append(html('<div class="mb-firsts"><h3>Firsts</h3>{}</div>', first_list))
        return html('<div class="mb-charts">{}</div>', join(parts))

    # -- the shared questions ---------------------------------------------------

    def questions_intro(self) -> Markup:
        """How answers get here, with the command that writes the next one."""
        you = self.people[0] if self.people else "YOU"
        return html(
            '<p class="mb-empty">Each of you answers a question in an entry of your own, and '
            "your answers meet here. <code>memorybook new --question --author {}</code> picks "
            "the next question for you, the one waiting longest for your answer first.</p>",
            you,
        )

    def answer_pair(self, answers: Answers, uri: str) -> Markup:
        """A question everyone answered: the question, then each answer in its writer's
        colour, side by side on a wide screen (the CSS stacks them on a phone)."""
        cells = join(self.answer_cell(pid, entry, uri) for pid, entry in answers.by.items())
        return html(
            '<section class="mb-pair" id="{anchor}" aria-labelledby="{anchor}-q">'
            '<p class="mb-pair__theme">{theme}</p>'
            '<h3 class="mb-pair__question" id="{anchor}-q">{question}</h3>'
            '<div class="mb-pair__answers">{cells}</div></section>',
            anchor=question_anchor(answers.question.id),
            theme=question_set().theme_of(answers.question),
            question=answers.question.text,
            cells=cells,
        )

    def answer_cell(self, pid: str, entry: Entry, uri: str) -> Markup:
        accent = self.color_of(pid)
        style = html(' style="--mb-accent: {}"', accent) if accent else ""
        return html(
            '<article class="mb-answer"{style}>'
            '<p class="mb-answer__who">{who} <time datetime="{iso}">{day}</time></p>'
            '<p class="mb-answer__text">{text}</p>'
            '<p class="mb-answer__more"><a href="{href}">Read {name}’s answer</a></p>'
            "</article>",
            style=style,
            who=self.person(pid),
            iso=entry.date.isoformat(),
            day=format_day(entry.date),
            text=self.excerpt(entry, ANSWER_EXCERPT),
            href=self.links.page(uri, entry_uri(entry)),
            name=self.name_of(pid),
        )

    def waiting_list(self, waiting: Sequence[Answers], uri: str) -> Markup:
        """Questions some of you have answered: who did, when, and whose answer is awaited."""
        items = join(
            html(
                '<li id="{anchor}"><a href="{href}">{question}</a> '
                '<span class="mb-waiting__who">{answered} · waiting for {names}</span></li>',
                anchor=question_anchor(a.question.id),
                href=self.links.page(uri, entry_uri(next(iter(a.by.values())))),
                question=a.question.text,
                answered=join(
                    html("{} answered on {}", self.person(pid), format_day(entry.date))
                    for pid, entry in a.by.items()
                ),
                names=join(
                    (html("{}’s answer", self.person(pid)) for pid in a.waiting_for(self.people)),
                    " and ",
                ),
            )
            for a in waiting
        )
        return html('<ul class="mb-waiting">{}</ul>', items)

    def answer_note(self, entry: Entry, uri: str) -> Markup:
        """On an answer's page: the pair it belongs to, or whose answer is still awaited."""
        person = answered_by(entry)
        answers = self.answers.get(entry.question) if entry.question is not None else None
        if answers is None or person is None or answers.by.get(person) is not entry:
            return Markup()
        href = self.links.page(uri, QUESTIONS) + "#" + question_anchor(answers.question.id)
        if answers.complete(self.people):
            others = join(
                (
                    html(
                        '<a href="{}">{}’s</a>', self.links.page(uri, entry_uri(e)), self.name_of(p)
                    )
                    for p, e in answers.by.items()
                    if p != person
                ),
                " and ",
            )
            text = html(
                "<strong>We {} answered this question.</strong> "
                '<a href="{}">See the answers side by side</a>, or read {} answer.',
                "both" if len(self.people) == 2 else "all",
                href,
                others,
            )
        else:
            names = join(
                (html("{}’s", self.name_of(pid)) for pid in answers.waiting_for(self.people)),
                " and ",
            )
            text = html(
                'One of our questions, waiting for {} answer. <a href="{}">Every question</a>',
                names,
                href,
            )
        # Navigation to the other answers, not this entry's words: search leaves it out.
        return html(
            '<aside class="mb-answer-note" data-search-exclude="true"><p>{}</p></aside>', text
        )

    def name_of(self, pid: str) -> str:
        return self.journal.settings.person_name(pid)

    def color_of(self, pid: str) -> str | None:
        person = self.journal.settings.people.get(pid)
        return person.color if person else None


def img_tag(web: WebPhoto, photo: Photo, root: str, sizes: str, eager: bool) -> Markup:
    """The responsive `<img>`; alt text from this use of the file (one file, many captions)."""
    return html(
        '<img src="{src}" srcset="{srcset}" sizes="{sizes}" width="{width}" height="{height}" '
        'alt="{alt}" {loading} decoding="async" '
        'style="background-color: {placeholder}; --mb-ratio: {ratio:.4f}">',
        src=root + web.src,
        srcset=web.srcset(root),
        sizes=sizes,
        width=web.width,
        height=web.height,
        alt=photo.alt or photo.caption,
        loading=Markup('fetchpriority="high"' if eager else 'loading="lazy"'),
        placeholder=web.placeholder,
        ratio=web.width / max(web.height, 1),
    )


ANSWER_EXCERPT = 1200
"""How much of an answer the Questions page shows (most are shorter); its page has it all."""


def question_anchor(question_id: int) -> str:
    """The id of a question on the Questions page: `mb-q-12`."""
    return f"mb-q-{question_id}"


def anchor(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return f"mb-{slug or 'x'}"


def empty(text: str) -> Markup:
    return html('<p class="mb-empty">{}</p>', text)
