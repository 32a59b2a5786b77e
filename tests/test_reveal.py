"""Revealed together (issue #23, part 2): an entry or an answer with `reveal: together` keeps
its words until the other partner has written theirs, exactly as a time capsule keeps its
words: nothing of it (file name, title, text, tags, place, photo, caption) is in any file of
the built site, its search index, sitemap, calendar, photo cache or the book; only "Alex has
written; your turn". Every file written is read (`.gz` opened, images decoded, PDF text)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from memorybook.calendar import make_calendar
from memorybook.cli import main
from memorybook.journal import load_journal
from tests.conftest import TESTS, ScratchJournal
from tests.lock_helpers import assert_nothing_plain
from tests.site_helpers import containing, decoded_images, showing, written_files
from tests.test_lock import ALEX, SAM, decrypt

ChDir = Callable[[Path], None]
CANARY = "bandicoot"
"""In every part of the waiting entry and the waiting answer."""
TODAY = "2026-11-30"
WAITING_ENTRY = f"2026/2026-05-01-{CANARY}.md"
WAITING_ANSWER = f"2026/2026-05-02-{CANARY}-answer.md"

ENTRY = f"""\
---
title: The {CANARY} evening
date: 2026-05-01
kind: milestone
recurring: true
author: alex
reveal: together
tags: [{CANARY}-tag]
place: {CANARY.capitalize()} Hill
photos:
  - src: {CANARY}.jpg
    caption: A {CANARY} caption
    alt: The {CANARY} alt
---
The {CANARY} words of Alex's telling, for Sam to read once Sam has written.
"""
ANSWER = f"""\
---
title: My {CANARY} answer
date: 2026-05-02
author: alex
question: 24
reveal: together
---
My answer, full of {CANARY} thoughts.
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"MEMORYBOOK_TODAY": TODAY})


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: ChDir) -> ScratchJournal:
    """An ordinary entry, Alex's entry and answer that wait for Sam's, with a photo."""
    scratch.write(
        "2026/2026-04-01-picnic.md",
        "---\ntitle: Picnic\ndate: 2026-04-01\nauthors: [sam, alex]\n---\nBread by the river.\n",
    )
    scratch.write(WAITING_ENTRY, ENTRY)
    scratch.copy_photo("rocket.jpg", f"2026/{CANARY}.jpg")
    scratch.write(WAITING_ANSWER, ANSWER)
    scratch.with_search()
    in_dir(scratch.root)
    return scratch


def sams_turn(project: ScratchJournal) -> None:
    """Sam writes a telling of Alex's day and an answer to the same question."""
    project.write(
        "2026/2026-05-01-sam.md",
        f"---\ntitle: That evening\ndate: 2026-05-01\nauthor: sam\ntelling_of: {WAITING_ENTRY}\n"
        "---\nI remember the wind.\n",
    )
    project.write(
        "2026/2026-05-03-sam-answer.md",
        "---\ntitle: Mine\ndate: 2026-05-03\nauthor: sam\nquestion: 24\n---\nMy own answer.\n",
    )


def photo() -> bytes:
    return (TESTS / "photos" / "rocket.jpg").read_bytes()


def everything_written(project: ScratchJournal) -> dict[str, bytes]:
    """The site (with the book put in it), the photo cache, and the calendar file."""
    book = ("book", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "site/book.pdf")
    assert run("build").exit_code == 0
    result = run(*book)
    assert result.exit_code == 0, result.output
    assert run("calendar", "-o", "our.ics").exit_code == 0
    return written_files(project.root / "site", project.root / ".cache", project.root / "our.ics")


# -- the model ---------------------------------------------------------------------------


def test_a_waiting_entry_is_only_who_and_whose_turn(project: ScratchJournal) -> None:
    journal = load_journal(project.settings())
    assert [e.title for e in journal.entries] == ["Picnic"]
    assert [(w.writer, w.turn, w.question) for w in journal.waiting] == [
        ("alex", ("sam",), None),
        ("alex", ("sam",), 24),
    ]
    assert not hasattr(journal.waiting[0], "title") and not hasattr(journal.waiting[0], "body")
    assert journal.photos() == ()
    sams_turn(project)
    journal = load_journal(project.settings())
    assert journal.waiting == ()
    assert {e.title for e in journal.entries} >= {f"The {CANARY} evening", f"My {CANARY} answer"}


def test_a_private_answer_still_counts_as_written(project: ScratchJournal) -> None:
    project.write(
        "2026/2026-05-03-sam-answer.md",
        "---\ntitle: Mine\ndate: 2026-05-03\nauthor: sam\nquestion: 24\nprivate: true\n---\nM.\n",
    )
    journal = load_journal(project.settings())
    assert [w.question for w in journal.waiting] == [None]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("reveal: soon", "`reveal` 'soon' is not `together`; the entry is left out"),
        ("reveal:", "`reveal` has no value; the entry is left out"),
        ("revael: together", "`revael` is not `reveal`; the entry is left out"),
        ("Reveal: together", "`Reveal` is not `reveal`; the entry is left out"),
        ("reveal: together\nreveal: now", "`reveal` is given twice"),
    ],
)
def test_a_mistyped_reveal_keeps_the_entry_out(
    project: ScratchJournal, line: str, message: str
) -> None:
    project.write(WAITING_ENTRY, ENTRY.replace("reveal: together", line))
    journal = load_journal(project.settings())
    assert [e.title for e in journal.entries] == ["Picnic"]
    errors = [p for p in journal.errors if p.path.name == Path(WAITING_ENTRY).name]
    assert [(p.line, message in p.message) for p in errors][-1] == (7 + line.count("\n"), True)


