"""The sample journal stays the showcase the README promises: every kind and feature in use."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from memorybook.book import BookOptions, make_book
from memorybook.book.cover import cover_path
from memorybook.journal import KINDS, Journal, load_journal
from memorybook.questions import collect_answers
from memorybook.settings import Settings, load_settings
from tests.conftest import REPO


@pytest.fixture(scope="module")
def everything(sample_settings: Settings) -> Journal:
    return load_journal(sample_settings, include_private=True)


def test_sample_is_clean(everything: Journal) -> None:
    assert everything.problems == ()


def test_sample_covers_every_feature(everything: Journal) -> None:
    entries = everything.entries
    assert len(entries) >= 16
    assert entries[-1].date.year - entries[0].date.year >= 2
    assert set(Counter(e.kind for e in entries)) == set(KINDS)
    assert any(e.until for e in entries), "a multi-day trip"
    assert any(e.recurring and e.kind == "milestone" for e in entries), "a recurring milestone"
    ways = {(e.sender, e.recipient) for e in entries if e.kind == "gratitude"}
    assert {("sam", "alex"), ("alex", "sam")} <= ways, "gratitude both ways"
    assert len({e.love_language for e in entries if e.love_language}) == 5
    assert sum(1 for e in entries if e.private) == 1
    assert sum(1 for e in entries if e.tags) >= 15 and sum(1 for e in entries if e.place) >= 10
    assert sum(len(e.all_photos) for e in entries) >= 5
    assert any(e.body_photos for e in entries) and any(e.cover for e in entries)
    assert [p.title for p in everything.pages] == ["Our story"]


def test_private_entry_is_hidden_by_default(sample_settings: Settings) -> None:
    assert all(not e.private for e in load_journal(sample_settings).entries)


def test_sample_answers_a_question_together_and_one_alone(everything: Journal) -> None:
    people = list(everything.settings.people)
    answers = collect_answers(everything.entries, people).values()
    assert sum(a.complete(people) for a in answers) == 1, "a question both have answered"
    assert sum(not a.complete(people) for a in answers) == 1, "a question only one has answered"
    assert max(e.date for e in everything.entries).isoformat() == "2026-08-22"


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdfimages"), reason="needs poppler-utils")
def test_the_sample_book_prints_every_photo_sharp(tmp_path: Path) -> None:
    """`make site`'s book (the last full year) is made of photos large enough for print: no
    blurry-photo warning, and every photo in the PDF and its cover at 300 ppi or more."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "journal", project / "journal")
    out = project / "book.pdf"
    options = BookOptions(output=out, today=dt.date(2026, 12, 6))
    report = make_book(load_settings(project / "mkdocs.yml"), options)
    assert report.low_resolution == () and report.problems == ()
    images = [_pdf_images(pdf) for pdf in (out, cover_path(out))]
    assert len(images[0]) >= 12 and len(images[1]) == 1
    assert min(min(ppi) for found in images for ppi in found) >= 299.5


def _pdf_images(pdf: Path) -> list[tuple[float, float]]:
    """Each image's (x, y) ppi as placed, read by poppler from the PDF."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [(float(row.split()[12]), float(row.split()[13])) for row in listing]
