"""The shared folder (issue #19, part 1): conflict copies and git's conflict markers.

A copy a sync service makes beside an entry, or an entry git left with both versions in it,
is never a page, never in search, the sitemap, the book or the calendar, and none of its
photos is rendered: the entry may since have been made private, and the copy is older.
`check` and `build` name it as an error (the entry it copies, a short diff, how to resolve);
`memorybook resolve` settles one only when asked, and prints what it did.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from memorybook.building import build
from memorybook.cli import main
from memorybook.conflicts import find_copies, marker_lines, recognise
from memorybook.journal import iter_journal_files, load_journal
from memorybook.lock import crypto
from memorybook.lock.site import ENCRYPTED_DIR, open_keys
from tests.conftest import ScratchJournal, snapshot
from tests.site_helpers import containing, site_files

ChDir = Callable[[Path], None]
CANARY = "quokkafrond"
"""In every field of every copy and every conflicting side: found nowhere in what is built."""
ENTRY = "2024-06-14-hike.md"

# (the copy's name beside ENTRY, who makes such copies): every service memorybook knows.
COPY_NAMES = [
    ("2024-06-14-hike (Sam's conflicted copy 2024-06-15).md", "Dropbox"),
    ("2024-06-14-hike (DESKTOP-UMS014A's conflicted copy 2024-06-15 (1)).md", "Dropbox"),
    ("2024-06-14-Hike (Case Conflict).md", "Dropbox"),
    ("2024-06-14-hike (Sam's conflicting copy 2024-06-15).md", "Dropbox"),
    ("2024-06-14-hike (Conflicted copy ThinkPad-T14-G5 202406151129).md", "Obsidian Sync"),
    ("2024-06-14-hike (conflicted copy 2024-06-15 101010).md", "Nextcloud or ownCloud"),
    ("2024-06-14-hike_conflict-20240615-101010.md", "Nextcloud or ownCloud"),
    ("2024-06-14-hike_conflict-sam-20240615101010.md", "Nextcloud or ownCloud"),
    ("2024-06-14-hike.sync-conflict-20240615-101010-ABCDEFG.md", "Syncthing"),
    ("2024-06-14-hike.sync-conflict-20240615-101010.md", "Syncthing"),
    ("2024-06-14-hike (SFConflict sam@example.com 2024-06-15-10-10-10).md", "Seafile"),
    ("2024-06-14-hike (conflicted).md", "pCloud"),
    ("2024-06-14-hike.Conflict.md", "Resilio Sync"),
    ("2024-06-14-hike-DESKTOP-6K2P8O3.md", "OneDrive"),
    ("2024-06-14-hike-DESKTOP-6K2P8O3-2.md", "OneDrive"),
    ("2024-06-14-hike-laptop-safeBackup-0001.md", "OneDrive"),
    ("2024-06-14-hike 2.md", "iCloud Drive"),
    ("2024-06-14-hike (1).md", "Google Drive, Box or OneDrive"),
    ("2024-06-14-hike_LOCAL_4321.md", "git mergetool"),
    ("2024-06-14-hike_REMOTE_4321.md", "git mergetool"),
    ("2024-06-14-hike_BASE_4321.md", "git mergetool"),
    ("2024-06-14-hike_BACKUP_4321.md", "git mergetool"),
    ("2024-06-14-hike.md.orig", "git"),
]
AMBIGUOUS = ("iCloud Drive", "OneDrive", "Google Drive, Box or OneDrive")
"""Names a person may choose: a copy only beside the entry they would copy."""
ALWAYS = [name for name, service in COPY_NAMES if service not in AMBIGUOUS]
ALWAYS.append("2024-06-14-hike-laptop-safeBackup-0001.md")

ORIGINAL = """\
---
title: Our hike
date: 2024-06-14
kind: milestone
recurring: true
private: true
---
What we said at the top is ours.
"""
COPY = f"""\
---
title: The {CANARY} hike
date: 2024-06-14
kind: milestone
recurring: true
tags: [{CANARY}-tag]
place: {CANARY.capitalize()} Ridge
photos:
  - src: {CANARY}.png
    caption: A {CANARY} caption
