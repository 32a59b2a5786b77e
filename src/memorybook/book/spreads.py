"""The layout step: which page every entry's words and photos go on, decided before WeasyPrint.

The book is planned as a sequence of sheets, each starting a new page: a chapter's opening,
photos in blocks of fixed size, words (which run on over as many pages as they need). For
every entry a few templates are tried (its photos above its words; its words, then its photos
in the room left and on the next page; its photos on a page of their own facing its words; a
full-bleed hero first), each scored as a designer would (pages filled, photos large, an
entry's words and photos on one spread, no page nearly empty) and the best few plans of a
chapter are carried on to the next entry (a beam search), so a choice that leaves a page half
empty later on loses to one that does not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from memorybook.book.frame import Frame
from memorybook.book.layout import (
    GAP_IN,
    GRID_SHORT_IN,
    Block,
    Placement,
    band,
    bands,
    bleeds,
    compose,
    full_bleed,
    photo_box,
)
from memorybook.journal import Photo

BEAM = 6
"""Plans of a chapter carried from one entry to the next."""
START_ROOM_IN = 1.3
"""Room an entry's heading and its first lines need at a page's foot, else it starts overleaf."""
BLOCK_GAP_IN = 0.22
"""Between a block of photos and the words above or below it."""
SLACK_IN = 0.2
"""Room kept free under a block beside words: estimates of the words' height may be short."""
BREAK_SLACK_IN = 0.35
"""More room kept under words that ran over a page turn: where widows and orphans move the
break is known only when the type is set."""
OPENING_IN = 1.45
"""The height of a chapter's opening (ornament, month, summary)."""
SEPARATOR_IN = 0.48
"""The ornament between two entries on one page."""
HALF = 0.58
"""A page filled less than this is half empty: a little over a half, since the planned
heights are estimates and a chapter's opening starts with white above its ornament."""
HERO_WORTH = 1.3
"""A full-bleed page's worth for the area it covers (a little above a block's: the page is all
photo, though a little of it is cropped)."""
LARGE_IN = 3.5
"""A photo this large (its short side) is large: larger adds nothing to its worth."""


@dataclass(frozen=True)
class Unit:
    """What the layout places as one: an entry (or a question's answers) and its photos."""

    key: str
    """The entry's slug (the last answer's for a question's answers)."""
    words_in: float
    """The height its words take on the page, estimated (or measured on an earlier pass)."""
    photos: tuple[Photo, ...]
    whole: bool = False
    """Kept on one page (a thank-you card): it never breaks across a page turn."""
    photos_after: bool = False
    """Its photos follow its words (a note's photos after its card), never above them."""
    hero: bool = False
    """It may open on a full-bleed page (a milestone, or an entry rich in photos)."""
    facing: bool = False
    """Two tellings set across a spread, from the top of a left-hand page, the second
    telling on the facing page."""


@dataclass(frozen=True)
class Item:
    """One thing on a sheet, in reading order."""

    kind: str
    """`opening` (a chapter's), `words`, `photos` (a block) or `hero` (a full-bleed page)."""
    key: str
    """The unit's key, or the month's anchor for an opening."""
    block: Block | None = None
    hero: Placement | None = None


@dataclass(frozen=True)
class Sheet:
    """Items starting on a new page (a chapter's, or a page of photos); words run on."""

    items: tuple[Item, ...]
    template: str
    """`hero`, `photos`, `photo-text`, `text`: what the page is, for its CSS."""
    chapter: bool = False
    """It opens a chapter (where the book's `chapter_start` says)."""


@dataclass(frozen=True)
class State:
    """A plan so far and where it has got to on the page."""

    sheets: tuple[Sheet, ...]
    page: int
    """The page number the plan has reached (the first page of the body is `first_page`)."""
    used: float
    """Inches used on that page; its sheet takes more words or a block while there is room."""
    score: float
    open: bool = True
    """The page's last sheet still takes words after what it holds."""


