"""Where each photo goes: justified rows keeping every photo's shape, and hero photos.

Pure functions of photo sizes and page geometry, so a layout can be tested
without rendering anything; the sizes become print renditions exactly this big.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from memorybook.book.geometry import SAFETY_IN, PageGeometry
from memorybook.journal import Entry, Photo
from memorybook.photos import PrintRequest

GAP_IN = 0.12
"""Space between photos side by side."""
ROW_SHARE = 0.34
"""The height a row of photos aims at, as a share of the text height (justified rows, as in
Flickr's and Google Photos' layouts: each row fills the width at a common height)."""
MAX_ROW_SHARE = 0.45
"""A row of photos is at most this share of the text height: a lone portrait photo stays a
photo on the page, it does not fill it."""
LEAD_SHARE = 0.6
"""The most an entry's hero photo takes of the text height when it opens the entry inline."""
MAX_ROW_PHOTOS = 4
HERO_MIN_PHOTOS = 3
"""An experience with this many photos opens with its cover photo, large (a milestone always)."""
MIN_PRINT_PPI = 150
"""A photo is never printed larger than this resolution allows: below it, it looks blurry, and
a smaller photo that is sharp is better than a large one that is not."""
BLEED_MAX_CROP = 0.25
"""A hero photo fills a full-bleed page only if cropping it to the page loses at most this share
of its area (a 4:3 photo on a square page); other heroes open their entry inline, uncropped."""
MIN_SHRINK = 0.6
"""A row pushed to the next page may shrink to fit the room it left, down to this share."""
ROW_ROOM_IN = 0.26
"""Room a row needs besides its photos: its top margin and a little slack."""
HEADING_ROOM_IN = 1.3
"""Room an entry's heading and its first lines need above and below a hero photo."""
CHAPTER_OPENING_IN = 1.35
"""The height of a chapter's opening (ornament, month, summary) above its first entry."""
CHAPTER_MIN_SHRINK = 0.4
"""A chapter's first hero may shrink this far to share the chapter's opening page: a smaller
photo beats a chapter title alone on an empty page."""
CAPTION_ROOM_IN = 0.36
"""Room for captions of up to two lines under a row."""
COVER_SHARE = 0.62
"""The share of the front cover's height (from the top) that its photo fills."""


@dataclass(frozen=True)
class Placement:
    """One photo at its printed size."""

    photo: Photo
    width_in: float
    height_in: float
    crop: bool = False
    """True when the photo is cropped to fill its box (full-bleed pages and the cover); every
    other photo is printed whole, in its own shape."""


@dataclass(frozen=True)
class PhotoRow:
    """Photos side by side at one height, filling (at most) the text width."""

    placements: tuple[Placement, ...]

    @property
    def width_in(self) -> float:
        return sum(p.width_in for p in self.placements) + GAP_IN * (len(self.placements) - 1)


@dataclass(frozen=True)
class EntryPhotos:
    """How one entry's photos are laid out around its words."""

    rows: tuple[PhotoRow, ...]
    """Rows after the words."""
    lead: PhotoRow | None = None
    """The hero photo, large under the entry's heading (kept on the heading's page)."""
    bleed: Placement | None = None
    """The hero photo on a full-bleed page that opens the entry, just before its heading."""
    lifted: tuple[int, ...] = ()
    """Rows shown under the heading, above the words, instead of after them (see `refit`)."""
    liftable: bool = True
    """False for a thank-you note: it is kept whole on one page, so a row lifted above it
    would only push the note to the next page."""


def aspect_of(photo: Photo, sizes: Mapping[str, tuple[int, int]]) -> float | None:
    """Width over height, or None for a photo that could not be read."""
    size = sizes.get(photo.rel)
    if not size or not size[0] or not size[1]:
        return None
    return size[0] / size[1]


