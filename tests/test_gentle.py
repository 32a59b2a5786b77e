"""Gentle memories (issue #23, part 4): `gentle: true` keeps a hard day out of On this day, the
home page, the calendar and the numbers' highlights, while it stays in the timeline, its own
page and the book; `on_this_day: {pause_until: DATE}` pauses On this day until a day."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from icalendar import Calendar
from playwright.sync_api import Browser

from memorybook.book.selection import explicit_range, select_entries
from memorybook.building import build
from memorybook.calendar import make_calendar
from memorybook.cli import main
from memorybook.journal import load_journal
from tests.conftest import SCRATCH_MKDOCS_YML, ScratchJournal, serving
from tests.site_helpers import site_files

GENTLE = "Saying goodbye to Biscuit"
"""A gentle day's title: a recurring milestone tagged `firsts`, so every list could name it."""
ORDINARY = "Our first picnic"


def gentle_journal(scratch: ScratchJournal, options: str = "") -> ScratchJournal:
    scratch.write(
        "2024/2024-03-02-biscuit.md",
        f"""\
        ---
        title: {GENTLE}
        date: 2024-03-02
        kind: milestone
        recurring: true
        gentle: true
        tags: [firsts]
        ---
        The vet was kind. We sat with him until the end.
        """,
    )
    scratch.write(
        "2024/2024-03-03-picnic.md",
        f"---\ntitle: {ORDINARY}\ndate: 2024-03-03\nkind: milestone\nrecurring: true\n"
        "tags: [firsts]\n---\nBread by the river.\n",
    )
    config = SCRATCH_MKDOCS_YML + options
    scratch.config.write_text(config.replace("plugins:\n", "plugins:\n  - search\n"), "utf-8")
    return scratch


@pytest.fixture
def built(scratch: ScratchJournal) -> dict[str, bytes]:
    build(gentle_journal(scratch).config, strict=True)
    return site_files(scratch.root / "site")


def text_of(files: dict[str, bytes], name: str) -> str:
    return files[name].decode("utf-8")


def test_gentle_is_read_and_must_be_true_or_false(scratch: ScratchJournal) -> None:
    gentle_journal(scratch)
    scratch.write("2024/bad.md", "---\ntitle: B\ndate: 2024-01-01\ngentle: sometimes\n---\nB.\n")
    journal = load_journal(scratch.settings())
    assert [e.title for e in journal.entries if e.gentle] == [GENTLE]
    assert [(p.line, p.message) for p in journal.problems] == [
        (4, "`gentle` must be true or false, not 'sometimes'")
    ]


def test_a_gentle_day_is_not_on_the_home_page_nor_on_this_day(built: dict[str, bytes]) -> None:
    home = text_of(built, "index.html")
    assert ORDINARY in home and GENTLE not in home
    data = text_of(built, "assets/memorybook/on-this-day.js")
    assert ORDINARY in data and GENTLE not in data


def test_a_gentle_day_stays_in_the_timeline_and_has_its_page(built: dict[str, bytes]) -> None:
    year = text_of(built, "timeline/2024/index.html")
    assert GENTLE in year and ORDINARY in year
    assert "We sat with him" in text_of(built, "2024/2024-03-02-biscuit/index.html")
    assert "We sat with him" in text_of(built, "search/search_index.json")


def test_a_gentle_day_is_not_among_the_numbers_highlights(built: dict[str, bytes]) -> None:
    stats = text_of(built, "stats/index.html")
    firsts = re.findall(r'<div class="mb-firsts">.*?</div>', stats, re.S)
    assert firsts and all(ORDINARY in f and GENTLE not in f for f in firsts)
    assert "<strong>2</strong> <span>memories</span>" in stats  # the counts hold it


def test_a_gentle_milestone_is_not_in_the_calendar(scratch: ScratchJournal) -> None:
    settings = gentle_journal(scratch).settings()
    data = make_calendar(settings, as_of=dt.date(2026, 1, 1)).data
    titles = [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")]
    assert f"Anniversary: {ORDINARY}" in titles
    assert not [t for t in titles if GENTLE in t]
    assert GENTLE.encode() not in data


def test_a_gentle_day_stays_in_the_book(scratch: ScratchJournal) -> None:
    journal = load_journal(gentle_journal(scratch).settings())
    chosen = select_entries(journal.entries, explicit_range(dt.date(2024, 1, 1), None))
    assert GENTLE in [e.title for e in chosen]


# -- pausing On this day ---------------------------------------------------------------


def paused_options(pause: str = "2026-09-01") -> str:
    return f"      on_this_day: {{pause_until: {pause}}}\n"


def test_a_pause_is_written_into_the_on_this_day_data(scratch: ScratchJournal) -> None:
    build(gentle_journal(scratch, paused_options()).config, strict=True)
    data = text_of(site_files(scratch.root / "site"), "assets/memorybook/on-this-day.js")
    pause = re.search(r"window\.memorybookOnThisDayPause = (.*?);", data)
    assert pause and json.loads(pause.group(1)) == "2026-09-01"


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (paused_options("soon"), "on_this_day.pause_until 'soon' is not a date"),
        ("      on_this_day: {pause: 2026-09-01}\n", "unknown option on_this_day.pause"),
        ("      on_this_day: yes\n", "on_this_day must be a mapping"),
    ],
)
def test_a_bad_pause_is_a_clean_error(
    scratch: ScratchJournal, in_dir: object, options: str, says: str
) -> None:
    gentle_journal(scratch, options)
    result = CliRunner().invoke(main, ["check", "-f", str(scratch.config)])
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output


@pytest.fixture
def paused_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("paused") / "project")
    build(gentle_journal(scratch, paused_options()).config, strict=True)
    with serving(scratch.root / "site") as url:
        yield url


@pytest.mark.browser
@pytest.mark.slow
def test_on_this_day_waits_for_the_end_of_its_pause(browser: Browser, paused_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        for day, shown in (("2026-03-03", False), ("2027-03-03", True)):
            page.clock.set_fixed_time(f"{day}T10:00:00")
            page.goto(paused_site + "on-this-day/")
            box = page.locator(".mb-on-this-day")
            page.wait_for_function("document.querySelector('.mb-on-this-day ul') !== null")
            page.wait_for_timeout(200)
            text = box.inner_text()
            assert (ORDINARY in text) is shown, (day, text)
            assert ("paused until 1 September 2026" in text) is not shown, (day, text)
            assert GENTLE not in text
    finally:
        context.close()
