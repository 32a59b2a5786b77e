"""Our anniversaries as an iCalendar file (issue #14, part 2): `memorybook calendar` and the
file the site links from its Milestones page, read back with icalendar and with vobject."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar, Event

from memorybook.building import build
from memorybook.calendar import make_calendar
from memorybook.cli import main
from memorybook.settings import Settings
from tests.conftest import SAMPLE_CONFIG, ScratchJournal, run

AS_OF = dt.date(2026, 1, 1)
CAPSULE_CANARIES = {
    "title": "Xylophanes",
    "body": "marmalizard",
    "tag": "snorkelbloom",
    "place": "Gloamwick",
    "file name": "frobnicated",
    "milestone's title": "Quokkarinth",
}
PRIVATE_CANARY = "hushabyquartz"


def ritual_journal(project: ScratchJournal) -> ScratchJournal:
    """Together since 2023-06-14; two yearly milestones (one on 29 February), one that is
    not yearly, a private one, and two capsules sealed until after AS_OF."""
    project.write(
        "2024/2024-02-10-chelsea.md",
        """
        ---
        title: Chelsea comes home
        date: 2024-02-10
        kind: milestone
        recurring: true
        ---
        A cat.
        """,
    )
    project.write(
        "2024/2024-02-29-leap.md",
        """
        ---
        title: Leap day picnic
        date: 2024-02-29
        kind: milestone
        recurring: true
        ---
        Once every four years, or every year on the last day of February.
        """,
    )
    project.write(
        "2024/2024-08-03-porto.md",
        """
        ---
        title: Road trip to Porto
        date: 2024-08-03
        kind: milestone
        ---
        Not a yearly one.
        """,
    )
    project.write(
        "2024/2024-10-05-hushabyquartz.md",
        """
        ---
        title: The hushabyquartz day
        date: 2024-10-05
        kind: milestone
        recurring: true
        private: true
        ---
        Just for us.
        """,
    )
    project.write(
        "2025/2025-06-14-frobnicated-letter.md",
        """
        ---
        title: Xylophanes for your fifth year
        date: 2025-06-14
        kind: letter
        from: sam
        to: alex
        tags: [snorkelbloom]
        place: Gloamwick harbour
        sealed_until: 2028-06-14
        ---
        Open this with marmalizard toast.
        """,
    )
    project.write(
        "2025/2025-07-01-frobnicated-vow.md",
        """
        ---
        title: Quokkarinth
        date: 2025-07-01
        kind: milestone
        recurring: true
        authors: [sam, alex]
        sealed_until: 2027-07-01
        ---
        marmalizard again.
        """,
    )
    return project


@pytest.fixture
def rituals(scratch: ScratchJournal) -> ScratchJournal:
    return ritual_journal(scratch)


def events(data: bytes) -> dict[str, Event]:
    """The calendar's events by title (each title once in these journals)."""
    calendar = Calendar.from_ical(data)
    found = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "two events share a title"
    return found


def ics(settings: Settings, as_of: dt.date = AS_OF) -> bytes:
    return make_calendar(settings, as_of=as_of).data


def start(event: Event) -> dt.date:
    day = event.decoded("DTSTART")
    assert type(day) is dt.date, f"{event['SUMMARY']} is not all-day: {day!r}"
    return day


def rule(event: Event) -> str:
    return event["RRULE"].to_ical().decode() if "RRULE" in event else ""


# -- what is in it ---------------------------------------------------------------------


def test_the_anniversary_comes_every_year_from_the_first_one(rituals: ScratchJournal) -> None:
    ours = events(ics(rituals.settings()))["Our anniversary"]
    assert start(ours) == dt.date(2024, 6, 14)  # together since 2023-06-14: a year later
    assert rule(ours) == "FREQ=YEARLY"
    assert "Together since 14 June 2023" in str(ours["DESCRIPTION"])


def test_each_recurring_milestone_comes_every_year_from_its_day(rituals: ScratchJournal) -> None:
    found = events(ics(rituals.settings()))
    chelsea = found["Anniversary: Chelsea comes home"]
    assert (start(chelsea), rule(chelsea)) == (dt.date(2024, 2, 10), "FREQ=YEARLY")
    assert str(chelsea["DESCRIPTION"]) == "Every year on 10 February, since 2024."
    leap = found["Anniversary: Leap day picnic"]
    assert start(leap) == dt.date(2024, 2, 29)
    assert rule(leap) == "FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2"
    assert not any("Porto" in title for title in found)  # a milestone, but not a yearly one


