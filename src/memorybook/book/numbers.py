"""The closing page: the year in numbers, counted from the entries in the book."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from memorybook.book.selection import BookRange
from memorybook.journal import Entry
from memorybook.numbers import highlights, tally
from memorybook.settings import Settings
from memorybook.words import plural


@dataclass(frozen=True)
class Figure:
    """One number on the closing page and what it counts."""

    value: int
    label: str


@dataclass(frozen=True)
class YearInNumbers:
    """The closing page's content."""

    figures: tuple[Figure, ...]
    lines: tuple[str, ...]
    """Sentences under the figures: who thanked whom, favourite tags, love languages."""


def year_in_numbers(
    entries: Sequence[Entry], book_range: BookRange, settings: Settings
) -> YearInNumbers:
    """What the year added up to: days, memories, photos, places, and each kind of entry,
    counted by memorybook.numbers, as the site counts them."""
    t = tally(entries)
    kinds = t.kinds
    figures = [
        Figure((book_range.end - book_range.start).days + 1, "days"),
        Figure(t.entries, plural(t.entries, "memory", "memories")),
        Figure(t.photos, plural(t.photos, "photo")),
        Figure(len(t.places), plural(len(t.places), "place", "places")),
        Figure(
            kinds["experience"],
            plural(kinds["experience"], "experience", "experiences"),
        ),
        Figure(kinds["gratitude"], plural(kinds["gratitude"], "thank-you", "thank-yous")),
        Figure(kinds["letter"], plural(kinds["letter"], "letter", "letters")),
        Figure(kinds["milestone"], plural(kinds["milestone"], "milestone", "milestones")),
    ]
    shown = tuple(f for f in figures if f.value)  # "0 letters" reads like a reproach
    return YearInNumbers(shown, tuple(highlights(t, settings.person_name)))
