"""Where each photo goes: blocks of photos that keep every photo's shape and fill a box.

A block is a slicing tree (Atkins, "Adaptive photo collection page layout", ICIP 2004): the
box is cut in two, side by side or one above the other, again and again, one photo to each
leaf. Every tree over the photos in their order is tried and the one whose photos cover the
box best (none too small to look at) is kept, so the same photos always get the same block.
Pure functions of photo sizes and page geometry, testable without rendering anything; the
sizes become print renditions exactly this big.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from memorybook.book.geometry import SAFETY_IN, PageGeometry
from memorybook.journal import Entry, Photo
from memorybook.photos import PrintRequest

GAP_IN = 0.14
"""Space between photos in a block."""
MIN_SHORT_IN = 2.25
"""The shortest side a photo may have outside a grid ("about 2.5 in": a 4:3 and a 3:4 photo
side by side on an 8.5 in page get 2.47 in); a smaller one is a thumbnail. The score of a
layout grows with its photos' sides, so larger ones win wherever they fit."""
GRID_SHORT_IN = 1.4
"""The shortest side of a photo in a deliberate grid (a page of many photos)."""
MAX_TREE_PHOTOS = 6
"""Blocks of more photos are set as a grid of justified rows (the trees would be too many)."""
MIN_PRINT_PPI = 150
"""A photo is never printed larger than this resolution allows: below it, it looks blurry, and
a smaller photo that is sharp is better than a large one that is not."""
BLEED_PPI = 300
"""A full-bleed page is chosen only for a photo whose crop prints at this resolution (the
preflight's target, `photos.print_ppi`): below it the preflight reports the page slightly soft."""
BLEED_MAX_CROP = 0.25
"""A photo fills a full-bleed page only if cropping it to the page loses at most this share of
its area (a 4:3 photo on a square page)."""
COVER_SHARE = 0.62
"""The share of the front cover's height (from the top) that its photo fills."""


@dataclass(frozen=True)
class Placement:
    """One photo at its printed size, and where it sits in its block."""

    photo: Photo
    width_in: float
    height_in: float
    crop: bool = False
    """True when the photo is cropped to fill its box (full-bleed pages and the cover); every
    other photo is printed whole, in its own shape."""
    x_in: float = 0.0
    """From the block's left edge."""
    y_in: float = 0.0
    """From the block's top edge."""

    @property
    def short_in(self) -> float:
        return min(self.width_in, self.height_in)


@dataclass(frozen=True)
class Block:
    """Photos arranged to fill a box: a page's photo area, or the room above or below words."""

    placements: tuple[Placement, ...]
    width_in: float
    height_in: float

    @property
    def coverage(self) -> float:
        """The share of the box the photos cover."""
        area = sum(p.width_in * p.height_in for p in self.placements)
        return area / (self.width_in * self.height_in)

    @property
    def smallest_in(self) -> float:
        return min(p.short_in for p in self.placements)

    @property
    def shape(self) -> str:
        """The page template the block makes: `single`, `two-up`, `large-and-small`, `grid`."""
        count = len(self.placements)
        if count <= 2:
            return ("single", "two-up")[count - 1]
        areas = sorted(p.width_in * p.height_in for p in self.placements)
        return "large-and-small" if count == 3 and areas[-1] > 1.6 * areas[-2] else "grid"


@dataclass(frozen=True)
class _Tree:
    """A slicing tree: its width is `a * height + b` at any height (exactly, gaps included)."""

    a: float
    b: float
    leaf: int = -1
    cut: str = ""
    """`h`: children side by side; `v`: one above the other."""
    left: _Tree | None = None
    right: _Tree | None = None


def _join(left: _Tree, right: _Tree, cut: str) -> _Tree:
    if cut == "h":
        return _Tree(left.a + right.a, left.b + right.b + GAP_IN, cut=cut, left=left, right=right)
    a = 1 / (1 / left.a + 1 / right.a)
    b = a * (left.b / left.a + right.b / right.a - GAP_IN)
    return _Tree(a, b, cut=cut, left=left, right=right)


@functools.cache
def _trees(aspects: tuple[float, ...], first: int = 0) -> tuple[_Tree, ...]:
    """Every slicing tree over these photos in their order."""
    if len(aspects) == 1:
        return (_Tree(aspects[0], 0.0, leaf=first),)
    found = []
    for split in range(1, len(aspects)):
        for left in _trees(aspects[:split], first):
            for right in _trees(aspects[split:], first + split):
                found += [_join(left, right, "h"), _join(left, right, "v")]
    return tuple(found)


def _height_in_box(tree: _Tree, width: float, height: float) -> float:
    return min(height, (width - tree.b) / tree.a)


