"""The site's pages from a Journal, as (path, Markdown) pairs plus small asset files.

Nothing here knows MkDocs: the plugin injects these pages. Entry pages keep the
entry file's path (so links between entries keep working); every other page has
a fixed name. Structure is raw HTML (escaped here), entry bodies stay Markdown so
the site's Markdown extensions apply to them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath

from memorybook import charts
from memorybook.errors import Problem
from memorybook.journal import PHOTO_EXTENSIONS, Entry, Journal, Page, Photo
from memorybook.photos import WebPhoto, WebPhotos

HOME = "index.md"
TIMELINE = "timeline/index.md"
GRATITUDE = "gratitude.md"
MILESTONES = "milestones.md"
ON_THIS_DAY = "on-this-day.md"
TAGS = "tags.md"
PLACES = "places.md"
STATS = "stats.md"
BOOK = "book/index.md"
BOOK_PDF = "anniversary-book.pdf"
ON_THIS_DAY_DATA = "assets/memorybook/on-this-day.js"
HOME_CARDS = 12
"""The home page shows this many latest entries; the rest are on the year pages."""

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
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_CARD_SIZES = "(max-width: 44em) 100vw, 22em"
_GALLERY_SIZES = "(max-width: 60em) 100vw, 46em"
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<src><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")
_MARKUP = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)|<[^>]+>|[*_`>#~|]+|\[\[|\]\]")
_MARKER = re.compile(r"<!--mb:(\d+)-->")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


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


@dataclass(frozen=True)
class Links:
    """Page URLs the way MkDocs makes them, and relative links between pages."""

    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: `a/b/` instead of `a/b.html`."""

    def url(self, src_uri: str) -> str:
        """The site-relative URL of the page built from `src_uri` ('' for the home page)."""
        return _url(src_uri, self.directory_urls)

    def base(self, from_uri: str) -> str:
        """The folder a page's relative links start from."""
        url = self.url(from_uri)
        folder = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        return folder or "."

    def root(self, from_uri: str) -> str:
        """The prefix that leads from a page to the site root: '', '../', '../../'."""
        rel = _relpath(".", self.base(from_uri))
        return "" if rel == "." else f"{rel}/"

    def href(self, from_uri: str, target_url: str) -> str:
        """A relative link from the page `from_uri` to the site-relative `target_url`."""
        rel = _relpath(target_url.rstrip("/") or ".", self.base(from_uri))
        if target_url.endswith("/") or not target_url:
            return "./" if rel == "." else f"{rel}/"
        return rel

    def page(self, from_uri: str, to_uri: str) -> str:
        return self.href(from_uri, self.url(to_uri))


