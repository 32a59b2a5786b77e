"""The wraparound cover: back, spine and front on one page, separate from the interior.

Print-on-demand services (Lulu, KDP, Blurb) take the interior PDF and a cover PDF whose width
is two trim widths plus the spine plus the bleed on both sides; the spine's width follows from
the interior's page count and the paper it is printed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint

from memorybook.book.geometry import SAFETY_IN, PageGeometry, _num
from memorybook.book.layout import COVER_SHARE
from memorybook.book.render import LocalFetcher, quiet_weasyprint
from memorybook.files import write_atomic

PAPER_IN = {"white": 0.002252, "cream": 0.0025, "colour": 0.002347}
"""The thickness of one page (one side of a leaf) by paper, in inches, as KDP documents it:
white, cream and premium colour paper."""
SPINE_TEXT_MIN_IN = 0.25
"""Narrower spines carry no text: printers' folds drift by about 1/16 in on each side."""


@dataclass(frozen=True)
class CoverGeometry:
    """The cover's page: back, spine and front side by side, with bleed all round."""

    page: PageGeometry
    """The interior's trim and bleed (each panel of the cover is one trim page)."""
    spine_in: float
    pages: int
    """The interior's page count the spine was measured for."""
    paper: str

    @property
    def width_in(self) -> float:
        """The cover's trim width: back, spine and front."""
        return 2 * self.page.width_in + self.spine_in

    @property
    def media_in(self) -> tuple[float, float]:
        """The PDF page: 2 × trim + spine + 2 × bleed wide, trim + 2 × bleed high."""
        return self.width_in + 2 * self.page.bleed_in, self.page.height_in + 2 * self.page.bleed_in

    @property
    def spine_text(self) -> bool:
        return self.spine_in >= SPINE_TEXT_MIN_IN

    def describe(self) -> str:
        """`16.32 × 8.25 in with bleed, spine 0.07 in (32 pages on white paper)`."""
        width, height = self.media_in
        return (
            f"{_num(width)} × {_num(height)} in with bleed, spine {self.spine_in:.2f} in "
            f"({self.pages} pages on {self.paper} paper)"
        )


def cover_geometry(page: PageGeometry, pages: int, paper: str) -> CoverGeometry:
    """The cover for an interior of `pages` pages on `paper`."""
    return CoverGeometry(page, round(pages * PAPER_IN[paper], 4), pages, paper)


def cover_path(interior: Path) -> Path:
    """`NAME-cover.pdf` beside `NAME.pdf`."""
    return interior.with_name(f"{interior.stem}-cover.pdf")


def cover_css(cover: CoverGeometry) -> str:
    """Where the panels are: the page area starts at the back cover's trim corner."""
    page, spine = cover.page, cover.spine_in
    trim_w, trim_h, bleed = page.width_in, page.height_in, page.bleed_in
    front = trim_w + spine
    photo_h = COVER_SHARE * trim_h
    panel = f"width: {trim_w - 2 * SAFETY_IN - 0.3:.4f}in"
    return f"""\
@page {{ size: {cover.width_in:.4f}in {trim_h:.4f}in; bleed: {bleed:.4f}in; margin: 0; }}
.back {{ left: {SAFETY_IN + 0.15:.4f}in; top: {0.3 * trim_h:.4f}in; {panel}; }}
.spine__text {{ width: {trim_h:.4f}in; height: {spine:.4f}in; line-height: {spine:.4f}in;
  left: {trim_w + spine / 2 - trim_h / 2:.4f}in; top: {trim_h / 2 - spine / 2:.4f}in;
  font-size: {min(10.0, spine * 72 * 0.45):.2f}pt; }}
.front__photo {{ left: {front:.4f}in; top: -{bleed:.4f}in; }}
.front__text {{ left: {front + SAFETY_IN + 0.15:.4f}in; {panel};
  top: {photo_h + 0.28 * (trim_h - photo_h) - 0.1:.4f}in; }}
.front--plain .front__text {{ top: {0.36 * trim_h:.4f}in; }}
"""


def write_cover(html: str, base: Path, fetcher: LocalFetcher, target: Path) -> None:
    """Lay out the cover's HTML (one page) and write its PDF atomically."""
    with quiet_weasyprint():
        document: Any = weasyprint.HTML(
            string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher
        ).render()
        write_atomic(target, document.write_pdf)
