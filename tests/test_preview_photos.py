"""A save costs the photos and pages of the entries it touches: the preview remembers the
renditions of every other photo, and the other entries' pages and cards, from its last
build, yet serves exactly what a fresh build makes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from memorybook import photos
from memorybook.building import _preview_build
from memorybook.plugin import PreviewMemory
from memorybook.questions import question_set
from memorybook.site_html import cards
from memorybook.site_html import entry as entry_html
from tests.conftest import ScratchJournal
from tests.site_helpers import site_files

pytestmark = pytest.mark.slow

PHOTOS = ("coffee.png", "chelsea.png", "rocket.jpg", "astronaut.png")


def entry(day: int, body: str = "Some words.", photos: tuple[str, ...] = ()) -> str:
    listed = "".join(f"  - src: {p}\n    caption: Photo {p}\n" for p in photos)
    front = f"photos:\n{listed}" if photos else ""
    who = "author: sam\n" if day % 2 else "from: sam\nto: alex\nkind: gratitude\n"
    title = "Day" if "Retitled" not in body else "Another day"
    head = f"title: {title} {day}\ndate: 2024-03-{day:02d}\ntags: [walks]\n{who}"
    return f"---\n{head}{front}---\n{body}\n"


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
    for day in range(1, 9):
        names = (f"d{day}/{PHOTOS[day % 4]}", f"d{day}/{PHOTOS[(day + 1) % 4]}")
        for name in names:
            scratch.copy_photo(name.split("/")[1], f"2024/{name}")
        scratch.write(f"2024/2024-03-{day:02d}-day.md", entry(day, photos=names))
    made = Preview(scratch, tmp_path / "preview")
    made.rebuild()
    return made


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[object]:
    """Each call of `module.name` from now on, by its first argument."""
    calls: list[object] = []
    monkeypatch.setattr(module, name, counting_into(calls, getattr(module, name)))
    return calls


def looking_up(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each photo job from now on that goes to the cache (a folder's manifest) or is run:
    the photo stage's per-photo work beyond knowing the file is unchanged."""
    calls = counting(monkeypatch, photos, "cached")
    monkeypatch.setattr(photos, "execute", counting_into(calls, photos.execute))
    return calls


def counting_into(calls: list[object], original: Callable[..., Any]) -> Callable[..., Any]:
    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0] if args else None)
        return original(*args, **kwargs)

    return counted


