"""The README's privacy and safety promises, each checked on every file a command wrote.

Private entries and their photos, sealed capsules (tests/test_capsules.py) and photo locations
are looked for in every file of the site, the cache, the calendar and the book: bytes, gzip
opened, a PDF's text, objects and images, and every image decoded, so a rendition of a private
photo is found by its pixels whatever its name. The journal is read-only for every command
(`new` and `import` only add files). Each test here failed with a bug put in by hand (the
report of issue #19 lists them).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from memorybook.cli import main
from tests.conftest import TESTS, ScratchJournal
from tests.import_exports import jrnl_export
from tests.photo_files import SECRET, XMP_SECRET, gps_jpeg
from tests.site_helpers import (
    containing,
    journal_state,
    locations,
    showing,
    written_files,
)

pytestmark = pytest.mark.slow
ChDir = Callable[[Path], None]
HUSH = "zanzibarite"
"""In every part of the private entry but its second photo: file name, title, body, tags,
place, caption, the first photo's name."""
TODAY = "2026-11-30"
BOOK = ("book", "--from", "2024-01-01", "--to", "2024-12-31", "-o", "out/book.pdf")


def photo(name: str) -> bytes:
    return (TESTS / "photos" / name).read_bytes()


PUBLIC_PHOTO, PRIVATE_PHOTO, UNNAMED_PRIVATE_PHOTO = "coffee.png", "rocket.jpg", "chelsea.png"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), env={"MEMORYBOOK_TODAY": TODAY})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: ChDir) -> ScratchJournal:
    """A public entry with a photo beside a private, yearly milestone with two photos (one
    named for it, one named like any phone photo) and a page; search on."""
    scratch.write(
        "2024/2024-05-01-picnic.md",
        f"""\
        ---
        title: Picnic
        date: 2024-05-01
        kind: milestone
        recurring: true
        photos: [{PUBLIC_PHOTO}]
        ---
        Bread and cheese by the river.
        """,
    )
    scratch.copy_photo(PUBLIC_PHOTO, f"2024/{PUBLIC_PHOTO}")
    scratch.write(
        f"2024/2024-06-01-{HUSH}.md",
        f"""\
        ---
        title: The {HUSH} day
        date: 2024-06-01
        kind: milestone
        recurring: true
        private: true
        tags: [{HUSH}-tag]
        place: {HUSH.capitalize()} Bay
        photos:
          - src: {HUSH}.jpg
            caption: A {HUSH} caption
          - IMG_0042.png
        ---
        Words about {HUSH}, only for us.
        """,
    )
    scratch.copy_photo(PRIVATE_PHOTO, f"2024/{HUSH}.jpg")
    scratch.copy_photo(UNNAMED_PRIVATE_PHOTO, "2024/IMG_0042.png")
    scratch.write("about.md", "# About us\n\nA page.\n")
    scratch.with_search()
    in_dir(scratch.root)
    return scratch


def outputs(project: ScratchJournal) -> dict[str, bytes]:
    """Every file in the project but the journal and mkdocs.yml: what the commands wrote."""
    return written_files(project.root, skip=("project/journal/", "project/mkdocs.yml"))


def assert_nothing_private(files: dict[str, bytes]) -> None:
    assert containing(files, HUSH) == []
    assert showing(files, photo(PRIVATE_PHOTO)) == []
    assert showing(files, photo(UNNAMED_PRIVATE_PHOTO)) == []


# -- private entries and their photos ---------------------------------------------------


def test_a_private_entry_and_its_photos_are_in_no_file_a_build_writes(
    project: ScratchJournal,
) -> None:
    """The site (pages, search index, sitemap.xml.gz, the calendar), and the photo cache."""
    assert run("build").exit_code == 0
    files = outputs(project)
    assert_nothing_private(files)
    # what is there is found: the public photo by its pixels, the gzip and the calendar read
    assert [n for n in showing(files, photo(PUBLIC_PHOTO)) if n.startswith("project/site/")]
    assert {"project/site/sitemap.xml.gz", "project/site/search/search_index.json"} <= set(files)
    ics = [name for name in files if name.endswith(".ics")]
    assert ics and all(b"Picnic" in files[name] for name in ics)
    assert containing(files, "bread and cheese")


