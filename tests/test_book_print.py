"""Files a print service takes as they are: its sizes, spine, cover geometry and PDF/X.

Each number is read back from the PDFs (pikepdf for the PDF/X keys and boxes, poppler for
what prints), never from the layout's own figures; the rules are the services' own, as
`memorybook.print_services` cites them.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image, ImageCms

from memorybook.book import BookOptions, BookReport, make_book
from memorybook.book.cover import cover_geometry
from memorybook.book.geometry import PageGeometry, service_geometry
from memorybook.cli import main
from memorybook.errors import ConfigError
from memorybook.imaging import SRGB_ICC, print_plan
from memorybook.print_services import SERVICES, check_pages, service_named
from tests.conftest import ScratchJournal
from tests.photo_files import jpeg

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftoppm", "pdftotext")),
    reason="needs poppler-utils",
)
PT = 72
TRIM = 8.5
BACKGROUND = (243, 235, 224)
"""The cover's paper colour (cover.css), to tell the photo from it."""


@dataclass
class Made:
    report: BookReport
    output: str
    """The report, as `memorybook book` prints it."""

    @functools.cached_property
    def interior(self) -> pikepdf.Pdf:
        """Kept open as long as the book (a page outlives no closed Pdf)."""
        return pikepdf.open(self.report.pdf)

    @functools.cached_property
    def cover(self) -> pikepdf.Pdf:
        assert self.report.cover
        return pikepdf.open(self.report.cover)


def write_year(scratch: ScratchJournal) -> None:
    """A short year (about 30 pages) whose milestone has a photo large enough to bleed on the
    cover."""
    scratch.write("2023/photos/big.jpg", jpeg((3600, 2400)))
    scratch.write("2023/photos/tall.jpg", jpeg((1800, 2400)))
    words = "We walked along the river until the light went gold over the roofs. " * 8
    scratch.write(
        "2023/2023-07-01-moved.md",
        f"---\ntitle: We moved in\ndate: 2023-07-01\nkind: milestone\n"
        f"photos: [photos/big.jpg, photos/tall.jpg]\n---\n{words}\n",
    )
    for month in range(8, 13):
        scratch.write(
            f"2023/2023-{month:02}-03-walk.md",
            f"---\ntitle: A walk in month {month}\ndate: 2023-{month:02}-03\n---\n{words}\n",
        )


def make(scratch: ScratchJournal, service: str) -> Made:
    """The book for a service; `generic` as made without --service."""
    output = scratch.root / "out" / f"{service}.pdf"
    chosen = None if service == "generic" else service
    report = make_book(scratch.settings(), BookOptions(year=1, output=output, service=chosen))
    return Made(report, "\n".join(report.lines()))


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Made]]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("print") / "project")
    write_year(scratch)
    names = ("lulu-paperback", "lulu-hardcover", "kdp-paperback", "generic")
    yield {name: make(scratch, name) for name in names}


def inches(box: pikepdf.Array) -> tuple[float, float, float, float]:
    left, bottom, right, top = (float(value) / PT for value in box)
    return left, bottom, right, top


def width_height(box: pikepdf.Array) -> tuple[float, float]:
    left, bottom, right, top = inches(box)
    return right - left, top - bottom


# -- the services' rules ------------------------------------------------------


def test_each_service_measures_the_spine_by_its_own_rule() -> None:
    lulu, case, kdp = (SERVICES[n] for n in ("lulu-paperback", "lulu-hardcover", "kdp-paperback"))
    assert lulu.spine(60, "white") == pytest.approx(60 / 444 + 0.06)  # 0.195 in
    assert round(lulu.spine(60, "colour"), 3) == 0.195  # Lulu's paper does not change it
    assert [case.spine(p, "white") for p in (24, 84, 85, 140, 141, 638, 800)] == [
        0.25,
        0.25,
        0.5,
        0.5,
        0.625,
        1.6875,
        2.125,
    ]
    assert kdp.spine(100, "white") == pytest.approx(0.2252)
    assert kdp.spine(100, "cream") == pytest.approx(0.25)
    assert kdp.spine(100, "colour") == pytest.approx(0.2347)


