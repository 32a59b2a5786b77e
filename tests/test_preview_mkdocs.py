"""A save costs MkDocs' work on what it touches: the preview keeps the theme (compiled, its
files sorted) and MkDocs' files and pages of what did not change from its last build, yet
every page, the sitemap and the search index are what a fresh build makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.structure import files as mkdocs_files
from mkdocs.structure import pages as mkdocs_pages

from memorybook.journal import Entry
from memorybook.plugin import pages as plugin_pages
from memorybook.site_html import cards
from tests.conftest import ScratchJournal
from tests.test_preview_photos import Preview, counting

pytestmark = pytest.mark.slow


def entry(day: int, body: str = "Some words.", extra: str = "") -> str:
    return f"---\ntitle: Day {day}\ndate: 2024-03-{day:02d}\ntags: [walks]\n{extra}---\n{body}\n"


@pytest.fixture
def preview(scratch: ScratchJournal, tmp_path: Path) -> Preview:
    scratch.with_search()
    for day in range(1, 9):
        scratch.write(f"2024/2024-03-{day:02d}-day.md", entry(day))
    scratch.write("our-story.md", "# Our story\n\nHow we met.\n")
    made = Preview(scratch, tmp_path / "preview")
    made.rebuild()
    return made


def test_a_rebuild_compiles_no_template_and_sorts_no_theme_file_again(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    compiled = counting(monkeypatch, jinja2.Environment, "compile")
    sorted_out = counting(monkeypatch, mkdocs_files.fnmatch, "fnmatch")
    scratch.write("2024/2024-03-05-day.md", entry(5, "New words."))
    preview.rebuild()
    assert compiled == []  # the search plugin's translations included
    assert sorted_out == []  # Material's thousands of files, each against MkDocs' patterns
    assert "New words." in (preview.site / "2024/2024-03-05-day/index.html").read_text()
    preview.same_as_a_fresh_build(tmp_path / "fresh")  # the theme's assets all there


def test_pages_left_as_they_were_keep_their_search_entries_in_order(
    preview: Preview, scratch: ScratchJournal, tmp_path: Path
) -> None:
    home = preview.site / "index.html"
    before = home.stat().st_mtime_ns
    scratch.write("our-story.md", "# Our story\n\nHow we met, again.\n")
    preview.rebuild()
    assert home.stat().st_mtime_ns == before  # the home page was left as it was
    preview.same_as_a_fresh_build(tmp_path / "fresh")  # its search entries, in their place


def test_a_save_makes_mkdocs_pages_only_for_new_files(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = counting(monkeypatch, mkdocs_pages.Page, "__init__")
    scratch.write("2024/2024-03-05-day.md", entry(5, "New words."))
    preview.rebuild()
    assert made == []  # every file's page is the last build's, its URLs worked out
    scratch.write("2024/2024-03-20-later.md", entry(20, "Later."))
    preview.rebuild()
    assert [page.file.src_uri for page in made] == ["2024/2024-03-20-later.md"]  # type: ignore[attr-defined]


CHANGES = ["edit", "retitle", "tag", "later", "delete", "page", "move-page", "site-name", "urls"]
CHANGES += ["telling", "private"]


@pytest.mark.parametrize("change", CHANGES)
def test_what_a_save_changes_shows_as_a_fresh_build_shows_it(
    preview: Preview, scratch: ScratchJournal, tmp_path: Path, change: str
) -> None:
    """Each change twice, so that what the first save left alone is kept through the
    second: the neighbours' links, the lists, the timeline, the numbers, the search index
    and the sitemap's dates all as a fresh build makes them."""
    for attempt in (1, 2):
        if change == "edit":  # the numbers page counts its words
            scratch.write("2024/2024-03-04-day.md", entry(4, "Many more words " * attempt))
        elif change == "retitle":  # its neighbours link to it by its title; the lists show it
            scratch.write("2024/2024-03-04-day.md", entry(4).replace("Day 4", f"Walk {attempt}"))
        elif change == "tag":  # the tags page
            scratch.write("2024/2024-03-04-day.md", entry(4).replace("walks", f"tag{attempt}"))
        elif change == "later":  # a new last entry: the sitemap's dates, a new neighbour
            scratch.write(f"2024/2024-04-0{attempt}-later.md", entry(attempt).replace("03", "04"))
        elif change == "delete":
            (scratch.journal / f"2024/2024-03-0{attempt + 2}-day.md").unlink()
        elif change == "page":  # an ordinary page: its own search entries
            scratch.write("our-story.md", f"# Our story\n\nHow we met, take {attempt}.\n")
        elif change == "move-page":
            (scratch.journal / "our-story.md").rename(scratch.journal / f"story-{attempt}.md")
            scratch.write("our-story.md", "# Our story\n\nA new one.\n")
        elif change == "telling":  # the other's telling shows beside the entry's own
            scratch.write("2024/2024-03-04-day.md", entry(4, extra="author: sam\n"))
            scratch.write(
                "2024/2024-03-04-alex.md",
                "---\ntitle: Day 4\ndate: 2024-03-04\nauthor: alex\n"
                f"telling_of: 2024/2024-03-04-day.md\n---\nAs Alex tells it, take {attempt}.\n",
            )
        elif change == "private":  # its page goes; its neighbours link past it
            scratch.write(
                f"2024/2024-03-0{attempt + 3}-day.md", entry(attempt + 3, extra="private: true\n")
            )
        elif change == "site-name":  # what every page shows
            scratch.config.write_text(
                scratch.config.read_text().replace("Test journal", f"Ours {attempt}")
            )
        else:  # every page somewhere else, then back
            urls = f"use_directory_urls: {'false' if attempt == 1 else 'true'}\n"
            scratch.config.write_text(scratch.config.read_text() + urls)
        preview.rebuild()
        preview.same_as_a_fresh_build(tmp_path / f"fresh-{attempt}")


