"""Our anniversaries as an iCalendar file (RFC 5545), for any calendar app to import.

The days a couple would want their calendar to remember: the anniversary of
`together_since`, each `recurring: true` milestone, every thousand days together,
and the days time capsules open. Every event is all-day; yearly ones are one event
with a yearly rule, so the file stays small however long the couple has been together.

A calendar app recognises an event it imported before by its UID: UIDs are hashes of
what names the occasion (never of a file name, which may give a capsule's content
away), so importing the file again updates the events instead of doubling them. The
same journal gives the same bytes: DTSTAMP is the newest day the journal tells of, not
the clock. Like site.py, nothing here knows MkDocs; the site carries the file as an asset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from icalendar import TRANSP, Calendar, Event

from memorybook.errors import ConfigError, display_path
from memorybook.files import write_atomic
from memorybook.journal import Capsule, Entry, Journal, left_out, load_journal
from memorybook.links import CALENDAR_ICS
from memorybook.numbers import count
from memorybook.settings import Settings
from memorybook.templates import CHECK_IN_PROMPTS
from memorybook.words import MONTHS, format_day, today

CALENDAR_FILE = PurePosixPath(CALENDAR_ICS).name
"""The file's name, beside mkdocs.yml (`memorybook calendar`) as in the site."""
ROUND_DAYS = 1000
"""Days together are celebrated at every multiple of this: 1,000, 2,000, ..."""
HORIZON_YEARS = 50
"""Round numbers of days are listed up to this many years after `together_since`
(18,000 days is the last): a finite file, and further than most calendars look ahead."""
PRODID = "-//memorybook//Our anniversaries//EN"
_UID_DOMAIN = "memorybook"
_KIND_WORDS = {
    "anniversary": ("anniversary",),
    "milestone": ("yearly milestone",),
    "days": ("round number of days", "round numbers of days"),
    "capsule": ("capsule opening",),
    "check-in": ("weekly check-in",),
}
"""Each kind of occasion in the terminal's summary, in the order the file has them."""
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""RFC 5545's names of the days of the week, Monday first as `date.weekday()` counts."""
_CHECK_IN_PROMPTS = tuple(p.removesuffix(":").lower() for p in CHECK_IN_PROMPTS)
_CAPSULE_WORDS = {"letter": "A letter"}
"""What a sealed entry is called by its kind; anything else is "A time capsule", as on its
envelope in the site."""


@dataclass(frozen=True)
class Occasion:
    """One day to remember, as the calendar shows it."""

    kind: str
    """`anniversary`, `milestone`, `days` (a round number of days together) or `capsule`."""
    key: str
    """What names the occasion from one build to the next (hashed into the UID, not shown)."""
    day: dt.date
    """The (first) day of the event."""
    title: str
    """The event's title, in the site's words."""
    description: str
    yearly: bool = False
    """Repeats every year on the same day (the last day of February for a 29 February)."""
    weekly: bool = False
    """Repeats every week on the same day of the week."""


@dataclass(frozen=True)
class CalendarReport:
    """What `memorybook calendar` made, for the terminal."""

    data: bytes
    """The iCalendar file."""
    occasions: tuple[Occasion, ...]
    journal: Journal
    """The journal read (its problems are reported; entries with errors are left out)."""
    output: Path | None = None
    """The file written, or None when the caller writes `data` (standard output)."""
    sealed_into: Path | None = None
    """The locked site the file was encrypted into, instead of written in the clear."""
    strict: bool = False
    """`--strict`: any problem in the journal fails the command, and nothing is written."""

    @property
    def failed(self) -> bool:
        return self.strict and bool(self.journal.problems)

    @property
    def left_out(self) -> tuple[Path, ...]:
        """Entry files whose errors kept them out of the calendar (reported above)."""
        return left_out(self.journal)

    def problem_lines(self) -> list[str]:
        """The journal's problems as `check` prints them, `PATH:LINE: severity: message`."""
        return [problem.format() for problem in self.journal.problems]

    def summary(self) -> str:
        """`calendar: our-anniversaries.ics, 22 events (1 anniversary, 2 yearly milestones...)`."""
        kinds = Counter(o.kind for o in self.occasions)
        parts = [
            count(kinds[kind], *words)
            for kind, words in _KIND_WORDS.items()
            if kinds[kind] or kind != "check-in"  # a weekly check-in only when set
        ]
        where = display_path(self.output) if self.output else "standard output"
        if self.sealed_into:
            where += f" (sealed into the locked site {display_path(self.sealed_into)})"
        return f"calendar: {where}, {count(len(self.occasions), 'event')} ({', '.join(parts)})"

    def notes(self) -> list[str]:
        """What a person may wonder about: why no anniversary is in it."""
        if self.journal.settings.together_since is None:
            return [
                "together_since is not set in mkdocs.yml: the calendar has no anniversary and "
                "no round numbers of days together; add the day you got together to have them"
            ]
        return []


