"""The site's pages from a Journal, as (path, Markdown) pairs plus small asset files.

Nothing here knows MkDocs: the plugin injects these pages. Entry pages keep the
entry file's path (so links between entries keep working); every other page has
a fixed name (links.py). Structure is finished HTML from snippets.py, kept out of
Markdown's way as fragments; entry bodies stay Markdown so the site's Markdown
extensions apply to them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from memorybook.errors import Problem
from memorybook.journal import Entry, Journal, Page, Photo
from memorybook.links import (
    BOOK,
    BOOK_PDF,
    GRATITUDE,
    HOME,
    MILESTONES,
    ON_THIS_DAY,
    ON_THIS_DAY_DATA,
    PLACES,
    STATS,
    TAGS,
    TIMELINE,
    Links,
    entry_uri,
    year_uri,
)
from memorybook.photos import WebPhotos
from memorybook.snippets import CARD_SIZES, Snippets, anchor, empty
from memorybook.words import MONTHS, plural

HOME_CARDS = 12
"""The home page shows this many latest entries; the rest are on the year pages."""

_MARKER = re.compile(r"<!--mb:(\d+)-->")


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site: where it goes and its Markdown (front-matter included)."""

    src_uri: str
    """Path as if it were in the journal folder, with `/`, e.g. `timeline/2024.md`."""
    markdown: str
    fragments: tuple[str, ...] = ()
    """Finished HTML that the Markdown holds as `<!--mb:N-->` markers (see `fill_fragments`)."""


@dataclass(frozen=True)
class SiteContent:
    """Everything the journal adds to the site."""

    pages: tuple[GeneratedPage, ...]
    assets: Mapping[str, str]
    """Site-relative path -> text of small generated files (the on-this-day data)."""
    nav: list[dict[str, object]]
    """The MkDocs nav: a few sections, never one item per entry."""
    kept_pages: frozenset[str]
    """Ordinary journal pages (src_uri) that MkDocs renders as they are."""
    problems: tuple[Problem, ...] = ()


def build_site(journal: Journal, web: WebPhotos, links: Links) -> SiteContent:
    """Every generated page of the site, the on-this-day data and the nav."""
    writer = _SiteWriter(journal, web, links)
    pages = [
        writer.home(),
        *writer.years(),
        *writer.entries(),
        writer.gratitude(),
        writer.milestones(),
        writer.on_this_day(),
        writer.tags(),
        writer.places(),
        writer.stats(),
        writer.book(),
    ]
    generated = {page.src_uri for page in pages}
    kept, problems = _ordinary_pages(journal, generated)
    pages += [writer.ordinary(page) for page in kept]
    return SiteContent(
        pages=tuple(pages),
        assets={ON_THIS_DAY_DATA: writer.on_this_day_data()},
        nav=writer.nav(kept),
        kept_pages=frozenset(p.rel for p in kept),
        problems=tuple(problems),
    )


def _ordinary_pages(journal: Journal, generated: set[str]) -> tuple[list[Page], list[Problem]]:
    """The journal's own pages, minus the home page (shown on the timeline) and name clashes."""
    kept, problems = [], []
    for page in journal.pages:
        if page.rel == HOME:
            continue
        if page.rel in generated:
            problems.append(
                Problem(
                    page.source,
                    None,
                    f"{page.rel} has the name of a page memorybook makes; it is left out",
                    hint="rename the file",
                    severity="warning",
                )
            )
            continue
        kept.append(page)
    return kept, problems


def front_matter(meta: Mapping[str, object]) -> str:
    """YAML front-matter; JSON values are YAML too, and much faster to write."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def fill_fragments(html: str, fragments: Sequence[str]) -> str:
    """Put a page's finished HTML back where its markers ended up after Markdown."""
    if not fragments:
        return html
    return _MARKER.sub(lambda match: fragments[int(match[1])], html)