def test_a_private_entry_is_in_no_calendar(project: ScratchJournal) -> None:
    result = run("calendar")
    assert result.exit_code == 0, result.output
    files = outputs(project)
    assert [name for name in files if name.endswith(".ics")]
    assert_nothing_private(files)
    assert HUSH not in result.output


def test_a_private_entry_and_its_photos_are_not_in_the_book(project: ScratchJournal) -> None:
    result = run(*BOOK)
    assert result.exit_code == 0, result.output
    files = outputs(project)
    assert_nothing_private(files)
    assert HUSH not in result.output.lower()
    assert showing(files, photo(PUBLIC_PHOTO))  # the book's images are read
    assert containing(files, "bread and cheese")


def test_the_book_with_private_entries_shows_them_when_asked(project: ScratchJournal) -> None:
    """The reader finds a private photo when it is there: the checks above can fail."""
    assert run(*BOOK, "--include-private").exit_code == 0
    files = outputs(project)
    assert containing(files, HUSH)
    assert showing(files, photo(PRIVATE_PHOTO)) and showing(files, photo(UNNAMED_PRIVATE_PHOTO))


# -- photo locations --------------------------------------------------------------------


def test_no_image_in_the_site_the_cache_or_the_book_says_where_a_photo_was_taken(
    project: ScratchJournal,
) -> None:
    original = project.write("2024/where.jpg", gps_jpeg())
    entry = project.journal / "2024/2024-05-01-picnic.md"
    entry.write_text(entry.read_text().replace(f"[{PUBLIC_PHOTO}]", "[where.jpg]"), "utf-8")
    assert locations(written_files(original), SECRET, XMP_SECRET)  # the reader sees them
    assert run("build").exit_code == 0
    assert run(*BOOK).exit_code == 0
    files = outputs(project)
    assert showing(files, original.read_bytes())  # the photo is there, without its location
    assert locations(files, SECRET, XMP_SECRET) == []


# -- the journal, untouched ---------------------------------------------------------------