@functools.lru_cache(maxsize=65536)
def _url(src_uri: str, directory_urls: bool) -> str:
    path = PurePosixPath(src_uri)
    parent = "" if str(path.parent) == "." else f"{path.parent}/"
    if path.stem in ("index", "README"):
        return parent if directory_urls else f"{parent}index.html"
    return f"{parent}{path.stem}/" if directory_urls else f"{parent}{path.stem}.html"


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for clean site-relative paths, without its slow normalising."""
    to = [] if target == "." else target.split("/")
    start = [] if base == "." else base.split("/")
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


_RESERVED = {HOME, GRATITUDE, MILESTONES, ON_THIS_DAY, TAGS, PLACES, STATS, BOOK}


def entry_uri(entry: Entry) -> str:
    """Where an entry's page goes: its own path, so links between entries keep working,
    unless that is the name of a page memorybook makes (then under its year, by slug)."""
    if entry.rel in _RESERVED or entry.rel.startswith("timeline/"):
        return f"{entry.year}/{entry.slug}.md"
    return entry.rel


def page_photos(page: Page, root: Path) -> tuple[Photo, ...]:
    """The local images an ordinary page embeds, so they get renditions like entry photos."""
    photos = []
    for match in _MD_IMAGE.finditer(page.body):
        src = match["src"].strip("<>")
        target = (page.source.parent / src).resolve()
        if _URL.match(src) or not target.is_relative_to(root) or not target.is_file():
            continue
        if target.suffix.lower() in PHOTO_EXTENSIONS:
            rel = target.relative_to(root).as_posix()
            photos.append(Photo(target, page.source, rel, alt=match["alt"], markup=match[0]))
    return tuple(photos)


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
    kept, problems = _ordinary_pages(journal, generated, writer)
    pages += [writer.ordinary(page) for page in kept]
    return SiteContent(
        pages=tuple(pages),
        assets={ON_THIS_DAY_DATA: writer.on_this_day_data()},
        nav=writer.nav(kept),
        kept_pages=frozenset(p.rel for p in kept),
        problems=tuple(problems),
    )


def _ordinary_pages(
    journal: Journal, generated: set[str], writer: _SiteWriter
) -> tuple[list[Page], list[Problem]]:
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


def format_day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def format_when(start: dt.date, until: dt.date | None = None) -> str:
    """`14 June 2024`, `14–16 June 2024`, `30 June – 2 July 2024`."""
    if until is None or until == start:
        return format_day(start)
    if (start.year, start.month) == (until.year, until.month):
        return f"{start.day}–{format_day(until)}"
    if start.year == until.year:
        return f"{start.day} {_MONTHS[start.month - 1]} – {format_day(until)}"
    return f"{format_day(start)} – {format_day(until)}"


def excerpt(body: str, limit: int = 220) -> str:
    """The first lines of an entry as plain text, cut at a word."""
    text = _LINK.sub(r"\1", _MARKUP.sub(" ", body))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def front_matter(meta: Mapping[str, object]) -> str:
    """YAML front-matter; JSON values are YAML too, and much faster to write."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def fill_fragments(html: str, fragments: Sequence[str]) -> str:
    """Put a page's finished HTML back where its markers ended up after Markdown."""
    if not fragments:
        return html
    return _MARKER.sub(lambda match: fragments[int(match[1])], html)


