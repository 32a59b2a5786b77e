"""Check-ins (issue #23, part 3): `kind: check-in`, each person's few lines under a heading
with their name. They live on a page of their own, newest first, with their rhythm (weeks
with a check-in, the longest run, counted across year ends); they stay out of the home page,
the timeline, On this day and the book unless `book --check-ins`; `check_in: {every: week,
on: sunday}` adds a weekly event to the calendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from memorybook.building import build
from memorybook.calendar import make_calendar
from memorybook.cli import main
from memorybook.journal import load_journal
from memorybook.numbers import rhythm
from tests.conftest import ScratchJournal
from tests.site_helpers import site_files

ChDir = Callable[[Path], None]


def check_in(day: str, sam: str = "Tired but glad.", alex: str = "Good week.") -> str:
    return f"---\ndate: {day}\nkind: check-in\n---\n## Sam\n\n{sam}\n\n## Alex\n\n{alex}\n"


def journal_with_check_ins(scratch: ScratchJournal) -> ScratchJournal:
    scratch.write(
        "2024/2024-12-20-concert.md", "---\ntitle: Concert\ndate: 2024-12-20\n---\nLoud.\n"
    )
    scratch.write("2024/2024-12-29-check-in.md", check_in("2024-12-29", sam="- Sam feels calm"))
    scratch.write("2025/2025-01-05-check-in.md", check_in("2025-01-05", alex="- Alex needs sleep"))
    scratch.write("2025/2025-01-12-check-in.md", check_in("2025-01-12"))
    scratch.write("2025/2025-02-02-check-in.md", check_in("2025-02-02"))
    return scratch


# -- reading -----------------------------------------------------------------------------


def test_a_check_in_holds_each_persons_part(scratch: ScratchJournal) -> None:
    journal = load_journal(journal_with_check_ins(scratch).settings())
    assert [e.title for e in journal.entries] == ["Concert"]
    first = journal.check_ins[0]
    assert first.kind == "check-in" and first.title == "Check-in, 29 December 2024"
    assert first.parts == (("sam", "- Sam feels calm"), ("alex", "Good week."))
    assert journal.problems == ()


def test_a_heading_that_names_nobody_is_a_warning_at_its_line(scratch: ScratchJournal) -> None:
    scratch.write("2025/c.md", "---\ndate: 2025-01-05\nkind: check-in\n---\n## Sma\n\nHi.\n")
    [problem] = load_journal(scratch.settings()).problems
    assert (problem.line, problem.severity) == (5, "warning")
    assert "`## Sma` names none of you" in problem.message and "`## Sam`" in problem.hint


# -- the rhythm --------------------------------------------------------------------------


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_rhythm_counts_weeks_across_year_ends() -> None:
    # 2020 has 53 ISO weeks: 3 January 2021 is in week 53 of 2020, 10 January in week 1.
    days = ["2020-12-27", "2021-01-03", "2021-01-06", "2021-01-10", "2021-02-01", "2021-02-08"]
    found = rhythm(map(day, days))
    assert (found.weeks, found.longest) == (5, 3)
    assert (found.longest_from, found.longest_to) == (day("2020-12-21"), day("2021-01-10"))
    assert rhythm([]).weeks == 0 and rhythm([]).longest == 0


def test_the_rhythm_of_a_run_over_new_year() -> None:
    found = rhythm(map(day, ["2024-12-29", "2025-01-05", "2025-01-12", "2025-02-02"]))
    assert (found.weeks, found.longest) == (4, 3)


# -- the site ----------------------------------------------------------------------------


@pytest.fixture
def built(scratch: ScratchJournal) -> dict[str, bytes]:
    journal_with_check_ins(scratch)
    scratch.with_search()
    build(scratch.config, strict=True)
    return site_files(scratch.root / "site")


def test_check_ins_have_a_page_of_their_own_newest_first(built: dict[str, bytes]) -> None:
    page = built["check-ins/index.html"].decode()
    days = ["2025-02-02", "2025-01-12", "2025-01-05", "2024-12-29"]
    headings = re.findall(r'<h2 id="([^"]+)">Check-in, ', page)
    assert headings == [f"{day}-check-in" for day in days]
    assert "Sam feels calm" in page and "Alex needs sleep" in page
    assert "4 weeks with a check-in" in page and "longest run: 3 weeks in a row" in page
    assert "check-ins/" in built["index.html"].decode(), "in the nav"


def test_check_ins_stay_off_the_home_page_timeline_and_on_this_day(
    built: dict[str, bytes],
) -> None:
    assert "timeline/2025/index.html" not in built, "no year of check-ins alone"
    for name in ("index.html", "timeline/2024/index.html", "assets/memorybook/on-this-day.js"):
        text = built[name].decode()
        assert "Alex needs sleep" not in text and "Check-in," not in text, name
    assert "Concert" in built["index.html"].decode()
    assert "Alex needs sleep" in built["search/search_index.json"].decode()


# -- new ---------------------------------------------------------------------------------


def new(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["new", "--no-edit", *args], env={"MEMORYBOOK_TODAY": "2025-03-02"}
    )


def test_new_writes_the_check_in_template_for_both(scratch: ScratchJournal, in_dir: ChDir) -> None:
    in_dir(scratch.root)
    result = new("--kind", "check-in")
    assert result.exit_code == 0, result.output
    path = scratch.root / result.output.strip()
    assert path.name == "2025-03-02-check-in.md"
    text = path.read_text(encoding="utf-8")
    assert "kind: check-in" in text and "## Sam" in text and "## Alex" in text
    assert text.count("- How I feel:") == 2
    check = CliRunner().invoke(main, ["check"])
    assert "placeholder" in check.output or "not written" in check.output, check.output
    path.write_text(text.replace("- How I feel:\n", "- How I feel: rested\n", 1), "utf-8")
    journal = load_journal(scratch.settings())
    [written] = journal.check_ins
    assert written.parts == (("sam", "- How I feel: rested"),)


# -- the book ----------------------------------------------------------------------------


def book(*args: str) -> Result:
    span = ("--from", "2024-12-01", "--to", "2025-11-30")
    return CliRunner().invoke(main, ["book", *span, *args])


@pytest.mark.slow
def test_the_book_takes_check_ins_only_when_asked(scratch: ScratchJournal, in_dir: ChDir) -> None:
    journal_with_check_ins(scratch)
    in_dir(scratch.root)
    for args, shown in ((("-o", "plain.pdf"), False), (("--check-ins", "-o", "with.pdf"), True)):
        result = book(*args)
        assert result.exit_code == 0, result.output
        with pymupdf.open(scratch.root / args[-1]) as doc:
            text = "\n".join(page.get_text() for page in doc)
        assert "Concert" in text
        assert ("Alex needs sleep" in text) is shown, args


# -- the calendar ------------------------------------------------------------------------


def test_a_weekly_check_in_is_in_the_calendar(scratch: ScratchJournal) -> None:
    journal_with_check_ins(scratch)
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(config + "      check_in: {every: week, on: sunday}\n", "utf-8")
    data = make_calendar(scratch.settings(), as_of=dt.date(2025, 3, 1)).data
    [event] = [e for e in Calendar.from_ical(data).walk("VEVENT") if e["SUMMARY"] == "Our check-in"]
    assert event["RRULE"].to_ical().decode() == "FREQ=WEEKLY;BYDAY=SU"
    start = event.decoded("DTSTART")
    assert start == dt.date(2023, 6, 18) and start.weekday() == 6  # the first Sunday together
    scratch.config.write_text(config, "utf-8")
    plain = make_calendar(scratch.settings(), as_of=dt.date(2025, 3, 1)).data
    assert b"Our check-in" not in plain


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ("{every: day, on: sunday}", "check_in.every 'day' is not one of week"),
        ("{every: week, on: sundy}", "check_in.on 'sundy' is not a day of the week"),
        ("{every: week}", "check_in needs `on:`"),
        ("weekly", "check_in must be a mapping"),
    ],
)
def test_a_wrong_check_in_option_is_a_clean_error(
    scratch: ScratchJournal, in_dir: ChDir, option: str, says: str
) -> None:
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(config + f"      check_in: {option}\n", "utf-8")
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2 and says in result.output, result.output
    assert "Traceback" not in result.output