class _SiteWriter(Snippets):
    """Writes the pages; one instance per build."""

    def home(self) -> GeneratedPage:
        intro = next((p for p in self.journal.pages if p.rel == HOME), None)
        parts = [
            _meta("Home", "home", search=False),
            self.h1(self.journal.settings.site_name),
            self.together(),
            _Markdown(self._with_photos(intro.body, intro).strip()) if intro else "",
            self.on_this_day_box(HOME),
            "## Latest",
            self.cards(self.newest_first[:HOME_CARDS], HOME),
            "## Every year",
            self.year_links(HOME),
        ]
        if not self.journal.entries:
            parts.insert(3, empty("No entries yet: write the first one with: memorybook new"))
        return _page(HOME, parts)

    def years(self) -> list[GeneratedPage]:
        """The timeline: one page listing the years, then one page per year."""
        years = self.by_year()
        pages = [self._year_page(year, entries) for year, entries in years.items()]
        return [self._timeline(years), *pages]

    def _timeline(self, years: Mapping[int, list[Entry]]) -> GeneratedPage:
        tiles = "".join(self._year_tile(year, entries) for year, entries in years.items())
        parts = [
            _meta("Timeline", "timeline", search=False),
            self.h1("Our years"),
            f'<div class="mb-cards mb-years-grid">{tiles}</div>' if tiles else "",
        ]
        return _page(TIMELINE, parts)

    def _year_tile(self, year: int, entries: list[Entry]) -> str:
        """A year as a card: its latest photo and how much happened."""
        cover_entry = next((e for e in entries if e.cover), None)
        cover = ""
        if cover_entry and cover_entry.cover:
            image = self.img(cover_entry.cover, TIMELINE, CARD_SIZES)
            cover = f'<div class="mb-card__cover">{image}</div>'
        count = f"{len(entries)} {plural(len(entries), 'memory', 'memories')}"
        return (
            f'<article class="mb-card mb-year-card"><a class="mb-card__link" '
            f'href="{self.links.page(TIMELINE, year_uri(year))}">{cover}'
            f'<div class="mb-card__body"><h3 class="mb-card__title">{year}</h3>'
            f'<p class="mb-card__text">{count}</p></div></a></article>'
        )

    def _year_page(self, year: int, entries: list[Entry]) -> GeneratedPage:
        uri = year_uri(year)
        parts = [
            _meta(str(year), "year", search=False, toc=True),
            self.h1(str(year), f"{len(entries)} {plural(len(entries), 'memory', 'memories')}"),
            self.year_links(uri, current=year),
        ]
        by_month: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_month[entry.date.month].append(entry)
        for month, month_entries in by_month.items():
            parts += [f"## {MONTHS[month - 1]}", self.cards(month_entries, uri)]
        return _page(uri, parts)

    def entries(self) -> list[GeneratedPage]:
        entries = self.journal.entries
        return [
            self._entry_page(entry, entries[i - 1] if i else None, _at(entries, i + 1))
            for i, entry in enumerate(entries)
        ]

    def _entry_page(self, entry: Entry, older: Entry | None, newer: Entry | None) -> GeneratedPage:
        uri = entry_uri(entry)
        meta: dict[str, object] = {"title": entry.title, "mb_kind": entry.kind}
        meta["hide"] = ["navigation", "toc"]
        accent = self.color_of(entry.sender or (entry.authors or ("",))[0])
        if accent:
            meta["mb_accent"] = accent
        body = entry.body
        for photo in entry.body_photos:
            body = body.replace(photo.markup, self.inline_photo(photo, uri), 1)
        hero = _hero(entry)
        shown = {b.rel for b in entry.body_photos} | {hero.rel if hero else ""}
        gallery = [p for p in entry.photos if p.rel not in shown]
        parts = [
            front_matter(meta),
            self.entry_head(entry, hero, uri),
            _Markdown(body.strip()),
            self.gallery(gallery, uri),
            self.entry_foot(entry, uri),
            self.prev_next(older, newer, uri),
        ]
        return _page(uri, parts)

    def gratitude(self) -> GeneratedPage:
        notes = [e for e in self.newest_first if e.kind == "gratitude"]
        parts = [
            _meta("Gratitude", "gratitude-index"),
            self.h1("Gratitude", f"{len(notes)} {plural(len(notes), 'thank-you')}"),
            self.gratitude_counts(notes),
            self.love_language_table(notes),
            "## Every note",
            self.cards(notes, GRATITUDE, excerpt_limit=600) if notes else empty("No notes yet."),
        ]
        return _page(GRATITUDE, parts)

    def milestones(self) -> GeneratedPage:
        stones = [e for e in self.journal.entries if e.kind == "milestone"]
        recurring = [e for e in stones if e.recurring]
        parts = [
            _meta("Milestones", "milestones"),
            self.h1("Milestones and anniversaries"),
            self.together(),
        ]
        if recurring:
            parts += ["## Every year", self.anniversaries(recurring, MILESTONES)]
        parts += ["## Along the way", self.milestone_line(stones, MILESTONES)]
        return _page(MILESTONES, parts)

    def on_this_day(self) -> GeneratedPage:
        parts = [
            _meta("On this day", "on-this-day", search=False),
            self.h1("On this day"),
            self.on_this_day_box(ON_THIS_DAY, full=True),
        ]
        return _page(ON_THIS_DAY, parts)

    def on_this_day_data(self) -> str:
        """A script defining the entries by calendar day: read by the browser, no fetch needed."""
        items = [
            [e.date.strftime("%m-%d"), e.year, e.title, self.links.url(entry_uri(e)), e.kind]
            for e in self.newest_first
        ]
        data = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
        return f"window.memorybookOnThisDay = {data};\n"

    def tags(self) -> GeneratedPage:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.newest_first:
            for tag in entry.tags:
                groups[tag].append(entry)
        return self._index_page(TAGS, "Tags", "tags", groups, prefix="#")

    def places(self) -> GeneratedPage:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.newest_first:
            if entry.place:
                groups[entry.place].append(entry)
        return self._index_page(PLACES, "Places", "places", groups)

    def _index_page(
        self, uri: str, title: str, kind: str, groups: Mapping[str, list[Entry]], prefix: str = ""
    ) -> GeneratedPage:
        names = sorted(groups, key=lambda name: (-len(groups[name]), name.lower()))
        cloud = "".join(
            f'<a class="mb-chip" href="#{anchor(name)}">{escape(prefix + name)}'
            f" <small>{len(groups[name])}</small></a>"
            for name in names
        )
        parts = [
            _meta(title, kind, search=False, toc=True),
            self.h1(title),
            f'<p class="mb-chips">{cloud}</p>' if names else empty(f"No {title.lower()} yet."),
        ]
        for name in sorted(names, key=str.lower):
            parts.append(f'<h2 id="{anchor(name)}">{escape(prefix + name)}</h2>')
            parts.append(self.entry_list(groups[name], uri))
        return _page(uri, parts)

    def stats(self) -> GeneratedPage:
        parts = [
            _meta("Our years in numbers", "stats", toc=True),
            self.h1("Our years in numbers"),
            self.numbers(self.journal.entries),
        ]
        for year, entries in self.by_year().items():
            parts += [f"## {year}", self.numbers(entries), self.year_charts(entries)]
        return _page(STATS, parts)

    def book(self) -> GeneratedPage:
        text = (
            f'<p>Our anniversary book, ready to print: <a class="md-button" href="{BOOK_PDF}">'
            "Download the PDF</a></p>\n"
            "<p>To make it (again), run <code>memorybook book</code> in the journal's project: "
            "it writes one year of memories, with their photos, as a print-ready PDF.</p>"
        )
        meta = _meta("Our book", "book", search=False)
        return _page(BOOK, [meta, self.h1("Our book"), text])

    def ordinary(self, page: Page) -> GeneratedPage:
        """A journal page as written, its local images swapped for renditions."""
        text = page.source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        return GeneratedPage(page.rel, self._with_photos(text, page))

    def _with_photos(self, text: str, page: Page) -> str:
        for photo in page.photos:
            text = text.replace(photo.markup, self.inline_photo(photo, page.rel), 1)
        return text

    def nav(self, kept: Sequence[Page]) -> list[dict[str, object]]:
        # One item for the timeline, not one per year: every page carries the nav.
        nav: list[dict[str, object]] = [{"Home": HOME}, {"Timeline": TIMELINE}]
        nav += [
            {"Gratitude": GRATITUDE},
            {"Milestones": MILESTONES},
            {"On this day": ON_THIS_DAY},
            {"Tags": TAGS},
            {"Places": PLACES},
            {"In numbers": STATS},
            {"Our book": BOOK},
        ]
        nav += [{page.title: page.rel} for page in kept]
        return nav