def test_29_february_falls_on_the_last_day_of_february_in_other_years(
    rituals: ScratchJournal,
) -> None:
    vobject = pytest.importorskip("vobject")
    calendar = vobject.readOne(ics(rituals.settings()).decode())
    leap = next(e for e in calendar.vevent_list if e.summary.value.startswith("Anniversary: Leap"))
    days = [day.date() for day in list(leap.getrruleset())[:5]]
    assert days == [
        dt.date(2024, 2, 29),
        dt.date(2025, 2, 28),
        dt.date(2026, 2, 28),
        dt.date(2027, 2, 28),
        dt.date(2028, 2, 29),
    ]


def test_round_numbers_of_days_together_up_to_fifty_years(rituals: ScratchJournal) -> None:
    found = events(ics(rituals.settings()))
    rounds = {title: e for title, e in found.items() if title.endswith(" days together")}
    assert list(rounds) == [f"{n:,} days together" for n in range(1000, 18001, 1000)]
    assert start(rounds["1,000 days together"]) == dt.date(2026, 3, 10)
    assert start(rounds["10,000 days together"]) == dt.date(2050, 10, 30)
    assert start(rounds["18,000 days together"]) == dt.date(2072, 9, 24)
    assert all(rule(e) == "" for e in rounds.values())  # each happens once


def test_every_event_is_all_day_and_leaves_the_day_free(rituals: ScratchJournal) -> None:
    data = ics(rituals.settings())
    calendar = Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        day = start(event)
        assert event.decoded("DTEND") == day + dt.timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
    assert data.count(b"DTSTART;VALUE=DATE:") == len(calendar.walk("VEVENT")) == 23
    assert data.count(b"\r\n") == data.count(b"\n")  # CRLF lines, as RFC 5545 asks


def test_the_calendar_names_itself_and_its_maker(rituals: ScratchJournal) -> None:
    calendar = Calendar.from_ical(ics(rituals.settings()))
    assert str(calendar["X-WR-CALNAME"]) == "Test journal"
    assert str(calendar["PRODID"]) == "-//memorybook//Our anniversaries//EN"
    assert str(calendar["VERSION"]) == "2.0"


# -- importing it again updates, never doubles -------------------------------------------


def test_the_same_journal_gives_the_same_bytes_and_unique_uids(rituals: ScratchJournal) -> None:
    first, second = ics(rituals.settings()), ics(rituals.settings())
    assert first == second
    uids = [str(e["UID"]) for e in Calendar.from_ical(first).walk("VEVENT")]
    assert len(set(uids)) == len(uids) == 23
    stamps = {e.decoded("DTSTAMP") for e in Calendar.from_ical(first).walk("VEVENT")}
    # The newest public entry's day: not the private one of 2024-10-05, nor sealed ones.
    assert stamps == {dt.datetime(2024, 8, 3, tzinfo=dt.UTC)}


def test_the_stamp_is_the_newest_day_of_the_journal_not_the_clock(
    rituals: ScratchJournal,
) -> None:
    calendar = Calendar.from_ical(ics(rituals.settings(), as_of=dt.date(2031, 1, 1)))
    stamps = {e.decoded("DTSTAMP") for e in calendar.walk("VEVENT")}
    # The newest public entry is the vow opened in 2027 (written 2025-07-01); private ones
    # do not count, and the day the file is made does not either.
    assert stamps == {dt.datetime(2025, 7, 1, tzinfo=dt.UTC)}


def test_an_edited_title_or_site_name_keeps_every_uid(rituals: ScratchJournal) -> None:
    before = {start(e): str(e["UID"]) for e in events(ics(rituals.settings())).values()}
    chelsea = rituals.journal / "2024" / "2024-02-10-chelsea.md"
    chelsea.write_text(chelsea.read_text().replace("Chelsea comes home", "Chelsea arrives"))
    text = rituals.config.read_text().replace("Test journal", "Our own journal")
    rituals.config.write_text(text)
    after = events(ics(rituals.settings()))
    assert "Anniversary: Chelsea arrives" in after
    assert {start(e): str(e["UID"]) for e in after.values()} == before


def test_a_capsules_uid_owes_nothing_to_its_file(rituals: ScratchJournal) -> None:
    """A file name can give a capsule away: renaming the file keeps the UID, so no hash of
    the name (which a guess could be checked against) is in it."""
    title = "A letter from Sam to Alex opens today"
    before = str(events(ics(rituals.settings()))[title]["UID"])
    letter = rituals.journal / "2025" / "2025-06-14-frobnicated-letter.md"
    letter.rename(letter.with_name("2025-06-14-a-different-name.md"))
    assert str(events(ics(rituals.settings()))[title]["UID"]) == before


def test_uids_are_opaque(rituals: ScratchJournal) -> None:
    for event in Calendar.from_ical(ics(rituals.settings())).walk("VEVENT"):
        name, _, domain = str(event["UID"]).partition("@")
        assert domain == "memorybook" and len(name) == 32 and int(name, 16) >= 0