def layout_entry(
    entry: Entry, sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> EntryPhotos:
    """The entry's readable photos: its hero (if it has one) opening it, the rest in rows."""
    photos = [p for p in entry.all_photos if aspect_of(p, sizes)]
    hero = _hero_photo(entry, photos)
    liftable = entry.kind != "gratitude"
    if hero is None:
        return EntryPhotos(rows=photo_rows(photos, sizes, page), liftable=liftable)
    rest = photo_rows([p for p in photos if p.rel != hero.rel], sizes, page)
    if bleeds(sizes[hero.rel], page):
        return EntryPhotos(rows=rest, bleed=full_bleed(hero, page), liftable=liftable)
    return EntryPhotos(rows=rest, lead=lead_row(hero, sizes, page), liftable=liftable)


def layout_answer(
    entry: Entry, sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> EntryPhotos:
    """An answer set beside the other answers to its question: no hero page or lead photo to
    come between them; its photos go in rows after all the answers."""
    photos = [p for p in entry.all_photos if aspect_of(p, sizes)]
    return EntryPhotos(rows=photo_rows(photos, sizes, page), liftable=False)


def lead_row(photo: Photo, sizes: Mapping[str, tuple[int, int]], page: PageGeometry) -> PhotoRow:
    """A hero photo large and whole under its heading."""
    return _row([(photo, sizes[photo.rel])], page, LEAD_SHARE)


def unbleed(
    layout: EntryPhotos, sizes: Mapping[str, tuple[int, int]], page: PageGeometry, room_in: float
) -> EntryPhotos:
    """The layout with its full-bleed hero brought inline under the heading, uncropped, when the
    page before the hero page has room for the heading, the photo and a few lines: a page
    half empty before a photo page is worse than a photo a little smaller and whole."""
    if layout.bleed is None:
        return layout
    lead = lead_row(layout.bleed.photo, sizes, page)
    smaller = fit_row(lead, room_in - HEADING_ROOM_IN + ROW_ROOM_IN)
    if room_in < lead.placements[0].height_in + HEADING_ROOM_IN and smaller is None:
        return layout
    return replace(layout, bleed=None, lead=smaller or lead)


def under_chapter_title(layout: EntryPhotos, page: PageGeometry) -> EntryPhotos:
    """The layout of a chapter's first entry, its hero photo made small enough to share the
    chapter's opening page with the chapter title and the heading (else the title would sit
    alone on an otherwise empty page)."""
    if layout.lead is None:
        return layout
    room = page.text_height_in - CHAPTER_OPENING_IN - HEADING_ROOM_IN + ROW_ROOM_IN
    smaller = fit_row(layout.lead, room, least=CHAPTER_MIN_SHRINK)
    return replace(layout, lead=smaller) if smaller else layout


def photo_rows(
    photos: Sequence[Photo], sizes: Mapping[str, tuple[int, int]], page: PageGeometry
) -> tuple[PhotoRow, ...]:
    """Justified rows: the photos in order, broken into rows whose common height is as close
    to the aimed height as can be (a small dynamic programme over the break points)."""
    items = [(p, sizes[p.rel]) for p in photos if aspect_of(p, sizes)]
    best: list[float] = [0.0] + [math.inf] * len(items)
    start_of = [0] * (len(items) + 1)
    for end in range(1, len(items) + 1):
        for start in range(max(0, end - MAX_ROW_PHOTOS), end):
            cost = best[start] + _row_cost(items[start:end], page)
            if cost < best[end]:
                best[end], start_of[end] = cost, start
    breaks = [len(items)]
    while breaks[-1]:
        breaks.append(start_of[breaks[-1]])
    bounds = list(reversed(breaks))
    return tuple(_row(items[a:b], page, MAX_ROW_SHARE) for a, b in itertools.pairwise(bounds))


def _natural_height(items: Sequence[tuple[Photo, tuple[int, int]]], page: PageGeometry) -> float:
    """The height at which these photos, side by side, exactly fill the text width."""
    free = page.text_width_in - GAP_IN * (len(items) - 1)
    return free / sum(w / h for _, (w, h) in items)


def _row_cost(items: Sequence[tuple[Photo, tuple[int, int]]], page: PageGeometry) -> float:
    """How far a row is from the aimed height; a row too tall to fill the width costs more."""
    natural = _natural_height(items, page)
    cost = math.log(natural / (ROW_SHARE * page.text_height_in)) ** 2
    if natural > MAX_ROW_SHARE * page.text_height_in:
        cost += 1.0  # it would not fill the width: a lone tall photo, a gap beside it
    return cost


def _row(
    items: Sequence[tuple[Photo, tuple[int, int]]], page: PageGeometry, share: float
) -> PhotoRow:
    """One row at the height that makes its photos exactly fill the width, unless that is
    taller than `share` of the text height or than its smallest photo can print sharp."""
    sharp = min(h for _, (_w, h) in items) / MIN_PRINT_PPI
    height = min(_natural_height(items, page), share * page.text_height_in, sharp)
    return PhotoRow(
        tuple(
            Placement(photo, round(w / h * height, 4), round(height, 4)) for photo, (w, h) in items
        )
    )


def fit_row(row: PhotoRow, room_in: float, least: float = MIN_SHRINK) -> PhotoRow | None:
    """The row made just small enough for `room_in` of page height, or None if it would have to
    shrink below `least` of its size (then it is better on the next page, at full size)."""
    captions = any(p.photo.caption for p in row.placements)
    height = room_in - ROW_ROOM_IN - (CAPTION_ROOM_IN if captions else 0)
    current = row.placements[0].height_in
    if not least * current <= height < current:
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

    A row that cannot shrink enough would leave a gap at the foot of one page and sit at the
    top of the next, away from its words; it is lifted above the entry's words instead, which
    then run over onto the next page, as the end of a story does.
    """
    fitted = dict(layouts)
    for (slug, index), room in sorted(rooms.items()):
        layout = fitted[slug]
        rows = list(layout.rows)
        smaller = fit_row(rows[index], room)
        if smaller is not None:
            rows[index] = smaller
            fitted[slug] = replace(layout, rows=tuple(rows))
        elif layout.liftable:
            fitted[slug] = replace(layout, lifted=(*layout.lifted, index))
    return fitted


def _hero_photo(entry: Entry, photos: Sequence[Photo]) -> Photo | None:
    """The photo that opens a milestone or an entry rich in photos: its cover."""
    if not photos or (entry.kind != "milestone" and len(photos) < HERO_MIN_PHOTOS):
        return None
    return entry.cover if entry.cover is not None and entry.cover in photos else photos[0]


def crop_loss(aspect: float, box_aspect: float) -> float:
    """The share of a photo's area lost when it is cropped to fill a box of another shape."""
    return 1 - min(aspect / box_aspect, box_aspect / aspect)


def bleeds(size: tuple[int, int], page: PageGeometry) -> bool:
    """True when a photo may fill a full-bleed page: close to the page's shape, and sharp."""
    width, height = page.media_in
    close = crop_loss(size[0] / size[1], width / height) <= BLEED_MAX_CROP + 0.005
    return close and min(size[0] / width, size[1] / height) >= MIN_PRINT_PPI


def full_bleed(photo: Photo, page: PageGeometry) -> Placement:
    """A photo covering the whole page, bleed included, cropped around its centre."""
    width, height = page.media_in
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


def all_placements(layouts: Sequence[EntryPhotos], cover: Placement | None) -> list[Placement]:
    """Every photo the book places, the cover first."""
    placed = [cover] if cover else []
    for layout in layouts:
        if layout.bleed:
            placed.append(layout.bleed)
        if layout.lead:
            placed.extend(layout.lead.placements)
        placed.extend(p for row in layout.rows for p in row.placements)
    return placed