def _hero(entry: Entry) -> Photo | None:
    """The photo at the top of an experience or milestone: its cover, when it is in `photos`."""
    if entry.kind not in ("experience", "milestone") or entry.cover is None:
        return None
    rel = entry.cover.rel  # `cover:` names the file; its caption lives in `photos`
    return next((photo for photo in entry.photos if photo.rel == rel), None)


def _meta(title: str, kind: str, *, search: bool = True, toc: bool = False) -> str:
    """Front-matter for a generated page: its title, its kind (for the CSS), what to hide."""
    meta: dict[str, object] = {"title": title, "mb_kind": kind}
    meta["hide"] = ["navigation"] if toc else ["navigation", "toc"]
    if not search:
        meta["search"] = {"exclude": True}
    return front_matter(meta)


class _Markdown(str):
    """A part of a page that is the user's Markdown, even when it starts with `<`."""


def _page(src_uri: str, parts: Iterable[str]) -> GeneratedPage:
    """Join a page's parts; finished HTML skips Markdown (parsing it again is slow)."""
    blocks: list[str] = []
    fragments: list[str] = []
    for part in parts:
        if part.startswith("<") and not isinstance(part, _Markdown):
            blocks.append(f"<!--mb:{len(fragments)}-->")
            fragments.append(part)
        elif part:
            blocks.append(part)
    head, *rest = blocks
    return GeneratedPage(src_uri, head + "\n\n".join(rest) + "\n", tuple(fragments))


def _at(entries: Sequence[Entry], index: int) -> Entry | None:
    return entries[index] if index < len(entries) else None