# -- what never is in it ---------------------------------------------------------------


def test_a_capsule_says_who_to_whom_and_when_and_nothing_else(rituals: ScratchJournal) -> None:
    data = ics(rituals.settings())
    found = events(data)
    letter = found["A letter from Sam to Alex opens today"]
    assert start(letter) == dt.date(2028, 6, 14) and rule(letter) == ""
    assert str(letter["DESCRIPTION"]) == "Sealed in Test journal until 14 June 2028."
    vow = found["A time capsule from Sam & Alex opens today"]
    assert start(vow) == dt.date(2027, 7, 1) and rule(vow) == ""  # sealed: not yearly yet
    for what, word in CAPSULE_CANARIES.items():
        assert word.lower().encode() not in data.lower(), f"the capsule's {what} is in the file"
    assert set(letter) <= {"SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "DTSTAMP", "UID", "TRANSP"}


def test_an_opened_capsule_is_no_capsule_and_a_yearly_milestone_again(
    rituals: ScratchJournal,
) -> None:
    found = events(ics(rituals.settings(), as_of=dt.date(2027, 7, 1)))
    assert "A time capsule from Sam & Alex opens today" not in found
    assert start(found["Anniversary: Quokkarinth"]) == dt.date(2025, 7, 1)
    assert "A letter from Sam to Alex opens today" in found  # still sealed until 2028


def test_private_entries_never_appear(rituals: ScratchJournal) -> None:
    data = ics(rituals.settings())
    assert PRIVATE_CANARY not in data.decode().lower()
    assert "2024-10-05" not in str(make_calendar(rituals.settings(), as_of=AS_OF).occasions)


def test_a_journal_without_together_since_has_its_milestones_and_capsules(
    rituals: ScratchJournal,
) -> None:
    text = rituals.config.read_text().replace("      together_since: 2023-06-14\n", "")
    rituals.config.write_text(text)
    report = make_calendar(rituals.settings(), as_of=AS_OF)
    assert sorted(events(report.data)) == [
        "A letter from Sam to Alex opens today",
        "A time capsule from Sam & Alex opens today",
        "Anniversary: Chelsea comes home",
        "Anniversary: Leap day picnic",
    ]
    assert "together_since is not set" in report.notes()[0]


def test_an_empty_journal_gives_an_empty_calendar_that_still_reads(
    scratch: ScratchJournal,
) -> None:
    text = scratch.config.read_text().replace("      together_since: 2023-06-14\n", "")
    scratch.config.write_text(text)
    calendar = Calendar.from_ical(ics(scratch.settings()))
    assert calendar.walk("VEVENT") == [] and str(calendar["X-WR-CALNAME"]) == "Test journal"


def test_days_near_the_end_of_the_calendar_make_no_error(scratch: ScratchJournal) -> None:
    text = scratch.config.read_text().replace("2023-06-14", "9999-06-14")
    scratch.config.write_text(text)
    found = events(ics(scratch.settings()))
    assert start(found["Our anniversary"]) == dt.date(9999, 6, 14)  # no 10000th year
    assert "1,000 days together" not in found


# -- a second parser -------------------------------------------------------------------


def test_vobject_reads_and_validates_every_event(rituals: ScratchJournal) -> None:
    vobject = pytest.importorskip("vobject")
    data = ics(rituals.settings()).decode()
    calendar = vobject.readOne(data, validate=True)
    ours = {e.summary.value: e for e in calendar.vevent_list}
    assert len(ours) == 23
    anniversary = ours["Our anniversary"]
    assert anniversary.dtstart.value == dt.date(2024, 6, 14)
    next_ones = [day.date() for day in list(anniversary.getrruleset())[:3]]
    assert next_ones == [dt.date(2024, 6, 14), dt.date(2025, 6, 14), dt.date(2026, 6, 14)]
    assert ours["1,000 days together"].getrruleset() is None
    assert calendar.contents["x-wr-calname"][0].value == "Test journal"


# -- the command -----------------------------------------------------------------------


def test_calendar_to_standard_output(
    rituals: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMORYBOOK_TODAY", AS_OF.isoformat())
    result = CliRunner().invoke(main, ["calendar", "-f", str(rituals.config), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == ics(rituals.settings())
    assert "calendar: standard output, 23 events (1 anniversary, 2 yearly milestones, " in (
        result.stderr
    )
    assert "18 round numbers of days, 2 capsule openings)" in result.stderr


def test_calendar_writes_beside_mkdocs_yml_by_default(
    rituals: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMORYBOOK_TODAY", AS_OF.isoformat())
    monkeypatch.chdir(rituals.root)
    result = run("calendar")
    assert result.exit_code == 0
    assert "calendar: our-anniversaries.ics, 23 events" in result.stdout
    assert (rituals.root / "our-anniversaries.ics").read_bytes() == ics(rituals.settings())
    result = run("calendar", "-o", "ours.ics")
    assert (rituals.root / "ours.ics").read_bytes() == ics(rituals.settings())


def test_calendar_never_writes_into_the_journal(rituals: ScratchJournal) -> None:
    target = rituals.journal / "ours.ics"
    result = run("calendar", "-f", str(rituals.config), "-o", str(target))
    assert result.exit_code == 2
    assert "the calendar is never written into the journal folder" in result.output
    assert "choose another file with -o" in result.output
    assert not target.exists()


def test_bad_options_exit_2_without_a_traceback(rituals: ScratchJournal, tmp_path: Path) -> None:
    result = run("calendar", "-f", str(rituals.config), "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.output
    result = run("calendar", "-f", str(tmp_path / "missing.yml"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_a_bad_memorybook_today_is_a_clean_error(
    rituals: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMORYBOOK_TODAY", "2026-13-01")
    result = run("calendar", "-f", str(rituals.config), "-o", "-")
    assert result.exit_code == 2
    assert "Error: MEMORYBOOK_TODAY='2026-13-01' is not a day" in result.output


def test_an_entry_with_an_error_is_reported_at_its_line_and_left_out(
    rituals: ScratchJournal, tmp_path: Path
) -> None:
    rituals.write(
        "2025/2025-03-01-broken.md",
        """
        ---
        title: Broken milestone
        date: 2025-03-01
        kind: milestone
        recurring: true
        author: robin
        ---
        Robin is nobody we know.
        """,
    )
    target = tmp_path / "ours.ics"
    result = run("calendar", "-f", str(rituals.config), "-o", str(target))
    assert result.exit_code == 0
    assert "2025-03-01-broken.md:6: error: " in result.stderr
    assert "1 entry left out because of errors above" in result.stderr
    assert b"Broken milestone" not in target.read_bytes()
    strict = tmp_path / "strict.ics"
    result = run("calendar", "-f", str(rituals.config), "-o", str(strict), "--strict")
    assert result.exit_code == 1 and "2025-03-01-broken.md:6: error: " in result.stderr
    assert not strict.exists()  # --strict: nothing is written when something is wrong


def test_the_sample_journal_calendar() -> None:
    result = CliRunner().invoke(main, ["calendar", "-f", str(SAMPLE_CONFIG), "-o", "-"])
    assert result.exit_code == 0, result.output
    found = events(result.stdout_bytes)
    assert start(found["Our anniversary"]) == dt.date(2024, 6, 14)
    # "Our first date", a yearly milestone on together_since itself, is told by the
    # anniversary, not as a second event every 14 June.
    assert "Anniversary: Our first date" not in found
    assert str(found["Our anniversary"]["description"]) == (
        "Together since 14 June 2023. Our first date."
    )
    assert start(found["Anniversary: We moved in together"]) == dt.date(2026, 4, 11)
    assert "The dishwasher talk" not in result.stdout  # the sample's private entry
    letter = found["A letter from Alex to Sam opens today"]  # sealed until after its last day
    assert start(letter) == dt.date(2028, 6, 14)
    for words in ("to-open-in-two-years", "Dear Sam", "Sintra", "wine"):
        assert words not in result.stdout


# -- the site --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("offline", [False, True], ids=["served", "offline"])
def test_the_site_carries_the_calendar_and_its_milestones_page_links_it(
    rituals: ScratchJournal, monkeypatch: pytest.MonkeyPatch, offline: bool
) -> None:
    monkeypatch.setenv("MEMORYBOOK_TODAY", AS_OF.isoformat())
    if offline:
        text = rituals.config.read_text()
        rituals.config.write_text(
            text.replace("  - memorybook:\n", "  - memorybook:\n      offline: true\n")
        )
    build(rituals.config, strict=True)
    site = rituals.root / "site"
    assert (site / "milestones" / "our-anniversaries.ics").read_bytes() == ics(rituals.settings())
    page = site / ("milestones.html" if offline else "milestones/index.html")
    html = page.read_text(encoding="utf-8")
    href = "milestones/our-anniversaries.ics" if offline else "our-anniversaries.ics"
    assert f'href="{href}" download>Add our anniversaries to your calendar</a>' in html
    assert "<code>memorybook calendar</code> writes it too" in html
    for canary in [*CAPSULE_CANARIES.values(), PRIVATE_CANARY]:
        assert (
            canary.lower()
            not in (site / "milestones" / "our-anniversaries.ics").read_text().lower()
        )