def plan(
    chapters: Sequence[tuple[str, Sequence[Unit]]],
    frame: Frame,
    first_page: int,
    chapter_start: str = "page",
) -> tuple[tuple[Sheet, ...], int]:
    """The book's sheets, chapter by chapter (`chapters`: month anchor, its units), and the
    page they are expected to end on. The best few plans are carried from one chapter to the
    next, so a month's choice that strands the next month's opening loses."""
    beam = [State((), first_page - 1, 0.0, 0.0, open=False)]
    for anchor, units in chapters:
        found = [
            end for state in beam for end in _chapter(state, anchor, units, frame, chapter_start)
        ]
        beam = _best(found, frame)
    state = max(beam, key=lambda s: s.score - _close_cost(s, frame))
    return state.sheets, state.page


def _best(states: Sequence[State], frame: Frame) -> list[State]:
    """The BEAM best plans, each scored as if its page closed here."""
    return sorted(states, key=lambda s: -(s.score - _close_cost(s, frame)))[:BEAM]


def _chapter(
    state: State, anchor: str, units: Sequence[Unit], frame: Frame, chapter_start: str
) -> list[State]:
    """The best plans of one more chapter: its opening on a new page (`chapter_start`
    `page`, `recto`), run on after the month before (`continuous`), or, in `page`, run on
    under a page the month before would leave less than half filled, when that is better.
    A run-on opening is followed by its first entry's words on the same page: a month's
    name is never left alone at a page's foot."""
    opening = Item("opening", anchor)
    opened = _new_sheet(state, frame, Sheet((opening,), "text", chapter=True), OPENING_IN)
    if chapter_start == "recto":
        opened = _blank_before(opened, frame, verso=False)
    if not units:
        return [opened]
    first, rest = units[0], units[1:]
    beam = []
    if _runs_on(state, first, frame, chapter_start):
        ran = _append(state, opening, OPENING_IN + SEPARATOR_IN)
        beam.append(_flow(ran, first, frame, list(first.photos)))
    if chapter_start != "continuous" or not beam:
        heroes = _hero_opening(state, anchor, first, frame, chapter_start)
        beam += _options(opened, first, frame) + heroes
    for unit in rest:
        found = [option for plan in beam for option in _options(plan, unit, frame)]
        beam = sorted(found, key=lambda s: -s.score)[:BEAM]
    return beam


def _blank_before(state: State, frame: Frame, verso: bool) -> State:
    """The state with a blank page before its new page when that page must be a verso (even)
    or a recto (odd) and is not: what CSS's `break-before: left | right` will insert, so
    the plan's page numbers (and its spreads) stay those of the book. A blank page costs
    what a page left empty does."""
    if (state.page % 2 == 0) == verso:
        return state
    return replace(state, page=state.page + 1, score=state.score - frame.page_cost - 4.0)


def _runs_on(state: State, first: Unit, frame: Frame, chapter_start: str) -> bool:
    """True when a chapter's opening may run on under what the page holds: always in
    `continuous`, in `page` only under a page less than half filled; and only with room for
    the first entry's start (all of it for a card) after the opening."""
    if not (state.sheets and state.open) or chapter_start == "recto":
        return False
    if chapter_start == "page" and state.used >= HALF * frame.height:
        return False
    need = first.words_in if first.whole else START_ROOM_IN
    return state.used + OPENING_IN + SEPARATOR_IN + need <= frame.height


def _hero_opening(
    state: State, anchor: str, unit: Unit, frame: Frame, chapter_start: str
) -> list[State]:
    """A chapter opened by its first entry's full-bleed hero, its title on the facing page
    (in `recto`, the hero on the left-hand page before it, a blank page first if need be)."""
    photos = _hero_first_order(unit, frame)
    if not photos:
        return []
    hero = Item("hero", unit.key, hero=full_bleed(photos[0], frame.page))
    state = _new_sheet(state, frame, Sheet((hero,), "hero", chapter=True), frame.height)
    if chapter_start == "recto":
        state = _blank_before(state, frame, verso=True)
    state = replace(state, open=False, score=state.score + 0.9)
    opening = Sheet((Item("opening", anchor),), "text", chapter=True)
    if _spread_cost(state.page, state.page + 1):
        return []  # a hero on a recto would face the chapter before, its title overleaf
    state = _new_sheet(state, frame, opening, OPENING_IN)
    return _options(state, replace(unit, photos=tuple(photos[1:]), hero=False), frame)


