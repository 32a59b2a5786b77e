"""Which entries go into the book: a range of dates (by default the last full year together)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from memorybook.errors import ConfigError
from memorybook.journal import Entry, Journal
from memorybook.questions import Answers, collect_answers
from memorybook.settings import Settings
from memorybook.words import MONTHS, format_day

_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}
_ORDINALS |= {7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth"}


@dataclass(frozen=True)
class BookRange:
    """The days a book covers, both ends included."""

    start: dt.date
    end: dt.date
    """The last day in the book."""
    year: int | None = None
    """The year together this is (1 = the first), when it is one."""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def subtitle(self) -> str:
        """`Our second year together` or `June 2024 to June 2025`."""
        if self.year is not None:
            ordinal = _ORDINALS.get(self.year, f"{self.year}th")
            return f"Our {ordinal} year together"
        return self.span

    @property
    def span(self) -> str:
        """The months covered, as words: `June 2024 – June 2025`."""
        first, last = _month_name(self.start), _month_name(self.end)
        return first if first == last else f"{first} – {last}"


@dataclass(frozen=True)
class Month:
    """A chapter of the book: the entries of one calendar month."""

    first_day: dt.date
    entries: tuple[Entry, ...]

    @property
    def name(self) -> str:
        return _month_name(self.first_day)

    @property
    def anchor(self) -> str:
        return f"m-{self.first_day:%Y-%m}"


def anniversary(since: dt.date, years: int) -> dt.date:
    """`since` plus whole years; 29 February falls back to the 28th in other years."""
    try:
        return since.replace(year=since.year + years)
    except ValueError:
        return since.replace(year=since.year + years, day=28)


_MOST_YEARS = 150
"""More years together than a couple has: `--year 2024` meant the calendar year."""


def year_range(settings: Settings, number: int) -> BookRange:
    """The Nth year together: from the (N-1)th anniversary to the day before the Nth."""
    since = settings.together_since
    if since is None:
        raise ConfigError(
            "--year needs together_since in mkdocs.yml (the memorybook plugin's options)"
        )
    if number < 1:
        raise ConfigError(f"--year {number}: the first year together is --year 1")
    if number > _MOST_YEARS:
        raise ConfigError(
            f"--year {number}: --year counts your years together (--year 1 is the first, "
            f"from {format_day(since)}); for the calendar year {number}, use "
            f"--from {number}-01-01 --to {number}-12-31"
        )
    try:
        start = anniversary(since, number - 1)
        return BookRange(start, anniversary(since, number) - dt.timedelta(days=1), number)
    except (ValueError, OverflowError):
        raise ConfigError(
            f"year {number} together, counted from together_since {since}, "
            f"would end after {dt.date.max}"
        ) from None


def default_range(settings: Settings, today: dt.date) -> BookRange:
    """The last full year together (or the last 12 months without `together_since`)."""
    since = settings.together_since
    if since is None:
        start = anniversary(today, -1)
        return BookRange(start + dt.timedelta(days=1), today)
    completed = (
        today.year - since.year - (1 if anniversary(since, today.year - since.year) > today else 0)
    )
    return year_range(settings, max(completed, 1))


def explicit_range(start: dt.date | None, end: dt.date | None) -> BookRange:
    """`--from` and `--to`; given only one of them, the book covers a year from or to that day."""
    one_day = dt.timedelta(days=1)
    try:
        if start is None:
            if end is None:
                raise ConfigError("give --from, --to or both")
            start = anniversary(end, -1) + one_day
        elif end is None:
            end = anniversary(start, 1) - one_day
    except (ValueError, OverflowError):
        given = f"--from {start}" if start else f"--to {end}"
        raise ConfigError(
            f"{given}: a year from or to that day leaves the calendar "
            f"({dt.date.min} to {dt.date.max}); give both --from and --to"
        ) from None
    if end < start:
        raise ConfigError(f"--to {end} is before --from {start}")
    return BookRange(start, end)


def select_entries(entries: Sequence[Entry], book_range: BookRange) -> tuple[Entry, ...]:
    """The entries that start inside the range, oldest first (a trip counts by its first day)."""
    return tuple(entry for entry in entries if entry.date in book_range)


def told_together(journal: Journal, entries: Sequence[Entry]) -> dict[str, tuple[Entry, ...]]:
    """The entries of the book told by both of you: by slug, the entry, then its tellings."""
    return {e.slug: (e, *journal.tellings_of(e)) for e in entries if journal.tellings_of(e)}


def answered_together(entries: Sequence[Entry], people: Sequence[str]) -> tuple[Answers, ...]:
    """The questions whose every answer is in the book: the book sets each set together."""
    answers = collect_answers(entries, people).values()
    return tuple(a for a in answers if a.complete(people))


def by_month(entries: Sequence[Entry], together: Iterable[Answers] = ()) -> tuple[Month, ...]:
    """The entries grouped into one chapter per calendar month, in order; the answers to a
    question in `together` are moved to where the last of them falls, one after another, so
    the book can set them side by side (the earlier answers leave their own dates)."""
    set_with = {entry.slug: answers.last for answers in together for entry in answers.by.values()}

    def place(entry: Entry) -> Entry:
        return set_with.get(entry.slug, entry)

    ordered = sorted(entries, key=lambda e: (place(e).sort_key, e.sort_key))
    groups = itertools.groupby(ordered, key=lambda e: place(e).date.replace(day=1))
    return tuple(Month(first, tuple(items)) for first, items in groups)


def _month_name(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"
