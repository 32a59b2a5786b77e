"""Time capsules (issue 14): an entry with `sealed_until` is a closed envelope until its day.

Before the day nothing of it (title, text, photos, tags, place, file name) is in any file of
the built site or in the book; on the day it opens, with "sealed on …, opened on …". "Today"
comes from the clock or from MEMORYBOOK_TODAY, which every test here sets.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from memorybook.cli import main
from memorybook.journal import load_journal
from memorybook.settings import Settings
from tests.conftest import TESTS, ScratchJournal
from tests.site_helpers import containing, decoded_images, showing, written_files

ChDir = Callable[[Path], None]
CANARY = "quokka"
"""In every part of the capsule: its file name, title, body, tags, place, photo and caption."""
OPENS = "2028-06-14"

CAPSULE = f"""\
---
title: The {CANARY} letter
date: 2026-06-14
kind: letter
from: alex
to: sam
sealed_until: {OPENS}
tags: [{CANARY}-tag]
place: {CANARY.capitalize()} Bay
photos:
  - src: {CANARY}.jpg
    caption: A {CANARY} caption
---
Dear Sam, the {CANARY} words of a letter for later.
"""


def run(*args: str, today: str) -> Result:
    """A memorybook command as of `today`, set the way users set it."""
    return CliRunner().invoke(main, list(args), env={"MEMORYBOOK_TODAY": today})


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: ChDir) -> ScratchJournal:
    """A small journal with one sealed letter and its photo, and an ordinary entry."""
    scratch.write(
        "2026/2026-05-01-picnic.md",
        """\
        ---
        title: Picnic
        date: 2026-05-01
        authors: [sam, alex]
        photos: [coffee.png]
        ---
        Bread and cheese by the river.
        """,
    )
    scratch.copy_photo("coffee.png", "2026/coffee.png")
    scratch.write(f"2026/2026-06-14-{CANARY}.md", CAPSULE)
    scratch.copy_photo("rocket.jpg", f"2026/{CANARY}.jpg")
    scratch.with_search()
    in_dir(scratch.root)
    return scratch


def site_files(project: ScratchJournal) -> dict[str, bytes]:
    """Every file of the built site (`site/...`) and of the photo cache (`.cache/...`)."""
    return written_files(project.root / "site", project.root / ".cache")


def images(files: dict[str, bytes]) -> set[str]:
    return set(decoded_images({n: d for n, d in files.items() if n.startswith("site/")}))


def capsule_photo() -> bytes:
    return (TESTS / "photos" / "rocket.jpg").read_bytes()


# -- the model ---------------------------------------------------------------------------


def test_a_sealed_entry_is_a_capsule_until_its_day(project: ScratchJournal) -> None:
    before = load_journal(project.settings(), as_of=dt.date(2028, 6, 13))
    assert [e.title for e in before.entries] == ["Picnic"]
    (capsule,) = before.sealed
    assert (capsule.opens, capsule.sender, capsule.recipient) == (
        dt.date(2028, 6, 14),
        "alex",
        "sam",
    )
    assert not hasattr(capsule, "title") and not hasattr(capsule, "body")
    assert before.photos() == tuple(before.entries[0].all_photos)

    on_the_day = load_journal(project.settings(), as_of=dt.date(2028, 6, 14))
    assert on_the_day.sealed == ()
    assert [e.title for e in on_the_day.entries] == ["Picnic", f"The {CANARY} letter"]


def test_a_private_capsule_is_not_even_an_envelope(project: ScratchJournal) -> None:
    project.write(
        f"2026/2026-06-14-{CANARY}.md", CAPSULE.replace("---\nDear", "private: true\n---\nDear")
    )
    assert load_journal(project.settings(), as_of=dt.date(2027, 1, 1)).sealed == ()
    everything = load_journal(project.settings(), as_of=dt.date(2027, 1, 1), include_private=True)
    assert len(everything.sealed) == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("sealed-until: 2028-06-14", "`sealed-until` is not `sealed_until`; the entry is left out"),
        ("seald_until: 2028-06-14", "`seald_until` is not `sealed_until`; the entry is left out"),
        ("Sealed_Until: 2028-06-14", "`Sealed_Until` is not `sealed_until`; the entry is left out"),
        (
            "sealed_until: 2028-13-01",
            "`sealed_until` '2028-13-01' is not a date; the entry is left",
        ),
        ("sealed_until: soon", "`sealed_until` 'soon' is not a date; the entry is left out"),
        ("sealed_until:", "`sealed_until` has no value; the entry is left out"),
        ("sealed_until: 2028-06-14\nsealed_until: 2020-01-01", "`sealed_until` is given twice"),
    ],
)
def test_a_mistyped_seal_keeps_the_entry_out(
    project: ScratchJournal, line: str, message: str
) -> None:
    """Read as a typo, the letter would be published the day it was written: it is an error
    at its line, and the entry is left out of the site until it is fixed."""
    project.write(f"2026/2026-06-14-{CANARY}.md", CAPSULE.replace(f"sealed_until: {OPENS}", line))
    journal = load_journal(project.settings(), as_of=dt.date(2026, 12, 1))
    assert [e.title for e in journal.entries] == ["Picnic"]
    assert journal.sealed == ()
    (error,) = journal.errors
    assert message in error.message
    assert error.line == 7 + line.count("\n")


def test_a_seal_before_the_date_is_a_warning(project: ScratchJournal) -> None:
    project.write(f"2026/2026-06-14-{CANARY}.md", CAPSULE.replace(OPENS, "2026-06-01"))
    journal = load_journal(project.settings(), as_of=dt.date(2026, 12, 1))
    (warning,) = journal.warnings
    assert warning.line == 7
    assert "`sealed_until` 2026-06-01 is not after `date` 2026-06-14" in warning.message


# -- check and new -----------------------------------------------------------------------


def test_check_counts_the_capsules_and_names_the_next_day(project: ScratchJournal) -> None:
    project.write("2026/2026-07-01-later.md", CAPSULE.replace(OPENS, "2030-01-01"))
    result = run("check", today="2026-11-30")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "journal ok: 3 entries, 0 pages; 2 time capsules sealed, "
        "the next opens on 14 June 2028 (in 562 days)"
    )
    assert CANARY not in result.output
    result = run("check", today=OPENS)
    assert "1 time capsule sealed, the next opens on 1 January 2030 (in 566 days)" in result.output


def test_a_wrong_today_is_a_clear_error(project: ScratchJournal) -> None:
    for command in (["check"], ["build"], ["book"]):
        result = run(*command, today="14/06/2028")
        assert result.exit_code == 2, (command, result.output)
        assert "MEMORYBOOK_TODAY='14/06/2028' is not a day; write YYYY-MM-DD" in result.output
        assert "Traceback" not in result.output


def new_sealed_letter(until: str) -> Result:
    """`new --kind letter --from sam --sealed-until UNTIL`, on 30 November 2026."""
    args = ("new", "--kind", "letter", "--from", "sam", "--sealed-until", until, "--no-edit")
    return run(*args, today="2026-11-30")


def test_new_writes_a_sealed_letter(project: ScratchJournal) -> None:
    result = new_sealed_letter("2031-06-14")
    assert result.exit_code == 0, result.output
    path = project.root / result.output.strip()
    assert path.name == "2026-11-30-letter-to-alex.md"
    assert "sealed_until: 2031-06-14" in path.read_text(encoding="utf-8")
    journal = load_journal(project.settings(), as_of=dt.date(2026, 11, 30))
    assert [c.opens for c in journal.sealed] == [dt.date(2028, 6, 14), dt.date(2031, 6, 14)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-30", "--sealed-until 2026-11-30 is not after the entry's date 2026-11-30"),
        ("next year", "--sealed-until 'next year' is not a date like 2030-06-14"),
    ],
)
def test_new_refuses_a_seal_that_would_not_hold(
    project: ScratchJournal, value: str, message: str
) -> None:
    before = sorted(project.journal.rglob("*"))
    result = new_sealed_letter(value)
    assert result.exit_code == 2
    assert message in result.output
    assert sorted(project.journal.rglob("*")) == before


# -- the site and the book, file by file -------------------------------------------------


def test_nothing_of_a_sealed_capsule_is_in_the_site(project: ScratchJournal) -> None:
    """Every file of the site (pages, search index, sitemap, on-this-day data, photos) and of
    the photo cache before the day, compared with the same journal without the capsule: only
    the envelope differs, and no image shows the capsule's photo."""
    assert run("build", today="2028-06-13").exit_code == 0
    sealed = site_files(project)
    assert containing(sealed, CANARY) == []
    assert showing(sealed, capsule_photo()) == []
    envelope = sealed["site/index.html"].decode()
    assert "A sealed letter" in envelope and 'Opens on <time datetime="2028-06-14">' in envelope
    assert 'Alex</span> <span class="mb-arrow" aria-label="to">→</span>' in envelope
    assert "mb-envelope" in sealed["site/milestones/index.html"].decode()

    capsule = project.journal / "2026" / f"2026-06-14-{CANARY}.md"
    text = capsule.read_text(encoding="utf-8")
    capsule.unlink()
    assert run("build", today="2028-06-13").exit_code == 0
    without = site_files(project)
    capsule.write_text(text, encoding="utf-8")
    assert images(sealed) == images(without)  # no rendition of the capsule's photo
    assert searchable(sealed) == searchable(without)
    same = ("assets/memorybook/on-this-day.js", "sitemap.xml", "sitemap.xml.gz", "stats/index.html")
    for name in same:
        assert sealed[f"site/{name}"] == without[f"site/{name}"], name