---
The older {CANARY} words, from before we made it private.
"""
PUBLIC = """\
---
title: Picnic
date: 2024-05-01
photos: [coffee.png]
---
Bread and cheese by the river.
"""


def marked(where: str) -> str:
    """A private entry that git left with both versions in it: in its front-matter, its body,
    or the whole file (both of you wrote the same day's entry)."""
    if where == "front-matter":
        return f"""\
---
date: 2024-06-20
private: true
<<<<<<< HEAD
title: Our {CANARY} walk
=======
title: The {CANARY} stroll
>>>>>>> 1a2b3c4 (Alex's phone)
---
Between us.
"""
    if where == "body":
        return f"""\
---
title: Walk
date: 2024-06-20
private: true
---
We walked.
<<<<<<< ours
The {CANARY} bench, as Sam remembers it.
||||||| base
The bench.
=======
The {CANARY} bench, as Alex remembers it.
>>>>>>> theirs
"""
    return f"""\
<<<<<<< HEAD
---
title: Sam's {CANARY} walk
date: 2024-06-20
private: true
---
Sam's {CANARY} words.
=======
---
title: Alex's {CANARY} walk
date: 2024-06-20
---
Alex's {CANARY} words.
>>>>>>> alex
"""


MARKED_PLACES = ["front-matter", "body", "whole file"]


def shared_journal(project: ScratchJournal, copies: list[str], marks: list[str]) -> None:
    """One public entry with a photo; per copy name, a private entry and its public copy
    (each in a folder of its own); per place, a private entry with conflict markers."""
    project.with_search()
    project.write("2024/2024-05-01-picnic.md", PUBLIC)
    project.copy_photo("coffee.png", "2024/coffee.png")
    for number, name in enumerate(copies):
        folder = f"2024/{number:02d}"
        project.write(f"{folder}/{numbered(ENTRY, number)}", ORIGINAL)
        project.write(f"{folder}/{numbered(name, number)}", COPY)
        project.copy_photo("chelsea.png", f"{folder}/{CANARY}.png")
    for number, where in enumerate(marks):
        project.write(f"2024/2024-06-2{number}-walk.md", marked(where))


def numbered(name: str, number: int) -> str:
    """`2024-06-14-hike07 (1).md`: each entry a page name of its own."""
    return re.sub("hike", lambda match: f"{match[0]}{number:02d}", name, flags=re.IGNORECASE)


def with_canary(files: dict[str, bytes]) -> list[str]:
    return containing(files, CANARY)


def images(files: dict[str, bytes]) -> set[str]:
    suffixes = (".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif")
    return {rel for rel in files if rel.lower().endswith(suffixes)}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"MEMORYBOOK_TODAY": "2026-01-01"})


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: ChDir) -> ScratchJournal:
    in_dir(scratch.root)
    return scratch


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "service"), COPY_NAMES)
def test_each_services_copy_is_recognised_with_the_entry_it_copies(
    tmp_path: Path, name: str, service: str
) -> None:
    entry, copy = tmp_path / ENTRY, tmp_path / name
    present = {str(p).casefold(): p for p in (entry, copy)}
    found = recognise(tmp_path, copy, present)
    assert found is not None
    assert (found.service, found.original, found.meant) == (service, entry, ENTRY)


@pytest.mark.parametrize("name", ALWAYS)
def test_a_name_only_a_service_writes_is_a_copy_even_alone(tmp_path: Path, name: str) -> None:
    found = recognise(tmp_path, tmp_path / name, {})
    assert found is not None and found.original is None
    assert found.meant.lower() == ENTRY.lower()