def _options(state: State, unit: Unit, frame: Frame) -> list[State]:
    """Every template tried for `unit` from `state`."""
    photos = list(unit.photos)
    if unit.facing:  # its spread is its words': photos after them
        return [_photos_after(state, unit, frame, photos)]
    options = [_flow(state, unit, frame, photos)]
    if photos:
        options.append(_photos_first(state, unit, frame, photos))
        options.append(_photos_after(state, unit, frame, photos))
        for chosen, rest in _beside_choices(photos, frame):
            beside = _photo_text(state, unit, frame, chosen, rest)
            if beside is not None:
                options.append(beside)
                break
        heroic = _hero_first_order(unit, frame)
        if heroic:
            options.append(_hero_first(state, unit, frame, heroic))
    return options


def _hero_first_order(unit: Unit, frame: Frame) -> list[Photo]:
    """The unit's photos with the first that may fill a full-bleed page first (the others in
    their order), or none when it may not open on a hero or no photo is sharp enough."""
    photos = list(unit.photos)
    if not unit.hero:
        return []
    for index, photo in enumerate(photos):
        if not photo.is_clip and bleeds(frame.sizes[photo.rel], frame.page, frame.ppi):
            return [photo, *photos[:index], *photos[index + 1 :]]
    return []


def _block(photos: Sequence[Photo], frame: Frame, room: float) -> Block | None:
    """`compose` of photos beside words in `room` (to the hundredth of an inch below it),
    worked out once per frame: the beam's plans ask for the same photos in the same room."""
    room = math.floor(room * 100) / 100
    key = ("beside", tuple(photos), room)
    return frame.remembered(
        key, lambda: compose(photos, frame.sizes, frame.width, room, frame.beside)
    )


def _beside_choices(photos: list[Photo], frame: Frame) -> list[tuple[list[Photo], list[Photo]]]:
    """Photos to set with the words, most first: the first few in order, else any one of
    them (a tall first photo too narrow above short words lets a wider one go there, the
    rest on pages of their own), but not one sharp enough to fill a page of its own."""
    prefixes = [(photos[:count], photos[count:]) for count in range(len(photos), 0, -1)]
    singles = [
        ([p], photos[:i] + photos[i + 1 :])
        for i, p in enumerate(photos)
        if i > 0 and not bleeds(frame.sizes[p.rel], frame.page, frame.ppi)
    ]
    return prefixes + singles


def _flow(state: State, unit: Unit, frame: Frame, photos: list[Photo]) -> State:
    """Its words run on after what came before; its photos fill the room they leave, then
    pages of their own."""
    before = state.page if state.open else state.page + 1
    state = _words(state, unit, frame)
    start = state.page
    turned = BREAK_SLACK_IN if start > before else 0.0
    room = frame.height - state.used - BLOCK_GAP_IN - SLACK_IN - turned
    for count in range(len(photos), 0, -1):
        block = _block(photos[:count], frame, room)
        if block is not None:
            state = _append(state, Item("photos", unit.key, block), room + BLOCK_GAP_IN)
            state = replace(state, score=state.score + _photo_score(block, frame))
            photos = photos[count:]
            break
    return _photo_pages(state, unit, frame, photos, start)


def _photos_after(state: State, unit: Unit, frame: Frame, photos: list[Photo]) -> State:
    """Its words, then its photos on pages of their own (facing them where the page turns
    right), rather than small in the room the words leave."""
    state = _words(state, unit, frame)
    return _photo_pages(state, unit, frame, photos, state.page)


