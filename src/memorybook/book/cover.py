"""The wraparound cover: back, spine and front on one page, separate from the interior.

Print-on-demand services (Lulu, KDP) take the interior PDF and a cover PDF whose width is two
trim widths plus the spine plus the bleed on both sides (a hardcover's case: two boards, the
spine and the wrap folded over the boards); the spine's width follows from the interior's page
count by the service's own rule (`memorybook.print_services`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint

from memorybook.book.geometry import PageGeometry, _num
from memorybook.book.layout import COVER_SHARE
from memorybook.book.pdfx import pdf_options
from memorybook.book.render import LocalFetcher, quiet_weasyprint
from memorybook.files import write_atomic
from memorybook.print_services import PrintService, kdp_paperback_spine, service_named

SPINE_TEXT_MIN_IN = 0.1
"""Room across the spine (inside its margins) below which no text goes on it: smaller type
could not be read."""
GENERIC_SPINE_TEXT_IN = 0.25
"""Without a service, spine text only from this width: folds drift by about 1/16 in."""


@dataclass(frozen=True)
class CoverGeometry:
    """The cover's page: back, spine and front side by side, with bleed (or, for a case wrap,
    the wrap over the boards) all round. Lengths are in inches from the trim's corner."""

    page: PageGeometry
    """The interior's trim and bleed."""
    spine_in: float
    pages: int
    """The interior's page count the spine was measured for."""
    paper: str
    service: PrintService

    @property
    def board_in(self) -> tuple[float, float]:
        """One panel (back or front) as it shows on the finished book: the trim, or a case's
        board, which stands out beyond the pages at the head, foot and fore-edge."""
        case = self.service.case
        over = case.overhang_in if case else 0.0
        return self.page.width_in + over, self.page.height_in + 2 * over

    @property
    def outer_in(self) -> float:
        """Beyond the trim on every outer edge: a case's wrap, the service's cover bleed, or
        (generic) the interior's bleed."""
        if self.service.case:
            return self.service.case.wrap_in
        return self.page.bleed_in if self.service.any_size else self.service.cover_bleed_in

    @property
    def width_in(self) -> float:
        """The cover's trim width: back, spine and front."""
        return 2 * self.board_in[0] + self.spine_in

    @property
    def media_in(self) -> tuple[float, float]:
        """The PDF page: the trim with the bleed (or wrap) on every side."""
        return self.width_in + 2 * self.outer_in, self.board_in[1] + 2 * self.outer_in

    @property
    def fold_in(self) -> float:
        """Where the front panel starts: the fold between the spine and the front."""
        return self.board_in[0] + self.spine_in

    @property
    def spine_text(self) -> bool:
        """The service allows text on a spine this thick, and it has room to be read."""
        room = self.spine_in - 2 * self.service.spine_margin_in
        if self.service.any_size:
            return self.spine_in >= GENERIC_SPINE_TEXT_IN
        return self.pages >= self.service.spine_text_pages and room >= SPINE_TEXT_MIN_IN

    def describe(self) -> str:
        """`16.32 × 8.25 in with bleed, spine 0.07 in (32 pages on white paper)`."""
        width, height = self.media_in
        on = f" on {self.paper} paper" if self.service.spine is kdp_paperback_spine else ""
        edge = f"with a {_num(self.outer_in)} in wrap" if self.service.case else "with bleed"
        return (
            f"{_num(width)} × {_num(height)} in {edge}, spine {self.spine_in:.2f} in "
            f"({self.pages} pages{on})"
        )


def cover_geometry(
    page: PageGeometry, pages: int, paper: str, service: PrintService | None = None
) -> CoverGeometry:
    """The cover for an interior of `pages` pages on `paper`, by the service's spine rule."""
    service = service or service_named(None)
    if paper not in service.papers:
        paper = service.default_paper
    spine = round(service.spine(pages, paper), 4)
    return CoverGeometry(page, spine, pages, paper, service)


def front_photo_box(page: PageGeometry, service: PrintService) -> tuple[float, float]:
    """The front cover's photo (width, height): from clear of the spine fold out over the
    fore-edge's bleed (or wrap), and from the head's bleed down to its share of the panel.
    It never reaches the fold, which drifts, nor a case's hinge."""
    cover = cover_geometry(page, service.min_pages, service.default_paper, service)
    board_w, board_h = cover.board_in
    width = board_w - service.fold_clear_in + cover.outer_in
    return round(width, 4), round(COVER_SHARE * board_h + cover.outer_in, 4)


def mounted_at(photo_in: tuple[float, float], cover: CoverGeometry) -> dict[str, float]:
    """Where a cover photo too small to bleed sits: centred on the front panel, near its top."""
    board_w = cover.board_in[0]
    left = cover.fold_in + (board_w - photo_in[0]) / 2
    top = cover.page.safety_in + 0.4
    return {"left": round(left, 4), "top": top, "text_top": round(top + photo_in[1] + 0.7, 4)}


def cover_path(interior: Path) -> Path:
    """`NAME-cover.pdf` beside `NAME.pdf`."""
    return interior.with_name(f"{interior.stem}-cover.pdf")


def cover_css(cover: CoverGeometry) -> str:
    """Where the panels are: the page area starts at the back panel's trim corner."""
    (board_w, board_h), spine, outer = cover.board_in, cover.spine_in, cover.outer_in
    safety, fold = cover.page.safety_in, cover.fold_in
    clear = cover.service.fold_clear_in
    photo_h = COVER_SHARE * board_h
    panel = f"width: {board_w - 2 * safety - 0.3:.4f}in"
    text_room = spine - 2 * cover.service.spine_margin_in
    return f"""\
@page {{ size: {cover.width_in:.4f}in {board_h:.4f}in; bleed: {outer:.4f}in; margin: 0; }}
.back {{ left: {safety + 0.15:.4f}in; top: {0.3 * board_h:.4f}in; {panel}; }}
.spine__text {{ width: {board_h:.4f}in; height: {spine:.4f}in; line-height: {spine:.4f}in;
  left: {board_w + spine / 2 - board_h / 2:.4f}in; top: {board_h / 2 - spine / 2:.4f}in;
  font-size: {min(10.0, text_room * 72 * 0.8):.2f}pt; }}
.front__photo {{ left: {fold + clear:.4f}in; top: -{outer:.4f}in; }}
.front__text {{ left: {fold + safety + 0.15:.4f}in; {panel};
  top: {photo_h + 0.28 * (board_h - photo_h) - 0.1:.4f}in; }}
.front--plain .front__text {{ top: {0.36 * board_h:.4f}in; }}
"""


def write_cover(
    html: str, base: Path, fetcher: LocalFetcher, target: Path, cover: CoverGeometry
) -> None:
    """Lay out the cover's HTML (one page) and write its PDF/X atomically."""
    with quiet_weasyprint():
        document: Any = weasyprint.HTML(
            string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher
        ).render()
        options = pdf_options(cover.service, inside_bleed=True)

        def write(stream: Any) -> None:
            document.write_pdf(stream, **options)

        write_atomic(target, write)
