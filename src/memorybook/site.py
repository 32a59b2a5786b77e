"""The site's pages from a Journal, as (path, Markdown) pairs plus small asset files.

Nothing here knows MkDocs: the plugin injects these pages. Entry pages keep the
entry file's path (so links between entries keep working); every other page has
a fixed name (links.py). Structure is finished HTML (`Markup`) from snippets.py, kept
out of Markdown's way as fragments, so a title with `*`, `_` or `[x](y)` in it shows as
written; entry bodies stay Markdown so the site's Markdown extensions apply to them.
"""

from __future__ import annotations

import json
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from memorybook import numbers
from memorybook.calendar import calendar_bytes
from memorybook.errors import Problem
from memorybook.html import Markup, html, join, script_json
from memorybook.journal import Entry, Journal, Page, Photo
from memorybook.links import (
    BOOK,
    BOOK_COVER_PDF,
    BOOK_PDF,
    CALENDAR_ICS,
    GENERATED,
    GRATITUDE,
    HOME,
    MILESTONES,
    ON_THIS_DAY,
    ON_THIS_DAY_DATA,
    PLACES,
    QUESTIONS,
    STATS,
    TAGS,
    TIMELINE,
    Links,
    entry_uri,
    is_reserved,
    output_path,
    year_uri,
)
from memorybook.photos import WebPhotos
from memorybook.reserved import reserved, theme_dirs
from memorybook.snippets import Snippets, anchor, empty
from memorybook.words import MONTHS, plural

HOME_CARDS = 12
"""The home page shows this many latest entries; the rest are on the year pages."""

_NONCE = secrets.token_hex(8)
"""Fragment markers carry this build's secret, so no text in an entry can pose as one."""
MARKER = re.compile(rf"<!--mb-{_NONCE}:(\d+)-->")
"""Where a page's finished HTML goes; the sanitiser keeps these comments and no others."""


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site: where it goes and its Markdown (front-matter included)."""

    src_uri: str
    """Path as if it were in the journal folder, with `/`, e.g. `timeline/2024.md`."""
    markdown: str
    fragments: tuple[str, ...] = ()
    """Finished HTML that the Markdown holds as `MARKER`s (see `fill_fragments`)."""


@dataclass(frozen=True)
class SiteContent:
    """Everything the journal adds to the site."""

    pages: tuple[GeneratedPage, ...]
    assets: Mapping[str, str]
    """Site-relative path -> text of small generated files (the on-this-day data, the
    calendar); a locked site encrypts them as it does the pages."""
    nav: list[dict[str, object]]
    """The MkDocs nav: a few sections, never one item per entry; titles are HTML (Markup)."""
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
        writer.questions(),
        writer.on_this_day(),
        writer.tags(),
        writer.places(),
        writer.stats(),
        writer.book(),
    ]
    kept, problems = _ordinary_pages(journal, [page.src_uri for page in pages])
    pages += [writer.ordinary(page) for page in kept]
    return SiteContent(
        pages=tuple(pages),
        assets={
            ON_THIS_DAY_DATA: writer.on_this_day_data(),
            CALENDAR_ICS: calendar_bytes(journal).decode(),
        },
        nav=writer.nav(kept),
        kept_pages=frozenset(p.rel for p in kept),
        problems=tuple(problems),
    )


def page_clashes(journal: Journal) -> list[Problem]:
    """For `check`: each journal page a build would leave out because it lands where the
    site puts a page or a file of its own (the same rule as the build, without rendering)."""
    public = [entry for entry in journal.entries if not entry.private]
    years = {entry.year for entry in public}
    generated = [*GENERATED, *map(year_uri, years), *map(entry_uri, public)]
    return _ordinary_pages(journal, generated)[1]


def _ordinary_pages(journal: Journal, generated: Iterable[str]) -> tuple[list[Page], list[Problem]]:
    """The journal's own pages, minus the home page (its text opens the home page) and pages
    that would land where memorybook puts one of its own, or one of the site's files: the
    site's always wins, and the journal's page is left out with an error that says so."""
    made = {output_path(uri): uri for uri in generated}
    table = reserved(theme_dirs())
    kept, problems = [], []
    for page in journal.pages:
        if page.rel == HOME:
            continue
        url = output_path(page.rel)
        if url in made or is_reserved(page.rel):
            problems.append(
                _clash(page, f"memorybook puts its own page ({_what(made.get(url) or page.rel)})")
            )
            continue
        what = next(filter(None, map(table.replaced, _page_files(page.rel))), None)
        if what:
            problems.append(_clash(page, f"the site keeps {what}"))
            continue
        kept.append(page)
    return kept, problems


def _page_files(rel: str) -> tuple[str, str]:
    """The files a page becomes, with and without MkDocs' directory URLs."""
    folder = output_path(rel)
    return f"{folder}index.html", output_path(rel, directory_urls=False)


