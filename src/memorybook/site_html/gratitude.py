"""The gratitude page: thank-yous each way, love languages, every note."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook import charts, numbers
from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.links import (
    GRATITUDE,
)
from memorybook.numbers import Tally
from memorybook.site_html import cards
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.words import (
    LOVE_LANGUAGE_LABELS,
    empty,
)


def gratitude_counts(s: Site, t: Tally) -> Markup:
    rows = [
        (f"{s.name_of(a)} → {s.name_of(b)}", value, s.color_of(a))
        for (a, b), value in sorted(t.thanks.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    if not rows:
        return empty("No thank-you notes yet: memorybook new --kind gratitude writes one.")
    return charts.figure("Thank-yous each way", charts.hbars(rows))


def love_language_table(s: Site, notes: Sequence[Entry]) -> Markup:
    ways = sorted({(n.sender or "", n.recipient or "") for n in notes})
    counts = {
        way: numbers.tally(n for n in notes if (n.sender, n.recipient) == way) for way in ways
    }
    if not any(n.love_language for n in notes):
        return Markup()
    head = join(
        (html('<th scope="col">{} → {}</th>', s.name_of(a), s.name_of(b)) for a, b in ways),
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


def gratitude_page(s: Site) -> GeneratedPage:
    notes = [e for e in s.newest_first if e.kind == "gratitude"]
    parts = [
        page_meta("Gratitude", "gratitude-index"),
        cards.h1(s, "Gratitude", numbers.count(len(notes), "thank-you")),
        gratitude_counts(s, numbers.tally(notes)),
        love_language_table(s, notes),
        "## Every note",
        cards.cards(s, notes, GRATITUDE, excerpt_limit=600) if notes else empty("No notes yet."),
    ]
    return assemble(GRATITUDE, parts)