def _photo_text(
    state: State, unit: Unit, frame: Frame, beside: list[Photo], rest: list[Photo]
) -> State | None:
    """A new page (or the chapter's opening page) with a block of photos sized to leave its
    words just the room they need: above them, or after them for a note."""
    fresh = state.open and state.sheets and _only_opening(state.sheets[-1])
    used = state.used if fresh else 0.0
    words = unit.words_in
    room = frame.height - used - words - BLOCK_GAP_IN - SLACK_IN
    if words > 0.75 * frame.height or room < frame.beside:
        return None
    block = _block(beside, frame, room)
    if block is None:
        return None
    photos = Item("photos", unit.key, block)
    text = Item("words", unit.key)
    items = (text, photos) if unit.photos_after else (photos, text)
    height = used + block.height_in + BLOCK_GAP_IN + words
    if fresh:
        last = state.sheets[-1]
        sheet = replace(last, items=(*last.items, *items), template="photo-text")
        state = replace(state, sheets=(*state.sheets[:-1], sheet), used=height)
    else:
        state = _new_sheet(state, frame, Sheet(items, "photo-text"), height)
    state = replace(state, score=state.score + _photo_score(block, frame), open=True)
    return _photo_pages(state, unit, frame, rest, state.page)


def _photos_first(state: State, unit: Unit, frame: Frame, photos: list[Photo]) -> State:
    """Its photos on a page of their own, then its words on a new page, facing them."""
    fresh = state.open and state.sheets and _only_opening(state.sheets[-1])
    if fresh or unit.photos_after or len(_groups(photos, frame)) > 1:
        return _flow(state, unit, frame, photos)  # an opening is followed by words, and
        # photos before their words face them: a page of them, not pages
    state = _photo_pages(state, unit, frame, photos, None)
    state = _new_sheet(state, frame, Sheet((), "text"), 0.0)
    start = state.page
    state = _words(state, unit, frame)
    return replace(state, score=state.score - _spread_cost(start - 1, start))


def _hero_first(state: State, unit: Unit, frame: Frame, photos: list[Photo]) -> State:
    """Its first photo on a full-bleed page, then its words with the rest of its photos."""
    hero = full_bleed(photos[0], frame.page)
    fresh = state.open and state.sheets and _only_opening(state.sheets[-1])
    if fresh:
        return _flow(state, unit, frame, photos)
    state = _new_sheet(state, frame, Sheet((Item("hero", unit.key, hero=hero),), "hero"), 1.0)
    state = replace(state, used=frame.height, open=False, score=state.score + 0.9)
    # the hero faces its words: a hero on a recto with its words overleaf costs as photos do
    state = replace(state, score=state.score - _spread_cost(state.page, state.page + 1))
    rest = photos[1:]
    beside = _photo_text(state, unit, frame, rest, []) if rest else None
    if beside is not None:
        return beside
    state = _new_sheet(state, frame, Sheet((), "text"), 0.0)
    return _flow(state, unit, frame, rest)


def _photo_pages(
    state: State, unit: Unit, frame: Frame, photos: list[Photo], words_page: int | None
) -> State:
    """Pages of photos: the grouping (in order) whose pages score best, a page each."""
    for group, hero in _groups(photos, frame):
        page = _photo_page(group, frame, unit.key, bleed=hero) or _photo_page(
            group, frame, unit.key, bleed=hero, least=0.0
        )  # a photo with too few pixels for the least size is printed smaller, never left out
        if page is None:
            continue
        item, score = page
        template = item.kind if item.kind in ("hero", "band") else "photos"
        state = _new_sheet(state, frame, Sheet((item,), template), frame.height)
        state = replace(state, open=False, score=state.score + score)
        if words_page is not None:
            state = replace(state, score=state.score - _spread_cost(words_page, state.page))
    return state