def test_a_save_looks_up_no_photo_of_the_entries_it_leaves_alone(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up = looking_up(monkeypatch)
    scratch.write("2024/2024-03-03-day.md", entry(3, "New words.", ("d3/astronaut.png",)))
    preview.rebuild()
    assert looked_up == []  # d3's photo is one the last build made: known, not looked up
    scratch.copy_photo("sunset-pier.jpg", "2024/d3/new.jpg")
    scratch.write("2024/2024-03-03-day.md", entry(3, "A new photo.", ("d3/new.jpg",)))
    preview.rebuild()
    assert [job.path.name for job in looked_up] == ["new.jpg"]  # type: ignore[attr-defined]


def test_a_replaced_photo_is_made_again(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (preview.site / "2024/2024-03-05-day/index.html").read_text(encoding="utf-8")
    looked_up = looking_up(monkeypatch)
    scratch.copy_photo("sunset-pier.jpg", "2024/d5/rocket.jpg")  # new bytes, same name
    preview.rebuild()
    assert [job.path.name for job in looked_up] == ["rocket.jpg"]  # type: ignore[attr-defined]
    after = (preview.site / "2024/2024-03-05-day/index.html").read_text(encoding="utf-8")
    assert after != before  # its renditions have a new address


def test_a_photo_rewritten_at_the_same_size_and_time_is_made_again(
    preview: Preview, scratch: ScratchJournal, tmp_path: Path
) -> None:
    """Some tools rewrite a photo in place keeping its size and modification time: the
    preview still notices (its change time and inode are part of what it remembers)."""
    photo = scratch.journal / "2024/d4/plain.png"
    Image.new("RGB", (64, 48), "red").save(photo, compress_level=0)
    scratch.write("2024/2024-03-04-day.md", entry(4, "Plain.", ("d4/plain.png",)))
    preview.rebuild()
    page = preview.site / "2024/2024-03-04-day/index.html"
    before, stat = page.read_bytes(), photo.stat()
    Image.new("RGB", (64, 48), "blue").save(photo, compress_level=0)
    os.utime(photo, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (photo.stat().st_size, photo.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    preview.rebuild()
    assert page.read_bytes() != before
    preview.same_as_a_fresh_build(tmp_path / "fresh")


def test_a_save_makes_again_only_the_pages_and_cards_of_what_it_touches(
    preview: Preview, scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = counting(monkeypatch, entry_html, "_make_entry_page")
    made_cards = counting(monkeypatch, cards, "_make_card")
    scratch.write("2024/2024-03-05-day.md", entry(5, "New words.", ("d5/chelsea.png",)))
    preview.rebuild()
    # the entry, and its neighbours, whose pages link to it by its title
    assert len(pages) == 3
    assert len(made_cards) == 2  # on the home page and its year's page


def answer(person: str, day: str, words: str) -> str:
    title = question_set().questions[1].text.replace('"', "'")
    return f'---\ntitle: "{title}"\ndate: {day}\nauthor: {person}\nquestion: 1\n---\n{words}\n'


CHANGES = ["edit", "retitle", "add", "replace", "delete", "unlist", "rename", "answer"]
CHANGES += ["milestone", "copy"]


@pytest.mark.parametrize("change", CHANGES)
def test_a_rebuild_serves_what_a_fresh_build_makes(
    preview: Preview, scratch: ScratchJournal, tmp_path: Path, change: str
) -> None:
    if change == "retitle":  # the lists it is on (tags) show its new title
        scratch.write("2024/2024-03-02-day.md", entry(2, "Retitled.", ("d2/rocket.jpg",)))
    elif change == "edit":
        scratch.write("2024/2024-03-02-day.md", entry(2, "Edited.", ("d2/rocket.jpg",)))
    elif change == "add":
        scratch.copy_photo("sunset-pier.jpg", "2024/d2/pier.jpg")
        preview.rebuild()  # the copy's own rebuild, as the watcher sets it off
        scratch.write("2024/2024-03-02-day.md", entry(2, "More.", ("d2/rocket.jpg", "d2/pier.jpg")))
    elif change == "replace":
        scratch.copy_photo("sunset-pier.jpg", "2024/d2/rocket.jpg")
    elif change == "delete":
        (scratch.journal / "2024/d2/rocket.jpg").unlink()
    elif change == "unlist":
        scratch.write("2024/2024-03-02-day.md", entry(2, "Fewer.", ("d2/astronaut.png",)))
    elif change == "rename":  # what every page says of a person
        scratch.config.write_text(scratch.config.read_text().replace("name: Sam", "name: Samuel"))
    elif change == "milestone":  # the calendar of anniversaries gains it
        scratch.write(
            "2024/2024-03-06-day.md",
            "---\ntitle: Our flat\ndate: 2024-03-06\nkind: milestone\nrecurring: true\n"
            "---\nKeys.\n",
        )
    elif change == "copy":  # a sync service's copy of an entry: never read, reported
        scratch.write(
            "2024/2024-03-02-day (Sam's conflicted copy 2024-03-10).md",
            entry(2, "An older version.", ("d2/rocket.jpg",)),
        )
    else:  # the first answer's page says the other is awaited, then that both answered
        scratch.write("2022/2022-01-01-answer.md", answer("sam", "2022-01-01", "Mine."))
        preview.rebuild()
        # far from it: its neighbours stay the same
        scratch.write("2024/2024-03-20-answer.md", answer("alex", "2024-03-20", "Yours."))
    preview.rebuild()
    preview.same_as_a_fresh_build(tmp_path / "fresh")