@pytest.mark.parametrize(
    ("name", "beside"),
    [
        ("top 10 (1).md", "top 10 (2).md"),  # no `top 10.md` beside it
        ("2024-06-14-day 2.md", "2024-06-14-day 3.md"),
        ("2024-06-14-day-2.md", "2024-06-14-day.md"),  # a hyphen, not iCloud's space
        ("2024-06-14-walk-day-2.md", "2024-06-14-walk.md"),  # OneDrive's names are capitals
        ("2024-06-14-walk-ABC.md", "2024-06-14-walk-ABD.md"),
        ("2024-06-14-hike.md", "2024-06-14.md"),
        ("Romeo and Juliet (conflicts between families).md", "Romeo and Juliet.md"),
    ],
)
def test_a_name_a_person_chose_is_not_a_copy(tmp_path: Path, name: str, beside: str) -> None:
    present = {str(tmp_path / n).casefold(): tmp_path / n for n in (name, beside)}
    assert recognise(tmp_path, tmp_path / name, present) is None


def test_a_copy_of_a_copy_copies_the_entry(tmp_path: Path) -> None:
    entry, copy = tmp_path / ENTRY, tmp_path / "2024-06-14-hike (1) (1).md"
    found = recognise(tmp_path, copy, {str(p).casefold(): p for p in (entry, copy)})
    assert found is not None and found.original == entry


@pytest.mark.parametrize(
    ("copy", "original"),
    [
        ("2024/hike (Sam's conflicted copy 2024-06-15)/index.md", "2024/hike/index.md"),
        ("2024 (Selective Sync Conflict)/2024-06-14-hike.md", "2024/2024-06-14-hike.md"),
        ("2024 2/2024-06-14-hike.md", "2024/2024-06-14-hike.md"),
        ("2024/hike (1)/index.md", "2024/hike/index.md"),
        ("2024/hike (1)/index.md", None),  # alone: a bundle someone named so
    ],
)
def test_a_file_in_a_copied_folder_is_a_copy(
    scratch: ScratchJournal, copy: str, original: str | None
) -> None:
    files = [scratch.write(copy, COPY)] + ([scratch.write(original, ORIGINAL)] if original else [])
    copies = find_copies(scratch.journal, files)
    if original is None:
        assert copies == {}
    else:
        assert copies[files[0]].original == files[1] and len(copies) == 1


def test_logseqs_backups_are_copies(scratch: ScratchJournal) -> None:
    entry = scratch.write("journals/2024_06_14.md", ORIGINAL)
    backup = scratch.write(
        "logseq/bak/journals/2024_06_14/2024-06-15T10_10_10.123Z.Desktop.md", COPY
    )
    copies = find_copies(scratch.journal, list(iter_journal_files(scratch.journal)))
    assert list(copies) == [backup] and copies[backup].original == entry


# -- markers --------------------------------------------------------------------------------


@pytest.mark.parametrize("where", MARKED_PLACES)
def test_conflict_markers_are_found_anywhere(where: str) -> None:
    text = marked(where)
    lines = marker_lines(text)
    first = next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith("<<<<<<<"))
    assert lines[0] == first and len(lines) >= 3


def test_a_heading_underline_is_not_a_marker() -> None:
    assert marker_lines("Title\n=======\n\nText with <<<<<<< in it\n") == []


# -- the model, check and build -------------------------------------------------------------


