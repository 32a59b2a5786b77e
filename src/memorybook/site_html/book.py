"""The page that offers the book's PDFs."""

from __future__ import annotations

from memorybook.html import html
from memorybook.links import (
    BOOK,
    BOOK_COVER_PDF,
    BOOK_PDF,
)
from memorybook.site_html import cards
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta


def book_page(s: Site) -> GeneratedPage:
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
    meta = page_meta("Our book", "book", search=False)
    return assemble(BOOK, [meta, cards.h1(s, "Our book"), text])
