"""The timeline: a page of the years, then a page per year, month by month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.links import (
    TIMELINE,
    year_uri,
)
from memorybook.site_html import cards, figures
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.words import MONTHS, plural


def timeline_pages(s: Site) -> list[GeneratedPage]:
    """The timeline: one page listing the years, then one page per year."""
    years = s.by_year()
    pages = [_year_page(s, year, entries) for year, entries in years.items()]
    return [_timeline(s, years), *pages]


def _timeline(s: Site, years: Mapping[int, list[Entry]]) -> GeneratedPage:
    tiles = join(_year_tile(s, year, entries) for year, entries in years.items())
    parts = [
        page_meta("Timeline", "timeline", search=False),
        cards.h1(s, "Our years"),
        html('<div class="mb-cards mb-years-grid">{}</div>', tiles) if tiles else "",
    ]
    return assemble(TIMELINE, parts)


def _year_tile(s: Site, year: int, entries: list[Entry]) -> Markup:
    """A year as a card: its latest photo and how much happened."""
    cover_entry = next((e for e in entries if e.cover), None)
    cover = Markup()
    if cover_entry and cover_entry.cover:
        cover = figures.card_cover(s, cover_entry.cover, TIMELINE)
    return html(
        '<article class="mb-card mb-year-card"><a class="mb-card__link" href="{}">{}'
        '<div class="mb-card__body"><h3 class="mb-card__title">{}</h3>'
        '<p class="mb-card__text">{} {}</p></div></a></article>',
        s.links.page(TIMELINE, year_uri(year)),
        cover,
        year,
        len(entries),
        plural(len(entries), "memory", "memories"),
    )


def _year_page(s: Site, year: int, entries: list[Entry]) -> GeneratedPage:
    uri = year_uri(year)
    parts = [
        page_meta(str(year), "year", search=False, toc=True),
        cards.h1(s, str(year), f"{len(entries)} {plural(len(entries), 'memory', 'memories')}"),
        cards.year_links(s, uri, current=year),
    ]
    by_month: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_month[entry.date.month].append(entry)
    for month, month_entries in by_month.items():
        parts += [f"## {MONTHS[month - 1]}", cards.cards(s, month_entries, uri)]
    return assemble(uri, parts)
