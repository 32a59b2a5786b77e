"""Every number the site and the book show about a set of entries, counted in one place.

The stats page, the gratitude page and the book's closing page all read a `Tally`, so
they can never disagree, and each count is a sum over entries: the years of a journal add
up to its total. What counts as what:

- a **photo** is a file an entry shows (its `photos:` and body images), once per entry: a
  photo shown by two entries counts twice, as both pages show it; a **clip** is such a
  file that moves (a Live Photo is a photo), and the site says photos and clips apart
  (the book prints a clip as its poster frame, a photo among photos);
- a **place** is a `place:` text, compared without case or surrounding spaces; places are
  the one figure that is not a sum: a place visited in two years is one place in all;
- a **first** is an entry tagged `firsts` or `first`.

Sentences about the numbers say a tie as a tie, and call something "most" only when it
happened more than once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from memorybook.journal import KINDS, Entry
from memorybook.words import plural

FIRSTS_TAGS = frozenset({"firsts", "first"})
LOVE_LANGUAGES = {
    "words": "words of affirmation",
    "service": "acts of service",
    "gifts": "gifts",
    "time": "quality time",
    "touch": "physical touch",
}
"""Love languages in their usual order, as words inside a sentence."""


@dataclass(frozen=True)
class Tally:
    """What a set of entries adds up to."""

    entries: int
    kinds: Mapping[str, int]
    """Entries of each kind (every kind present, 0 when none)."""
    photos: int
    """Photo files shown, once per entry, summed over entries (clips included)."""
    places: frozenset[str]
    """The different places, folded (`Lisbon` and `lisbon ` are one)."""
    firsts: int
    thanks: Mapping[tuple[str, str], int]
    """(from, to) -> thank-you notes that way."""
    love_languages: Mapping[str, int]
    """Love language -> entries showing it (every kind of entry)."""
    tags: Mapping[str, int]
    """Tag -> entries carrying it."""
    months: tuple[int, ...]
    """Entries in January ... December."""
    clips: int = 0
    """Of the files shown, the clips."""
    clip_seconds: float = 0.0
    """How long the clips shown last, summed as `clips` is (a clip not made counts 0)."""

    @property
    def thank_yous(self) -> int:
        return self.kinds["gratitude"]

    @property
    def stills(self) -> int:
        """The photos shown that are not clips (a Live Photo is one)."""
        return self.photos - self.clips


def tally(entries: Iterable[Entry], durations: Mapping[str, float] | None = None) -> Tally:
    """Count everything the pages show about `entries`, in one pass; `durations` are the
    clips' lengths in seconds by `Photo.rel` (the site knows them from their renditions)."""
    entries = list(entries)
    months = Counter(e.date.month for e in entries)
    kinds = Counter(e.kind for e in entries)
    clips = [photo.rel for e in entries for photo in e.all_photos if photo.is_clip]
    seconds = durations or {}
    return Tally(
        entries=len(entries),
        kinds={kind: kinds[kind] for kind in KINDS},
        photos=sum(len(e.all_photos) for e in entries),
        places=frozenset(place_key(e.place) for e in entries if place_key(e.place)),
        firsts=sum(bool(FIRSTS_TAGS & set(e.tags)) for e in entries),
        thanks=dict(
            Counter((e.sender or "", e.recipient or "") for e in entries if e.kind == "gratitude")
        ),
        love_languages=dict(Counter(e.love_language for e in entries if e.love_language)),
        tags=dict(Counter(tag for e in entries for tag in e.tags)),
        months=tuple(months[m] for m in range(1, 13)),
        clips=len(clips),
        clip_seconds=sum(seconds.get(rel, 0.0) for rel in clips),
    )


@dataclass(frozen=True)
class Rhythm:
    """How regularly the check-ins come, counted in calendar weeks (Monday to Sunday)."""

    weeks: int
    """Weeks with at least one check-in."""
    longest: int
    """The longest run of weeks in a row with a check-in (0 without check-ins)."""
    longest_from: dt.date | None = None
    """The Monday the longest run (the latest, if two are as long) starts on."""
    longest_to: dt.date | None = None
    """The last day (a check-in's) of that run."""