def _photo_page(
    group: Sequence[Photo],
    frame: Frame,
    key: str = "",
    bleed: bool = True,
    least: float | None = None,
) -> tuple[Item, float] | None:
    """`_new_photo_page`, worked out once per frame."""
    memo = ("page", tuple(group), key, bleed, least)
    return frame.remembered(memo, lambda: _new_photo_page(group, frame, key, bleed, least))


def _new_photo_page(
    group: Sequence[Photo], frame: Frame, key: str, bleed: bool, least: float | None
) -> tuple[Item, float] | None:
    """A page of these photos and its worth: one photo of about the page's shape fills the
    page (full-bleed), a wide one crosses it edge to edge (a band; either never twice in a
    row: a run of them would tire), others make a block, a deliberate grid when they are
    many."""
    size = frame.sizes[group[0].rel]
    bleed = bleed and not group[0].is_clip  # a clip's QR code keeps inside its photo's box
    if bleed and len(group) == 1 and bleeds(size, frame.page, frame.ppi):
        hero = full_bleed(group[0], frame.page)
        return Item("hero", key, hero=hero), 1.0 + 0.5 * HERO_WORTH
    if bleed and len(group) == 1 and bands(size, frame.page, frame.ppi):
        wide = band(group[0], size, frame.page)
        area = wide.width_in * wide.height_in / (frame.width * frame.height)
        return Item("band", key, hero=wide), min(wide.short_in, LARGE_IN) / LARGE_IN + 0.5 * area
    width, height = photo_box(frame.page)
    block = compose(
        group, frame.sizes, width, height, _least(group, frame) if least is None else least
    )
    if block is None and len(group) > frame.max_photos:
        block = compose(group, frame.sizes, width, height, 0.0)
    if block is None:
        return None
    return Item("photos", key, block), _photo_score(block, frame)


def _groups(photos: list[Photo], frame: Frame) -> list[tuple[list[Photo], bool]]:
    """`_new_groups`, worked out once per frame."""
    found = frame.remembered(("groups", tuple(photos)), lambda: _new_groups(photos, frame))
    return [(list(group), hero) for group, hero in found]


def _new_groups(photos: list[Photo], frame: Frame) -> list[tuple[list[Photo], bool]]:
    """The photos split (in order) into pages, each marked when it is a full-bleed page: the
    split whose pages score best, never two full-bleed pages in a row (a run of them tires)."""
    count = len(photos)
    none = (-1e9, 0, 0, False)
    # best[end][hero]: (value, start, hero before start, this page bleeds) of the best split
    # of photos[:end] whose last page is (hero=1) or is not (hero=0) a full-bleed page
    best = [[(0.0, 0, 0, False), none]] + [[none, none] for _ in range(count)]
    for end in range(1, count + 1):
        for size in range(1, min(frame.max_photos, end) + 1):
            start = end - size
            for before in (0, 1):
                if best[start][before][0] <= -1e9:
                    continue
                page = _photo_page(photos[start:end], frame, bleed=not before)
                value = best[start][before][0] + (page[1] if page else -5.0) - frame.page_cost
                hero = page is not None and page[0].kind in ("hero", "band")
                if value > best[end][hero][0]:
                    best[end][hero] = (value, start, before, hero)
    cuts: list[tuple[list[Photo], bool]] = []
    end, state = count, int(best[count][1][0] > best[count][0][0])
    while end:
        _value, start, before, hero = best[end][state]
        cuts.append((photos[start:end], hero))
        end, state = start, before
    return list(reversed(cuts))


def _least(group: Sequence[Photo], frame: Frame) -> float:
    return frame.least if len(group) <= frame.max_photos else GRID_SHORT_IN


