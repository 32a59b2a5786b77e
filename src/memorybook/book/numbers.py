"""The closing page: the year in numbers, counted from the entries in the book."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from memorybook.book.selection import BookRange
from memorybook.journal import Entry
from memorybook.settings import Settings
from memorybook.words import plural

_LOVE_LANGUAGES = {
    "words": "words of affirmation",
    "service": "acts of service",
    "gifts": "gifts",
    "time": "quality time",
    "touch": "physical touch",
}


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
    """What the year added up to: days, memories, photos, places, and each kind of entry."""
    kinds = Counter(e.kind for e in entries)
    places = {e.place.strip().lower() for e in entries if e.place.strip()}
    figures = [
        Figure((book_range.end - book_range.start).days + 1, "days"),
        Figure(len(entries), plural(len(entries), "memory", "memories")),
        Figure(sum(len(e.all_photos) for e in entries), "photos"),
        Figure(len(places), plural(len(places), "place", "places")),
        Figure(
            kinds["experience"],
            plural(kinds["experience"], "experience", "experiences"),
        ),
        Figure(kinds["gratitude"], plural(kinds["gratitude"], "thank-you", "thank-yous")),
        Figure(kinds["letter"], plural(kinds["letter"], "letter", "letters")),
        Figure(kinds["milestone"], plural(kinds["milestone"], "milestone", "milestones")),
    ]
    shown = tuple(f for f in figures if f.value)  # "0 letters" reads like a reproach
    return YearInNumbers(shown, tuple(_sentences(entries, settings)))


def _sentences(entries: Sequence[Entry], settings: Settings) -> list[str]:
    lines = []
    thanks = Counter(e.sender for e in entries if e.kind == "gratitude" and e.sender)
    for person, count in sorted(thanks.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"{settings.person_name(person)} said thank you {_times(count)}.")
    languages = Counter(e.love_language for e in entries if e.love_language)
    if languages:
        top = max(sorted(languages), key=lambda k: languages[k])
        lines.append(f"Love, most often shown: {_LOVE_LANGUAGES[top]}.")
    tags = Counter(tag for e in entries for tag in e.tags)
    if tags:
        top_tags = sorted(tags, key=lambda t: (-tags[t], t))[:3]
        lines.append(f"Most of all: {', '.join(top_tags)}.")
    return lines


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
