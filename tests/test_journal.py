"""The journal model: every field of ENTRY-FORMAT.md, read from one file per edge case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import frontmatter
import pytest

from memorybook.journal import Entry, Journal, load_journal, slug_for
from memorybook.settings import load_settings
from tests.conftest import TESTS, ScratchJournal

EDGE = TESTS / "journals" / "edge"


@pytest.fixture(scope="module")
def edge() -> Journal:
    return load_journal(load_settings(EDGE / "mkdocs.yml"))


def by_rel(journal: Journal, rel: str) -> Entry:
    return next(e for e in journal.entries if e.rel == rel)


# rel -> (slug, date, time, title, kind)
EDGE_ENTRIES = {
    "2024/2024-06-14-first-hike.md": (
        "2024-06-14-first-hike",
        "2024-06-14",
        None,
        "First hike",
        "experience",
    ),
    "2024/2024-06-14-first-hike-2.md": (
        "2024-06-14-first-hike-2",
        "2024-06-14",
        "16:00",
        "First hike",
        "experience",
    ),
    "2024/bundle/index.md": (
        "2024-07-01-bundle",
        "2024-07-01",
        None,
        "A page bundle",
        "experience",
    ),
    "2024/2024-08-01-windows.md": (
        "2024-08-01-windows",
        "2024-08-01",
        None,
        "Written on Windows",
        "experience",
    ),
    "2024/2024-08-02-offset.md": (
        "2024-08-02-offset",
        "2024-08-02",
        "21:15",
        "Time with an offset",
        "experience",
    ),
    "2024/2024-08-05-thanks.md": (
        "2024-08-05-thanks",
        "2024-08-05",
        None,
        "From Alex to Sam",
        "gratitude",
    ),
    "2024/2024-08-07-extra.md": (
        "2024-08-07-extra",
        "2024-08-07",
        None,
        "Extra field",
        "experience",
    ),
}


@pytest.mark.parametrize("rel", sorted(EDGE_ENTRIES))
def test_edge_entry_fields(edge: Journal, rel: str) -> None:
    slug, day, time, title, kind = EDGE_ENTRIES[rel]
    entry = by_rel(edge, rel)
    assert (entry.slug, entry.date.isoformat(), entry.title, entry.kind) == (slug, day, title, kind)
    assert (entry.time.strftime("%H:%M") if entry.time else None) == time


def test_edge_journal_has_exactly_the_expected_entries_and_pages(edge: Journal) -> None:
    assert {e.rel for e in edge.entries} == set(EDGE_ENTRIES)
    assert [(p.rel, p.title) for p in edge.pages] == [("our-story.md", "Our story")]


def test_ignored_files_are_not_read(edge: Journal) -> None:
    """.obsidian/, _drafts/, *~ and .swp files hold invalid dates: none may be reported."""
    assert [p.format(EDGE) for p in edge.problems] == [
        "journal/2024/2024-08-07-extra.md:4: warning: unknown field `mood` (kept, but not used); "
        "known fields: date, until, kind, title, author, authors, from, to, love_language, tags, "
        "place, photos, cover, recurring, private, sealed_until, question, source, gentle, "
        "telling_of, reveal"
    ]


def test_entries_are_sorted_by_date_then_time(edge: Journal) -> None:
    keys = [e.sort_key for e in edge.entries]
    assert keys == sorted(keys)
    assert edge.entries[0].rel == "2024/2024-06-14-first-hike.md"


def test_bom_crlf_and_comma_tags(edge: Journal) -> None:
    entry = by_rel(edge, "2024/2024-08-01-windows.md")
    assert entry.tags == ("travel", "road-trip")
    assert entry.body == "BOM and CRLF.\n"
    assert "\r" not in entry.title


def test_until_as_quoted_text(edge: Journal) -> None:
    assert by_rel(edge, "2024/2024-08-02-offset.md").until == dt.date(2024, 8, 4)


def test_photo_in_the_entry_folder_with_upper_case_extension(edge: Journal) -> None:
    entry = by_rel(edge, "2024/2024-06-14-first-hike.md")
    assert [p.rel for p in entry.photos] == ["2024/2024-06-14-first-hike/summit.JPG"]
    assert entry.cover == entry.photos[0]
    assert entry.photos[0].line == 8 and entry.photos[0].entry == entry.source


def test_body_images_and_obsidian_embeds(edge: Journal) -> None:
    entry = by_rel(edge, "2024/bundle/index.md")
    assert [(p.rel, p.caption) for p in entry.photos] == [("2024/bundle/river.png", "The river")]
    assert [(p.rel, p.line, p.markup) for p in entry.body_photos] == [
        ("shared.jpg", 8, "![Grey square](../../shared.jpg)"),
        ("shared.jpg", 10, "![[shared.jpg]]"),
    ]
    assert [p.rel for p in entry.all_photos] == ["2024/bundle/river.png", "shared.jpg"]
    assert entry.body_photos[0].alt == "Grey square"


def test_gratitude_fields(edge: Journal) -> None:
    entry = by_rel(edge, "2024/2024-08-05-thanks.md")
    assert (entry.sender, entry.recipient, entry.love_language) == ("alex", "sam", "time")
    assert entry.people == ("alex", "sam")


def test_unknown_fields_are_kept(edge: Journal) -> None:
    assert by_rel(edge, "2024/2024-08-07-extra.md").extra == {"mood": "happy"}


def test_private_entries_load_only_when_asked(edge: Journal) -> None:
    assert all(not e.private for e in edge.entries)
    everything = load_journal(edge.settings, include_private=True)
    secret = by_rel(everything, "2024/2024-08-06-secret.md")
    assert secret.private and secret.title == "A secret"


def test_python_frontmatter_reads_the_same_fields(edge: Journal) -> None:
    """The format is plain python-frontmatter: other tools read what we read."""
    for entry in edge.entries:
        if entry.source.read_bytes().startswith(b"\xef\xbb\xbf"):
            continue  # python-frontmatter does not strip a BOM; ENTRY-FORMAT accepts one
        post = frontmatter.load(str(entry.source))
        assert post.get("title", entry.title) == entry.title
        assert set(post.metadata) >= {"date"}


@pytest.mark.parametrize(
    ("rel", "date", "slug"),
    [
        ("2024/2024-06-14-first-hike.md", dt.date(2024, 6, 14), "2024-06-14-first-hike"),
        ("2024/first-hike/index.md", dt.date(2024, 6, 14), "2024-06-14-first-hike"),
        ("2024/Café au lait!.md", dt.date(2024, 6, 14), "2024-06-14-café-au-lait"),
        ("notes.md", dt.date(2020, 1, 2), "2020-01-02-notes"),
    ],
)
def test_slugs(rel: str, date: dt.date, slug: str) -> None:
    assert slug_for(rel, date) == slug


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-09", (dt.date(2024, 3, 9), None)),
        ("2024-03-09 18:30", (dt.date(2024, 3, 9), dt.time(18, 30))),
        ("2024-03-09T18:30:00+01:00", (dt.date(2024, 3, 9), dt.time(18, 30))),
        ("2024-03-09T18:30:00Z", (dt.date(2024, 3, 9), dt.time(18, 30))),
    ],
)
def test_date_forms(scratch: ScratchJournal, value: str, expected: tuple[object, ...]) -> None:
    scratch.write("e.md", f"---\ntitle: T\ndate: {value}\n---\n")
    entry = load_journal(scratch.settings()).entries[0]
    assert (entry.date, entry.time) == expected


def test_a_bad_photo_does_not_drop_the_entry(scratch: ScratchJournal) -> None:
    scratch.write("e.md", "---\ntitle: T\ndate: 2024-01-01\nphotos: [gone.jpg]\n---\n")
    journal = load_journal(scratch.settings())
    assert [e.title for e in journal.entries] == ["T"]
    assert journal.entries[0].photos == ()
    assert len(journal.errors) == 1


def test_a_bad_entry_does_not_stop_the_others(scratch: ScratchJournal) -> None:
    scratch.write("a.md", "---\ntitle: [\ndate: 2024-01-01\n---\n")
    scratch.write("b.md", "---\ntitle: Fine\ndate: 2024-01-02\n---\n")
    journal = load_journal(scratch.settings())
    assert [e.title for e in journal.entries] == ["Fine"]
    assert [p.path.name for p in journal.errors] == ["a.md"]


def test_entry_fields_without_date_are_an_error_not_a_page(scratch: ScratchJournal) -> None:
    """It was meant as an entry (maybe a private one): left out, with the misspelt key named."""
    scratch.write("p.md", "---\ntitle: Trip\ndaet: 2024-01-01\nkind: experience\n---\n")
    journal = load_journal(scratch.settings())
    assert journal.pages == ()
    assert [(p.line, p.severity) for p in journal.problems] == [(3, "error")]
    assert "did you mean `date`?" in journal.problems[0].hint


def test_load_is_read_only(tmp_path: Path) -> None:
    """Loading never writes: not even a cache file beside the journal."""
    settings = load_settings(EDGE / "mkdocs.yml")
    before = sorted((p, p.stat().st_mtime_ns) for p in EDGE.rglob("*"))
    load_journal(settings, include_private=True)
    assert sorted((p, p.stat().st_mtime_ns) for p in EDGE.rglob("*")) == before


def test_ordinary_pages_images_are_photos_and_checked(scratch: ScratchJournal) -> None:
    scratch.copy_photo("coffee.png", "us/cup.png")
    scratch.write("us/story.md", "# Our story\n\n![A cup](cup.png)\n\n![Gone](gone.png)\n")
    journal = load_journal(scratch.settings())
    assert [(p.rel, p.line, p.markup) for p in journal.pages[0].photos] == [
        ("us/cup.png", 3, "![A cup](cup.png)")
    ]
    assert [p.rel for p in journal.photos()] == ["us/cup.png"]
    assert [p.format(scratch.root) for p in journal.errors] == [
        "journal/us/story.md:5: error: photo gone.png does not exist; "
        "put it in us/ or us/story/, or fix the name"
    ]