def _words(state: State, unit: Unit, frame: Frame) -> State:
    """The unit's words after what the page holds: a new page when its heading would be
    stranded at the foot (or a card would break), then over as many pages as they need."""
    if unit.facing:
        return _facing(state, unit, frame)
    if not state.open:
        state = _new_sheet(state, frame, Sheet((), "text"), 0.0)
    gap = SEPARATOR_IN if state.used > 0 and not _only_opening(state.sheets[-1]) else 0.0
    need = unit.words_in if unit.whole else START_ROOM_IN
    if state.used + gap + min(need, frame.height) > frame.height:
        state = _turn(state, frame)
        gap = 0.0
    item = Item("words", unit.key)
    last = state.sheets[-1]
    sheet = replace(last, items=(*last.items, item))
    state = replace(state, sheets=(*state.sheets[:-1], sheet))
    used = state.used + gap + unit.words_in
    while used > frame.height:
        state = replace(state, page=state.page + 1)
        used -= frame.height
    return replace(state, used=used, open=True)


def _facing(state: State, unit: Unit, frame: Frame) -> State:
    """Two tellings across a spread: from the top of a left-hand page (with the chapter's
    opening when they open it), the second telling on the facing page (the `facing` sheet's
    CSS). Where they would start on a right-hand page, the second telling goes overleaf
    (`overleaf`), which costs as photos overleaf from their words do: never a blank page."""
    item = Item("words", unit.key)
    if state.open and state.sheets and _only_opening(state.sheets[-1]):
        state = _append(state, item, 0.0)
    else:
        state = _new_sheet(state, frame, Sheet((item,), "facing"), 0.0)
    spread = state.page % 2 == 0
    last = replace(state.sheets[-1], template="facing" if spread else "overleaf")
    score = state.score - (0.0 if spread else _spread_cost(state.page, state.page + 1))
    used = min(frame.height, max(HALF * frame.height, unit.words_in / 2))
    return replace(
        state,
        sheets=(*state.sheets[:-1], last),
        page=state.page + 1,
        used=used,
        open=True,
        score=score,
    )


def _append(state: State, item: Item, height: float) -> State:
    last = state.sheets[-1]
    sheet = replace(last, items=(*last.items, item))
    return replace(state, sheets=(*state.sheets[:-1], sheet), used=state.used + height)


def _new_sheet(state: State, frame: Frame, sheet: Sheet, used: float) -> State:
    """`sheet` on a new page, the page before closed (and scored)."""
    state = _turn(state, frame) if state.sheets else replace(state, page=state.page + 1)
    return replace(state, sheets=(*state.sheets, sheet), used=used, open=True)


def _turn(state: State, frame: Frame) -> State:
    """Close the page (scoring how full it is) and go on to the next."""
    if not state.sheets:
        return state
    return replace(
        state, page=state.page + 1, used=0.0, score=state.score - _close_cost(state, frame)
    )


def _close_cost(state: State, frame: Frame) -> float:
    """A page closed less than half full costs much; a fuller one a little, by what is empty."""
    fill = min(1.0, state.used / frame.height)
    return frame.page_cost + (1 - fill) + (3.0 if fill < HALF else 0.0)


def _photo_score(block: Block, frame: Frame) -> float:
    """Photos large and the page's area used: each photo's short side (to LARGE_IN) and the
    share of the page the block covers."""
    sides = sum(min(p.short_in, LARGE_IN) / LARGE_IN for p in block.placements)
    area = sum(p.width_in * p.height_in for p in block.placements)
    return sides + 0.5 * area / (frame.width * frame.height)


def _spread_cost(words_page: int, photos_page: int) -> float:
    """An entry's photos overleaf from its words cost: a spread is pages 2n and 2n + 1."""
    return 0.0 if words_page // 2 == photos_page // 2 else 0.8


def _only_opening(sheet: Sheet) -> bool:
    return all(item.kind == "opening" for item in sheet.items)


def placements(sheets: Sequence[Sheet]) -> list[Placement]:
    """Every photo the sheets place."""
    found: list[Placement] = []
    for sheet in sheets:
        for item in sheet.items:
            if item.hero is not None:
                found.append(item.hero)
            if item.block is not None:
                found.extend(item.block.placements)
    return found


__all__ = ["GAP_IN", "Frame", "Item", "Sheet", "Unit", "placements", "plan"]
