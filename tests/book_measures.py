"""A photo-book designer's figures, read from the PDF itself (PyMuPDF), never from the layout's
own numbers: how much of the pages photos cover, how large they are, how full each page is,
how long the body's lines run.

`bench/book_figures.py` prints them for the generated year and the sample; the book tests
assert them.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pymupdf

PT = 72.0
BODY_PT = (10.0, 12.5)
"""Body type sizes (the body grows a little with the page; headings are larger, notes' type
a little larger, captions and labels smaller)."""
HEAD_ZONE_IN = 0.75
"""Running heads and folios stand in this band at the top and foot of the trim."""


@dataclass
class PageFigures:
    number: int
    photos: list[tuple[float, float]] = field(default_factory=list)
    """Each photo's (width, height) on the trimmed page, in inches."""
    images: list[int] = field(default_factory=list)
    """Each photo's image (its PDF xref), in the order of `photos`: the same photo placed
    twice (on its page and in the year's mosaic) is one image."""
    photo_area: float = 0.0
    """Square inches of the trimmed page under photos."""
    extent: float = 0.0
    """How far down the page its content reaches: from the top of the highest to the foot of
    the lowest text, photo or drawing (running heads and folios aside), in inches."""
    text_lines: int = 0
    full_bleed: bool = False
    lines: list[str] = field(default_factory=list)
    """The body's lines of text."""


@dataclass
class BookFigures:
    pages: list[PageFigures]
    trim: tuple[float, float]
    text_height: float

    @property
    def coverage(self) -> float:
        """The share of all the pages' area that photos cover."""
        area = self.trim[0] * self.trim[1] * len(self.pages)
        return sum(p.photo_area for p in self.pages) / area

    @property
    def median_short_side(self) -> float:
        sides = [min(w, h) for p in self.pages for w, h in p.photos]
        return statistics.median(sides) if sides else 0.0

    @property
    def median_photo_short_side(self) -> float:
        """The median short side of the book's photos, each once at its largest placement (the
        year's mosaic repeats every photo as a small tile: a repeat, not another photo)."""
        largest: dict[int, float] = {}
        for page in self.pages:
            for image, (w, h) in zip(page.images, page.photos, strict=True):
                largest[image] = max(largest.get(image, 0.0), min(w, h))
        return statistics.median(largest.values()) if largest else 0.0

    @property
    def last_with_content(self) -> int:
        return max((p.number for p in self.pages if p.extent > 0), default=0)

    def underfilled(self) -> list[int]:
        """Pages before the last with content whose content reaches less than half the text
        height (blank pages included)."""
        return [
            p.number
            for p in self.pages[: self.last_with_content - 1]
            if p.extent < 0.5 * self.text_height and not p.full_bleed
        ]

    def blank(self) -> list[int]:
        return [p.number for p in self.pages[: self.last_with_content - 1] if p.extent == 0]

    def lone_photos(self) -> list[int]:
        """Pages with one photo, not full-bleed, no words, covering under a third of the page."""
        page_area = self.trim[0] * self.trim[1]
        return [
            p.number
            for p in self.pages
            if len(p.photos) == 1
            and not p.full_bleed
            and p.text_lines <= 1
            and p.photo_area < page_area / 3
        ]

    @property
    def longest_line(self) -> int:
        return max((len(line) for p in self.pages for line in p.lines), default=0)

    def summary(self) -> str:
        under = self.underfilled()
        return (
            f"{len(self.pages)} pages; photos cover {self.coverage:.0%} of the page area; "
            f"median photo short side {self.median_short_side:.2f} in "
            f"({self.median_photo_short_side:.2f} in, each photo once); "
            f"{len(under)} pages before the last under half filled {under}; "
            f"blank inside {self.blank()}, "
            f"{len(self.pages) - self.last_with_content} blank at the end; "
            f"lone-photo pages {self.lone_photos()}; "
            f"longest body line {self.longest_line} characters"
        )


def measure(pdf: Path, text_height_in: float) -> BookFigures:
    """The figures of every page of `pdf`."""
    with pymupdf.open(pdf) as doc:
        trim = doc[0].trimbox
        pages = [_page(number, page) for number, page in enumerate(doc, 1)]
    return BookFigures(pages, (trim.width / PT, trim.height / PT), text_height_in)


def _page(number: int, page: pymupdf.Page) -> PageFigures:
    trim = page.trimbox
    figures = PageFigures(number)
    tops, bottoms = [], []
    for info in page.get_image_info(xrefs=True):
        box = pymupdf.Rect(info["bbox"]) & trim
        if box.is_empty:
            continue
        figures.photos.append((box.width / PT, box.height / PT))
        figures.images.append(info["xref"])
        figures.photo_area += box.width * box.height / PT / PT
        tops.append(box.y0)
        bottoms.append(box.y1)
        if box.width >= trim.width - 1 and box.height >= trim.height - 1:
            figures.full_bleed = True
    zone = HEAD_ZONE_IN * PT
    for drawing in page.get_drawings():  # rules, ornaments, a lined page's lines
        box = pymupdf.Rect(drawing["rect"]) & trim
        if not box.is_empty and box.y0 > trim.y0 + zone and box.y1 < trim.y1 - zone:
            tops.append(box.y0)
            bottoms.append(box.y1)
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            y0, y1 = line["bbox"][1], line["bbox"][3]
            if y1 < trim.y0 + zone or y0 > trim.y1 - zone:
                continue  # a running head or a folio
            tops.append(y0)
            bottoms.append(y1)
            figures.text_lines += 1
            text = "".join(s["text"] for s in spans).strip()
            if all(BODY_PT[0] <= s["size"] <= BODY_PT[1] for s in spans):
                figures.lines.append(text)
    if tops:
        figures.extent = (max(bottoms) - min(tops)) / PT
    return figures