def _place(tree: _Tree, x: float, y: float, h: float, out: dict[int, tuple[float, ...]]) -> None:
    """Each leaf's (x, y, width, height) when the tree is `h` high at (x, y)."""
    width = tree.a * h + tree.b
    if tree.left is None or tree.right is None:
        out[tree.leaf] = (x, y, width, h)
    elif tree.cut == "h":
        _place(tree.left, x, y, h, out)
        _place(tree.right, x + tree.left.a * h + tree.left.b + GAP_IN, y, h, out)
    else:
        top = (width - tree.left.b) / tree.left.a
        _place(tree.left, x, y, top, out)
        _place(tree.right, x, y + top + GAP_IN, (width - tree.right.b) / tree.right.a, out)


def photo_margins(page: PageGeometry) -> tuple[float, float, float, float]:
    """Top, outer, bottom and inner margins of a page of photos: photos may come closer to
    the edge than words (to the printer's safety margin), never into the fold."""
    edge = SAFETY_IN
    return edge, edge, edge, edge + page.gutter_in


def photo_box(page: PageGeometry) -> tuple[float, float]:
    """The width and height a page of photos fills."""
    top, outer, bottom, inner = photo_margins(page)
    return page.width_in - outer - inner, page.height_in - top - bottom


def least_side(page: PageGeometry) -> float:
    """The shortest side a photo may have outside a grid: MIN_SHORT_IN, less on small pages
    (a third of the page's photo area)."""
    return min(MIN_SHORT_IN, round(0.33 * min(photo_box(page)), 2))


def aspect_of(photo: Photo, sizes: Mapping[str, tuple[int, int]]) -> float | None:
    """Width over height, or None for a photo that could not be read."""
    size = sizes.get(photo.rel)
    if not size or not size[0] or not size[1]:
        return None
    return size[0] / size[1]


def readable(entry: Entry, sizes: Mapping[str, tuple[int, int]]) -> list[Photo]:
    """The entry's photos that can be printed, each once, in the entry's order."""
    seen: dict[str, Photo] = {}
    for photo in entry.all_photos:
        if aspect_of(photo, sizes) and photo.rel not in seen:
            seen[photo.rel] = photo
    return list(seen.values())


def compose(
    photos: Sequence[Photo],
    sizes: Mapping[str, tuple[int, int]],
    width_in: float,
    height_in: float,
    least: float = MIN_SHORT_IN,
) -> Block | None:
    """The photos filling a box as fully as a slicing tree can, each in its own shape and no
    larger than it prints sharp; None when the box is too small to show them (every photo's
    short side at least `least`)."""
    if not photos or width_in <= 0 or height_in <= 0:
        return None
    aspects = tuple(round(sizes[p.rel][0] / sizes[p.rel][1], 5) for p in photos)
    found = (
        _grid(aspects, width_in, height_in)
        if len(photos) > MAX_TREE_PHOTOS
        else _best_tree(aspects, width_in, height_in, least)
    )
    if found is None:
        return None
    frames = found
    frames = _sharp(frames, [sizes[p.rel] for p in photos])
    if min(min(w, h) for _x, _y, w, h in frames) < least - 1e-6:
        return None
    return _centred(photos, frames, width_in, height_in)


def _best_tree(
    aspects: tuple[float, ...], width: float, height: float, least: float
) -> list[tuple[float, ...]] | None:
    """The leaves' frames of the tree that covers the box best (the first such, in a fixed
    order, so the choice is deterministic)."""
    best, best_score = None, -1.0
    for tree in _trees(aspects):
        h = _height_in_box(tree, width, height)
        out: dict[int, tuple[float, ...]] = {}
        _place(tree, 0.0, 0.0, h, out)
        frames = [out[i] for i in range(len(aspects))]
        if h <= 0 or min(min(f[2], f[3]) for f in frames) < least:
            continue
        areas = [f[2] * f[3] for f in frames]
        score = sum(areas) / (width * height) - 0.02 * (max(areas) / min(areas) > 5)
        if score > best_score + 1e-9:
            best, best_score = frames, score
    return best


def _grid(aspects: tuple[float, ...], width: float, height: float) -> list[tuple[float, ...]]:
    """Many photos as justified rows (each row fills the width at one height), the number of
    rows that covers the box best, scaled down as a whole to fit its height."""
    best: list[tuple[float, ...]] = []
    best_area = -1.0
    count = len(aspects)
    for rows in range(1, count + 1):
        bounds = [round(i * count / rows) for i in range(rows + 1)]
        spans = list(itertools.pairwise(bounds))
        heights = [(width - GAP_IN * (b - a - 1)) / sum(aspects[a:b]) for a, b in spans]
        total = sum(heights) + GAP_IN * (rows - 1)
        scale = min(1.0, (height - GAP_IN * (rows - 1)) / (total - GAP_IN * (rows - 1)))
        frames: list[tuple[float, ...]] = []
        y = 0.0
        for (a, b), h in zip(spans, heights, strict=True):
            x = 0.0
            for aspect in aspects[a:b]:
                frames.append((x, y, aspect * h * scale, h * scale))
                x += aspect * h * scale + GAP_IN
            y += h * scale + GAP_IN
        area = sum(f[2] * f[3] for f in frames)
        if area > best_area:
            best, best_area = frames, area
    return best