def test_spine_text_only_from_the_page_count_the_service_allows() -> None:
    page = PageGeometry(TRIM, TRIM, 0.125)
    kdp, lulu = service_named("kdp-paperback"), service_named("lulu-paperback")
    assert cover_geometry(page, 120, "colour", kdp).spine_text
    assert not cover_geometry(page, 78, "cream", kdp).spine_text  # 0.195 in, but under 79 pages
    assert not cover_geometry(page, 79, "colour", kdp).spine_text  # allowed, but 0.06 in to read
    assert cover_geometry(page, 80, "white", lulu).spine_text
    assert not cover_geometry(page, 78, "white", lulu).spine_text


def test_each_service_defaults_to_a_size_it_sells_and_refuses_one_it_does_not() -> None:
    for service in SERVICES.values():
        page = service_geometry(service, None, None)
        assert (page.width_in, page.height_in) == (8.5, 8.5)
    lulu = service_named("lulu-paperback")
    assert (service_geometry(lulu, "6x9in", None).width_in, lulu.name) == (6.0, "lulu-paperback")
    with pytest.raises(
        ConfigError, match=r"does not sell a 8 x 8 in book; its sizes are .*8\.5x8\.5in"
    ):
        service_geometry(lulu, "8x8in", None)
    with pytest.raises(ConfigError, match="asks for a bleed of 0.125 in"):
        service_geometry(lulu, None, "5mm")
    assert service_geometry(service_named(None), "8x8in", "5mm").width_in == 8.0  # generic


def test_without_a_service_the_book_is_a_square_lulu_and_kdp_both_sell(
    books: dict[str, Made],
) -> None:
    for page in books["generic"].interior.pages:
        assert width_height(page.TrimBox) == pytest.approx((8.5, 8.5))
    assert "service generic, trim 8.5 x 8.5 in" in books["generic"].output


def test_a_book_longer_than_the_service_binds_is_refused() -> None:
    check_pages(service_named("kdp-paperback"), 828)
    with pytest.raises(ConfigError, match="binds at most 828"):
        check_pages(service_named("kdp-paperback"), 830)


def test_a_size_or_service_it_cannot_make_is_a_usage_error(scratch: ScratchJournal) -> None:
    write_year(scratch)
    command = ["book", "-f", str(scratch.config), "--year", "1", "-o", str(scratch.root / "b.pdf")]
    small = CliRunner().invoke(main, [*command, "--service", "kdp-paperback", "--size", "9x9in"])
    assert small.exit_code == 2 and "kdp-paperback does not sell a 9 x 9 in book" in small.output
    assert "8.5x8.5in" in small.output and "Traceback" not in small.output
    marks = CliRunner().invoke(main, [*command, "--service", "lulu-paperback", "--crop-marks"])
    assert marks.exit_code == 2 and "lulu-paperback takes no crop marks" in marks.output
    unknown = CliRunner().invoke(main, [*command, "--service", "blurb"])
    assert unknown.exit_code == 2 and "'blurb' is not one of" in unknown.output
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(config + "      book: {service: nope}\n", encoding="utf-8")
    wrong = CliRunner().invoke(main, command)
    assert wrong.exit_code == 2 and "book.service 'nope' is not one of" in wrong.output