@pytest.mark.parametrize(("name", "service"), COPY_NAMES)
def test_a_copy_is_never_an_entry_and_check_names_it(
    project: ScratchJournal, name: str, service: str
) -> None:
    shared_journal(project, [name], [])
    before = snapshot(project.journal)
    journal = load_journal(project.settings(), include_private=True)
    loaded = [e.source for e in journal.entries] + [p.source for p in journal.pages]
    assert [p.name for p in loaded] == ["2024-05-01-picnic.md", numbered(ENTRY, 0)]
    assert all(CANARY not in photo.rel for photo in journal.photos())

    result = run("check")
    assert result.exit_code == 1
    (line,) = [line for line in result.output.splitlines() if "conflict copy" in line]
    copy = f"journal/2024/00/{numbered(name, 0)}"
    assert line.startswith(f"{copy}: error: a conflict copy that {service}")
    assert f"made of 2024/00/{numbered(ENTRY, 0)}" in line and "memorybook resolve" in line
    # The entry is private now: the diff stays out of check's output (and the build's log).
    assert CANARY not in result.output
    assert snapshot(project.journal) == before


def test_check_shows_a_short_diff_against_the_entry(project: ScratchJournal) -> None:
    project.write(ENTRY, ORIGINAL.replace("private: true\n", ""))
    project.write("2024-06-14-hike (Sam's conflicted copy 2024-06-15).md", COPY)
    result = run("check")
    diff = result.output.split("\n    ", 1)[1]
    assert f"--- {ENTRY} (the entry)" in diff
    assert "+++ 2024-06-14-hike (Sam's conflicted copy 2024-06-15).md (the copy)" in diff
    assert f"-title: Our hike\n    +title: The {CANARY} hike" in diff
    assert "more lines)" in diff  # a few lines, not the whole file


@pytest.mark.parametrize("where", MARKED_PLACES)
def test_markers_in_a_private_entry_leave_it_out(project: ScratchJournal, where: str) -> None:
    shared_journal(project, [], [where])
    journal = load_journal(project.settings(), include_private=True)
    assert [e.source.name for e in journal.entries] == ["2024-05-01-picnic.md"]
    assert journal.pages == ()
    result = run("check")
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "conflict markers" in line)
    first = marker_lines(marked(where))[0]
    assert line.startswith(f"journal/2024/2024-06-20-walk.md:{first}: error: git conflict")
    assert "--keep ours, theirs or both" in line and CANARY not in result.output


def test_nothing_of_a_copy_or_a_marked_entry_is_in_the_site(project: ScratchJournal) -> None:
    """Every service's copy of a now private entry, and markers in the front-matter, the body
    and around the whole file: every file of the site, compared with the site without them."""
    shared_journal(project, [name for name, _ in COPY_NAMES], MARKED_PLACES)
    before = snapshot(project.journal)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert f"{len(COPY_NAMES) + len(MARKED_PLACES)} entries left out" in result.output
    built = site_files(project.root / "site")
    assert "2024/2024-05-01-picnic/index.html" in built
    assert with_canary(built) == []
    assert snapshot(project.journal) == before

    bare = ScratchJournal(project.root.parent / "bare")
    shared_journal(bare, [], [])
    assert run("build", "-f", str(bare.config)).exit_code == 0
    assert images(built) == images(site_files(bare.root / "site"))  # no rendition of a copy