def test_the_sitemap_is_written_again_only_when_what_it_lists_changes(
    preview: Preview, scratch: ScratchJournal, tmp_path: Path
) -> None:
    sitemap = preview.site / "sitemap.xml"
    before = sitemap.stat().st_mtime_ns
    scratch.write("2024/2024-03-05-day.md", entry(5, "New words."))
    preview.rebuild()
    assert sitemap.stat().st_mtime_ns == before  # the same pages, the same dates
    scratch.write("2024/2024-05-01-later.md", entry(1).replace("03", "05"))
    preview.rebuild()
    assert sitemap.read_text().count("<lastmod>2024-05-01</lastmod>") == len(
        list(preview.site.rglob("index.html"))
    )  # the journal's newest day is every page's date, the new page's too
    preview.same_as_a_fresh_build(tmp_path / "fresh")  # sitemap.xml.gz opened


def test_after_a_build_that_failed_half_way_no_page_it_wrote_is_trusted(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A build that stops after writing some pages: the next one renders them again, even
    when their source is back to what the last finished build rendered."""
    page = preview.site / "2024/2024-03-05-day/index.html"
    scratch.write("2024/2024-03-05-day.md", entry(5, "Half-way words."))
    scratch.write("2024/2024-03-06-day.md", entry(6, "Never written."))
    private_head = plugin_pages.private_head

    def failing(html: str) -> str:
        if 'canonical" href="http://127.0.0.1:8000/2024/2024-03-06-day/"' in html:
            raise RuntimeError("the disk is full")
        return private_head(html)

    monkeypatch.setattr(plugin_pages, "private_head", failing)
    with pytest.raises(RuntimeError):
        preview.rebuild()
    assert "Half-way words." in page.read_text()  # written before it stopped
    monkeypatch.setattr(plugin_pages, "private_head", private_head)
    scratch.write("2024/2024-03-05-day.md", entry(5))  # back as the last finished build had it
    scratch.write("2024/2024-03-06-day.md", entry(6))
    preview.rebuild()
    assert "Half-way words." not in page.read_text()
    preview.same_as_a_fresh_build(tmp_path / "fresh")


def test_a_list_left_alone_by_one_save_keeps_its_items_for_the_next(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for day in range(5, 9):
        scratch.write(f"2024/2024-03-0{day}-day.md", entry(day).replace("walks", "food"))
    preview.rebuild()
    scratch.write("2024/2024-03-06-day.md", entry(6, "Dinner.").replace("walks", "food"))
    preview.rebuild()  # the list of walks is the last build's, its items not asked for
    items = made_of(monkeypatch, "_make_list_item")
    made_cards = made_of(monkeypatch, "_make_card")
    scratch.write("2024/2024-03-02-day.md", entry(2, "A longer walk."))
    preview.rebuild()
    assert items == ["2024/2024-03-02-day.md"]  # on the tags page, beside 3 kept as they were
    assert made_cards == ["2024/2024-03-02-day.md"] * 2  # on the home and its year's page
    preview.same_as_a_fresh_build(tmp_path / "fresh")


def made_of(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """The entries (by path) whose card or list item `cards.name` makes from now on."""
    made: list[str] = []
    make = getattr(cards, name)

    def counted(s: object, entry: Entry, *args: Any) -> Any:
        made.append(entry.rel)
        return make(s, entry, *args)

    monkeypatch.setattr(cards, name, counted)
    return made