def rhythm(days: Iterable[dt.date]) -> Rhythm:
    """The weeks with a check-in and the longest run of them. Weeks are told apart by their
    Monday, so a run goes on across a year's end (and a 53rd ISO week) as the calendar does."""
    last_day: dict[dt.date, dt.date] = {}
    for day in days:
        monday = day - dt.timedelta(days=day.weekday())
        last_day[monday] = max(day, last_day.get(monday, day))
    best: tuple[int, dt.date | None, dt.date | None] = (0, None, None)
    run, start = 0, dt.date.min
    previous: dt.date | None = None
    for monday in sorted(last_day):
        adjacent = previous is not None and (monday - previous).days == 7
        run, start = (run + 1, start) if adjacent else (1, monday)
        if run >= best[0]:
            best = (run, start, last_day[monday])
        previous = monday
    return Rhythm(len(last_day), best[0], best[1], best[2])


def by_year(entries: Iterable[Entry]) -> dict[int, Tally]:
    """A tally per year, newest year first."""
    years: dict[int, list[Entry]] = {}
    for entry in sorted(entries, key=lambda e: -e.year):
        years.setdefault(entry.year, []).append(entry)
    return {year: tally(group) for year, group in years.items()}


def place_key(place: str) -> str:
    """A place as counted: `Lisbon`, `lisbon` and ` Lisbon ` are one place."""
    return " ".join(place.split()).casefold()


def count(value: int, word: str, many: str = "") -> str:
    """`1 thank-you`, `2 thank-yous`, `1,204 memories`: a number with its word agreeing."""
    return f"{value:,} {plural(value, word, many)}"


def figures(t: Tally) -> list[tuple[int, str]]:
    """The headline figures, each with its word in the right number; clips and how long
    they last only where there are some."""
    clips = [(t.clips, plural(t.clips, "clip")), clip_time(t.clip_seconds)] if t.clips else []
    return [
        (t.entries, plural(t.entries, "memory", "memories")),
        (t.thank_yous, plural(t.thank_yous, "thank-you")),
        (t.stills, plural(t.stills, "photo")),
        *clips,
        (len(t.places), plural(len(t.places), "place")),
        (t.firsts, plural(t.firsts, "first")),
    ]


def clip_time(seconds: float) -> tuple[int, str]:
    """How long clips last as a figure: `42 seconds of clips` under a minute and a half,
    else whole minutes (`3 minutes of clips`)."""
    if seconds < 90:
        value = round(seconds)
        return value, plural(value, "second") + " of clips"
    value = round(seconds / 60)
    return value, plural(value, "minute") + " of clips"


def times(value: int) -> str:
    """`once`, `twice`, `3 times`."""
    return {1: "once", 2: "twice"}.get(value, f"{value:,} times")


def leaders(counts: Mapping[str, int]) -> tuple[list[str], int]:
    """The keys sharing the highest count (sorted), and that count; ([], 0) when empty."""
    top = max(counts.values(), default=0)
    return sorted(k for k, v in counts.items() if v == top and v), top


def and_list(words: Sequence[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def highlights(t: Tally, name: Callable[[str], str]) -> list[str]:
    """Sentences about a tally: who thanked whom, the love language and the tags shown most.

    "Most" only for something that happened more than once; a tie is said as a tie."""
    lines = []
    said: Counter[str] = Counter()
    for (sender, _), value in t.thanks.items():
        said[sender] += value
    for person, value in sorted(said.items(), key=lambda item: (-item[1], name(item[0]))):
        lines.append(f"{name(person)} said thank you {times(value)}.")
    lines += _most("Love, most often shown", t.love_languages, LOVE_LANGUAGES.__getitem__)
    lines += _most("Most of all", t.tags, str)
    return lines


def _most(lead: str, counts: Mapping[str, int], word: Callable[[str], str]) -> list[str]:
    keys, top = leaders(counts)
    if top < 2:
        return []  # once each is no "most"
    names = and_list([word(k) for k in keys])
    if len(keys) == 1:
        return [f"{lead}: {names} ({times(top)})."]
    return [f"{lead}, tied at {times(top)} each: {names}."]
