"""The site's pieces without MkDocs: links between pages, dates, excerpts and charts."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from memorybook import charts
from memorybook.links import Links
from memorybook.site_html.words import excerpt, format_when

D = dt.date


@pytest.mark.parametrize(
    ("src_uri", "directory", "flat"),
    [
        ("index.md", "", "index.html"),
        ("gratitude.md", "gratitude/", "gratitude.html"),
        ("timeline/2024.md", "timeline/2024/", "timeline/2024.html"),
        ("2024/2024-06-14-hike.md", "2024/2024-06-14-hike/", "2024/2024-06-14-hike.html"),
        ("2024/hike/index.md", "2024/hike/", "2024/hike/index.html"),
    ],
)
def test_page_urls_match_mkdocs(src_uri: str, directory: str, flat: str) -> None:
    assert Links(directory_urls=True).url(src_uri) == directory
    assert Links(directory_urls=False).url(src_uri) == flat


def test_links_between_pages_are_relative_in_both_url_styles() -> None:
    pretty, flat = Links(True), Links(False)
    entry = "2024/2024-06-14-hike.md"
    assert pretty.page(entry, "index.md") == "../../"
    assert pretty.page("index.md", entry) == "2024/2024-06-14-hike/"
    assert pretty.page(entry, "2024/2024-07-01-swim.md") == "../2024-07-01-swim/"
    assert pretty.root(entry) == "../../"
    assert pretty.root("index.md") == ""
    assert flat.page(entry, "index.md") == "../index.html"
    assert flat.page("timeline/2024.md", entry) == "../2024/2024-06-14-hike.html"
    assert flat.root(entry) == "../"
    assert pretty.href(entry, "photos/ab/480.webp") == "../../photos/ab/480.webp"


@pytest.mark.parametrize(
    ("start", "until", "shown"),
    [
        (D(2024, 6, 14), None, "14 June 2024"),
        (D(2024, 6, 14), D(2024, 6, 16), "14–16 June 2024"),
        (D(2024, 6, 30), D(2024, 7, 2), "30 June – 2 July 2024"),
        (D(2024, 12, 30), D(2025, 1, 2), "30 December 2024 – 2 January 2025"),
    ],
)
def test_dates_read_like_a_person_writes_them(
    start: dt.date, until: dt.date | None, shown: str
) -> None:
    assert format_when(start, until) == shown


def test_excerpt_is_plain_text_cut_at_a_word() -> None:
    body = "We **walked** to [the lake](lake.md).\n\n![a](x.jpg) It was *cold* and lovely " * 10
    text = excerpt(body, limit=60)
    assert text.startswith("We walked to the lake. It was cold and lovely")
    assert text.endswith("…") and len(text) <= 61
    assert "*" not in text and "](" not in text and "x.jpg" not in text


def test_column_chart_bar_heights_follow_the_values() -> None:
    chart = charts.columns([("Jan", 2), ("Feb", 4), ("Mar", 0)])
    heights = [float(h) for h in re.findall(r'class="mb-bar" style="height: ([\d.]+)%', chart)]
    assert heights == [50.0, 100.0, 0.0]
    assert 'aria-label="Jan: 2, Feb: 4, Mar: 0"' in chart
    assert "<script" not in chart and "http" not in chart


def test_bar_chart_uses_a_persons_colour_and_the_page_colour_for_text() -> None:
    chart = charts.hbars([("Alex → Sam", 3, "#2a9d8f"), ("Sam → Alex", 1, None)])
    assert "background: #2a9d8f" in chart
    assert chart.count('class="mb-bar"') == 2
    # labels and values are HTML text, so they keep the page's type size (and colours)
    assert '<span class="mb-label">Alex → Sam</span>' in chart
    assert '<span class="mb-value">3</span>' in chart
    assert "<svg" not in chart and "font-size" not in chart