def test_the_service_can_be_chosen_in_mkdocs_yml(scratch: ScratchJournal) -> None:
    write_year(scratch)
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(config + "      book: {service: kdp-paperback}\n", encoding="utf-8")
    output = scratch.root / "kdp.pdf"
    result = CliRunner().invoke(
        main, ["book", "-f", str(scratch.config), "--year", "1", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "service kdp-paperback, trim 8.5 x 8.5 in" in result.output


# -- the files, as a printer reads them ---------------------------------------


def test_the_report_names_the_service_trim_pages_and_the_spine_its_rule_gives(
    books: dict[str, Made],
) -> None:
    made = books["lulu-paperback"]
    pages = len(made.interior.pages)
    spine = pages / 444 + 0.06
    line = f"service lulu-paperback, trim 8.5 x 8.5 in, {pages} pages, spine {spine:.3f} in"
    assert line in made.output
    assert pages >= 32 and pages % 2 == 0  # Lulu's minimum for a paperback


@pytest.mark.parametrize(
    ("name", "board", "outer"),
    [
        ("lulu-paperback", 0.0, 0.125),
        ("kdp-paperback", 0.0, 0.125),
        ("lulu-hardcover", 0.125, 0.75),
    ],
)
def test_the_cover_is_two_panels_and_the_spine_the_service_gives_for_the_page_count(
    books: dict[str, Made], name: str, board: float, outer: float
) -> None:
    made = books[name]
    pages = len(made.interior.pages)
    service = SERVICES[name]
    spine = service.spine(pages, service.default_paper)
    (cover,) = made.cover.pages
    width, height = width_height(cover.MediaBox)
    panel_w, panel_h = TRIM + board, TRIM + 2 * board
    assert width == pytest.approx(2 * panel_w + spine + 2 * outer, abs=0.01)
    assert height == pytest.approx(panel_h + 2 * outer, abs=0.01)
    trim_w, trim_h = width_height(cover.TrimBox)
    assert trim_w == pytest.approx(2 * panel_w + spine, abs=0.01)
    assert width_height(cover.BleedBox) == pytest.approx((width, height))


def test_a_case_wrap_for_sixty_pages_is_the_size_lulus_table_makes_it() -> None:
    """8.5 × 8.5 in casewrap of 60 pages: two 8.625 in boards, a 0.25 in spine, 0.75 in wrap."""
    page = PageGeometry(TRIM, TRIM, 0.125)
    cover = cover_geometry(page, 60, "white", service_named("lulu-hardcover"))
    assert cover.media_in == pytest.approx((19.0, 10.25))


@pytest.mark.parametrize(("name", "clear"), [("lulu-paperback", 0.25), ("lulu-hardcover", 0.554)])
def test_the_front_photo_stays_clear_of_the_spine_fold(
    books: dict[str, Made], name: str, clear: float, tmp_path: Path
) -> None:
    made = books[name]
    assert made.report.cover and made.report.cover_geometry
    geometry = made.report.cover_geometry
    dpi = 100
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", made.report.cover, tmp_path / "c"],
        check=True,
    )
    image = Image.open(tmp_path / "c.png").convert("RGB")
    row = round((geometry.outer_in + 1.0) * dpi)  # an inch below the head's trim
    fold_px = (geometry.outer_in + geometry.fold_in) * dpi
    photo = [
        x
        for x in range(image.width)
        if max(abs(a - b) for a, b in zip(image.getpixel((x, row)), BACKGROUND, strict=True)) > 40
    ]
    assert photo, "the cover photo bleeds in this book"
    first = min(x for x in photo if x > fold_px - 0.5 * dpi)
    assert (first - fold_px) / dpi >= clear - 0.02  # clear of the fold (and a case's hinge)
    spine_left = (geometry.outer_in + geometry.board_in[0]) * dpi
    assert not [x for x in photo if spine_left - 2 <= x <= fold_px + 2]  # nothing on the spine
    assert max(photo) >= image.width - 2  # out over the fore-edge's bleed or wrap


def test_no_spine_text_on_a_book_too_thin_for_the_service(books: dict[str, Made]) -> None:
    made = books["lulu-paperback"]
    assert made.report.cover and made.report.cover_geometry
    geometry = made.report.cover_geometry
    assert geometry.pages < 80
    spine_x = (geometry.outer_in + geometry.board_in[0]) * PT
    text = subprocess.run(
        ["pdftotext", "-r", "72", "-x", str(round(spine_x - 2)), "-y", "0", "-W"]
        + [str(round(geometry.spine_in * PT + 4)), "-H", "2000", made.report.cover, "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert not text.strip()


@pytest.mark.parametrize("name", ["lulu-paperback", "lulu-hardcover", "kdp-paperback", "generic"])
def test_both_files_are_pdf_x_with_an_srgb_output_intent_and_boxes_on_every_page(
    books: dict[str, Made], name: str
) -> None:
    variant = {"kdp-paperback": "PDF/X-3:2003"}.get(name, "PDF/X-4")
    for pdf in (books[name].interior, books[name].cover):
        assert pdf.pdf_version == ("1.4" if variant.startswith("PDF/X-3") else "1.6")
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == variant
        assert str(pdf.docinfo["/Title"]) and str(pdf.docinfo["/Trapped"]) == "/False"
        with pdf.open_metadata() as xmp:
            assert xmp["pdfxid:GTS_PDFXVersion"] == variant
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        icc = intent.DestOutputProfile.read_bytes()
        assert icc[16:20] == b"RGB " and intent.DestOutputProfile.N == 3
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
        for page in pdf.pages:
            trim, bleed = inches(page.TrimBox), inches(page.BleedBox)
            assert bleed[0] <= trim[0] and bleed[1] <= trim[1]
            assert bleed[2] >= trim[2] and bleed[3] >= trim[3]
            assert inches(page.MediaBox) == pytest.approx(bleed)


def test_kdp_interior_has_no_bleed_at_the_bound_edge(books: dict[str, Made]) -> None:
    """KDP: page 0.125 in wider and 0.25 in taller than the trim, the bleed on the outside."""
    pdf = books["kdp-paperback"].interior
    for number, page in enumerate(pdf.pages, 1):
        media, trim = inches(page.MediaBox), inches(page.TrimBox)
        assert width_height(page.MediaBox) == pytest.approx((TRIM + 0.125, TRIM + 0.25))
        assert width_height(page.TrimBox) == pytest.approx((TRIM, TRIM))
        bound, outer = (media[0] - trim[0], media[2] - trim[2])
        if number % 2 == 0:  # a left-hand page is bound on its right
            bound, outer = (media[2] - trim[2], trim[0] - media[0])
        else:
            outer = media[2] - trim[2]
        assert bound == pytest.approx(0) and outer == pytest.approx(0.125)
    lulu = books["lulu-paperback"].interior.pages[1]
    assert width_height(lulu.MediaBox) == pytest.approx((TRIM + 0.25, TRIM + 0.25))


def test_pdf_x_3_has_no_transparency(books: dict[str, Made]) -> None:
    """KDP asks for flattened transparency, and PDF/X-3 allows none: no soft mask, no alpha
    below 1, no blend mode, no transparency group."""
    for pdf in (books["kdp-paperback"].interior, books["kdp-paperback"].cover):
        for obj in pdf.objects:
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            assert "/SMask" not in obj or obj.SMask == "/None"
            for key in ("/CA", "/ca"):
                assert key not in obj or float(obj[key]) == 1
            assert "/BM" not in obj or obj.BM in ("/Normal", "/Compatible")
            if "/Group" in obj:
                assert obj.Group.get("/S") != "/Transparency"


# -- the same journal, the same bytes -----------------------------------------


def test_two_builds_from_empty_caches_give_the_same_bytes(scratch: ScratchJournal) -> None:
    """Each build a process of its own, as a person runs them, a second or more apart."""
    write_year(scratch)
    output, cache = scratch.root / "book.pdf", scratch.settings().cache_dir
    command = [sys.executable, "-m", "memorybook", "book", "-f", str(scratch.config)]
    command += ["--year", "1", "--service", "lulu-paperback", "-o", str(output)]
    made = []
    for _ in range(2):
        shutil.rmtree(cache, ignore_errors=True)
        subprocess.run(command, check=True, capture_output=True)
        made.append((output.read_bytes(), output.with_name("book-cover.pdf").read_bytes()))
        time.sleep(1.1)  # the clock's second changes between the two builds
    assert made[0][0] == made[1][0]
    assert made[0][1] == made[1][1]


def test_the_renditions_colour_profile_carries_no_date() -> None:
    assert SRGB_ICC[24:36] == bytes(12)
    profile = ImageCms.ImageCmsProfile(io.BytesIO(SRGB_ICC))
    assert "sRGB" in ImageCms.getProfileDescription(profile)


# -- photo resolution ---------------------------------------------------------


def test_a_photo_with_pixels_enough_is_never_reported_soft_by_rounding() -> None:
    """A 2160 × 3840 phone photo has 300 ppi or more for any box up to 7.2 × 12.8 in; however
    the box rounds, its print rendition says so, and the preflight stays quiet."""
    size = (2160, 3840)
    for crop in (False, True):
        for width in [x / 100 for x in range(40, 720)]:
            for box in ((width, 8.5), (width, width * 16 / 9), (8.5, width)):
                plan = print_plan(size, box, 300, crop=crop)
                x0, y0, x1, y1 = plan.crop
                placed_w = box[0] if crop else min(box[0], box[1] * size[0] / size[1])
                placed_h = placed_w * (y1 - y0) / (x1 - x0)
                if min((x1 - x0) / placed_w, (y1 - y0) / placed_h) >= 300:
                    assert plan.effective_ppi >= 299.5, (box, crop, plan)