def _clash(page: Page, where: str) -> Problem:
    """The error for a journal page that one of the site's own pages or files replaces."""
    url = output_path(page.rel) or "the home page"
    return Problem(
        page.source,
        None,
        f"{page.rel} would be published at {url}, where {where}; the site's wins and "
        f"{page.rel} is left out of the site",
        hint=f"rename the file (for example to {_other_name(page.rel)})",
    )


def _other_name(rel: str) -> str:
    """A name of the user's own for a clashing page: `stats/index.md` -> `our-stats.md`."""
    path = PurePosixPath(rel)
    stem = path.parent.name if path.stem in ("index", "README") else path.stem
    return f"our-{stem or 'page'}.md"


def _what(src_uri: str) -> str:
    """A generated page as a person knows it."""
    names = {
        HOME: "the home page",
        TIMELINE: "the timeline",
        GRATITUDE: "Gratitude",
        MILESTONES: "Milestones",
        ON_THIS_DAY: "On this day",
        TAGS: "Tags",
        PLACES: "Places",
        STATS: "In numbers",
        BOOK: "Our book",
        QUESTIONS: "Questions",
    }
    if src_uri in names:
        return names[src_uri]
    if src_uri.casefold() == "404.md":
        return "the site's 404 page"
    return "a year of the timeline" if src_uri.startswith("timeline/") else "an entry's page"


def front_matter(meta: Mapping[str, object]) -> str:
    """YAML front-matter; JSON values are YAML too, and much faster to write. Values are the
    words as written: the plugin escapes `title` for MkDocs, which treats titles as HTML."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def fill_fragments(html: str, fragments: Sequence[str]) -> str:
    """Put a page's finished HTML back where its markers ended up after Markdown."""
    if not fragments:
        return html
    return MARKER.sub(lambda match: fragments[int(match[1])], html)


