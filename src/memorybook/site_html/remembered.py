"""The HTML of entries' pages, cards and lists, kept by `memorybook serve` from one build to
the next: a part is made again only when what it shows changed (the entry, its neighbours,
its photos' renditions, the entries a list holds), so a save costs the entries it touches,
not every entry of the journal. What every part depends on besides (the settings, how links
are written) changing forgets them all; parts not used by a build are forgotten after it,
and a part used again keeps the parts it was made of (a list, its items)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

_T = TypeVar("_T")

_Made = tuple[tuple[object, ...], object, tuple[Hashable, ...]]
"""A part: the inputs it was made from, itself, and the keys of the parts made inside it."""


class RememberedParts:
    """Parts of pages by key, each with the inputs it was made from."""

    def __init__(self) -> None:
        self.around: object = None
        self._last: dict[Hashable, _Made] = {}
        self._now: dict[Hashable, _Made] = {}
        self._inside: list[list[Hashable]] = []
        """For each part being made, the keys of the parts asked for while making it."""

    def start(self, around: object) -> None:
        """A build begins: what it shares with the last one is `around` (compared by value)."""
        self._last = self._now if around == self.around else {}
        self._now = {}
        self._inside = []
        self.around = around

    def made(self, key: Hashable, inputs: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """The part made from `inputs` (the same objects, or equal ones) by the last build
        or this one, else made now."""
        if self._inside:
            self._inside[-1].append(key)
        found = self._now.get(key) or self._last.get(key)
        # Tuples compare item by item, each first by identity: the same objects, or equal ones.
        if found is not None and found[0] == inputs:
            self._keep(key, found)
            return found[1]  # type: ignore[return-value]
        self._inside.append([])
        try:
            part = make()
        finally:
            inner = tuple(self._inside.pop())
        self._now[key] = (inputs, part, inner)
        return part

    def _keep(self, key: Hashable, found: _Made) -> None:
        """A part used again, with the parts it was made of (not asked for this time)."""
        self._now[key] = found
        for inner in found[2]:
            if inner not in self._now and (record := self._last.get(inner)) is not None:
                self._keep(inner, record)
