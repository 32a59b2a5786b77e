"""What WeasyPrint made of the plan: how high each entry's words stood, where the body began.

The layout step estimates the words' heights from the fonts; after the first layout these
measured heights replace the estimates, so that the second plan puts every page break where
the type really falls.
"""

from __future__ import annotations

from typing import Any

from memorybook.book.geometry import PageGeometry

CSS_PX_PER_IN = 96
WORDS_PREFIX = "w-"
"""An entry's words are set in an element with the id `w-<unit key>`, followed by an empty
element with the id `w-<unit key>--end`."""
END = "--end"
FIRST_SHEET = "s-0"
"""The id of the body's first sheet."""


def words_id(key: str) -> str:
    return WORDS_PREFIX + key


def measured_heights(document: Any, page: PageGeometry) -> dict[str, float]:
    """Each unit's words' height in inches, page turns counted as the room they used."""
    top = page.margins_in[0] * CSS_PX_PER_IN
    bottom = (page.height_in - page.margins_in[2]) * CSS_PX_PER_IN
    starts: dict[str, tuple[int, float]] = {}
    ends: dict[str, tuple[int, float]] = {}
    for number, laid in enumerate(document.pages):
        for anchor, (_x, y, *_rest) in laid.anchors.items():
            if anchor.startswith(WORDS_PREFIX):
                found = ends if anchor.endswith(END) else starts
                # a box broken over pages names its id on each: its start is the first
                found.setdefault(anchor.removeprefix(WORDS_PREFIX).removesuffix(END), (number, y))
    heights = {}
    for key, (first, y_start) in starts.items():
        if key not in ends:
            continue
        last, y_end = ends[key]
        if first == last:
            height = y_end - y_start
        else:
            height = (bottom - y_start) + (last - first - 1) * (bottom - top) + (y_end - top)
        heights[key] = height / CSS_PX_PER_IN
    return heights


def body_start(document: Any) -> int | None:
    """The page number (from 1) the body's first sheet starts on."""
    for number, laid in enumerate(document.pages, 1):
        if FIRST_SHEET in laid.anchors:
            return number
    return None
