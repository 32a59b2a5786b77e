"""Where each photo goes: rows sized by aspect ratio, and full-bleed pages for hero photos.

Pure functions of photo sizes and page geometry, so a layout can be tested
without rendering anything; the sizes become print renditions exactly this big.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from memorybook.book.geometry import PageGeometry
from memorybook.journal import Entry, Photo
from memorybook.photos import PrintRequest

GAP_IN = 0.12
"""Space between photos side by side."""
ROW_ASPECT = 2.0
"""A row is full once its photos' aspect ratios add up to this (two landscapes, three portraits)."""
MAX_ROW_SHARE = 0.58
"""A row of photos is at most this share of the text height, leaving room for its captions."""
HERO_MIN_PHOTOS = 3
"""An experience with this many photos opens its cover photo onto a full-bleed page."""
HERO_MIN_PPI = 100
"""Below this, a photo blown up to a whole page looks broken: it stays in the text instead."""
MIN_SHRINK = 0.6
"""A row pushed to the next page may shrink to fit the room it left, down to this share."""
ROW_ROOM_IN = 0.26
"""Room a row needs besides its photos: its top margin and a little slack."""
CAPTION_ROOM_IN = 0.36
"""Room for captions of up to two lines under a row."""
COVER_SHARE = 0.62
"""The share of the cover's height (from the top) that its photo fills."""


@dataclass(frozen=True)
class Placement:
    """One photo at its printed size."""

    photo: Photo
    width_in: float
    height_in: float
    crop: bool = False
    """True when the photo is cropped to fill its box (full-bleed pages and the cover)."""


@dataclass(frozen=True)
class PhotoRow:
    """Photos side by side at one height, filling (at most) the text width."""

    placements: tuple[Placement, ...]

    @property
    def width_in(self) -> float:
        return sum(p.width_in for p in self.placements) + GAP_IN * (len(self.placements) - 1)


@dataclass(frozen=True)
class EntryPhotos:
    """How one entry's photos are laid out: rows in the text, then perhaps a hero page."""

    rows: tuple[PhotoRow, ...]
    hero: Placement | None = None
    lifted: int | None = None
    """A row shown under the entry's heading, above its words, instead of after them."""


def aspect_of(photo: Photo, sizes: Mapping[str, tuple[int, int]]) -> float | None:
    """Width over height, or None for a photo that could not be read."""
    size = sizes.get(photo.rel)
    if not size or not size[0] or not size[1]:
        return None
    return size[0] / size[1]