def test_nothing_of_them_is_in_a_locked_site(
    project: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The locked site: every encrypted file decrypted (the plain build names them all)."""
    shared_journal(project, [name for name, _ in COPY_NAMES[:6]], MARKED_PLACES)
    monkeypatch.setenv("MEMORYBOOK_TODAY", "2026-01-01")
    build(project.config)
    plain = site_files(project.root / "site")
    shutil.rmtree(project.root / "site")
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", "dispense untold upwind untamed goggles")
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "glancing glisten sprig snagged labored")
    build(project.config, lock=True)
    site = project.root / "site"
    keys, _slots = open_keys(project.settings(), prompt=False)
    encrypted = {p.name for p in (site / ENCRYPTED_DIR).iterdir()}
    opened = {}
    for rel in plain:
        name = crypto.opaque_name(keys, rel)
        if name in encrypted:
            blob = (site / ENCRYPTED_DIR / name).read_bytes()
            opened[rel] = crypto.decrypt_file(keys, rel, blob)
    assert {crypto.opaque_name(keys, rel) for rel in opened} == encrypted  # all of them read
    assert "2024/2024-05-01-picnic/index.html" in opened
    assert with_canary({**site_files(site), **opened}) == []


def book_and_calendar_journal(project: ScratchJournal) -> None:
    """Copies of a private milestone, markers in a private and in a public entry."""
    shared_journal(project, ["2024-06-14-hike (1).md", "2024-06-14-hike_LOCAL_1.md"], ["body"])
    project.write("2024/2024-06-22-public-walk.md", marked("body").replace("private: true\n", ""))


def test_nothing_of_them_is_in_the_book(project: ScratchJournal) -> None:
    book_and_calendar_journal(project)
    result = run("book", "--from", "2024-01-01", "--to", "2024-12-31", "-o", "book.pdf")
    assert result.exit_code == 0, result.output
    pdf = project.root / "book.pdf"
    words = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Picnic" in words
    assert CANARY not in (words + pdf.read_bytes().decode("latin-1")).lower()


def test_nothing_of_them_is_in_the_calendar(project: ScratchJournal) -> None:
    book_and_calendar_journal(project)
    result = run("calendar", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "BEGIN:VCALENDAR" in result.stdout and CANARY not in result.output.lower()
    assert "4 entries left out" in result.stderr


def test_a_sealed_letters_copy_shows_no_diff_even_when_asked(project: ScratchJournal) -> None:
    letter = "---\ndate: 2024-06-14\nkind: letter\nfrom: sam\nto: alex\n"
    project.write(ENTRY, f"{letter}sealed_until: 2030-01-01\n---\nDear Alex, later.\n")
    project.write(COPY_NAME, f"{letter}---\nDear Alex, the {CANARY} words.\n")
    for args in (["check"], ["build"], ["resolve", f"journal/{COPY_NAME}"]):
        result = run(*args)
        assert "the entry is sealed" in result.output and CANARY not in result.output, args


# -- resolve ----------------------------------------------------------------------------------


COPY_NAME = "2024-06-14-hike (Sam's conflicted copy 2024-06-15).md"
COPY_PATH = f"journal/2024/00/{numbered(COPY_NAME, 0)}"
ENTRY_PATH = f"journal/2024/00/{numbered(ENTRY, 0)}"


def test_resolve_without_keep_shows_the_choices_and_changes_nothing(
    project: ScratchJournal,
) -> None:
    shared_journal(project, [COPY_NAME], ["body"])
    before = snapshot(project.root)
    result = run("resolve", COPY_PATH)
    assert result.exit_code == 0, result.output
    assert f"is a conflict copy that Dropbox made of {ENTRY_PATH[8:]}" in result.output
    assert f"+title: The {CANARY} hike" in result.output  # asked for: the whole diff
    assert "--keep original" in result.output and "--keep copy" in result.output
    result = run("resolve", "journal/2024/2024-06-20-walk.md")
    assert result.exit_code == 0, result.output
    assert "holds 1 git conflict" in result.output and "--keep theirs" in result.output
    assert f"ours:   The {CANARY} bench, as Sam" in result.output
    assert result.output.endswith("Nothing was changed.\n")
    assert snapshot(project.root) == before


def test_resolve_keep_original_moves_the_copy_out(project: ScratchJournal) -> None:
    shared_journal(project, [COPY_NAME], [])
    result = run("resolve", COPY_PATH, "--keep", "original")
    assert result.exit_code == 0, result.output
    (moved,) = (project.root / "conflicts").rglob("*.md")
    assert "moved the copy out of the journal to conflicts/" in result.output
    assert moved.read_text(encoding="utf-8") == COPY and moved.name == numbered(COPY_NAME, 0)
    assert not (project.root / COPY_PATH).exists()
    assert (project.root / ENTRY_PATH).read_text(encoding="utf-8") == ORIGINAL
    assert run("check").exit_code == 0


def test_resolve_keep_copy_makes_the_copy_the_entry(project: ScratchJournal) -> None:
    shared_journal(project, [COPY_NAME], [])
    result = run("resolve", COPY_PATH, "--keep", "copy")
    assert result.exit_code == 0, result.output
    assert f"renamed {COPY_PATH} to {ENTRY_PATH}" in result.output
    assert (project.root / ENTRY_PATH).read_text(encoding="utf-8") == COPY
    (aside,) = (project.root / "conflicts").rglob("*.md")
    assert aside.read_text(encoding="utf-8") == ORIGINAL  # the entry as it was, kept
    assert not (project.root / COPY_PATH).exists()


@pytest.mark.parametrize(
    ("keep", "kept"),
    [
        ("ours", ["as Sam remembers"]),
        ("theirs", ["as Alex remembers"]),
        ("both", ["as Sam remembers", "as Alex remembers"]),
    ],
)
def test_resolve_keeps_one_side_of_git_markers(
    project: ScratchJournal, keep: str, kept: list[str]
) -> None:
    shared_journal(project, [], ["body"])
    path = project.journal / "2024/2024-06-20-walk.md"
    result = run("resolve", "journal/2024/2024-06-20-walk.md", "--keep", keep)
    assert result.exit_code == 0, result.output
    assert f"kept {keep} in each" in result.output
    text = path.read_text(encoding="utf-8")
    assert marker_lines(text) == [] and "The bench.\n" not in text
    assert [k for k in ("as Sam remembers", "as Alex remembers") if k in text] == kept
    (backup,) = (project.root / "conflicts").rglob("*.md")
    assert backup.read_text(encoding="utf-8") == marked("body")
    assert f"the file as it was is in {backup.relative_to(project.root).as_posix()}" in (
        result.output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([COPY_PATH, "--keep", "ours"], "--keep ours is not for a conflict copy"),
        (["journal/2024/2024-06-20-walk.md", "--keep", "copy"], "is not for a file with"),
        (["journal/2024/2024-05-01-picnic.md"], "is neither a conflict copy nor"),
        (["mkdocs.yml"], "is not in the journal folder"),
        (["journal/2024/nothing.md"], "no such file"),
    ],
)
def test_resolve_refuses_what_it_cannot_do(
    project: ScratchJournal, args: list[str], message: str
) -> None:
    shared_journal(project, [COPY_NAME], ["body"])
    before = snapshot(project.root)
    result = run("resolve", *args)
    assert result.exit_code == 2 and message in result.output
    assert snapshot(project.root) == before


def test_resolve_leaves_markers_out_of_order_to_be_edited(project: ScratchJournal) -> None:
    project.write("2024-06-20-walk.md", "---\ndate: 2024-06-20\n---\n<<<<<<< a\nx\n<<<<<<< b\n")
    before = snapshot(project.root)
    result = run("resolve", "journal/2024-06-20-walk.md", "--keep", "ours")
    assert result.exit_code == 2 and "edit this file by hand" in result.output
    assert snapshot(project.root) == before


def test_resolve_keeps_the_files_bom_and_line_ends(project: ScratchJournal) -> None:
    text = "\ufeff<<<<<<< HEAD\r\n---\r\ndate: 2024-06-20\r\n---\r\nSam\r\n=======\r\n"
    text += "---\r\ndate: 2024-06-20\r\ntitle: Walk\r\n---\r\nAlex\r\n>>>>>>> alex\r\n"
    path = project.write("2024-06-20-walk.md", text.encode("utf-8"))
    assert "conflict markers" in run("check").output
    result = run("resolve", "journal/2024-06-20-walk.md", "--keep", "theirs")
    assert result.exit_code == 0, result.output
    assert (
        path.read_bytes()
        == "\ufeff---\r\ndate: 2024-06-20\r\ntitle: Walk\r\n---\r\nAlex\r\n".encode()
    )
    assert run("check").exit_code == 0
