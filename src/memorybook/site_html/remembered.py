"""The HTML of entries' pages and cards, kept by `memorybook serve` from one build to the
next: a part is made again only when what it shows changed (the entry, its neighbours, its
photos' renditions), so a save costs the entries it touches, not every entry of the journal.
What every part depends on besides (the settings, how links are written) changing forgets
them all; parts not used by a build are forgotten after it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

_T = TypeVar("_T")


class RememberedParts:
    """Parts of pages by key, each with the inputs it was made from."""

    def __init__(self) -> None:
        self.around: object = None
        self._last: dict[Hashable, tuple[tuple[object, ...], object]] = {}
        self._now: dict[Hashable, tuple[tuple[object, ...], object]] = {}

    def start(self, around: object) -> None:
        """A build begins: what it shares with the last one is `around` (compared by value)."""
        self._last = self._now if around == self.around else {}
        self._now = {}
        self.around = around

    def made(self, key: Hashable, inputs: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """The part made from `inputs` (the same objects, or equal ones) by the last build
        or this one, else made now."""
        found = self._now.get(key) or self._last.get(key)
        # Tuples compare item by item, each first by identity: the same objects, or equal ones.
        if found is not None and found[0] == inputs:
            self._now[key] = found
            return found[1]  # type: ignore[return-value]
        part = make()
        self._now[key] = (inputs, part)
        return part