def layout_entry(
    entry: Entry, sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> EntryPhotos:
    """The entry's readable photos: the hero (if any) on its own page, the rest in rows."""
    photos = [p for p in entry.all_photos if aspect_of(p, sizes)]
    hero = _hero_photo(entry, photos, sizes, page)
    rest = [p for p in photos if hero is None or p.rel != hero.photo.rel]
    return EntryPhotos(rows=photo_rows(rest, sizes, page), hero=hero)


def photo_rows(
    photos: Sequence[Photo], sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> tuple[PhotoRow, ...]:
    """Rows of photos: each row fills the text width at one height, capped for tall photos."""
    rows: list[PhotoRow] = []
    pending: list[tuple[Photo, float]] = []
    for photo in photos:
        aspect = aspect_of(photo, sizes)
        if aspect is None:
            continue
        pending.append((photo, aspect))
        if sum(a for _, a in pending) >= ROW_ASPECT or len(pending) == 3:
            rows.append(_row(pending, page))
            pending = []
    if pending:
        rows.append(_row(pending, page))
    return tuple(rows)


def _row(items: Sequence[tuple[Photo, float]], page: PageGeometry) -> PhotoRow:
    """One row at the height that makes its photos exactly fill the width (or the cap)."""
    free = page.text_width_in - GAP_IN * (len(items) - 1)
    height = min(free / sum(aspect for _, aspect in items), MAX_ROW_SHARE * page.text_height_in)
    return PhotoRow(
        tuple(
            Placement(photo, round(aspect * height, 4), round(height, 4)) for photo, aspect in items
        )
    )


def fit_row(row: PhotoRow, room_in: float) -> PhotoRow | None:
    """The row made just small enough for `room_in` of page height, or None if it would have to
    shrink too much (then it is better on the next page, at full size)."""
    captions = any(p.photo.caption for p in row.placements)
    height = room_in - ROW_ROOM_IN - (CAPTION_ROOM_IN if captions else 0)
    current = row.placements[0].height_in
    if not MIN_SHRINK * current <= height < current:
        return None
    scale = height / current
    return PhotoRow(
        tuple(
            replace(p, width_in=round(p.width_in * scale, 4), height_in=round(height, 4))
            for p in row.placements
        )
    )


def refit(
    layouts: Mapping[str, EntryPhotos], rooms: Mapping[tuple[str, int], float]
) -> dict[str, EntryPhotos]:
    """The layouts with each pushed row (entry slug, row number) fitted to the room it left.

    An entry's last row that cannot shrink enough would sit alone at the top of a page before
    the entry's hero page (a strip of photos on an empty page looks like a mistake); it is
    lifted above the entry's words instead, which then run over onto that page, as the end of
    a story does.
    """
    fitted = dict(layouts)
    for (slug, index), room in sorted(rooms.items()):
        layout = fitted[slug]
        rows = list(layout.rows)
        smaller = fit_row(rows[index], room)
        if smaller is not None:
            rows[index] = smaller
            fitted[slug] = replace(layout, rows=tuple(rows))
        elif layout.hero is not None and index == len(rows) - 1:
            fitted[slug] = replace(layout, lifted=index)
    return fitted


def _hero_photo(
    entry: Entry,
    photos: Sequence[Photo],
    sizes: Mapping[str, tuple[int, int]],
    page: PageGeometry,
) -> Placement | None:
    """The entry's cover on a full-bleed page, for milestones and entries rich in photos."""
    if not photos or (entry.kind != "milestone" and len(photos) < HERO_MIN_PHOTOS):
        return None
    cover = entry.cover if entry.cover is not None and entry.cover in photos else photos[0]
    placement = full_bleed(cover, page)
    return placement if _cover_ppi(sizes[cover.rel], placement) >= HERO_MIN_PPI else None


def full_bleed(photo: Photo, page: PageGeometry) -> Placement:
    """A photo covering the whole page, bleed included, cropped to the page's shape."""
    width, height = page.media_in
    return Placement(photo, width, height, crop=True)


def cover_placement(photo: Photo, page: PageGeometry) -> Placement:
    """The cover photo: the page's full width and upper part, bleeding off three edges."""
    width, _ = page.media_in
    return Placement(photo, width, round(COVER_SHARE * page.height_in + page.bleed_in, 4), True)


def choose_cover(
    entries: Sequence[Entry], sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> Photo | None:
    """The book's cover photo: a sharp milestone photo if there is one, else the sharpest cover."""
    covers = [(e, e.cover) for e in entries if e.cover and aspect_of(e.cover, sizes)]

    def score(item: tuple[Entry, Photo]) -> tuple[bool, bool, float]:
        entry, photo = item
        ppi = _cover_ppi(sizes[photo.rel], cover_placement(photo, page))
        return (ppi >= 150, entry.kind == "milestone", ppi)

    return max(covers, key=score)[1] if covers else None


def _cover_ppi(size: tuple[int, int], placement: Placement) -> float:
    """The resolution a photo would print at, cropped to fill the placement."""
    return min(size[0] / placement.width_in, size[1] / placement.height_in)


def print_request(placement: Placement) -> PrintRequest:
    """What the photo stage must make for a placement: exactly the placed size."""
    return PrintRequest(placement.photo, placement.width_in, placement.height_in, placement.crop)


def all_placements(layouts: Sequence[EntryPhotos], cover: Placement | None) -> list[Placement]:
    """Every photo the book places, the cover first."""
    placed = [cover] if cover else []
    for layout in layouts:
        placed.extend(p for row in layout.rows for p in row.placements)
        if layout.hero:
            placed.append(layout.hero)
    return placed