def test_on_its_day_the_capsule_opens(project: ScratchJournal) -> None:
    assert run("build", today="2028-06-13").exit_code == 0
    sealed = images(site_files(project))
    assert run("build", today=OPENS).exit_code == 0
    opened = site_files(project)
    assert images(opened) > sealed  # the capsule's photo, now with its renditions
    assert showing(opened, capsule_photo())
    page = opened[f"site/2026/2026-06-14-{CANARY}/index.html"].decode()
    assert f"The {CANARY} letter" in page and f"the {CANARY} words" in page
    assert 'Sealed on <time datetime="2026-06-14">14 June 2026</time>, opened on' in page
    assert CANARY in opened["site/search/search_index.json"].decode()
    assert "mb-envelope" not in opened["site/index.html"].decode()


def searchable(files: dict[str, bytes]) -> list[dict[str, str]]:
    """The search index, but for the Milestones page (its envelopes are searchable)."""
    docs = json.loads(files["site/search/search_index.json"])["docs"]
    return [doc for doc in docs if not doc["location"].startswith("milestones/")]


def test_the_book_leaves_a_sealed_capsule_out_until_its_day(project: ScratchJournal) -> None:
    args = ("book", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "before.pdf")
    result = run(*args, today="2028-06-13")
    assert result.exit_code == 0, result.output
    sealed = written_files(project.root / "before.pdf")
    assert containing(sealed, "Picnic")
    assert containing(sealed, CANARY) == []
    assert showing(sealed, capsule_photo()) == []

    result = run(*args[:-1], "after.pdf", today=OPENS)
    assert result.exit_code == 0, result.output
    opened = written_files(project.root / "after.pdf")
    assert containing(opened, CANARY) and showing(opened, capsule_photo())
    assert "Sealed on 14 June 2026, opened on 14 June 2028" in opened["after.pdf#text"].decode()


def test_the_sample_journal_has_a_letter_sealed_past_its_last_day(
    sample_settings: Settings,
) -> None:
    everything = load_journal(sample_settings, as_of=dt.date(2100, 1, 1))
    journal = load_journal(sample_settings, as_of=dt.date(2026, 11, 30))
    (capsule,) = journal.sealed
    assert capsule.kind == "letter" and (capsule.sender, capsule.recipient) == ("alex", "sam")
    assert capsule.opens > max(e.until or e.date for e in journal.entries)
    assert len(everything.entries) == len(journal.entries) + 1


def test_an_answer_to_a_question_can_be_sealed(project: ScratchJournal) -> None:
    result = run(
        "new", "--question", "12", "--author", "sam", "--sealed-until", "2030-01-01", "--no-edit",
        today="2026-11-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = project.root / result.stdout.strip().splitlines()[-1]
    assert "sealed_until: 2030-01-01" in path.read_text(encoding="utf-8")
    journal = load_journal(project.settings(), as_of=dt.date(2026, 11, 30))
    assert [(c.opens, c.authors) for c in journal.sealed][-1] == (dt.date(2030, 1, 1), ("sam",))
