"""The book as a keepsake: pages filled, photos in their own shape, letters as written, a cover.

One small year with phone photos of mixed shapes is made into a book once per module; the
tests read the PDFs with poppler, as a printer (and a person holding the book) would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from memorybook.book import BookOptions, BookReport, make_book
from memorybook.cli import main
from tests.conftest import ScratchJournal
from tests.photo_files import jpeg

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdfimages", "pdftoppm", "pdftotext")),
    reason="needs poppler-utils",
)
TRIM_IN, BLEED_IN = 6.0, 0.125
SHAPES = {
    "wide.jpg": (3200, 1800),
    "land.jpg": (2800, 2100),
    "tall.jpg": (1800, 2400),
    "pano.jpg": (3200, 1800),
    "insta.jpg": (1600, 2000),
}
"""The photos' pixel sizes: 16:9, 4:3, 3:4 and 4:5; only the 4:3 one is close to the page."""
WORDS = "We walked along the river and talked until the light went gold over the roofs. " * 6


@dataclass
class Book:
    scratch: ScratchJournal
    report: BookReport
    pages: list[str]
    """Each page's text, as pdftotext -layout sees it."""


def write_year(scratch: ScratchJournal) -> None:
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(config + "      book: {size: 6x6in}\n", encoding="utf-8")
    for name, size in SHAPES.items():
        scratch.write(f"2023/photos/{name}", jpeg(size))
    scratch.write(
        "2023/2023-06-20-moved.md",
        f"""
        ---
        title: We moved in
        date: 2023-06-20
        kind: milestone
        photos: [photos/wide.jpg]
        ---
        {WORDS}
        """,
    )
    scratch.write(
        "2023/2023-07-01-coast.md",
        f"""
        ---
        title: A weekend on the coast
        date: 2023-07-01
        photos:
          - src: photos/land.jpg
            caption: The lighthouse
          - photos/tall.jpg
          - src: photos/pano.jpg
            caption: The whole bay
          - photos/insta.jpg
        ---
        {WORDS}

        {WORDS}
        """,
    )
    for day, sender, recipient in ((2, "alex", "sam"), (3, "sam", "alex")):
        scratch.write(
            f"2023/2023-07-0{day}-thanks.md",
            f"---\ndate: 2023-07-0{day}\nkind: gratitude\nfrom: {sender}\nto: {recipient}\n---\n"
            "Thank you for the coffee this morning.\n",
        )
    scratch.write(
        "2023/2023-07-09-letter.md",
        "---\ndate: 2023-07-09\nkind: letter\nfrom: sam\nto: alex\n---\n"
        "Dear Alex,\n\nI wanted to write this down before I forget.\n\nAlways yours,\nSam\n",
    )
    scratch.write(
        "2023/2023-07-10-letter.md",
        "---\ndate: 2023-07-10\nkind: letter\nfrom: alex\nto: sam\n---\nYou were right.\n",
    )
    scratch.write(
        "2023/2023-08-01-markup.md",
        """
        ---
        title: <b>x</b> & co
        date: 2023-08-01
        place: <i>Lisbon</i>
        ---
        Hello.
        """,
    )


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("keepsake") / "project")
    write_year(scratch)
    options = BookOptions(year=1, output=scratch.root / "out" / "year.pdf", html=True)
    report = make_book(scratch.settings(), options)
    yield Book(scratch, report, page_texts(report.pdf))


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def inks(pdf: Path, folder: Path) -> list[float]:
    """Each page's share of non-white pixels inside the trim, from a 20 dpi rendering."""
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(folder / "p")], check=True)
    shares = []
    for page in sorted(folder.glob("p-*.pgm")):
        with Image.open(page) as im:
            cut = round(BLEED_IN * 20)
            values = list(im.crop((cut, cut, im.width - cut, im.height - cut)).get_flattened_data())
        shares.append(sum(1 for v in values if v < 235) / len(values))
    return shares