@dataclass
class _SiteWriter:
    """Writes the pages; one instance per build."""

    journal: Journal
    web: WebPhotos
    links: Links
    newest_first: list[Entry] = field(init=False)
    years_cache: dict[int, list[Entry]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.newest_first = list(reversed(self.journal.entries))

    # -- pages --------------------------------------------------------------

    def home(self) -> GeneratedPage:
        intro = next((p for p in self.journal.pages if p.rel == HOME), None)
        parts = [
            _meta("Home", "home", search=False),
            self._h1(self.journal.settings.site_name),
            self._together(),
            _Markdown(self._with_photos(intro.body, intro).strip()) if intro else "",
            self._on_this_day_box(HOME),
            "## Latest",
            self._cards(self.newest_first[:HOME_CARDS], HOME),
            "## Every year",
            self._year_links(HOME),
        ]
        if not self.journal.entries:
            parts.insert(3, _empty("No entries yet: write the first one with: memorybook new"))
        return _page(HOME, parts)

    def years(self) -> list[GeneratedPage]:
        """The timeline: one page listing the years, then one page per year."""
        years = self._by_year()
        pages = [self._year_page(year, entries) for year, entries in years.items()]
        return [self._timeline(years), *pages]

    def _timeline(self, years: Mapping[int, list[Entry]]) -> GeneratedPage:
        tiles = "".join(self._year_tile(year, entries) for year, entries in years.items())
        parts = [
            _meta("Timeline", "timeline", search=False),
            self._h1("Our years"),
            f'<div class="mb-cards mb-years-grid">{tiles}</div>' if tiles else "",
        ]
        return _page(TIMELINE, parts)

    def _year_tile(self, year: int, entries: list[Entry]) -> str:
        """A year as a card: its latest photo and how much happened."""
        cover_entry = next((e for e in entries if e.cover), None)
        cover = ""
        if cover_entry and cover_entry.cover:
            image = self._img(cover_entry.cover, TIMELINE, _CARD_SIZES)
            cover = f'<div class="mb-card__cover">{image}</div>'
        count = f"{len(entries)} {_plural(len(entries), 'memory', 'memories')}"
        return (
            f'<article class="mb-card mb-year-card"><a class="mb-card__link" '
            f'href="{self.links.page(TIMELINE, _year_uri(year))}">{cover}'
            f'<div class="mb-card__body"><h3 class="mb-card__title">{year}</h3>'
            f'<p class="mb-card__text">{count}</p></div></a></article>'
        )

    def _year_page(self, year: int, entries: list[Entry]) -> GeneratedPage:
        uri = _year_uri(year)
        parts = [
            _meta(str(year), "year", search=False, toc=True),
            self._h1(str(year), f"{len(entries)} {_plural(len(entries), 'memory', 'memories')}"),
            self._year_links(uri, current=year),
        ]
        by_month: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_month[entry.date.month].append(entry)
        for month, month_entries in by_month.items():
            parts += [f"## {_MONTHS[month - 1]}", self._cards(month_entries, uri)]
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
        accent = self._color(entry.sender or (entry.authors or ("",))[0])
        if accent:
            meta["mb_accent"] = accent
        body = entry.body
        for photo in entry.body_photos:
            body = body.replace(photo.markup, self._inline_photo(photo, uri), 1)
        hero = _hero(entry)
        shown = {b.rel for b in entry.body_photos} | {hero.rel if hero else ""}
        gallery = [p for p in entry.photos if p.rel not in shown]
        parts = [
            front_matter(meta),
            self._entry_head(entry, hero, uri),
            _Markdown(body.strip()),
            self._gallery(gallery, uri),
            self._entry_foot(entry, uri),
            self._prev_next(older, newer, uri),
        ]
        return _page(uri, parts)

    def gratitude(self) -> GeneratedPage:
        notes = [e for e in self.newest_first if e.kind == "gratitude"]
        parts = [
            _meta("Gratitude", "gratitude-index"),
            self._h1("Gratitude", f"{len(notes)} {_plural(len(notes), 'thank-you')}"),
            self._gratitude_counts(notes),
            self._love_language_table(notes),
            "## Every note",
            self._cards(notes, GRATITUDE, excerpt_limit=600) if notes else _empty("No notes yet."),
        ]
        return _page(GRATITUDE, parts)

    def milestones(self) -> GeneratedPage:
        stones = [e for e in self.journal.entries if e.kind == "milestone"]
        recurring = [e for e in stones if e.recurring]
        parts = [
            _meta("Milestones", "milestones"),
            self._h1("Milestones and anniversaries"),
            self._together(),
        ]
        if recurring:
            parts += ["## Every year", self._anniversaries(recurring, MILESTONES)]
        parts += ["## Along the way", self._milestone_line(stones, MILESTONES)]
        return _page(MILESTONES, parts)

    def on_this_day(self) -> GeneratedPage:
        parts = [
            _meta("On this day", "on-this-day", search=False),
            self._h1("On this day"),
            self._on_this_day_box(ON_THIS_DAY, full=True),
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
            f'<a class="mb-chip" href="#{_anchor(name)}">{escape(prefix + name)}'
            f" <small>{len(groups[name])}</small></a>"
            for name in names
        )
        parts = [
            _meta(title, kind, search=False, toc=True),
            self._h1(title),
            f'<p class="mb-chips">{cloud}</p>' if names else _empty(f"No {title.lower()} yet."),
        ]
        for name in sorted(names, key=str.lower):
            parts.append(f'<h2 id="{_anchor(name)}">{escape(prefix + name)}</h2>')
            parts.append(self._entry_list(groups[name], uri))
        return _page(uri, parts)

    def stats(self) -> GeneratedPage:
        parts = [
            _meta("Our years in numbers", "stats", toc=True),
            self._h1("Our years in numbers"),
            self._numbers(self.journal.entries),
        ]
        for year, entries in self._by_year().items():
            parts += [f"## {year}", self._numbers(entries), self._year_charts(entries)]
        return _page(STATS, parts)

    def book(self) -> GeneratedPage:
        text = (
            f'<p>Our anniversary book, ready to print: <a class="md-button" href="{BOOK_PDF}">'
            "Download the PDF</a></p>\n"
            "<p>To make it (again), run <code>memorybook book</code> in the journal's project: "
            "it writes one year of memories, with their photos, as a print-ready PDF.</p>"
        )
        meta = _meta("Our book", "book", search=False)
        return _page(BOOK, [meta, self._h1("Our book"), text])

    def ordinary(self, page: Page) -> GeneratedPage:
        """A journal page as written, its local images swapped for renditions."""
        text = page.source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        return GeneratedPage(page.rel, self._with_photos(text, page))

    def _with_photos(self, text: str, page: Page) -> str:
        for photo in page_photos(page, self.journal.root):
            text = text.replace(photo.markup, self._inline_photo(photo, page.rel), 1)
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

    # -- pieces -------------------------------------------------------------

    def _by_year(self) -> dict[int, list[Entry]]:
        """Entries by year, newest year first, newest entry first (worked out once)."""
        if not self.years_cache:
            for entry in self.newest_first:
                self.years_cache.setdefault(entry.year, []).append(entry)
        return self.years_cache

    def _h1(self, title: str, subtitle: str = "") -> str:
        sub = f'<p class="mb-subtitle">{escape(subtitle)}</p>' if subtitle else ""
        return f'<header class="mb-page-head"><h1>{escape(title)}</h1>{sub}</header>'

    def _together(self) -> str:
        since = self.journal.settings.together_since
        if since is None:
            return ""
        return (
            f'<p class="mb-together" data-mb-since="{since.isoformat()}">Together since '
            f"<strong>{format_day(since)}</strong>"
            '<span class="mb-days-together" hidden></span></p>'
        )

    def _on_this_day_box(self, uri: str, full: bool = False) -> str:
        script = self.links.href(uri, ON_THIS_DAY_DATA)
        fallback = (
            '<p class="mb-empty">This list is made in your browser from today\'s date.</p>'
            if full
            else ""
        )
        return (
            f'<section class="mb-on-this-day" data-mb-root="{self.links.root(uri)}" '
            f'data-mb-full="{str(full).lower()}" {"" if full else "hidden"}>'
            f"<h2>On this day</h2>{fallback}<ul></ul></section>\n"
            f'<script src="{script}"></script>'
        )

    def _year_links(self, uri: str, current: int | None = None) -> str:
        items = []
        for year, entries in self._by_year().items():
            label = f"{year} <small>{len(entries)}</small>"
            if year == current:
                items.append(f'<span class="mb-chip mb-chip--current">{label}</span>')
            else:
                href = self.links.page(uri, _year_uri(year))
                items.append(f'<a class="mb-chip" href="{href}">{label}</a>')
        return f'<nav class="mb-chips mb-years" aria-label="Years">{"".join(items)}</nav>'

    def _cards(self, entries: Iterable[Entry], uri: str, excerpt_limit: int = 220) -> str:
        cards = "".join(self._card(entry, uri, excerpt_limit) for entry in entries)
        return f'<div class="mb-cards">{cards}</div>'

    def _card(self, entry: Entry, uri: str, excerpt_limit: int) -> str:
        href = self.links.page(uri, entry_uri(entry))
        cover = ""
        if entry.cover is not None:
            cover = f'<div class="mb-card__cover">{self._img(entry.cover, uri, _CARD_SIZES)}</div>'
        accent = self._color(entry.sender or (entry.authors or ("",))[0])
        style = f' style="--mb-accent: {accent}"' if accent else ""
        return (
            f'<article class="mb-card mb-kind-{entry.kind}"{style}>'
            f'<a class="mb-card__link" href="{href}">{cover}'
            f'<div class="mb-card__body">{self._kind_line(entry)}'
            f'<h3 class="mb-card__title">{escape(entry.title)}</h3>'
            f"{self._who(entry)}"
            f'<p class="mb-card__text">{escape(excerpt(entry.body, excerpt_limit))}</p>'
            f"{self._where_tags(entry)}</div></a></article>"
        )

    def _kind_line(self, entry: Entry) -> str:
        label = KIND_LABELS[entry.kind]
        if entry.recurring:
            label += " · every year"
        return (
            f'<p class="mb-meta"><span class="mb-kind">{label}</span> '
            f'<time datetime="{entry.date.isoformat()}">'
            f"{format_when(entry.date, entry.until)}</time></p>"
        )

    def _who(self, entry: Entry) -> str:
        if entry.sender and entry.recipient:
            return (
                f'<p class="mb-who">{self._person(entry.sender)} '
                f'<span class="mb-arrow" aria-label="to">→</span> '
                f"{self._person(entry.recipient)}</p>"
            )
        if entry.authors:
            names = " &amp; ".join(self._person(pid) for pid in entry.authors)
            return f'<p class="mb-who"><span class="mb-by">by</span> {names}</p>'
        return ""

    def _person(self, pid: str) -> str:
        person = self.journal.settings.people.get(pid)
        if person is None:
            return f'<span class="mb-person">{escape(pid)}</span>'
        return (
            f'<span class="mb-person" style="--mb-person: {person.color}">'
            f"{escape(person.name)}</span>"
        )

    def _where_tags(self, entry: Entry) -> str:
        bits = []
        if entry.place:
            bits.append(f'<span class="mb-place">{escape(entry.place)}</span>')
        if entry.love_language:
            bits.append(f'<span class="mb-love">{LOVE_LANGUAGE_LABELS[entry.love_language]}</span>')
        bits += [f'<span class="mb-tag">#{escape(tag)}</span>' for tag in entry.tags]
        return f'<p class="mb-facts">{" ".join(bits)}</p>' if bits else ""

    def _entry_head(self, entry: Entry, hero: Photo | None, uri: str) -> str:
        cover = ""
        if hero is not None:
            caption = f"<figcaption>{escape(hero.caption)}</figcaption>" if hero.caption else ""
            link = self._photo_link(hero, uri, hero=True)
            cover = f'<figure class="mb-hero">{link}{caption}</figure>'
        return (
            f'<header class="mb-entry-head">{cover}{self._kind_line(entry)}'
            f"<h1>{escape(entry.title)}</h1>{self._who(entry)}</header>"
        )

    def _entry_foot(self, entry: Entry, uri: str) -> str:
        facts = []
        if entry.place:
            href = self.links.page(uri, PLACES) + "#" + _anchor(entry.place)
            facts.append(f'<a class="mb-place" href="{href}">{escape(entry.place)}</a>')
        if entry.love_language:
            label = LOVE_LANGUAGE_LABELS[entry.love_language]
            facts.append(f'<span class="mb-love">{label}</span>')
        for tag in entry.tags:
            href = self.links.page(uri, TAGS) + "#" + _anchor(tag)
            facts.append(f'<a class="mb-tag" href="{href}">#{escape(tag)}</a>')
        return f'<footer class="mb-facts mb-entry-foot">{" ".join(facts)}</footer>' if facts else ""

    def _prev_next(self, older: Entry | None, newer: Entry | None, uri: str) -> str:
        links = []
        for entry, rel, label in ((older, "prev", "Earlier"), (newer, "next", "Later")):
            if entry is None:
                links.append(f'<span class="mb-prevnext__{rel}"></span>')
                continue
            href = self.links.page(uri, entry_uri(entry))
            links.append(
                f'<a class="mb-prevnext__{rel}" rel="{rel}" href="{href}">'
                f"<small>{label} · {format_day(entry.date)}</small>{escape(entry.title)}</a>"
            )
        return f'<nav class="mb-prevnext" aria-label="Earlier and later">{"".join(links)}</nav>'

    def _gallery(self, photos: Sequence[Photo], uri: str) -> str:
        if not photos:
            return ""
        figures = "".join(self._figure(photo, uri) for photo in photos)
        return f'<div class="mb-gallery mb-gallery--{min(len(photos), 3)}">{figures}</div>'

    def _figure(self, photo: Photo, uri: str) -> str:
        caption = f"<figcaption>{escape(photo.caption)}</figcaption>" if photo.caption else ""
        return f'<figure class="mb-photo">{self._photo_link(photo, uri)}{caption}</figure>'

    def _inline_photo(self, photo: Photo, uri: str) -> str:
        return f'<span class="mb-inline-photo">{self._photo_link(photo, uri)}</span>'

    def _photo_link(self, photo: Photo, uri: str, hero: bool = False) -> str:
        """The photo, opening its largest rendition in the lightbox."""
        web = self.web.photos.get(photo.rel)
        img = self._img(photo, uri, _GALLERY_SIZES, eager=hero)
        if web is None:
            return img
        href = self.links.href(uri, web.renditions[-1].url)
        caption = escape(photo.caption or photo.alt, quote=True)
        return f'<a class="mb-lightbox" href="{href}" data-caption="{caption}">{img}</a>'

    def _img(self, photo: Photo, uri: str, sizes: str, eager: bool = False) -> str:
        web = self.web.photos.get(photo.rel)
        if web is None:
            return (
                f'<span class="mb-missing-photo" role="img" aria-label="photo not available">'
                f"{escape(PurePosixPath(photo.rel).name)}</span>"
            )
        return _img_tag(web, photo, self.links.root(uri), sizes, eager)

    def _entry_list(self, entries: Iterable[Entry], uri: str) -> str:
        items = "".join(
            f'<li class="mb-kind-{e.kind}"><a href="{self.links.page(uri, entry_uri(e))}">'
            f'{escape(e.title)}</a> <time datetime="{e.date.isoformat()}">'
            f"{format_when(e.date, e.until)}</time></li>"
            for e in entries
        )
        return f'<ul class="mb-entry-list">{items}</ul>'

    def _gratitude_counts(self, notes: Sequence[Entry]) -> str:
        ways = Counter((n.sender or "", n.recipient or "") for n in notes)
        rows = [
            (f"{self._name(a)} → {self._name(b)}", count, self._color(a))
            for (a, b), count in sorted(ways.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        if not rows:
            return _empty("No thank-you notes yet: memorybook new --kind gratitude writes one.")
        return charts.figure("Thank-yous each way", charts.hbars(rows))

    def _love_language_table(self, notes: Sequence[Entry]) -> str:
        ways = sorted({(n.sender or "", n.recipient or "") for n in notes})
        counts = Counter((n.love_language, n.sender, n.recipient) for n in notes)
        if not any(n.love_language for n in notes):
            return ""
        head = "".join(
            f"<th>{escape(self._name(a))} → {escape(self._name(b))}</th>" for a, b in ways
        )
        rows = "".join(
            f"<tr><th>{label}</th>"
            + "".join(f"<td>{counts[(lang, a, b)] or ''}</td>" for a, b in ways)
            + "</tr>"
            for lang, label in LOVE_LANGUAGE_LABELS.items()
        )
        return (
            '<h2>By love language</h2><table class="mb-table">'
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )

    def _anniversaries(self, entries: Sequence[Entry], uri: str) -> str:
        items = "".join(
            f'<li data-mb-anniversary="{e.date.isoformat()}">'
            f'<a href="{self.links.page(uri, entry_uri(e))}">{escape(e.title)}</a> '
            f"<span>every year on {e.date.day} {_MONTHS[e.date.month - 1]}, "
            f'since {e.year}</span> <em class="mb-countdown"></em></li>'
            for e in entries
        )
        return f'<ul class="mb-anniversaries">{items}</ul>'

    def _milestone_line(self, entries: Sequence[Entry], uri: str) -> str:
        if not entries:
            return _empty("No milestones yet.")
        items = "".join(
            f'<li><time datetime="{e.date.isoformat()}">{format_when(e.date, e.until)}</time>'
            f'<a href="{self.links.page(uri, entry_uri(e))}">{escape(e.title)}</a>'
            f'<span class="mb-ago" data-mb-ago="{e.date.isoformat()}"></span></li>'
            for e in entries
        )
        return f'<ol class="mb-milestone-line">{items}</ol>'

    def _numbers(self, entries: Sequence[Entry]) -> str:
        photos = {p.rel for e in entries for p in e.all_photos}
        places = {e.place for e in entries if e.place}
        firsts = [e for e in entries if {"firsts", "first"} & set(e.tags)]
        figures = [
            (len(entries), _plural(len(entries), "memory", "memories")),
            (sum(e.kind == "gratitude" for e in entries), "thank-yous"),
            (len(photos), _plural(len(photos), "photo")),
            (len(places), _plural(len(places), "place")),
            (len(firsts), _plural(len(firsts), "first")),
        ]
        cells = "".join(
            f"<div><strong>{n}</strong><span>{label}</span></div>" for n, label in figures
        )
        return f'<div class="mb-numbers">{cells}</div>'

    def _year_charts(self, entries: Sequence[Entry]) -> str:
        months = Counter(e.date.month for e in entries)
        bars = [(name[:3], months.get(i + 1, 0)) for i, name in enumerate(_MONTHS)]
        parts = [charts.figure("Memories per month", charts.columns(bars))]
        notes = [e for e in entries if e.kind == "gratitude"]
        if notes:
            parts.append(self._gratitude_counts(notes))
        languages = Counter(e.love_language for e in entries if e.love_language)
        if languages:
            rows = [(LOVE_LANGUAGE_LABELS[k], languages[k], None) for k in LOVE_LANGUAGE_LABELS]
            parts.append(charts.figure("Love languages", charts.hbars(rows)))
        firsts = [e for e in entries if {"firsts", "first"} & set(e.tags)]
        if firsts:
            first_list = self._entry_list(firsts, STATS)
            parts.append(f'<div class="mb-firsts"><h3>Firsts</h3>{first_list}</div>')
        return f'<div class="mb-charts">{"".join(parts)}</div>'

    def _name(self, pid: str) -> str:
        return self.journal.settings.person_name(pid)

    def _color(self, pid: str) -> str | None:
        person = self.journal.settings.people.get(pid)
        return person.color if person else None


def _hero(entry: Entry) -> Photo | None:
    """The photo at the top of an experience or milestone: its cover, when it is in `photos`."""
    if entry.kind not in ("experience", "milestone") or entry.cover is None:
        return None
    rel = entry.cover.rel  # `cover:` names the file; its caption lives in `photos`
    return next((photo for photo in entry.photos if photo.rel == rel), None)


def _img_tag(web: WebPhoto, photo: Photo, root: str, sizes: str, eager: bool) -> str:
    """The responsive `<img>`; alt text from this use of the file (one file, many captions)."""
    alt = escape(photo.alt or photo.caption, quote=True)
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return (
        f'<img src="{root}{web.src}" srcset="{web.srcset(root)}" sizes="{sizes}" '
        f'width="{web.width}" height="{web.height}" alt="{alt}" {loading} decoding="async" '
        f'style="background-color: {web.placeholder}">'
    )


def _meta(title: str, kind: str, *, search: bool = True, toc: bool = False) -> str:
    """Front-matter for a generated page: its title, its kind (for the CSS), what to hide."""
    meta: dict[str, object] = {"title": title, "mb_kind": kind}
    meta["hide"] = ["navigation"] if toc else ["navigation", "toc"]
    if not search:
        meta["search"] = {"exclude": True}
    return front_matter(meta)


def _year_uri(year: int) -> str:
    return f"timeline/{year}.md"


def _anchor(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return f"mb-{slug or 'x'}"


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


def _empty(text: str) -> str:
    return f'<p class="mb-empty">{escape(text)}</p>'


def _plural(count: int, word: str, plural: str = "") -> str:
    return word if count == 1 else plural or word + "s"


def _at(entries: Sequence[Entry], index: int) -> Entry | None:
    return entries[index] if index < len(entries) else None
