"""The page area the layout step fills (`spreads.py`): its size, what a page costs, the
least size of a photo beside words, and what the step has already worked out for it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from memorybook.book.geometry import PageGeometry
from memorybook.book.layout import BLEED_PPI, least_side

T = TypeVar("T")
MAX_PAGE_PHOTOS = 4
"""The most photos on a page of photos, besides a deliberate grid of an entry's many."""
BESIDE_LARGER = 1.12
PAGE_COST = 1.0
"""What one more page costs a plan: a photo on a page of its own must be worth it (a photo's
worth grows with its short side up to the layout's LARGE_IN)."""


@dataclass(frozen=True)
class Frame:
    """The page area photos and words share."""

    page: PageGeometry
    sizes: Mapping[str, tuple[int, int]]
    max_photos: int = MAX_PAGE_PHOTOS
    ppi: float = BLEED_PPI
    """The resolution a full-bleed page's crop must print at (`photos.print_ppi`)."""
    page_cost: float = PAGE_COST
    """What one more page costs: less in a year too short for the printer's minimum, whose
    pages are printed anyway (a page of its own for a photo, not a lined page at the end)."""
    memo: dict[tuple[Any, ...], Any] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )
    """Pages of photos already worked out for this frame: every plan in the beam asks for
    the same entries' photos again (a frame made by `replace` starts a memo of its own)."""

    def remembered(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """`make()`, worked out once for this frame and `key`."""
        if key not in self.memo:
            self.memo[key] = make()
        found: T = self.memo[key]
        return found

    @property
    def width(self) -> float:
        return self.page.text_width_in

    @property
    def height(self) -> float:
        return self.page.text_height_in

    @property
    def least(self) -> float:
        return least_side(self.page)

    @property
    def beside(self) -> float:
        """The shortest side of a photo beside words: a little more than on a page of photos
        (a small photo under words looks like a thumbnail; it is larger on a page of its own)."""
        return round(BESIDE_LARGER * self.least, 2)
