"""The book as a photo-book designer measures it, from the PDF (tests/book_measures.py): a
generated year of about 40 entries and 80 phone photos of mixed shapes, laid out by spread."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pymupdf
import pytest

from memorybook.book import BookOptions, BookReport, make_book
from memorybook.book.geometry import PageGeometry
from tests.book_measures import BookFigures, measure
from tests.book_year import LONG_SIDE, SHAPES, photo_count
from tests.book_year import entry as year_entry
from tests.conftest import ScratchJournal
from tests.photo_files import jpeg

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
TRIM = 8.5


def write_year(scratch: ScratchJournal, entries: int = 40) -> None:
    """The generated year (tests/book_year.py), its photos a 12-megapixel phone's."""
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(config + "      book: {size: 8.5x8.5in}\n", encoding="utf-8")
    rng = random.Random(entries)
    shapes = iter(SHAPES * 10)
    for index in range(entries):
        names = [f"p{number}.jpg" for number in range(photo_count(index))]
        slug, text = year_entry(index, entries, names, rng)
        for name in names:
            w, h = next(shapes)
            scale = LONG_SIDE / max(w, h)
            scratch.write(f"2023/{slug}/{name}", jpeg((round(w * scale), round(h * scale))))
        scratch.write(f"2023/{slug}.md", text)


@dataclass
class Year:
    report: BookReport
    figures: BookFigures


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Year]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("spreads") / "project")
    write_year(scratch)
    options = BookOptions(year=1, output=scratch.root / "out" / "year.pdf")
    report = make_book(scratch.settings(), options)
    page = PageGeometry(TRIM, TRIM, 0.125)
    yield Year(report, measure(report.pdf, page.text_height_in))


def test_photos_cover_a_third_of_the_pages_and_are_large(year: Year) -> None:
    """Before: 20-26% of the page area, a median short side of 1.8-2.1 in."""
    assert year.figures.coverage >= 0.30, year.figures.summary()
    assert year.figures.median_short_side >= 3.0, year.figures.summary()


def test_no_photo_is_a_thumbnail_outside_a_grid(year: Year) -> None:
    """Every photo at least about 2.5 in on its short side (2.25 in: a 4:3 beside a 3:4)."""
    sides = [min(w, h) for page in year.figures.pages for w, h in page.photos]
    mosaic = _pages_with(year, "Our year in photos")
    small = [
        (page.number, round(min(w, h), 2))
        for page in year.figures.pages
        if page.number not in mosaic
        for w, h in page.photos
        if min(w, h) < 2.24
    ]
    assert sides and not small


def test_body_lines_are_a_book_measure(year: Year) -> None:
    """Before: 95-104 characters; now 60-75 (a narrower text block)."""
    lines = [line for page in year.figures.pages for line in page.lines]
    assert len(lines) > 200
    assert year.figures.longest_line <= 75
    long_ones = sorted(len(line) for line in lines)[-len(lines) // 4 :]
    assert min(long_ones) >= 55  # full lines are not short either


def test_no_blank_page_and_the_smallest_type_is_readable(year: Year) -> None:
    assert not year.figures.blank()
    with pymupdf.open(year.report.pdf) as doc:
        sizes = {
            round(span["size"], 1)
            for page in doc
            for block in page.get_text("dict")["blocks"]
            for line in block.get("lines", [])
            for span in line["spans"]
            if span["text"].strip()
        }
    assert min(sizes) >= 7.5, sorted(sizes)


def test_no_hyphen_carries_a_word_over_a_page_turn(year: Year) -> None:
    """WeasyPrint cannot keep a hyphen off a page's last line (no hyphenate-limit-last), so the
    book never hyphenates: no line of words ends in a hyphen the writer did not type."""
    ended = [
        line
        for page in year.figures.pages
        for line in page.lines
        if re.search(r"\w[-\u2010\u00ad]$", line)
    ]
    assert not ended, ended[:5]


def test_pages_are_filled(year: Year) -> None:
    """Before: 11 of 58 inner pages under half filled, a small photo alone on a page. The
    title leaf (pages 1-2) is sparse by design; of the rest, at most 5% are under half filled
    and no page holds one small photo alone."""
    under = [n for n in year.figures.underfilled() if n > 2]
    assert len(under) <= 0.05 * len(year.figures.pages), year.figures.summary()
    assert not year.figures.lone_photos(), year.figures.summary()


def _pages_with(year: Year, text: str) -> set[int]:
    with pymupdf.open(year.report.pdf) as doc:
        return {page.number + 1 for page in doc if text in page.get_text()}


def _page_lines(year: Year) -> list[list[tuple[float, float, str]]]:
    """Each page's lines as (top, size, text), top to bottom, running heads and folios aside."""
    found = []
    with pymupdf.open(year.report.pdf) as doc:
        for page in doc:
            zone = (page.trimbox.y0 + 54, page.trimbox.y1 - 54)
            lines = [
                (line["bbox"][1], max(s["size"] for s in line["spans"]), text)
                for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", [])
                if (text := "".join(s["text"] for s in line["spans"]).strip())
                and zone[0] < line["bbox"][1] < zone[1]
            ]
            found.append(sorted(lines))
    return found


def test_no_heading_is_stranded_at_a_page_foot(year: Year) -> None:
    """An entry's title (and a letter's, with its greeting) has at least two lines of its
    words under it on its page."""
    for number, lines in enumerate(_page_lines(year), 1):
        if number <= 3:
            continue  # the title page, the colophon and the contents
        for index, (_top, size, text) in enumerate(lines):
            if size >= 15 and re.match(r"A day to remember|From (Sam|Alex) to", text):
                after = [t for _y, s, t in lines[index + 1 :] if 10 <= s <= 12.5]
                assert len(after) >= 2, (number, text)


def test_no_photo_is_away_from_its_entry(year: Year) -> None:
    """A photo's page (its caption names its entry's day) is by its entry's heading (facing it,
    or after it), with no other entry's heading between them."""
    headings: dict[int, int] = {}
    captions: list[tuple[int, int]] = []
    for number, lines in enumerate(_page_lines(year), 1):
        for _top, _size, text in lines:
            if match := re.fullmatch(r"A day to remember, number (\d+)", text):
                headings[int(match[1])] = number
        with pymupdf.open(year.report.pdf) as doc:
            text = doc[number - 1].get_text()
        captions += [(int(day), number) for day in re.findall(r"A moment from day (\d+)", text)]
    mosaic = _pages_with(year, "Our year in photos")
    checked = 0
    for day, page in captions:
        if day not in headings or page in mosaic:
            continue  # a note's photo (notes have no such heading) or the mosaic
        heading = headings[day]
        between = [
            d
            for d, p in headings.items()
            if d != day and min(page, heading) < p < max(page, heading)
        ]
        assert not between and -1 <= page - heading <= 6, (day, heading, page, between)
        checked += 1
    assert checked > 20