class _SiteWriter(Snippets):
    """Writes the pages; one instance per build."""

    def home(self) -> GeneratedPage:
        intro = next((p for p in self.journal.pages if p.rel == HOME), None)
        parts = [
            _meta("Home", "home", search=False),
            self.h1(self.journal.settings.site_name),
            self.together(),
            self._with_photos(intro.body, intro).strip() if intro else "",
            self.on_this_day_box(HOME),
            *self._waiting(),
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
        tiles = join(self._year_tile(year, entries) for year, entries in years.items())
        parts = [
            _meta("Timeline", "timeline", search=False),
            self.h1("Our years"),
            html('<div class="mb-cards mb-years-grid">{}</div>', tiles) if tiles else "",
        ]
        return _page(TIMELINE, parts)

    def _year_tile(self, year: int, entries: list[Entry]) -> Markup:
        """A year as a card: its latest photo and how much happened."""
        cover_entry = next((e for e in entries if e.cover), None)
        cover = Markup()
        if cover_entry and cover_entry.cover:
            cover = self.card_cover(cover_entry.cover, TIMELINE)
        return html(
            '<article class="mb-card mb-year-card"><a class="mb-card__link" href="{}">{}'
            '<div class="mb-card__body"><h3 class="mb-card__title">{}</h3>'
            '<p class="mb-card__text">{} {}</p></div></a></article>',
            self.links.page(TIMELINE, year_uri(year)),
            cover,
            year,
            len(entries),
            plural(len(entries), "memory", "memories"),
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
            body = body.replace(photo.markup, str(self.inline_photo(photo, uri)), 1)
        hero = _hero(entry)
        shown = {b.rel for b in entry.body_photos} | {hero.rel if hero else ""}
        gallery = [p for p in entry.photos if p.rel not in shown]
        parts = [
            front_matter(meta),
            self.entry_head(entry, hero, uri),
            body.strip(),
            self.gallery(gallery, uri),
            self.answer_note(entry, uri),
            self.entry_foot(entry, uri),
            self.prev_next(older, newer, uri),
        ]
        return _page(uri, parts)

    def gratitude(self) -> GeneratedPage:
        notes = [e for e in self.newest_first if e.kind == "gratitude"]
        parts = [
            _meta("Gratitude", "gratitude-index"),
            self.h1("Gratitude", numbers.count(len(notes), "thank-you")),
            self.gratitude_counts(numbers.tally(notes)),
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
        parts += [self.calendar_link(MILESTONES)]
        parts += ["## Along the way", self.milestone_line(stones, MILESTONES)]
        opened = [e for e in self.newest_first if e.opened_on]
        if self.journal.sealed or opened:
            parts.append("## Time capsules")
        if self.journal.sealed:
            parts.append(self.envelopes(self.journal.sealed))
        if opened:
            parts.append(self.entry_list(opened, MILESTONES))
        return _page(MILESTONES, parts)

    def _waiting(self) -> list[str | Markup]:
        """The home page's sealed envelopes, if any wait to be opened."""
        if not self.journal.sealed:
            return []
        return ["## Waiting to be opened", self.envelopes(self.journal.sealed)]

    def questions(self) -> GeneratedPage:
        """The shared questions: pairs of answers side by side, newest pair first, then the
        questions still waiting for someone's answer. Search finds the answers' own pages."""
        done = [a for a in self.answers.values() if a.complete(self.people)]
        waiting = [a for a in self.answers.values() if not a.complete(self.people)]
        done.sort(key=lambda a: a.last.sort_key, reverse=True)
        waiting.sort(key=lambda a: a.last.sort_key, reverse=True)
        subtitle = f"{numbers.count(len(done), 'question')} answered together"
        parts = [
            _meta("Questions", "questions", search=False),
            self.h1("Questions we answer", subtitle),
            self.questions_intro(),
        ]
        if done:
            together = "both" if len(self.people) == 2 else "all"
            parts += [f"## We {together} answered", *(self.answer_pair(a, QUESTIONS) for a in done)]
        if waiting:
            parts += ["## Waiting for an answer", self.waiting_list(waiting, QUESTIONS)]
        return _page(QUESTIONS, parts)

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
        return f"window.memorybookOnThisDay = {script_json(items)};\n"

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
        cloud = join(
            html(
                '<a class="mb-chip" href="#{}">{}{} <small>{}</small></a>',
                anchor(name),
                prefix,
                name,
                len(groups[name]),
            )
            for name in names
        )
        chips = html('<p class="mb-chips">{}</p>', cloud)
        parts: list[str] = [
            _meta(title, kind, search=False, toc=True),
            self.h1(title),
            chips if names else empty(f"No {title.lower()} yet."),
        ]
        for name in sorted(names, key=str.lower):
            parts.append(html('<h2 id="{}">{}{}</h2>', anchor(name), prefix, name))
            parts.append(self.entry_list(groups[name], uri))
        return _page(uri, parts)

    def stats(self) -> GeneratedPage:
        parts = [
            _meta("Our years in numbers", "stats", toc=True),
            self.h1("Our years in numbers"),
            self.numbers(numbers.tally(self.journal.entries)),
        ]
        for year, entries in self.by_year().items():
            t = numbers.tally(entries)
            parts += [f"## {year}", self.numbers(t), self.year_charts(entries, t)]
        return _page(STATS, parts)

    def book(self) -> GeneratedPage:
        text = html(
            '<p>Our anniversary book, ready to print: <a class="md-button" href="{}">'
            'Download the pages</a> <a class="md-button" href="{}">Download the cover</a></p>\n'
            "<p>To make it (again), run <code>memorybook book</code> in the journal's project: "
            "it writes one year of memories, with their photos, as a print-ready PDF of the "
            "pages and, beside it, the wraparound cover (back, spine and front) that "
            "print-on-demand services ask for separately.</p>",
            BOOK_PDF,
            BOOK_COVER_PDF,
        )
        meta = _meta("Our book", "book", search=False)
        return _page(BOOK, [meta, self.h1("Our book"), text])

    def ordinary(self, page: Page) -> GeneratedPage:
        """A journal page as written, its local images swapped for renditions."""
        text = page.source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        return GeneratedPage(page.rel, self._with_photos(text, page))

    def _with_photos(self, text: str, page: Page) -> str:
        for photo in page.photos:
            text = text.replace(photo.markup, str(self.inline_photo(photo, page.rel)), 1)
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
        if self.answers:  # a tab only for a couple who answer the questions: a small nav
            nav.insert(4, {"Questions": QUESTIONS})
        # MkDocs and Material treat nav titles as HTML: a page's title is escaped here.
        nav += [{html("{}", page.title): page.rel} for page in kept]
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


def fragment_marker(index: int) -> str:
    """The comment that `fill_fragments` replaces with a page's fragment number `index`."""
    return f"<!--mb-{_NONCE}:{index}-->"


def _page(src_uri: str, parts: Iterable[str]) -> GeneratedPage:
    """Join a page's parts: finished HTML (Markup) becomes a fragment that skips Markdown (so
    nothing in it is read as Markdown, and parsing it again would be slow); any other part is
    Markdown: the front-matter, headings, and the user's own text."""
    blocks: list[str] = []
    fragments: list[str] = []
    for part in parts:
        if isinstance(part, Markup):
            if part:
                blocks.append(fragment_marker(len(fragments)))
                fragments.append(str(part))
        elif part:
            blocks.append(part)
    head, *rest = blocks
    return GeneratedPage(src_uri, head + "\n\n".join(rest) + "\n", tuple(fragments))


def _at(entries: Sequence[Entry], index: int) -> Entry | None:
    return entries[index] if index < len(entries) else None