def make_calendar(
    settings: Settings,
    output: Path | None = None,
    *,
    strict: bool = False,
    as_of: dt.date | None = None,
) -> CalendarReport:
    """Read the journal (private entries left out) and write its calendar to `output`, or only
    return it when `output` is None. Never into the journal folder; into a locked site only
    encrypted, as the book is. Entries with errors are left out, as the site leaves them out;
    with `strict`, any problem means nothing is written."""
    target = _output(settings, output) if output is not None else None
    journal = load_journal(settings, as_of=as_of or today())
    occasions = tuple(calendar_occasions(journal))
    data = calendar_bytes(journal, occasions)
    report = CalendarReport(data, occasions, journal, strict=strict)
    if report.failed or target is None:
        return report
    return replace(report, output=target, sealed_into=_write(settings, target, data))


def default_output(settings: Settings) -> Path:
    """`our-anniversaries.ics` beside mkdocs.yml."""
    return settings.project_dir / CALENDAR_FILE


def calendar_bytes(journal: Journal, occasions: Sequence[Occasion] | None = None) -> bytes:
    """The journal's calendar as an iCalendar file: CRLF lines, UTF-8, the same bytes for the
    same journal (as of the same day, for capsules)."""
    occasions = tuple(calendar_occasions(journal)) if occasions is None else occasions
    settings = journal.settings
    namespace = _namespace(settings)
    stamp = calendar_stamp(journal)
    calendar = Calendar.new(
        prodid=PRODID,
        name=settings.site_name,
        description=f"Anniversaries from {settings.site_name}",
        uid=_uid(namespace, "calendar"),
        subcomponents=[_event(o, _uid(namespace, o.key), stamp) for o in occasions],
    )
    return bytes(calendar.to_ical())


def calendar_occasions(journal: Journal) -> Iterator[Occasion]:
    """Every event of the calendar, in order: the anniversary, the yearly milestones, the
    round numbers of days together, then the capsules soonest first."""
    since = journal.settings.together_since
    if since is not None:
        yield _anniversary(since, _the_day(journal, since))
    yield from _milestones(journal)
    if since is not None:
        yield from _round_days(since)
    yield from _capsules(journal)
    yield from _check_in(journal)


def _check_in(journal: Journal) -> Iterator[Occasion]:
    """`check_in: {every: week, on: sunday}`: one weekly event, from the first such day on or
    after `together_since` (or the journal's first day), so the file is the same every time."""
    settings = journal.settings
    if settings.check_in.every != "week":
        return
    days = [e.date for e in (*journal.entries, *journal.check_ins)]
    since = settings.together_since or min(days, default=dt.date(2000, 1, 1))
    first = since + dt.timedelta(days=(settings.check_in.on - since.weekday()) % 7)
    yield Occasion(
        "check-in",
        "check-in:weekly",
        first,
        "Our check-in",
        f"Time to check in: {', '.join(_CHECK_IN_PROMPTS)} (memorybook new --kind check-in).",
        weekly=True,
    )


def _anniversary(since: dt.date, the_day: Entry | None) -> Occasion:
    """One yearly event from the first anniversary on: the day itself was no anniversary yet.
    The milestone of that very day (the sample's "Our first date") is told here, not as a
    second event every year on the same day."""
    first = add_years(since, 1) or since
    told = f" {the_day.title}." if the_day else ""
    return Occasion(
        "anniversary", "together", first, "Our anniversary", _together(since) + told, yearly=True
    )


def _the_day(journal: Journal, since: dt.date) -> Entry | None:
    """The yearly milestone written on `together_since` itself, if there is one."""
    return next((e for e in _yearly_milestones(journal) if e.date == since), None)


def _yearly_milestones(journal: Journal) -> Iterator[Entry]:
    return (e for e in journal.entries if e.kind == "milestone" and e.recurring and not e.gentle)


def _milestones(journal: Journal) -> Iterator[Occasion]:
    """Each `recurring: true` milestone, every year from its day, as the Milestones page
    lists them ("every year on 14 June, since 2023"); sealed and private ones are not here."""
    since = journal.settings.together_since
    for entry in _yearly_milestones(journal):
        if entry.date != since:  # that one is the anniversary's
            day = entry.date
            yield Occasion(
                "milestone",
                f"milestone:{entry.slug}",
                day,
                f"Anniversary: {entry.title}",
                f"Every year on {day.day} {MONTHS[day.month - 1]}, since {day.year}.",
                yearly=True,
            )


def _round_days(since: dt.date) -> Iterator[Occasion]:
    """1,000 days together, 2,000, ... up to `HORIZON_YEARS` after `since`."""
    last = add_years(since, HORIZON_YEARS) or dt.date.max
    days = ROUND_DAYS
    while days <= (last - since).days:
        day = since + dt.timedelta(days=days)
        yield Occasion(
            "days", f"days:{days}", day, f"{count(days, 'day', 'days')} together", _together(since)
        )
        days += ROUND_DAYS


