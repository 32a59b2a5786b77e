"""Our years in numbers: the headline figures and each year's charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from memorybook import charts, numbers
from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.links import (
    STATS,
)
from memorybook.numbers import Tally
from memorybook.site_html import cards, gratitude
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.words import (
    LOVE_LANGUAGE_LABELS,
)
from memorybook.words import MONTHS


def number_block(s: Site, t: Tally) -> Markup:
    """The headline figures, then sentences about them (ties said as ties)."""
    cells = join(
        (html("<div><strong>{:,}</strong> <span>{}</span></div>", *f) for f in numbers.figures(t)),
        " ",  # words apart for search too, which reads the text without the layout
    )
    lines = join(html("<li>{}</li>", line) for line in numbers.highlights(t, s.name_of))
    said = html('<ul class="mb-highlights">{}</ul>', lines) if lines else ""
    return html('<div class="mb-numbers">{}</div>{}', cells, said)


def year_charts(s: Site, entries: Sequence[Entry], t: Tally) -> Markup:
    bars = [(name[:3], t.months[i]) for i, name in enumerate(MONTHS)]
    parts = [charts.figure("Memories per month", charts.columns(bars))]
    if t.thank_yous:
        parts.append(gratitude.gratitude_counts(s, t))
    if t.love_languages:
        rows = [
            (LOVE_LANGUAGE_LABELS[k], t.love_languages.get(k, 0), None)
            for k in LOVE_LANGUAGE_LABELS
        ]
        parts.append(charts.figure("Love languages", charts.hbars(rows)))
    firsts = [e for e in entries if numbers.FIRSTS_TAGS & set(e.tags) and not e.gentle]
    if firsts:
        first_list = cards.entry_list(s, firsts, STATS)
        parts.append(html('<div class="mb-firsts"><h3>Firsts</h3>{}</div>', first_list))
    return html('<div class="mb-charts">{}</div>', join(parts))


def stats_page(s: Site) -> GeneratedPage:
    seconds = s.clip_seconds()
    parts = [
        page_meta("Our years in numbers", "stats", toc=True),
        cards.h1(s, "Our years in numbers"),
        number_block(s, numbers.tally(s.journal.entries, seconds)),
    ]
    for year, entries in s.by_year().items():
        parts += [f"## {year}", *_year(s, year, entries, seconds)]
    return assemble(STATS, parts)


def _year(
    s: Site, year: int, entries: list[Entry], seconds: Mapping[str, float]
) -> tuple[Markup, Markup]:
    """A year's figures and charts; previewing, kept while the year holds the same entries
    and its clips last as long."""
    if s.remembered is None:
        return _make_year(s, entries, seconds)
    shown = tuple(entries)
    lengths = tuple(seconds.get(p.rel, 0.0) for e in entries for p in e.all_photos if p.is_clip)
    return s.remembered.made(
        ("stats", year), (shown, lengths), lambda: _make_year(s, entries, seconds)
    )


def _make_year(
    s: Site, entries: list[Entry], seconds: Mapping[str, float]
) -> tuple[Markup, Markup]:
    t = numbers.tally(entries, seconds)
    return number_block(s, t), year_charts(s, entries, t)
