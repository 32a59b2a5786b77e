"""The preview renders only what changed, yet serves exactly what a full build makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from memorybook.building import _preview_build, build
from memorybook.plugin import PreviewMemory
from tests.conftest import ScratchJournal

pytestmark = pytest.mark.slow


def entry(title: str, day: str, body: str = "Some words.", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\n{body}\n"


def pages(site: Path) -> dict[str, str]:
    """Every page's HTML, minus the canonical link that only the preview has (MkDocs sets
    site_url to the server's address while serving)."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if line.strip() and 'rel="canonical"' not in line]
        found[path.relative_to(site).as_posix()] = "\n".join(kept)
    return found


def search_entries(site: Path) -> list[str]:
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return sorted(json.dumps(doc, sort_keys=True) for doc in data["docs"])


def written_at(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


SHOWING_FIRST_LINES = {"index.html", "timeline/2024/index.html"}
"""The home page and the entry's year page show its first lines; 404.html, a theme page, is
made by every build."""


class Preview:
    """A preview site kept up to date build after build, as `memorybook serve` does."""

    def __init__(self, scratch: ScratchJournal, site: Path) -> None:
        self.scratch = scratch
        self.site = site
        self.memory = PreviewMemory()
        self.rendered: set[str] = set()

    def rebuild(self) -> None:
        _preview_build(self.scratch.config, self.site, "127.0.0.1:8000", self.memory)

    def matches_a_full_build(self, tmp_path: Path, name: str) -> None:
        full = tmp_path / name
        build(self.scratch.config, site_dir=full)
        assert pages(self.site).keys() == pages(full).keys()
        for rel, html in pages(full).items():
            if rel != "404.html":
                assert pages(self.site)[rel] == html, rel
        assert search_entries(self.site) == search_entries(full)


def test_each_change_renders_few_pages_and_serves_what_a_full_build_makes(
    scratch: ScratchJournal, tmp_path: Path
) -> None:
    scratch.with_search()
    for day in range(1, 13):
        scratch.write(f"2024/2024-03-{day:02d}-day.md", entry(f"Day {day}", f"2024-03-{day:02d}"))
    scratch.write("our-story.md", "# Our story\n\nHow we met.\n")
    preview = Preview(scratch, tmp_path / "preview")
    preview.rebuild()
    preview.matches_a_full_build(tmp_path, "full-0")
    day_five = preview.site / "2024" / "2024-03-05-day" / "index.html"
    day_one = preview.site / "2024" / "2024-03-01-day" / "index.html"
    written = written_at(preview.site)

    scratch.write("2024/2024-03-05-day.md", entry("Day 5", "2024-03-05", "A new sentence."))
    preview.rebuild()
    assert "A new sentence." in day_five.read_text(encoding="utf-8")
    rendered = {rel for rel, when in written_at(preview.site).items() if when != written[rel]}
    # the entry, and the pages that show its first lines; not the 11 other entries
    assert rendered == {"2024/2024-03-05-day/index.html", "404.html", *SHOWING_FIRST_LINES}
    preview.matches_a_full_build(tmp_path, "full-1")

    scratch.write("2024/2024-03-06-day.md", entry("A new title", "2024-03-06"))  # lists show it
    scratch.write("2024/2024-03-20-later.md", entry("Later", "2024-03-20"))  # a new neighbour
    (scratch.journal / "2024" / "2024-03-02-day.md").unlink()  # its page goes
    preview.rebuild()
    preview.matches_a_full_build(tmp_path, "full-2")
    assert not (preview.site / "2024" / "2024-03-02-day" / "index.html").exists()

    scratch.write(
        "2024/2024-03-07-day.md", entry("Day 7", "2024-03-07", extra="photos: [cup.png]\n")
    )
    preview.rebuild()
    assert "photo cup.png does not exist" in (
        preview.site / "2024/2024-03-07-day/index.html"
    ).read_text(encoding="utf-8")
    scratch.copy_photo("coffee.png", "2024/2024-03-07-day/cup.png")  # only the photo is new
    preview.rebuild()
    preview.matches_a_full_build(tmp_path, "full-photo")  # the problem went with it

    scratch.config.write_text(scratch.config.read_text().replace("Test journal", "Ours"))
    preview.rebuild()  # what every page shows changed: every page again
    preview.matches_a_full_build(tmp_path, "full-3")
    assert "Ours" in day_one.read_text(encoding="utf-8")
