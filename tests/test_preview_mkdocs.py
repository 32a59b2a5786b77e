"""A save costs MkDocs' work on what it touches: the preview keeps the theme (compiled, its
files sorted) and MkDocs' files and pages of what did not change from its last build, yet
every page, the sitemap and the search index are what a fresh build makes."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from mkdocs.structure import files as mkdocs_files

from memorybook.building import _preview_build
from memorybook.plugin import PreviewMemory
from tests.conftest import ScratchJournal
from tests.site_helpers import site_files
from tests.test_preview_photos import counting

pytestmark = pytest.mark.slow


def entry(day: int, body: str = "Some words.", extra: str = "") -> str:
    return f"---\ntitle: Day {day}\ndate: 2024-03-{day:02d}\ntags: [walks]\n{extra}---\n{body}\n"


class Preview:
    """A preview kept up to date build after build, as `memorybook serve` keeps it."""

    def __init__(self, scratch: ScratchJournal, site: Path) -> None:
        self.scratch = scratch
        self.site = site
        self.memory = PreviewMemory()

    def rebuild(self) -> None:
        _preview_build(self.scratch.config, self.site, "127.0.0.1:8000", self.memory)

    def same_as_a_fresh_build(self, fresh: Path) -> None:
        """Every file of the site, byte for byte, as a preview built from nothing makes it."""
        _preview_build(self.scratch.config, fresh, "127.0.0.1:8000", PreviewMemory())
        mine, theirs = site_files(self.site), site_files(fresh)
        assert sorted(mine) == sorted(theirs)
        assert [name for name in theirs if mine[name] != theirs[name]] == []


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