def test_no_blank_page_inside_the_book(book: Book, tmp_path: Path) -> None:
    """No blank page, at most the title page's back: the printer's minimum is reached with
    designed pages (the year's photos, lined pages), not blanks."""
    ink = inks(book.report.pdf, tmp_path)
    blank = [n for n, share in enumerate(ink, 1) if share == 0]
    assert blank in ([], [2]), blank
    assert book.report.padding > 0
    designed = book.pages[book.report.pages - book.report.padding :]
    assert "Our year in photos" in designed[0]
    assert all("For what we did not write down" in page for page in designed[1:])


def test_short_notes_share_a_page(book: Book) -> None:
    """A letter no longer opens a page of its own: the entries of a month flow one after
    another, a short note and a letter on one page."""
    notes = [len(re.findall(r"From (Sam|Alex) to (Sam|Alex)\n", p)) for p in book.pages[3:]]
    assert max(notes) >= 2, notes


def test_photos_keep_their_shape_and_only_a_page_shaped_hero_bleeds(
    book: Book, tmp_path: Path
) -> None:
    """Every photo placed in the text has its original's aspect ratio; a full-bleed page holds
    a photo close to the page's shape (the 4:3 loses a quarter on a square page), never the
    16:9 ones (44% lost). The mosaic page crops on purpose (a grid of squares)."""
    listed = subprocess.run(
        ["pdfimages", "-list", str(book.report.pdf)], check=True, capture_output=True, text=True
    )
    images = [line.split() for line in listed.stdout.splitlines()[2:]]
    shapes = [w / h for w, h in SHAPES.values()]
    bleed_pages = full_bleed_pages(book.report.pdf, tmp_path)
    mosaic = next(n for n, text in enumerate(book.pages, 1) if "Our year in photos" in text)
    images = [row for row in images if int(row[0]) != mosaic]
    assert len(images) == len(SHAPES)
    for row in images:
        page, width, height = int(row[0]), int(row[3]), int(row[4])
        if page in bleed_pages:
            assert width / height == pytest.approx(1.0, abs=0.01)  # the page's own shape
        else:
            assert any(width / height == pytest.approx(s, rel=0.01) for s in shapes), row
    wide = [row for row in images if int(row[3]) / int(row[4]) == pytest.approx(16 / 9, rel=0.01)]
    assert len(wide) == 2 and not {int(row[0]) for row in wide} & set(bleed_pages)
    assert any("The lighthouse" in book.pages[page - 1] for page in bleed_pages)


def full_bleed_pages(pdf: Path, folder: Path) -> list[int]:
    subprocess.run(["pdftoppm", "-r", "10", "-png", str(pdf), str(folder / "b")], check=True)
    found = []
    for png in sorted(folder.glob("b-*.png")):
        with Image.open(png) as im:
            rgb = im.convert("RGB")
            corners = [rgb.getpixel((0, 0)), rgb.getpixel((rgb.width - 1, rgb.height - 1))]
        if all(pixel != (255, 255, 255) for pixel in corners):
            found.append(int(png.stem.split("-")[1]))
    return found


