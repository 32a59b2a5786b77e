"""Print services as profiles: the sizes each one sells and how it wants the book's two files.

Each profile follows a service's published specification, named in its `spec`; a size, a page
count or a bleed the service does not take is refused here, before anything is laid out.
`generic` is memorybook's own output for any printer: any size, the bleed asked for, and a
default trim (8.5 × 8.5 in) that Lulu and KDP both sell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from memorybook.errors import ConfigError

KDP_PAPER_IN = {"white": 0.002252, "cream": 0.0025, "colour": 0.002347}
"""KDP's thickness of one page by paper, in inches: black ink on white and on cream paper,
and premium colour (KDP Help, "Paperback Cover Calculator and Templates" and "Create a
Paperback Cover": spine width = page count × these)."""


@dataclass(frozen=True)
class CaseWrap:
    """A hardcover's printed case: the cover is glued round boards and folded in over them."""

    overhang_in: float
    """How far the boards stand out beyond the pages at the head, foot and fore-edge."""
    wrap_in: float
    """Printed beyond the board's edge on every outer side, folded in and glued down."""
    hinge_in: float
    """Beside the spine, on each board: the groove where the case bends; no photo edge or
    text goes there."""


@dataclass(frozen=True)
class PrintService:
    """What one print service sells and how it wants the interior and cover PDFs."""

    name: str
    """As written after `--service` and in `book: {service: ...}`."""
    title: str
    spec: str
    """The published specification the numbers follow (title, date or version, section)."""
    trims: Mapping[str, tuple[float, float]]
    """The trim sizes it sells, in inches, by the name the report prints."""
    default_trim: str
    bleed_in: float
    """Bleed the interior pages need (when anything bleeds), on the outer sides."""
    inside_bleed: bool
    """False where the service wants no bleed at the bound (inside) edge."""
    safety_in: float
    """Keep text and faces this far inside the trim."""
    min_pages: int
    max_pages: int
    page_multiple: int
    spine: Callable[[int, str], float]
    """The spine's width in inches for a page count and paper, by the service's own rule."""
    spine_text_pages: int
    """The fewest pages whose spine may carry text."""
    cover_bleed_in: float
    """Bleed round the outer edges of a paperback cover (a case wrap has `case.wrap_in`)."""
    fold_clear_in: float
    """How far the front cover's photo stays from the spine fold (folds drift)."""
    spine_margin_in: float = 0.0625
    """Spine text keeps this far from each fold."""
    case: CaseWrap | None = None
    pdf_variant: str = "pdf/x-4"
    """WeasyPrint's PDF/X variant for both files."""
    papers: tuple[str, ...] = ("white", "cream", "colour")
    default_paper: str = "white"
    any_size: bool = False
    """True only for `generic`: any trim within 2 to 20 inches a side."""

    def trim(self, size: tuple[float, float] | None) -> tuple[float, float]:
        """The trim for a size asked for (None: the default); a size not sold is an error."""
        if size is None:
            return self.trims[self.default_trim]
        if self.any_size:
            return size
        for width, height in self.trims.values():
            if abs(width - size[0]) <= 0.01 and abs(height - size[1]) <= 0.01:
                return width, height
        raise ConfigError(
            f"{self.name} does not sell a {_inches(size)} in book; its sizes are "
            f"{', '.join(self.trims)} (in inches)"
        )


def _inches(size: tuple[float, float]) -> str:
    return " x ".join(f"{value:.3f}".rstrip("0").rstrip(".") for value in size)


def lulu_paperback_spine(pages: int, _paper: str) -> float:
    """Lulu's perfect-bound spine: pages / 444 + 0.06 in, whatever the paper."""
    return pages / 444 + 0.06


LULU_CASEWRAP_SPINE = (
    (84, 0.25),
    (140, 0.5),
    (168, 0.625),
    (194, 0.6875),
    (222, 0.75),
    (250, 0.8125),
    (278, 0.875),
    (306, 0.9375),
    (334, 1.0),
    (360, 1.0625),
    (388, 1.125),
    (416, 1.1875),
    (444, 1.25),
    (472, 1.3125),
    (500, 1.375),
    (528, 1.4375),
    (556, 1.5),
    (582, 1.5625),
    (610, 1.625),
    (638, 1.6875),
    (666, 1.75),
    (694, 1.8125),
    (722, 1.875),
    (750, 1.9375),
    (778, 2.0),
    (799, 2.0625),
    (800, 2.125),
)
"""Lulu's hardcover spine table (Lulu Book Creation Guide, "Spine Width Calculations",
hardcover table, 24 to 800 pages): up to N pages, the spine is W in (6, 13, 16, 17 ... 54 mm).
Lulu's cover templates give it in inches: a 6 × 9 in casewrap of 611 to 638 pages is
15.4375 in wide, 2 × (6.125 + 0.75) + 1.6875."""


def lulu_casewrap_spine(pages: int, _paper: str) -> float:
    """The spine of Lulu's hardcover table for a page count."""
    return next(width for most, width in LULU_CASEWRAP_SPINE if pages <= most)


def kdp_paperback_spine(pages: int, paper: str) -> float:
    """KDP's spine: the page count times the paper's thickness."""
    return pages * KDP_PAPER_IN[paper]


LULU_SIZES = {
    "5x8in": (5.0, 8.0),
    "5.5x8.5in": (5.5, 8.5),
    "5.83x8.27in": (5.83, 8.27),
    "6x9in": (6.0, 9.0),
    "6.14x9.21in": (6.14, 9.21),
    "7x10in": (7.0, 10.0),
    "7.44x9.68in": (7.44, 9.68),
    "7.5x7.5in": (7.5, 7.5),
    "8.5x8.5in": (8.5, 8.5),
    "8.5x11in": (8.5, 11.0),
    "8.27x11.69in": (8.27, 11.69),
    "9x7in": (9.0, 7.0),
    "11x8.5in": (11.0, 8.5),
}
"""Lulu's book sizes sold as paperbacks and as casewrap hardcovers (Lulu, "Book Sizes" and
the Pricing Calculator: Novella, Digest, A5, US Trade, Royal, Executive, Crown Quarto, Small Square,
Square, US Letter, A4, Small Landscape, US Letter Landscape); 8.5 × 8.5 in is Lulu's square
photo book."""

KDP_SIZES = {
    "5x8in": (5.0, 8.0),
    "5.06x7.81in": (5.06, 7.81),
    "5.25x8in": (5.25, 8.0),
    "5.5x8.5in": (5.5, 8.5),
    "6x9in": (6.0, 9.0),
    "6.14x9.21in": (6.14, 9.21),
    "6.69x9.61in": (6.69, 9.61),
    "7x10in": (7.0, 10.0),
    "7.44x9.69in": (7.44, 9.69),
    "7.5x9.25in": (7.5, 9.25),
    "8x10in": (8.0, 10.0),
    "8.25x6in": (8.25, 6.0),
    "8.25x8.25in": (8.25, 8.25),
    "8.5x8.5in": (8.5, 8.5),
    "8.5x11in": (8.5, 11.0),
    "8.27x11.69in": (8.27, 11.69),
}
"""KDP's standard paperback trim sizes (KDP Help, "Set Trim Size, Bleed, and Margins", the trim
size table)."""

LULU_SPEC = (
    "Lulu Book Creation Guide (the edition on Lulu Help in 2026): 'File Dimension and Full "
    "Bleed' (0.125 in bleed on every edge, 0.5 in safety margin), 'Spine Width Calculations' "
    "(paperback: pages / 444 + 0.06 in, from 32 pages; hardcover: the table, 24 to 800 pages); "
    "Lulu Help on spine text: printed from 80 pages"
)

SERVICES: dict[str, PrintService] = {
    "generic": PrintService(
        name="generic",
        title="any printer (PDF/X-4, sRGB)",
        spec="memorybook's own: the bleed asked for, the spine by KDP's paper thickness",
        trims={"8.5x8.5in": (8.5, 8.5)},
        default_trim="8.5x8.5in",
        bleed_in=0.125,
        inside_bleed=True,
        safety_in=0.5,
        min_pages=24,
        max_pages=800,
        page_multiple=2,
        spine=kdp_paperback_spine,
        spine_text_pages=0,
        cover_bleed_in=0.125,
        fold_clear_in=0.25,
        any_size=True,
    ),
    "lulu-paperback": PrintService(
        name="lulu-paperback",
        title="Lulu paperback (perfect bound)",
        spec=LULU_SPEC,
        trims=LULU_SIZES,
        default_trim="8.5x8.5in",
        bleed_in=0.125,
        inside_bleed=True,
        safety_in=0.5,
        min_pages=32,
        max_pages=800,
        page_multiple=2,
        spine=lulu_paperback_spine,
        spine_text_pages=80,
        cover_bleed_in=0.125,
        fold_clear_in=0.25,
    ),
    "lulu-hardcover": PrintService(
        name="lulu-hardcover",
        title="Lulu hardcover (casewrap)",
        spec=LULU_SPEC
        + "; Lulu Help, 'Creating Your Hardcover Casewrap Cover' (0.75 in wrap area, board "
        "overhang, hinge); Lulu's 6 x 9 in casewrap template (6.125 x 9.25 in board, live "
        "area 5.321 x 8.75 in: 0.25 in at the head, foot and fore-edge, 0.554 in at the hinge)",
        trims=LULU_SIZES,
        default_trim="8.5x8.5in",
        bleed_in=0.125,
        inside_bleed=True,
        safety_in=0.5,
        min_pages=24,
        max_pages=800,
        page_multiple=2,
        spine=lulu_casewrap_spine,
        spine_text_pages=80,
        cover_bleed_in=0.125,
        fold_clear_in=0.554,
        case=CaseWrap(overhang_in=0.125, wrap_in=0.75, hinge_in=0.554),
    ),
    "kdp-paperback": PrintService(
        name="kdp-paperback",
        title="Amazon KDP paperback",
        spec=(
            "KDP Help: 'Set Trim Size, Bleed, and Margins' (bleed 0.125 in at the top, bottom "
            "and outside edge only: page 0.125 in wider and 0.25 in taller than the trim; "
            "outside margins at least 0.375 in with bleed; 24 to 828 pages), 'Paperback "
            "Submission Guidelines' (flatten transparency: PDF/X-3 here), 'Create a Paperback "
            "Cover' (0.125 in cover bleed, spine = pages x paper thickness, spine text from 79 "
            "pages, 0.0625 in each side of it)"
        ),
        trims=KDP_SIZES,
        default_trim="8.5x8.5in",
        bleed_in=0.125,
        inside_bleed=False,
        safety_in=0.375,
        min_pages=24,
        max_pages=828,
        page_multiple=2,
        spine=kdp_paperback_spine,
        spine_text_pages=79,
        cover_bleed_in=0.125,
        fold_clear_in=0.25,
        pdf_variant="pdf/x-3",
        default_paper="colour",
    ),
}
"""Every profile by name. Blurb is not here: its PDF specification could not be confirmed."""


def service_named(name: str | None) -> PrintService:
    """The profile for `--service NAME` (None: generic); an unknown name is a clear error."""
    if not name:
        return SERVICES["generic"]
    try:
        return SERVICES[name]
    except KeyError:
        raise ConfigError(
            f"--service {name!r} is not a print service memorybook knows; "
            f"choose one of {', '.join(SERVICES)}"
        ) from None


def check_pages(service: PrintService, pages: int) -> None:
    """A book longer than the service binds is refused (shorter ones are padded)."""
    if pages > service.max_pages:
        raise ConfigError(
            f"the book has {pages} pages; {service.title} binds at most {service.max_pages}: "
            "make it from fewer days (--from/--to) or a larger size"
        )