def _sharp(
    frames: list[tuple[float, ...]], pixels: Sequence[tuple[int, int]]
) -> list[tuple[float, ...]]:
    """The frames scaled down together so that no photo prints below MIN_PRINT_PPI."""
    scale = min(1.0, *(px[1] / MIN_PRINT_PPI / f[3] for f, px in zip(frames, pixels, strict=True)))
    if scale >= 1.0:
        return frames
    return [tuple(v * scale for v in frame) for frame in frames]


def _centred(
    photos: Sequence[Photo], frames: Sequence[tuple[float, ...]], width: float, height: float
) -> Block:
    """The block with its photos centred in the box (rounded to 1/10000 in)."""
    right = max(f[0] + f[2] for f in frames)
    bottom = max(f[1] + f[3] for f in frames)
    dx, dy = (width - right) / 2, (height - bottom) / 2
    placements = tuple(
        Placement(p, round(w, 4), round(h, 4), x_in=round(x + dx, 4), y_in=round(y + dy, 4))
        for p, (x, y, w, h) in zip(photos, frames, strict=True)
    )
    return Block(placements, round(width, 4), round(height, 4))


def crop_loss(aspect: float, box_aspect: float) -> float:
    """The share of a photo's area lost when it is cropped to fill a box of another shape."""
    return 1 - min(aspect / box_aspect, box_aspect / aspect)


def bleeds(size: tuple[int, int], page: PageGeometry, ppi: float = BLEED_PPI) -> bool:
    """True when a photo may fill a full-bleed page: close to the page's shape, and its crop
    prints at `ppi` (the preflight's target): a hero that prints soft is worse than the photo
    whole and large on a page."""
    width, height = page.drawn_in
    close = crop_loss(size[0] / size[1], width / height) <= BLEED_MAX_CROP + 0.005
    return close and min(size[0] / width, size[1] / height) >= ppi - 0.5


BAND_MIN_ASPECT = 1.3
"""A photo at least this much wider than tall may cross the page's full width as a band."""


def bands(size: tuple[int, int], page: PageGeometry, ppi: float = BLEED_PPI) -> bool:
    """True when a landscape photo may cross its page edge to edge, bleeding off both sides,
    whole (uncropped), white above and below: wide enough in shape (a photo close to the
    page's shape fills the page instead) and sharp at that width (`ppi`)."""
    width, _height = page.drawn_in
    wide = size[0] / size[1] >= BAND_MIN_ASPECT
    return wide and size[0] / width >= ppi - 0.5


def band(photo: Photo, size: tuple[int, int], page: PageGeometry) -> Placement:
    """A photo across the page's full width, bleed included, whole and centred up and down:
    `y_in` is its top from the trim's top edge."""
    width, _height = page.drawn_in
    height = round(width * size[1] / size[0], 4)
    return Placement(photo, width, height, y_in=round((page.height_in - height) / 2, 4))


def full_bleed(photo: Photo, page: PageGeometry) -> Placement:
    """A photo covering the whole page, bleed included, cropped to the page's shape."""
    width, height = page.drawn_in
    return Placement(photo, width, height, crop=True)


def cover_placement(photo: Photo, size: tuple[int, int], page: PageGeometry) -> Placement:
    """The cover photo: the front panel's full width (from the spine fold to the bleed) and
    its upper part, bleeding off the top and the outer edge; a photo too small for that is
    mounted whole in the middle of the panel instead, at a size it prints sharp at."""
    width = round(page.width_in + page.bleed_in, 4)
    full = Placement(photo, width, round(COVER_SHARE * page.height_in + page.bleed_in, 4), True)
    if _cover_ppi(size, full) >= MIN_PRINT_PPI:
        return full
    box_w, box_h = page.width_in - 2 * (SAFETY_IN + 0.5), COVER_SHARE * page.height_in - 1.0
    scale = min(box_w / size[0], box_h / size[1], 1 / MIN_PRINT_PPI)
    return Placement(photo, round(size[0] * scale, 4), round(size[1] * scale, 4))


def choose_cover(
    entries: Sequence[Entry], sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> Photo | None:
    """The book's cover photo: a sharp milestone photo if there is one, else the sharpest cover."""
    covers = [(e, e.cover) for e in entries if e.cover and aspect_of(e.cover, sizes)]

    def score(item: tuple[Entry, Photo]) -> tuple[bool, bool, float]:
        entry, photo = item
        size = sizes[photo.rel]
        ppi = _cover_ppi(size, cover_placement(photo, size, page))
        return (ppi >= MIN_PRINT_PPI, entry.kind == "milestone", ppi)

    return max(covers, key=score)[1] if covers else None


def _cover_ppi(size: tuple[int, int], placement: Placement) -> float:
    """The resolution a photo would print at, cropped to fill the placement."""
    return min(size[0] / placement.width_in, size[1] / placement.height_in)


def print_request(placement: Placement) -> PrintRequest:
    """What the photo stage must make for a placement: exactly the placed size."""
    return PrintRequest(placement.photo, placement.width_in, placement.height_in, placement.crop)