def test_reveal_on_an_entry_by_both_is_an_error(project: ScratchJournal) -> None:
    project.write(WAITING_ENTRY, ENTRY.replace("author: alex", "authors: [sam, alex]"))
    journal = load_journal(project.settings())
    [error] = [p for p in journal.errors if p.path.name == Path(WAITING_ENTRY).name]
    assert error.line == 7 and "is not one person's" in error.message
    assert [e.title for e in journal.entries] == ["Picnic"]


def test_the_plugin_option_makes_every_answer_wait(project: ScratchJournal) -> None:
    project.write(WAITING_ANSWER, ANSWER.replace("reveal: together\n", ""))
    assert [w.question for w in load_journal(project.settings()).waiting] == [None]
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "      reveal: together\n", encoding="utf-8")
    assert [w.question for w in load_journal(project.settings()).waiting] == [None, 24]
    project.config.write_text(config + "      reveal: later\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2 and "reveal 'later' is not `together`" in result.output


# -- every file written ------------------------------------------------------------------


def test_nothing_of_a_waiting_entry_is_written_anywhere(project: ScratchJournal) -> None:
    """Site pages, search index, sitemap (and its .gz), On this day data, calendar, photo
    renditions and cache, the book's PDF text and images: no canary, no photo; the home page
    and the questions page say whose turn it is."""
    files = everything_written(project)
    assert containing(files, CANARY) == []
    assert showing(files, photo()) == []
    assert "Picnic" in files["site/book.pdf#text"].decode()
    home = files["site/index.html"].decode()
    assert "has written; your turn, " in home and "Alex" in home
    questions = files["site/questions/index.html"].decode()
    assert "has answered “" in questions and "”; your turn, " in questions
    assert CANARY not in run("check").output


def test_the_site_without_the_waiting_entries_differs_only_by_whose_turn(
    project: ScratchJournal,
) -> None:
    waiting = everything_written(project)
    for rel in (WAITING_ENTRY, WAITING_ANSWER, f"2026/{CANARY}.jpg"):
        (project.journal / rel).unlink()
    without = everything_written(project)
    assert set(decoded_images(waiting)) == set(decoded_images(without))
    for name in ("assets/memorybook/on-this-day.js", "sitemap.xml", "sitemap.xml.gz"):
        assert waiting[f"site/{name}"] == without[f"site/{name}"], name
    docs = [
        json.loads(files["site/search/search_index.json"])["docs"] for files in (waiting, without)
    ]
    assert [d["location"] for d in docs[0]] == [d["location"] for d in docs[1]]
    assert waiting["our.ics"] == without["our.ics"]


def test_once_the_other_has_written_both_are_shown(project: ScratchJournal) -> None:
    """The same reading finds the canary once Sam has written: the tests above can fail."""
    sams_turn(project)
    files = everything_written(project)
    page = files[f"site/2026/2026-05-01-{CANARY}/index.html"].decode()
    assert f"The {CANARY} words" in page and "I remember the wind" in page
    assert CANARY in files["site/search/search_index.json"].decode()
    assert CANARY in files["our.ics"].decode()
    assert CANARY in files["site/book.pdf#text"].decode()
    assert showing(files, photo())
    assert "your turn" not in files["site/index.html"].decode()


def test_the_calendar_leaves_a_waiting_milestone_out(project: ScratchJournal) -> None:
    data = make_calendar(project.settings(), as_of=dt.date(2026, 11, 30)).data
    assert CANARY.encode() not in data
    sams_turn(project)
    assert CANARY.encode() in make_calendar(project.settings(), as_of=dt.date(2026, 11, 30)).data


def test_a_locked_site_holds_nothing_of_a_waiting_entry(
    project: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked, the site is ciphertext; opened with Sam's passphrase, its pages, search index,
    sitemap, On this day data and calendar still hold nothing of the waiting words."""
    config = project.config.read_text(encoding="utf-8")
    project.config.write_text(config + "      lock: true\n", encoding="utf-8")
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert_nothing_plain(project.root / "site", {"waiting words": CANARY})
    opened = {
        rel: decrypt(project, rel).decode()
        for rel in (
            "index.html",
            "questions/index.html",
            "search/search_index.json",
            "sitemap.xml",
            "assets/memorybook/on-this-day.js",
            "milestones/our-anniversaries.ics",
        )
    }
    assert [rel for rel, text in opened.items() if CANARY in text] == []
    assert "has written; your turn, " in opened["index.html"]
    sams_turn(project)
    assert run("build").exit_code == 0
    assert (
        f"The {CANARY} evening" in decrypt(project, f"2026/2026-05-01-{CANARY}/index.html").decode()
    )