def serve_and_visit(project: ScratchJournal) -> None:
    """`memorybook serve` in its own process: a few pages, then stopped as Ctrl-C would."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "memorybook", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MEMORYBOOK_TODAY": TODAY},
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base, timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "serve never came up"
                time.sleep(0.3)
        for path in ("2024/2024-05-01-picnic/", "about/", "search/search_index.json", "nowhere/"):
            try:
                urllib.request.urlopen(base + path, timeout=30).close()
            except urllib.error.HTTPError:
                pass
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


READ_ONLY_COMMANDS: dict[str, Callable[[ScratchJournal], object]] = {
    "build": lambda p: run("build"),
    "build --strict": lambda p: run("build", "--strict"),
    "check": lambda p: run("check"),
    "check --strict": lambda p: run("check", "--strict"),
    "book": lambda p: run(*BOOK),
    "book --include-private": lambda p: run(*BOOK, "--include-private"),
    "calendar": lambda p: run("calendar"),
    "serve": serve_and_visit,
}


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS)
def test_the_journal_is_read_only_for(project: ScratchJournal, command: str) -> None:
    """Every file and folder of the journal keeps its bytes, mode and modification time: no
    file rewritten, touched, added or removed, not even for a moment (the folder's time)."""
    time.sleep(0.01)  # a write now gets a later time than the files were made with
    before = journal_state(project.journal)
    READ_ONLY_COMMANDS[command](project)
    assert journal_state(project.journal) == before


def files_only(state: dict[str, tuple[int, int, bytes | None]]) -> dict[str, object]:
    return {rel: value for rel, value in state.items() if value[2] is not None}


def test_new_only_adds_files_and_never_overwrites_one(project: ScratchJournal) -> None:
    """`new` for a day and title that already have an entry, twice: two new files."""
    before = files_only(journal_state(project.journal))
    for _ in range(2):
        result = run("new", "Picnic", "--date", "2024-05-01", "--no-edit")
        assert result.exit_code == 0, result.output
    after = files_only(journal_state(project.journal))
    assert {rel: after[rel] for rel in before} == before
    assert len(after) == len(before) + 2


def test_import_only_adds_files_and_never_overwrites_one(
    project: ScratchJournal, tmp_path: Path
) -> None:
    export = jrnl_export(tmp_path / "export.json")
    project.write("2023/2023-04-01-no.md", "---\ntitle: Ours\ndate: 2023-04-01\n---\nOurs.\n")
    before = files_only(journal_state(project.journal))
    for _ in range(2):  # the second time, everything is there already
        assert run("import", "jrnl", str(export), "--author", "sam").exit_code in (0, 1)
    after = files_only(journal_state(project.journal))
    assert {rel: after[rel] for rel in before} == before
    assert len(after) > len(before)


# -- deleting only what memorybook made ---------------------------------------------------


def test_pruning_keeps_a_file_it_did_not_write_in_a_folder_it_did(project: ScratchJournal) -> None:
    """A synced project gets files memorybook never wrote in its cache folders (a sync
    service's conflict copy, Finder's .DS_Store): when the photo goes, its renditions go, and
    those files and their folder stay."""
    assert run("build").exit_code == 0
    (folder,) = (project.root / ".cache/memorybook/web").iterdir()
    theirs = {"480 (Sam's conflicted copy).webp": b"RIFF theirs", ".DS_Store": b"\0\0\0\1Bud1"}
    for name, data in theirs.items():
        (folder / name).write_bytes(data)
    ours = [p for p in folder.iterdir() if p.name not in theirs]
    entry = project.journal / "2024/2024-05-01-picnic.md"
    entry.write_text(entry.read_text().replace(f"photos: [{PUBLIC_PHOTO}]\n", ""), "utf-8")
    assert run("build").exit_code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == theirs
    assert ours and not any(p.exists() for p in ours)


@pytest.mark.parametrize("value", ['"true"', "1", '"yes"', "[true]", "{yes: 1}", "Yes please"])
def test_a_private_that_is_not_true_or_false_keeps_the_entry_out(
    project: ScratchJournal, value: str
) -> None:
    """Read as false, a `private` written in some other way would publish the entry: it is an
    error at its line, and nothing of the entry is in any file the build writes."""
    entry = project.journal / f"2024/2024-06-01-{HUSH}.md"
    entry.write_text(entry.read_text().replace("private: true", f"private: {value}"), "utf-8")
    result = run("build")
    assert f"journal/2024/2024-06-01-{HUSH}.md:6: error: `private` must be true or false" in (
        result.output
    )
    assert_nothing_private(outputs(project))


KILLED_HALFWAY = """
import os, signal, sys
from pathlib import Path
from memorybook.files import write_atomic

def half(stream):
    stream.write(b"new, half of it")
    stream.flush()
    os.kill(os.getpid(), signal.SIGKILL)

write_atomic(Path(sys.argv[1]), half)
"""


def test_a_write_killed_halfway_leaves_the_old_file_whole(tmp_path: Path) -> None:
    """kill -9 while a file is written (the cache's index, a page, the calendar): the old file
    stays as it was; only a temporary file, which no build trusts, is left beside it."""
    target = tmp_path / "index.json"
    target.write_bytes(b"old and whole")
    done = subprocess.run([sys.executable, "-c", KILLED_HALFWAY, str(target)], timeout=60)
    assert done.returncode == -9
    assert target.read_bytes() == b"old and whole"
    assert [p.name for p in tmp_path.iterdir() if p != target] == [
        p.name for p in tmp_path.glob(".index.json.*.tmp")
    ]


def test_a_build_removes_its_own_stale_temporary_files_and_no_fresh_one(
    project: ScratchJournal,
) -> None:
    """A rendition's temporary file left by a killed build goes once it is an hour old; a
    fresh one (a write under way) stays."""
    assert run("build").exit_code == 0
    (folder,) = (project.root / ".cache/memorybook/web").iterdir()
    stale, fresh = folder / ".480.webp.k1ll3d.tmp", folder / ".960.webp.wr1t1ng.tmp"
    for temp in (stale, fresh):
        temp.write_bytes(b"RIFF half")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    assert run("build").exit_code == 0
    assert not stale.exists() and fresh.exists()