def _capsules(journal: Journal) -> Iterator[Occasion]:
    """The day each capsule still sealed opens, and nothing of it but who wrote it to whom.

    Its key is made of only what the event shows (two alike are told apart by their order,
    soonest first, then by file), so not even its UID hashes a file name or a title."""
    seen: dict[str, int] = {}
    for capsule in journal.sealed:
        people = "+".join(capsule.people)
        shown = f"capsule:{capsule.opens}:{capsule.kind}:{people}:{capsule.recipient or ''}"
        seen[shown] = seen.get(shown, 0) + 1
        title = capsule_title(journal.settings, capsule)
        key = f"{shown}:{seen[shown]}"
        description = f"Sealed in {journal.settings.site_name} until {format_day(capsule.opens)}."
        yield Occasion("capsule", key, capsule.opens, title, description)


def capsule_title(settings: Settings, capsule: Capsule) -> str:
    """`A letter from Sam to Alex opens today`: who, to whom, and nothing else."""
    words = [_CAPSULE_WORDS.get(capsule.kind, "A time capsule")]
    if capsule.people:
        words.append("from " + " & ".join(settings.person_name(p) for p in capsule.people))
    if capsule.recipient:
        words.append(f"to {settings.person_name(capsule.recipient)}")
    return " ".join([*words, "opens today"])


def _together(since: dt.date) -> str:
    return f"Together since {format_day(since)}."


def add_years(day: dt.date, years: int) -> dt.date | None:
    """`day` plus whole years (29 February falls back to the 28th), or None past year 9999."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if day.year + years > dt.MAXYEAR:
            return None
        return day.replace(year=day.year + years, day=28)


def _event(occasion: Occasion, uid: str, stamp: dt.datetime) -> Event:
    """An all-day event that shows as free time (an anniversary does not make anyone busy)."""
    end = occasion.day + dt.timedelta(days=1) if occasion.day < dt.date.max else None
    event = Event.new(
        uid=uid,
        stamp=stamp,
        start=occasion.day,
        end=end,
        summary=occasion.title,
        description=occasion.description,
        transparency=TRANSP.TRANSPARENT,
    )
    if occasion.yearly:
        event.add("rrule", _yearly(occasion.day))
    if occasion.weekly:
        event.add("rrule", {"freq": "weekly", "byday": _BYDAY[occasion.day.weekday()]})
    return event


def _yearly(day: dt.date) -> dict[str, object]:
    """Every year on this day; a 29 February on the last day of February, where RFC 5545's
    plain yearly rule would skip three years in four."""
    if (day.month, day.day) == (2, 29):
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly"}


def _namespace(settings: Settings) -> str:
    """What sets this couple's UIDs apart from another's: their person ids, which stay as
    long as the journal does (every entry names them); a new site name keeps the UIDs."""
    return ",".join(sorted(settings.people)) or "us"


def _uid(namespace: str, key: str) -> str:
    """An opaque, stable UID: the same occasion of the same journal always has the same one."""
    digest = hashlib.sha256(f"memorybook calendar\0{namespace}\0{key}".encode()).hexdigest()
    return f"{digest[:32]}@{_UID_DOMAIN}"


def calendar_stamp(journal: Journal) -> dt.datetime:
    """DTSTAMP: midnight UTC of the newest day the journal tells of (as the sitemap's dates),
    so the same journal gives the same file whatever the day it is made on."""
    days = [entry.until or entry.date for entry in journal.entries]
    if journal.settings.together_since is not None:
        days.append(journal.settings.together_since)
    newest = max(days, default=dt.date(1970, 1, 1))
    return dt.datetime.combine(newest, dt.time(0), tzinfo=dt.UTC)


def _output(settings: Settings, output: Path) -> Path:
    """The file to write; never into the journal folder, which memorybook only reads."""
    target = output.resolve()
    if target.is_relative_to(settings.journal.resolve()):
        raise ConfigError(
            f"{display_path(target)}: the calendar is never written into the journal folder "
            f"({display_path(settings.journal)}); choose another file with -o"
        )
    return target


def _write(settings: Settings, target: Path, data: bytes) -> Path | None:
    """Write the file; inside a locked site, encrypt it there as the site's own files are
    (its plain bytes go no further than the cache). Returns the locked site, if any."""
    from memorybook.lock.site import locked_site_of, seal_file

    locked = locked_site_of(target)
    if locked is None:
        write_atomic(target, data)
        return None
    aside = settings.cache_dir / "lock" / "calendar" / target.name
    write_atomic(aside, data)
    seal_file(settings, locked, aside, target.relative_to(locked).as_posix())
    return locked
