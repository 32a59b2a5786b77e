"""The anniversary book as a print service (and a person) sees it: the PDF itself, opened.

One small journal is made into a book once per module; each test checks one
thing a printer or the couple would notice.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from memorybook import numbers
from memorybook.book import BookOptions, BookReport, make_book
from memorybook.cli import main
from memorybook.errors import MemorybookError
from memorybook.journal import load_journal
from tests.conftest import ScratchJournal
from tests.photo_files import XMP_SECRET, jpeg
from tests.site_helpers import containing, written_files

POPPLER = all(shutil.which(tool) for tool in ("pdffonts", "pdfimages", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="needs poppler-utils")
TRIM_PT = 6 * 72
BLEED_PT = 0.125 * 72
OUR_FONTS = ("EB-Garamond", "Lato", "Dancing-Script")
PRIVATE_TEXT = "SECRET-PINEAPPLE"
SQUARE_TEXT_WIDTH_IN = 6.34
"""The text width of an 8 × 8 in page (the default was 8 × 8 in before 8.5 × 8.5 in)."""


def located_jpeg(size: tuple[int, int]) -> bytes:
    """A large photo that gives away where it was taken, in EXIF GPS and in XMP."""
    exif = Image.Exif()
    exif[0x010F] = "SecretPhone 15"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.34), 3: "E", 4: (2.0, 17.0, 40.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>' + XMP_SECRET + b"</rdf:RDF></x:xmpmeta>"
    return jpeg(size, exif=exif.tobytes(), xmp=xmp)


def write_journal(scratch: ScratchJournal) -> None:
    """A first year together: every kind of entry, sharp and small photos, a private entry."""
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(
        config + "      book: {size: 6x6in, min_pages: 24, page_multiple: 2}\n", encoding="utf-8"
    )
    scratch.write("2023/2023-06-20-picnic/hill.jpg", located_jpeg((2600, 2000)))
    scratch.write("2023/2023-06-20-picnic/tree.jpg", jpeg((1500, 2000)))
    scratch.write("2023/2023-06-20-picnic/river.jpg", jpeg((2400, 1600)))
    scratch.write(
        "2023/2023-06-20-picnic.md",
        """
        ---
        title: Picnic by the river
        date: 2023-06-20
        authors: [sam, alex]
        place: Parque da Cidade, Porto
        photos:
          - src: 2023-06-20-picnic/hill.jpg
            caption: Lunch with a view
          - 2023-06-20-picnic/tree.jpg
          - src: 2023-06-20-picnic/river.jpg
            caption: The river after the rain
        ---
        We carried the basket up the hill and ate everything.
        """,
    )
    scratch.copy_photo("chelsea.png", "2023/2023-07-04-coffee/coffee.png")  # 451 x 300
    scratch.write(
        "2023/2023-07-04-coffee.md",
        """
        ---
        title: Coffee on the corner
        date: 2023-07-04
        author: alex
        photos:
          - src: 2023-07-04-coffee/coffee.png
            caption: The first of many
        ---
        A small photo from an old phone.
        """,
    )
    scratch.write("2023/2023-09-01-moving-day/plant.jpg", jpeg((2000, 2000)))
    scratch.write("2023/2023-09-01-moving-day/broken.jpg", b"not a photo at all")
    scratch.write(
        "2023/2023-09-01-moving-day.md",
        """
        ---
        title: Moving day
        date: 2023-09-01
        kind: milestone
        authors: [sam, alex]
        photos: [2023-09-01-moving-day/broken.jpg]
        ---
        Forty boxes and one plant.

        ![The plant](2023-09-01-moving-day/plant.jpg)
        """,
    )
    scratch.write("2023/2023-09-09-typo.md", "---\ntitle: [unclosed\ndate: 2023-09-09\n---\n")
    scratch.write(
        "2023/2023-10-10-soup.md",
        """
        ---
        date: 2023-10-10
        kind: gratitude
        from: alex
        to: sam
        love_language: service
        ---
        Thank you for the soup when I was ill.
        """,
    )
    scratch.write(
        "2023/2023-11-11-letter.md",
        """
        ---
        date: 2023-11-11
        kind: letter
        from: sam
        to: alex
        ---
        I wanted to write this down before I forget how it felt.

        The whole autumn has been ours.
        """,
    )
    scratch.write(
        "2024/2024-01-05-hidden.md",
        f"""
        ---
        title: Hidden evening
        date: 2024-01-05
        private: true
        ---
        {PRIVATE_TEXT} is our word.
        """,
    )
    scratch.write(
        "2024/2024-02-02-from-the-web.md",
        """
        ---
        title: A picture from the web
        date: 2024-02-02
        ---
        We looked at this one for hours: <img src="https://example.com/aurora.jpg" alt="">
        """,
    )
    scratch.write(
        "2024/2024-07-01-next-year.md",
        """
        ---
        title: Already next year
        date: 2024-07-01
        ---
        OUTSIDE-RANGE-TEXT
        """,
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@dataclass
class Built:
    scratch: ScratchJournal
    report: BookReport
    reader: PdfReader
    before: dict[str, tuple[int, int]]

    @property
    def pdf(self) -> Path:
        return self.report.pdf

    def text(self, number: int) -> str:
        """The text of page `number` (1-based, as printed on it)."""
        return self.reader.pages[number - 1].extract_text() or ""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("book") / "project")
    write_journal(scratch)
    before = snapshot(scratch.journal)
    options = BookOptions(year=1, output=scratch.root / "out" / "book.pdf", html=True)
    report = make_book(scratch.settings(), options)
    yield Built(scratch, report, PdfReader(report.pdf), before)


def poppler(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def toc_pages(built: Built) -> dict[str, int]:
    """Each line of the table of contents, `title -> page number`."""
    found: dict[str, int] = {}
    for number in range(1, len(built.reader.pages) + 1):
        text = built.text(number)
        if "Contents" in text or (found and "Our year in numbers" not in found):
            for line in text.splitlines():
                match = re.match(r"^(.*?)[\s.]*?(\d+)$", line.strip())
                if match and match[1].strip(" ."):
                    found[match[1].strip(" .")] = int(match[2])
        if "Our year in numbers" in found:
            return found
    return found


def toc_find(toc: dict[str, int], start: str) -> int:
    """The page of the contents line that starts with `start` (lines carry a place or a
    note's first words after the title)."""
    return next(page for line, page in toc.items() if line.startswith(start))


def hero_pages(built: Built, caption: str) -> list[int]:
    """Pages whose only words are a hero's caption (no running head, no folio)."""
    return [
        n for n in range(1, len(built.reader.pages) + 1) if built.text(n).splitlines() == [caption]
    ]


def test_every_page_is_trim_plus_bleed_with_trim_and_bleed_boxes(built: Built) -> None:
    for page in built.reader.pages:
        media, trim, bleed = page.mediabox, page.trimbox, page.bleedbox
        assert (float(media.width), float(media.height)) == (TRIM_PT + 2 * BLEED_PT,) * 2
        assert (float(trim.width), float(trim.height)) == (TRIM_PT, TRIM_PT)
        assert float(trim.left) - float(media.left) == pytest.approx(BLEED_PT)
        assert float(trim.bottom) - float(media.bottom) == pytest.approx(BLEED_PT)
        assert [float(v) for v in bleed] == [float(v) for v in media]


@needs_poppler
def test_every_font_is_ours_embedded_and_subset(built: Built) -> None:
    rows = poppler("pdffonts", str(built.pdf)).splitlines()[2:]
    assert len(rows) >= 3
    for row in rows:
        name, *_, emb, sub, _uni, _obj, _gen = row.split()
        assert (emb, sub) == ("yes", "yes"), row
        assert name.split("+", 1)[1].startswith(OUR_FONTS), row


def test_page_count_is_padded_to_the_minimum_and_multiple(built: Built) -> None:
    report = built.report
    assert len(built.reader.pages) == report.pages >= 24
    assert report.pages % 2 == 0 and report.padding > 0
    last_content = report.pages - report.padding
    assert "Our year in numbers" in built.text(last_content)
    designed = [built.text(n) for n in range(last_content + 1, report.pages + 1)]
    assert "Our year in photos" in designed[0]  # the year's photos as a mosaic, then
    assert all("For what we did not write down" in text for text in designed[1:])  # lined


def test_table_of_contents_numbers_point_at_the_entries(built: Built) -> None:
    toc = toc_pages(built)
    for title in (
        "Picnic by the river",
        "Coffee on the corner",
        "Moving day",
        "Our year in numbers",
    ):
        assert title in built.text(toc_find(toc, title)), title
    assert "Picnic by the river · Parque da Cidade, Porto" in toc  # with its place
    # notes tell themselves apart by their first words, not only "From Alex to Sam"
    assert any(line.startswith("From Alex to Sam: “Thank you for the soup when") for line in toc)
    assert "Thank you for the soup" in built.text(toc_find(toc, "From Alex to Sam"))
    assert "Dear Alex," in built.text(toc_find(toc, "From Sam to Alex"))
    for month in ("June 2023", "July 2023", "September 2023", "October 2023"):
        assert built.text(toc[month]).startswith(month), f"{month} does not open a page"


def test_body_images_are_laid_out_once_and_not_left_in_the_text(built: Built) -> None:
    html = built.report.html.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "2023-09-01-moving-day/plant.jpg" not in html  # the rendition, never the original
    assert "The plant" in html and html.count('alt="The plant"') == 1


def test_running_head_and_folio_on_text_pages_only(built: Built) -> None:
    """Numbered left-hand pages name the couple (right-hand ones the month), except where a
    month opens; hero pages and the opening pages carry neither head nor number."""
    assert hero_pages(built, "Lunch with a view")  # the picnic's hero
    for number in range(1, len(built.reader.pages) + 1):
        lines = built.text(number).splitlines()
        if lines and re.match(r"^[A-Z][a-z]+ 20\d\d", lines[0]):
            assert "SAM & ALEX" not in lines, number  # a chapter's first page
        elif lines and lines[-1] == str(number):
            assert (lines[-2] == "SAM & ALEX") is (number % 2 == 0), number
        elif number <= 3 or "Lunch with a view" in lines:
            assert not re.search(rf"\b{number}\b", " ".join(lines)), number


def test_the_hero_page_comes_with_its_heading(built: Built) -> None:
    """The picnic's 4:3 hero fills a page on its heading's spread; its other photos follow,
    whole, with their captions, on the next pages."""
    toc = toc_pages(built)
    picnic = toc_find(toc, "Picnic by the river")
    (hero,) = hero_pages(built, "Lunch with a view")
    assert hero // 2 == picnic // 2  # one spread: pages 2n and 2n + 1
    river = [n for n in range(1, 12) if "The river after the rain" in built.text(n)]
    assert river and picnic <= river[0] <= picnic + 3


def test_private_and_out_of_range_entries_stay_out(built: Built) -> None:
    """In every file the book wrote (the PDF's text, objects and images, the cover, the HTML)."""
    files = written_files(built.scratch.root / "out")
    assert containing(files, "Picnic by the river")
    assert containing(files, PRIVATE_TEXT, "Hidden evening", "OUTSIDE-RANGE-TEXT") == []


@needs_poppler
def test_every_image_is_300_ppi_or_named_in_the_preflight(built: Built) -> None:
    rows = [line.split() for line in poppler("pdfimages", "-list", str(built.pdf)).splitlines()[2:]]
    mosaic = next(n for n in range(1, len(built.reader.pages) + 1) if "in photos" in built.text(n))
    # the picnic's three, the coffee, the plant (a body image); the mosaic page shows them
    # again; the cover photo is in the cover's PDF, not the interior
    assert len([row for row in rows if int(row[0]) != mosaic]) == 5
    reported = [low.ppi for low in built.report.low_resolution]
    for row in (row for row in rows if int(row[0]) != mosaic):
        ppi = min(int(row[12]), int(row[13]))
        if ppi < 299:
            assert any(abs(ppi - low) <= 2 for low in reported), row
    low = {low.photo.rel: low for low in built.report.low_resolution}
    assert "2023/2023-07-04-coffee/coffee.png" in low  # (and the tree, printed a page large)
    assert not any(one.very_low for one in low.values())  # never printed blurry


@needs_poppler
def test_no_embedded_image_carries_exif_gps_or_xmp(built: Built, tmp_path: Path) -> None:
    poppler("pdfimages", "-all", str(built.pdf), str(tmp_path / "img"))
    images = sorted(tmp_path.glob("img-*"))
    assert images
    for image in images:
        data = image.read_bytes()
        for secret in (b"Exif", b"GPS", b"SecretPhone", XMP_SECRET, b"xmpmeta"):
            assert secret not in data, (image.name, secret)
        with Image.open(io.BytesIO(data)) as im:
            assert not im.getexif()


@needs_poppler
def test_hero_photo_bleeds_off_every_edge_without_page_number(built: Built, tmp_path: Path) -> None:
    (hero,) = hero_pages(built, "Lunch with a view")
    first, last = str(hero - 1), str(hero + 1)
    poppler(
        "pdftoppm", "-png", "-r", "20", "-f", first, "-l", last, str(built.pdf), str(tmp_path / "p")
    )
    full_bleed = []
    for png in sorted(tmp_path.glob("p-*.png")):
        with Image.open(png) as im:
            rgb = im.convert("RGB")
            corners = [rgb.getpixel(xy) for xy in ((0, 0), (rgb.width - 1, rgb.height - 1))]
        if all(pixel != (255, 255, 255) for pixel in corners):
            full_bleed.append(int(png.stem.split("-")[1]))  # pdftoppm names pages by number
    assert hero in full_bleed
    assert built.text(hero).strip() == "Lunch with a view"  # its caption, no folio


def test_preflight_names_the_small_photo_and_the_refused_url(built: Built) -> None:
    lines = built.report.lines(base=built.scratch.root)
    assert lines[0].startswith("book: out/book.pdf (")
    assert f"{built.report.pages} pages)" in lines[0]
    assert any("trim 6 × 6 in" in line and "bleed 0.125 in" in line for line in lines)
    (small,) = [line for line in lines if "warning: photo 2023/2023-07-04-coffee" in line]
    assert small.startswith("journal/2023/2023-07-04-coffee.md:6: warning: photo ")
    ppi, width = re.search(r"prints at (\d+) ppi at ([\d.]+) ×", small).groups()  # type: ignore[union-attr]
    assert int(ppi) == round(451 / float(width))
    assert any("does not fetch https://example.com/aurora.jpg" in line for line in lines)
    assert any(
        line.startswith("journal/2023/2023-09-01-moving-day.md:6: error: photo ")
        and "broken.jpg" in line
        for line in lines
    ), lines
    assert any(line.startswith("journal/2023/2023-09-09-typo.md:") for line in lines)
    assert built.report.failed(strict=True) and not built.report.failed(strict=False)


def warned_files(report: BookReport, root: Path) -> list[str]:
    """The file each warning or error line of the preflight names, in the order told."""
    lines = report.lines(base=root)
    return [line.split(":", 1)[0] for line in lines if ": warning: " in line or ": error: " in line]


def test_preflight_warnings_come_in_the_books_date_order(built: Built) -> None:
    """Low-resolution photos and every other problem, one list by entry date, then file and
    line: a file that is no entry (its front-matter broken) by the date its name starts with."""
    root = built.scratch.root
    assert warned_files(built.report, root) == [
        "journal/2023/2023-07-04-coffee.md",  # a photo of low resolution
        "journal/2023/2023-09-01-moving-day.md",  # a broken photo
        "journal/2023/2023-09-09-typo.md",  # no entry: its front-matter is broken
        "journal/2024/2024-02-02-from-the-web.md",  # a refused URL
    ]
    # Were the small photo's entry of December, its warning would move among the others.
    coffee = next(path for path in built.report.dates if path.name == "2023-07-04-coffee.md")
    later = replace(built.report, dates={**built.report.dates, coffee: dt.date(2023, 12, 1)})
    assert warned_files(later, root) == [
        "journal/2023/2023-09-01-moving-day.md",
        "journal/2023/2023-09-09-typo.md",
        "journal/2023/2023-07-04-coffee.md",
        "journal/2024/2024-02-02-from-the-web.md",
    ]


def test_print_html_opens_in_a_browser_with_its_images(built: Built) -> None:
    html = built.report.html
    assert html is not None and html == built.pdf.with_suffix(".html")
    text = html.read_text(encoding="utf-8")
    urls = re.findall(r'src="(file://[^"]+)"', text)
    assert len(urls) == 5
    assert all(Path(url.removeprefix("file://")).is_file() for url in urls)


def test_the_pdf_is_readable_by_others_like_any_file_one_makes(built: Built) -> None:
    mask = os.umask(0)
    os.umask(mask)
    assert built.pdf.stat().st_mode & 0o777 == 0o666 & ~mask
    assert not list(built.pdf.parent.glob(".*.tmp"))  # no temporary file left behind


def test_the_journal_is_never_written(built: Built) -> None:
    assert snapshot(built.scratch.journal) == built.before


def test_cli_strict_fails_on_warnings_and_makes_the_same_pdf(built: Built) -> None:
    again = built.scratch.root / "out" / "again.pdf"
    result = CliRunner().invoke(
        main, ["book", "-f", str(built.scratch.config), "--year", "1", "-o", str(again), "--strict"]
    )
    assert result.exit_code == 1, result.output
    assert "coffee.png prints at" in result.output
    assert again.read_bytes() == built.pdf.read_bytes()


def test_private_entries_only_when_asked(scratch: ScratchJournal) -> None:
    scratch.write(
        "2023/2023-08-01-ours.md",
        f"---\ntitle: Ours\ndate: 2023-08-01\nprivate: true\n---\n{PRIVATE_TEXT}\n",
    )
    scratch.write("2023/2023-08-02-open.md", "---\ntitle: Open\ndate: 2023-08-02\n---\nHello.\n")
    out = scratch.root / "b.pdf"
    make_book(scratch.settings(), BookOptions(year=1, output=out))
    assert PRIVATE_TEXT not in "".join(p.extract_text() for p in PdfReader(out).pages)
    make_book(scratch.settings(), BookOptions(year=1, output=out, include_private=True))
    assert PRIVATE_TEXT in "".join(p.extract_text() for p in PdfReader(out).pages)


def test_an_empty_year_says_which_years_have_entries(scratch: ScratchJournal) -> None:
    scratch.write("2023/2023-08-02-open.md", "---\ntitle: Open\ndate: 2023-08-02\n---\nHello.\n")
    with pytest.raises(
        MemorybookError, match=r"no entries between 2027-06-14 and 2028-06-13 \(the"
    ):
        make_book(scratch.settings(), BookOptions(year=5, output=scratch.root / "b.pdf"))


def test_a_damaged_photo_is_reported_not_half_printed(scratch: ScratchJournal) -> None:
    data = jpeg((1200, 900))
    scratch.write("2023/cut.jpg", data[: len(data) // 2])
    scratch.write(
        "2023/2023-08-02-cut.md", "---\ntitle: Cut\ndate: 2023-08-02\nphotos: [cut.jpg]\n---\n"
    )
    report = make_book(scratch.settings(), BookOptions(year=1, output=scratch.root / "b.pdf"))
    assert not report.photos
    (problem,) = report.problems
    assert problem.message.startswith("photo 2023/cut.jpg is damaged or incomplete")


def test_the_book_is_never_written_into_the_journal(scratch: ScratchJournal) -> None:
    scratch.write("2023/2023-08-02-open.md", "---\ntitle: Open\ndate: 2023-08-02\n---\nHello.\n")
    inside = scratch.journal / "book.pdf"
    with pytest.raises(MemorybookError, match="never written into the journal folder"):
        make_book(scratch.settings(), BookOptions(year=1, output=inside))
    assert not inside.exists()


@needs_poppler
def test_a_short_year_gets_large_photos_beside_their_words(scratch: ScratchJournal) -> None:
    """A year shorter than the printer's minimum: each photo large on a page of its own (not
    a row shrunk under the words), the first on its words' spread."""
    scratch.write("2023/a.jpg", jpeg((1500, 1000)))
    scratch.write("2023/b.jpg", jpeg((1500, 1000)))
    sentence = "We walked along the river and talked about everything until the light went gold."
    body = "\n\n".join([" ".join([sentence] * 4)] * 3)
    scratch.write(
        "2023/2023-07-01-walk.md",
        f"---\ntitle: A long walk\ndate: 2023-07-01\nphotos: [a.jpg, b.jpg]\n---\n{body}\n",
    )
    options = BookOptions(year=1, output=scratch.root / "b.pdf", size="8x8in")
    report = make_book(scratch.settings(), options)
    texts = [page.extract_text() for page in PdfReader(report.pdf).pages]
    walk = next(
        n for n, text in enumerate(texts, 1) if "A long walk" in text and "We walked" in text
    )
    rows = [line.split() for line in poppler("pdfimages", "-list", str(report.pdf)).splitlines()]
    pages = [int(row[0]) for row in rows[2:] if "in photos" not in texts[int(row[0]) - 1]]
    assert len(pages) == 2 and pages[0] // 2 == walk // 2
    placed = [p.request for p in report.photos if not p.request.crop]  # all but the cover
    assert all(min(r.width_in, r.height_in) >= 3.0 for r in placed), placed


@needs_poppler
def test_crop_marks_from_the_command_line(scratch: ScratchJournal, tmp_path: Path) -> None:
    """Off by default (print-on-demand services refuse them); `--crop-marks` draws them in the
    bleed, on every page, blank ones included."""
    scratch.write("2023/2023-08-02-open.md", "---\ntitle: Open\ndate: 2023-08-02\n---\nHello.\n")

    def corner_ink(*flags: str) -> int:
        out = tmp_path / f"book{len(flags)}.pdf"
        command = ["book", "-f", str(scratch.config), "--year", "1", "-o", str(out), *flags]
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 0, result.output
        poppler(
            "pdftoppm", "-r", "72", "-f", "2", "-l", "2", "-gray", str(out), str(tmp_path / "p")
        )
        (png,) = tmp_path.glob("p*.pgm")
        with Image.open(png) as page:
            corner = page.crop((0, 0, 9, 9))  # the bleed: 0.125 in is 9 px at 72 dpi
            ink = sum(1 for value in corner.get_flattened_data() if value < 250)
        png.unlink()
        return ink

    assert corner_ink() == 0
    assert corner_ink("--crop-marks") > 0


def test_the_preflight_counts_photos_as_the_numbers_page_does(scratch: ScratchJournal) -> None:
    """One photo in two entries is two photos on every page that counts them (numbers.tally),
    the book's report included, though it prints as one rendition."""
    scratch.write("2023/shared.jpg", jpeg((1800, 1200)))
    for day, title in (("2023-07-01", "Morning"), ("2023-07-02", "Evening")):
        scratch.write(
            f"2023/{day}.md",
            f"---\ntitle: {title}\ndate: {day}\nphotos: [shared.jpg]\n---\nThe same view.\n",
        )
    options = BookOptions(year=1, output=scratch.root / "out" / "book.pdf")
    report = make_book(scratch.settings(), options)
    journal = load_journal(scratch.settings())
    assert numbers.tally(journal.entries).photos == 2
    covers = report.lines(base=scratch.root)[1]
    assert f"2 entries, 2 photos ({len(report.photos)} printed renditions)" in covers, covers