def test_a_letters_sign_off_keeps_its_line_breaks_and_every_note_is_signed_once(
    book: Book,
) -> None:
    text = "\n".join(book.pages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    closing = lines.index("Always yours,")
    assert lines[closing + 1] == "Sam"
    assert "Sam" not in lines[closing - 1] and "— Sam" not in text
    unsigned = lines.index("You were right.")
    assert lines[unsigned + 1] == "Alex"  # signed by the same rule, the name alone


def test_the_cover_is_a_separate_wraparound_page_with_the_spine_the_report_prints(
    book: Book,
) -> None:
    report = book.report
    assert report.cover == report.pdf.with_name("year-cover.pdf")
    (line,) = [line for line in report.lines() if line.startswith("  cover: ")]
    spine = float(re.search(r"spine ([\d.]+) in", line)[1])  # type: ignore[index]
    assert spine == pytest.approx(report.pages * 0.002252, abs=0.005)
    (page,) = PdfReader(report.cover).pages
    width_in = float(page.mediabox.width) / 72
    assert width_in == pytest.approx(2 * TRIM_IN + spine + 2 * BLEED_IN, abs=0.006)
    assert float(page.mediabox.height) / 72 == pytest.approx(TRIM_IN + 2 * BLEED_IN)
    assert float(page.trimbox.width) / 72 == pytest.approx(2 * TRIM_IN + spine, abs=0.006)
    assert "Our first year together" in (page.extract_text() or "")
    listed = subprocess.run(
        ["pdfimages", "-list", str(report.pdf)], check=True, capture_output=True, text=True
    )
    first_pages = [line.split()[0] for line in listed.stdout.splitlines()[2:]]
    assert "1" not in first_pages  # the interior opens on its title page, not on the cover


def test_journal_values_print_as_written_never_as_markup(book: Book) -> None:
    text = "\n".join(book.pages)
    assert "<b>x</b> & co" in text and "<i>Lisbon</i>" in text
    html = book.report.html.read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in html and "<b>x</b>" not in html


def test_chapters_can_open_on_a_right_hand_page(book: Book) -> None:
    out = book.scratch.root / "out" / "recto.pdf"
    make_book(book.scratch.settings(), BookOptions(year=1, output=out, chapter_start="recto"))
    pages = page_texts(out)
    for month in ("July 2023", "August 2023"):
        (number,) = [n for n, p in enumerate(pages, 1) if p.strip().startswith(month)]
        assert number % 2 == 1, month


def test_chapters_can_run_on(scratch: ScratchJournal) -> None:
    """`continuous`: a short month's chapter opens right under the month before, on its page.
    By default (`page`) each month opens a page, unless the month before would leave its
    last page less than half filled: then the next opens under it, with its first words (a
    page of one short note facing white is a half-empty page, not a chapter)."""
    for day, title in (("2023-06-20", "Picnic"), ("2023-07-04", "Coffee")):
        scratch.write(f"2023/{day}.md", f"---\ntitle: {title}\ndate: {day}\n---\nA short note.\n")
    run_on, paged = scratch.root / "run-on.pdf", scratch.root / "paged.pdf"
    options = BookOptions(year=1, output=run_on, chapter_start="continuous")
    make_book(scratch.settings(), options)
    make_book(scratch.settings(), BookOptions(year=1, output=paged))
    for pdf in (run_on, paged):
        (page,) = [p for p in page_texts(pdf) if "Picnic" in p and "Contents" not in p]
        assert "July 2023" in page and "Coffee" in page
    long = " ".join(["We walked and talked until the light went gold over the river."] * 40)
    scratch.write("2023/2023-06-20.md", f"---\ntitle: Picnic\ndate: 2023-06-20\n---\n{long}\n")
    make_book(scratch.settings(), BookOptions(year=1, output=paged))
    june, july = [
        n for n, p in enumerate(page_texts(paged)) if p.strip().startswith(("June", "July"))
    ]
    assert july > june and "Picnic" not in page_texts(paged)[july]


def test_running_heads_name_the_couple_on_the_left_and_the_month_on_the_right(book: Book) -> None:
    heads = {n: p.strip().splitlines()[0].strip() for n, p in enumerate(book.pages, 1) if p.strip()}
    left = [n for n, head in heads.items() if head == "SAM & ALEX"]
    right = [n for n, head in heads.items() if re.fullmatch(r"[A-Z]+ 2023", head)]
    assert left and right
    assert all(n % 2 == 0 for n in left) and all(n % 2 == 1 for n in right)


def test_paper_and_chapter_start_from_the_command_line(book: Book) -> None:
    out = book.scratch.root / "out" / "cream.pdf"
    command = ["book", "-f", str(book.scratch.config), "--year", "1", "-o", str(out)]
    result = CliRunner().invoke(main, [*command, "--paper", "cream", "--chapter-start", "page"])
    assert result.exit_code == 0, result.output
    pages = len(PdfReader(out).pages)
    assert f"spine {pages * 0.0025:.2f} in ({pages} pages on cream paper)" in result.output
    wrong = CliRunner().invoke(main, [*command, "--paper", "glossy"])
    assert wrong.exit_code == 2 and "'glossy' is not one of" in wrong.output
