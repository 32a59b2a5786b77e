"""The HTML the site's pages are made of: cards, photos, people, facts, lists and charts.

Everything the user wrote is escaped here; links are relative (see links.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import PurePosixPath

from memorybook import charts
from memorybook.journal import Entry, Journal, Photo
from memorybook.links import ON_THIS_DAY_DATA, PLACES, STATS, TAGS, Links, entry_uri, year_uri
from memorybook.photos import WebPhoto, WebPhotos
from memorybook.words import MONTHS, format_day, plural

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
_MARKUP = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)|<[^>]+>|[*_`>#~|]+|\[\[|\]\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


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
    """The first lines of an entry as plain text, cut at a word."""
    text = _LINK.sub(r"\1", _MARKUP.sub(" ", body))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


@dataclass
class Snippets:
    """Pieces of HTML for one build's pages; the page writer (site.py) builds on it."""

    journal: Journal
    web: WebPhotos
    links: Links
    newest_first: list[Entry] = field(init=False)
    years_cache: dict[int, list[Entry]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.newest_first = list(reversed(self.journal.entries))

    def by_year(self) -> dict[int, list[Entry]]:
        """Entries by year, newest year first, newest entry first (worked out once)."""
        if not self.years_cache:
            for entry in self.newest_first:
                self.years_cache.setdefault(entry.year, []).append(entry)
        return self.years_cache

    def h1(self, title: str, subtitle: str = "") -> str:
        sub = f'<p class="mb-subtitle">{escape(subtitle)}</p>' if subtitle else ""
        return f'<header class="mb-page-head"><h1>{escape(title)}</h1>{sub}</header>'

    def together(self) -> str:
        since = self.journal.settings.together_since
        if since is None:
            return ""
        return (
            f'<p class="mb-together" data-mb-since="{since.isoformat()}">Together since '
            f"<strong>{format_day(since)}</strong>"
            '<span class="mb-days-together" hidden></span></p>'
        )

    def on_this_day_box(self, uri: str, full: bool = False) -> str:
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

    def year_links(self, uri: str, current: int | None = None) -> str:
        items = []
        for year, entries in self.by_year().items():
            label = f"{year} <small>{len(entries)}</small>"
            if year == current:
                items.append(f'<span class="mb-chip mb-chip--current">{label}</span>')
            else:
                href = self.links.page(uri, year_uri(year))
                items.append(f'<a class="mb-chip" href="{href}">{label}</a>')
        return f'<nav class="mb-chips mb-years" aria-label="Years">{"".join(items)}</nav>'

    def cards(self, entries: Iterable[Entry], uri: str, excerpt_limit: int = 220) -> str:
        cards = "".join(self.card(entry, uri, excerpt_limit) for entry in entries)
        return f'<div class="mb-cards">{cards}</div>'

    def card(self, entry: Entry, uri: str, excerpt_limit: int) -> str:
        href = self.links.page(uri, entry_uri(entry))
        cover = ""
        if entry.cover is not None:
            cover = f'<div class="mb-card__cover">{self.img(entry.cover, uri, CARD_SIZES)}</div>'
        accent = self.color_of(entry.sender or (entry.authors or ("",))[0])
        style = f' style="--mb-accent: {accent}"' if accent else ""
        return (
            f'<article class="mb-card mb-kind-{entry.kind}"{style}>'
            f'<a class="mb-card__link" href="{href}">{cover}'
            f'<div class="mb-card__body">{self.kind_line(entry)}'
            f'<h3 class="mb-card__title">{escape(entry.title)}</h3>'
            f"{self.who(entry)}"
            f'<p class="mb-card__text">{escape(excerpt(entry.body, excerpt_limit))}</p>'
            f"{self.where_tags(entry)}</div></a></article>"
        )

    def kind_line(self, entry: Entry) -> str:
        label = KIND_LABELS[entry.kind]
        if entry.recurring:
            label += " · every year"
        return (
            f'<p class="mb-meta"><span class="mb-kind">{label}</span> '
            f'<time datetime="{entry.date.isoformat()}">'
            f"{format_when(entry.date, entry.until)}</time></p>"
        )

    def who(self, entry: Entry) -> str:
        if entry.sender and entry.recipient:
            return (
                f'<p class="mb-who">{self.person(entry.sender)} '
                f'<span class="mb-arrow" aria-label="to">→</span> '
                f"{self.person(entry.recipient)}</p>"
            )
        if entry.authors:
            names = " &amp; ".join(self.person(pid) for pid in entry.authors)
            return f'<p class="mb-who"><span class="mb-by">by</span> {names}</p>'
        return ""

    def person(self, pid: str) -> str:
        person = self.journal.settings.people.get(pid)
        if person is None:
            return f'<span class="mb-person">{escape(pid)}</span>'
        return (
            f'<span class="mb-person" style="--mb-person: {person.color}">'
            f"{escape(person.name)}</span>"
        )

    def where_tags(self, entry: Entry) -> str:
        bits = []
        if entry.place:
            bits.append(f'<span class="mb-place">{escape(entry.place)}</span>')
        if entry.love_language:
            bits.append(f'<span class="mb-love">{LOVE_LANGUAGE_LABELS[entry.love_language]}</span>')
        bits += [f'<span class="mb-tag">#{escape(tag)}</span>' for tag in entry.tags]
        return f'<p class="mb-facts">{" ".join(bits)}</p>' if bits else ""

    def entry_head(self, entry: Entry, hero: Photo | None, uri: str) -> str:
        cover = ""
        if hero is not None:
            caption = f"<figcaption>{escape(hero.caption)}</figcaption>" if hero.caption else ""
            link = self.photo_link(hero, uri, hero=True)
            cover = f'<figure class="mb-hero">{link}{caption}</figure>'
        return (
            f'<header class="mb-entry-head">{cover}{self.kind_line(entry)}'
            f"<h1>{escape(entry.title)}</h1>{self.who(entry)}</header>"
        )

    def entry_foot(self, entry: Entry, uri: str) -> str:
        facts = []
        if entry.place:
            href = self.links.page(uri, PLACES) + "#" + anchor(entry.place)
            facts.append(f'<a class="mb-place" href="{href}">{escape(entry.place)}</a>')
        if entry.love_language:
            label = LOVE_LANGUAGE_LABELS[entry.love_language]
            facts.append(f'<span class="mb-love">{label}</span>')
        for tag in entry.tags:
            href = self.links.page(uri, TAGS) + "#" + anchor(tag)
            facts.append(f'<a class="mb-tag" href="{href}">#{escape(tag)}</a>')
        return f'<footer class="mb-facts mb-entry-foot">{" ".join(facts)}</footer>' if facts else ""

    def prev_next(self, older: Entry | None, newer: Entry | None, uri: str) -> str:
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

    def gallery(self, photos: Sequence[Photo], uri: str) -> str:
        if not photos:
            return ""
        figures = "".join(self.figure(photo, uri) for photo in photos)
        return f'<div class="mb-gallery mb-gallery--{min(len(photos), 3)}">{figures}</div>'

    def figure(self, photo: Photo, uri: str) -> str:
        caption = f"<figcaption>{escape(photo.caption)}</figcaption>" if photo.caption else ""
        return f'<figure class="mb-photo">{self.photo_link(photo, uri)}{caption}</figure>'

    def inline_photo(self, photo: Photo, uri: str) -> str:
        return f'<span class="mb-inline-photo">{self.photo_link(photo, uri)}</span>'

    def photo_link(self, photo: Photo, uri: str, hero: bool = False) -> str:
        """The photo, opening its largest rendition in the lightbox."""
        web = self.web.photos.get(photo.rel)
        img = self.img(photo, uri, GALLERY_SIZES, eager=hero)
        if web is None:
            return img
        href = self.links.href(uri, web.renditions[-1].url)
        caption = escape(photo.caption or photo.alt, quote=True)
        return f'<a class="mb-lightbox" href="{href}" data-caption="{caption}">{img}</a>'

    def img(self, photo: Photo, uri: str, sizes: str, eager: bool = False) -> str:
        web = self.web.photos.get(photo.rel)
        if web is None:
            return (
                f'<span class="mb-missing-photo" role="img" aria-label="photo not available">'
                f"{escape(PurePosixPath(photo.rel).name)}</span>"
            )
        return img_tag(web, photo, self.links.root(uri), sizes, eager)

    def entry_list(self, entries: Iterable[Entry], uri: str) -> str:
        items = "".join(
            f'<li class="mb-kind-{e.kind}"><a href="{self.links.page(uri, entry_uri(e))}">'
            f'{escape(e.title)}</a> <time datetime="{e.date.isoformat()}">'
            f"{format_when(e.date, e.until)}</time></li>"
            for e in entries
        )
        return f'<ul class="mb-entry-list">{items}</ul>'

    def gratitude_counts(self, notes: Sequence[Entry]) -> str:
        ways = Counter((n.sender or "", n.recipient or "") for n in notes)
        rows = [
            (f"{self.name_of(a)} → {self.name_of(b)}", count, self.color_of(a))
            for (a, b), count in sorted(ways.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        if not rows:
            return empty("No thank-you notes yet: memorybook new --kind gratitude writes one.")
        return charts.figure("Thank-yous each way", charts.hbars(rows))

    def love_language_table(self, notes: Sequence[Entry]) -> str:
        ways = sorted({(n.sender or "", n.recipient or "") for n in notes})
        counts = Counter((n.love_language, n.sender, n.recipient) for n in notes)
        if not any(n.love_language for n in notes):
            return ""
        head = "".join(
            f"<th>{escape(self.name_of(a))} → {escape(self.name_of(b))}</th>" for a, b in ways
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

    def anniversaries(self, entries: Sequence[Entry], uri: str) -> str:
        items = "".join(
            f'<li data-mb-anniversary="{e.date.isoformat()}">'
            f'<a href="{self.links.page(uri, entry_uri(e))}">{escape(e.title)}</a> '
            f"<span>every year on {e.date.day} {MONTHS[e.date.month - 1]}, "
            f'since {e.year}</span> <em class="mb-countdown"></em></li>'
            for e in entries
        )
        return f'<ul class="mb-anniversaries">{items}</ul>'

    def milestone_line(self, entries: Sequence[Entry], uri: str) -> str:
        if not entries:
            return empty("No milestones yet.")
        items = "".join(
            f'<li><time datetime="{e.date.isoformat()}">{format_when(e.date, e.until)}</time>'
            f'<a href="{self.links.page(uri, entry_uri(e))}">{escape(e.title)}</a>'
            f'<span class="mb-ago" data-mb-ago="{e.date.isoformat()}"></span></li>'
            for e in entries
        )
        return f'<ol class="mb-milestone-line">{items}</ol>'

    def numbers(self, entries: Sequence[Entry]) -> str:
        photos = {p.rel for e in entries for p in e.all_photos}
        places = {e.place for e in entries if e.place}
        firsts = [e for e in entries if {"firsts", "first"} & set(e.tags)]
        figures = [
            (len(entries), plural(len(entries), "memory", "memories")),
            (sum(e.kind == "gratitude" for e in entries), "thank-yous"),
            (len(photos), plural(len(photos), "photo")),
            (len(places), plural(len(places), "place")),
            (len(firsts), plural(len(firsts), "first")),
        ]
        cells = "".join(
            f"<div><strong>{n}</strong><span>{label}</span></div>" for n, label in figures
        )
        return f'<div class="mb-numbers">{cells}</div>'

    def year_charts(self, entries: Sequence[Entry]) -> str:
        months = Counter(e.date.month for e in entries)
        bars = [(name[:3], months.get(i + 1, 0)) for i, name in enumerate(MONTHS)]
        parts = [charts.figure("Memories per month", charts.columns(bars))]
        notes = [e for e in entries if e.kind == "gratitude"]
        if notes:
            parts.append(self.gratitude_counts(notes))
        languages = Counter(e.love_language for e in entries if e.love_language)
        if languages:
            rows = [(LOVE_LANGUAGE_LABELS[k], languages[k], None) for k in LOVE_LANGUAGE_LABELS]
            parts.append(charts.figure("Love languages", charts.hbars(rows)))
        firsts = [e for e in entries if {"firsts", "first"} & set(e.tags)]
        if firsts:
            first_list = self.entry_list(firsts, STATS)
            parts.append(f'<div class="mb-firsts"><h3>Firsts</h3>{first_list}</div>')
        return f'<div class="mb-charts">{"".join(parts)}</div>'

    def name_of(self, pid: str) -> str:
        return self.journal.settings.person_name(pid)

    def color_of(self, pid: str) -> str | None:
        person = self.journal.settings.people.get(pid)
        return person.color if person else None


def img_tag(web: WebPhoto, photo: Photo, root: str, sizes: str, eager: bool) -> str:
    """The responsive `<img>`; alt text from this use of the file (one file, many captions)."""
    alt = escape(photo.alt or photo.caption, quote=True)
    loading = 'fetchpriority="high"' if eager else 'loading="lazy"'
    return (
        f'<img src="{root}{web.src}" srcset="{web.srcset(root)}" sizes="{sizes}" '
        f'width="{web.width}" height="{web.height}" alt="{alt}" {loading} decoding="async" '
        f'style="background-color: {web.placeholder}">'
    )


def anchor(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return f"mb-{slug or 'x'}"


def empty(text: str) -> str:
    return f'<p class="mb-empty">{escape(text)}</p>'
