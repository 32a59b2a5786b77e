"""Designed pages for a book shorter than the printer's minimum: never blank pages.

The year's photos as a mosaic, then lined pages for what the couple did not write down; only
a page the multiple still needs after those would be left blank.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import weasyprint

from memorybook import framing
from memorybook.book.layout import Placement
from memorybook.book.render import LocalFetcher, quiet_weasyprint, render_html
from memorybook.book.spreads import placements
from memorybook.book.views import Photos

if TYPE_CHECKING:
    from memorybook.book import BookPlan

TEMPLATE = "extras.html.j2"
MOSAIC_MOST = 48
"""The most photos on the mosaic page: beyond, every other one (evenly)."""
MOSAIC_GAP_IN = 0.06
LINE_GAP_IN = 0.36
"""Between two writing lines: a comfortable hand."""


@dataclass(frozen=True)
class Tile:
    """One photo of the mosaic: a square cell, the photo cropped to fill it."""

    url: str
    position: str


def extra_pages(
    templates: Path,
    context: dict[str, Any],
    photos: Photos,
    plan: BookPlan,
    count: int,
    fetcher: LocalFetcher,
    framings: Mapping[str, framing.Framing],
) -> list[Any]:
    """`count` designed pages, laid out by WeasyPrint, to append to the book."""
    tiles = mosaic_tiles(placements(plan.sheets), photos, plan.sizes, framings)
    cell, columns = mosaic_cell(len(tiles), plan.page.text_width_in, plan.page.text_height_in)
    lines = int((plan.page.text_height_in - 1.1) / LINE_GAP_IN)
    extras = {
        **context,
        "tiles": tiles,
        "cell_in": cell,
        "columns": columns,
        "lined_pages": count - (1 if tiles else 0),
        "lines": range(lines),
    }
    html = render_html(templates, extras, TEMPLATE)
    with quiet_weasyprint():
        document = weasyprint.HTML(
            string=html, base_url=templates.as_uri() + "/", url_fetcher=fetcher
        ).render()
    return list(document.pages[:count])


def mosaic_tiles(
    placed: Sequence[Placement],
    photos: Photos,
    sizes: Mapping[str, tuple[int, int]],
    framings: Mapping[str, framing.Framing],
) -> list[Tile]:
    """The book's photos (each once, in order), as mosaic tiles of their print renditions,
    each square crop keeping the photo's faces (else its salient part)."""
    seen: dict[str, Tile] = {}
    for placement in placed:
        view = photos.view(placement)
        if view is not None and placement.photo.rel not in seen:
            position = tile_position(placement, sizes, framings)
            seen[placement.photo.rel] = Tile(view.url, position)
    tiles = list(seen.values())
    if len(tiles) > MOSAIC_MOST:
        step = len(tiles) / MOSAIC_MOST
        tiles = [tiles[int(i * step)] for i in range(MOSAIC_MOST)]
    return tiles


def tile_position(
    placement: Placement,
    sizes: Mapping[str, tuple[int, int]],
    framings: Mapping[str, framing.Framing],
) -> str:
    """CSS `object-position` of a square tile: a whole photo's rendition has the photo's
    shape, so its faces are where `framing` found them; a rendition already cropped (a full-
    bleed page's, cut around its faces) is nearly square and keeps its middle."""
    size, found = sizes.get(placement.photo.rel), framings.get(placement.photo.rel)
    if placement.crop or not size or found is None:
        return "50% 50%"
    x, y = framing.object_position(size, 1.0, found.keep, found.focus)
    return f"{x:g}% {y:g}%"


def mosaic_cell(count: int, width_in: float, height_in: float) -> tuple[float, int]:
    """The side of a square cell and the columns that fit `count` cells in the box largest."""
    best = (0.0, 1)
    if not count:
        return best
    for columns in range(1, max(count, 1) + 1):
        rows = math.ceil(count / columns)
        side = min(
            (width_in - MOSAIC_GAP_IN * (columns - 1)) / columns,
            (height_in - 0.9 - MOSAIC_GAP_IN * (rows - 1)) / rows,
        )
        if side > best[0]:
            best = (side, columns)
    return round(best[0] - 0.005, 3), best[1]
