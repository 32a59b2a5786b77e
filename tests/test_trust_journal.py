"""Trust in reading the journal (issue 9): whatever shape a file's front-matter has, nothing
meant as an entry is published as a page; reading is bounded; every fault is a message,
never a traceback; `init` and `new` write YAML that reads back as typed."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from memorybook.building import build
from memorybook.cli import main
from memorybook.journal import load_journal
from memorybook.settings import load_settings
from tests.conftest import SCRATCH_MKDOCS_YML, ScratchJournal
from tests.site_helpers import written_files

ChDir = Callable[[Path], None]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def memorybook(project: Path, *args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, so a hang is a failed test, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "memorybook", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def site_text(site: Path) -> str:
    """Every file of the built site (sitemap.xml.gz and the calendar too) as one string."""
    return "\n".join(
        f"{name}\n{data.decode('utf-8', 'replace')}" for name, data in written_files(site).items()
    )


# -- 1. private means private, whatever the front-matter's shape ----------------------------

# (file name, text, line check names). Each file holds the word `hush-<name>` in its title
# and its body; none of it may reach the site.
NEAR_MISSES: list[tuple[str, str, int]] = [
    ("capital-date", "---\ntitle: T {w}\nDate: 2024-01-01\nprivate: true\n---\n{w}\n", 3),
    ("upper-date", "---\ntitle: T {w}\nDATE: 2024-01-01\n---\n{w}\n", 3),
    ("dat", "---\ntitle: T {w}\ndat: 2024-01-01\nprivate: true\n---\n{w}\n", 3),
    ("data", "---\ntitle: T {w}\ndata: 2024-01-01\n---\n{w}\n", 3),
    ("date-space", '---\ntitle: T {w}\n"date ": 2024-01-01\n---\n{w}\n', 3),
    ("no-date-private", "---\ntitle: T {w}\nprivate: true\n---\n{w}\n", 3),
    ("capital-private", "---\ntitle: T {w}\nPrivate: true\n---\n{w}\n", 3),
    ("no-date-letter", "---\nkind: letter\nfrom: sam\nto: alex\n---\n{w}\n", 2),
    ("privat-typo-dated", "---\ntitle: T {w}\ndate: 2024-01-01\nprivat: true\n---\n{w}\n", 4),
    ("blank-line-first", "\n---\ntitle: T {w}\ndate: 2024-01-01\nprivate: true\n---\n{w}\n", 2),
    ("space-before", "  ---\ntitle: T {w}\ndate: 2024-01-01\nprivate: true\n---\n{w}\n", 1),
    ("four-dashes", "----\ntitle: T {w}\ndate: 2024-01-01\nprivate: true\n----\n{w}\n", 1),
    ("toml", "+++\ntitle = 'T {w}'\ndate = 2024-01-01\nprivate = true\n+++\n{w}\n", 1),
    ("no-dashes", "date: 2024-01-01\nprivate: true\n\n{w}\n", 1),
    ("bom-blank", "\ufeff\n---\ntitle: T {w}\ndate: 2024-01-01\n---\n{w}\n", 2),
    ("yaml-error", "---\ntitle: [T {w}\nprivate: true\n---\n{w}\n", 2),
    ("tab-indent", "---\ntitle: T {w}\nprivate: true\n\tdate: 2024-01-01\n---\n{w}\n", 3),
    ("not-closed", "---\ntitle: T {w}\ndate: 2024-01-01\nprivate: true\n{w}\n", 1),
    ("quoted-line", '---\ntitle: T {w}\n"date: 2024-01-01"\nprivate: true\n---\n{w}\n', 3),
    ("empty-date", "---\ntitle: T {w}\ndate:\nprivate: true\n---\n{w}\n", 3),
    ("bad-date", "---\ntitle: T {w}\ndate: 2024-13-01\nprivate: true\n---\n{w}\n", 3),
    (
        "private-twice",
        "---\ntitle: T {w}\ndate: 2024-01-01\nprivate: true\nprivate: false\n---\n{w}\n",
        5,
    ),
    ("alias", "---\ntitle: &t T {w}\ndate: 2024-01-01\nplace: *t\nprivate: true\n---\n{w}\n", 2),
]


def hush(name: str) -> str:
    return f"hush-{name}"


@pytest.fixture(scope="module")
def near_miss_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One journal holding every near miss and one ordinary page, checked and built once."""
    project = tmp_path_factory.mktemp("near-miss") / "project"
    (project / "journal").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(SCRATCH_MKDOCS_YML, encoding="utf-8")
    for name, text, _line in NEAR_MISSES:
        path = project / "journal" / f"{name}.md"
        path.write_text(text.format(w=hush(name)), encoding="utf-8")
    page = "---\ntitle: Our story\n---\nA page anyone may read: open-words.\n"
    (project / "journal" / "our-story.md").write_text(page, encoding="utf-8")
    entry = "---\ntitle: Hike\ndate: 2024-01-01\n---\nA public entry: public-words.\n"
    (project / "journal" / "hike.md").write_text(entry, encoding="utf-8")
    build(project / "mkdocs.yml")
    yield project


@pytest.fixture(scope="module")
def near_miss_check(near_miss_project: Path) -> str:
    result = memorybook(near_miss_project, "check")
    assert result.returncode == 1
    return result.stdout


@pytest.fixture(scope="module")
def near_miss_site(near_miss_project: Path) -> str:
    return site_text(near_miss_project / "site")


@pytest.mark.parametrize(("name", "text", "line"), NEAR_MISSES, ids=[c[0] for c in NEAR_MISSES])
def test_a_near_miss_front_matter_is_a_located_error_and_never_published(
    near_miss_check: str, near_miss_site: str, name: str, text: str, line: int
) -> None:
    reported = [row for row in near_miss_check.splitlines() if row.startswith(f"journal/{name}.md")]
    assert reported, near_miss_check
    assert reported[0].startswith(f"journal/{name}.md:{line}: error: "), reported
    assert hush(name) not in near_miss_site


def test_ordinary_pages_and_entries_beside_the_near_misses_are_published(
    near_miss_check: str, near_miss_site: str
) -> None:
    """The control: the scan above would see published text, and pages still work."""
    assert "open-words" in near_miss_site
    assert "public-words" in near_miss_site
    assert "our-story.md" not in near_miss_check


def test_a_capitalised_date_names_the_fix(scratch: ScratchJournal) -> None:
    scratch.write("e.md", "---\ntitle: Hike\nDate: 2024-06-14\n---\nUp the hill.\n")
    journal = load_journal(scratch.settings())
    assert (journal.entries, journal.pages) == ((), ())
    [problem] = journal.problems
    assert problem.line == 3
    assert problem.hint == "did you mean `date`? write `date: 2024-06-14`"


def test_ordinary_page_keys_are_not_taken_for_entry_fields(scratch: ScratchJournal) -> None:
    """Material's own page keys (and a body that starts with words and a colon) stay pages."""
    scratch.write("a.md", "---\ntitle: About\ndescription: Us\nhide: [toc]\ntags: [x]\n---\nHi\n")
    scratch.write("b.md", "To: my love\n\nA page that starts like a letter.\n")
    scratch.write("c.md", "# Rules\n\n---\n\nA rule above, then text.\n")
    scratch.write("d.md", "---\ntitle: Numbers\ndata: {runs: 3}\n---\nHi\n")
    scratch.write("e.md", "Dates: our favourite restaurants\n\nA list.\n")
    scratch.write("f.md", "Private: a true story\n\nA story.\n")
    journal = load_journal(scratch.settings())
    assert [page.rel for page in journal.pages] == ["a.md", "b.md", "c.md", "d.md", "e.md", "f.md"]
    assert journal.problems == ()


# -- 2. bounded work ------------------------------------------------------------------------

BILLION_LAUGHS = (
    "---\ntitle: Laughs\ndate: 2024-01-01\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    + "tags: *i\n---\n"
)


def test_yaml_aliases_are_refused_and_a_billion_laughs_does_not_hang(
    scratch: ScratchJournal,
) -> None:
    assert len(BILLION_LAUGHS.encode()) < 1024
    scratch.write("laughs.md", BILLION_LAUGHS)
    result = memorybook(scratch.root, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(
        "journal/laughs.md:4: error: YAML aliases (&/*) are not allowed in front-matter"
    )


@pytest.fixture
def linked(scratch: ScratchJournal, tmp_path: Path) -> ScratchJournal:
    """A journal with two loops of folder links, links to a folder and a file outside, and a
    link to a pipe."""
    scratch.write("2024/2024-01-01-a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n")
    scratch.write("trips/2024-02-01-b.md", "---\ntitle: B\ndate: 2024-02-01\n---\nB\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "2024-03-01-c.md").write_text("---\ntitle: C\ndate: 2024-03-01\n---\nC\n")
    os.symlink("..", scratch.journal / "2024" / "up")
    os.symlink("../2024", scratch.journal / "trips" / "side")
    os.symlink(outside, scratch.journal / "elsewhere")
    os.symlink(outside / "2024-03-01-c.md", scratch.journal / "2024-03-01-c.md")
    os.mkfifo(scratch.journal / "_pipe")  # reading a pipe would wait for ever
    os.symlink("_pipe", scratch.journal / "pipe.md")
    return scratch


def test_links_are_never_followed_round_a_loop_or_out_of_the_journal(
    linked: ScratchJournal,
) -> None:
    result = memorybook(linked.root, "check")
    assert result.returncode == 1, result.stdout + result.stderr  # as the build refuses them
    lines = result.stdout.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [
        ["journal/2024-03-01-c.md", "warning"],
        ["journal/2024/up", "error"],
        ["journal/elsewhere", "warning"],
        ["journal/pipe.md", "warning"],
        ["journal/trips/side", "error"],
    ]
    assert "outside the journal" in lines[0]
    assert "outside the journal" in lines[2]
    assert result.stderr == (
        "journal failed: 2 errors, 3 warnings in 4 files (2 entries, 0 pages, 2 left out)\n"
    )


def test_a_build_refuses_folder_links_instead_of_hanging(linked: ScratchJournal) -> None:
    result = memorybook(linked.root, "build", timeout=60)
    assert result.returncode == 1
    assert "journal/2024/up, journal/trips/side: a link to a folder inside the journal" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "---\ntitle: Big\nplace: " + "x" * 70_000 + "\ndate: 2024-01-01\n---\n",
            1,
            "front-matter",
        ),
        ("---\ntitle: Big\ndate: 2024-01-01\n---\n" + "words " * 400_000, 1, "larger than"),
        (
            "---\ntitle: Deep\ndate: 2024-01-01\nplace: " + "[" * 20 + "]" * 20 + "\n---\n",
            4,
            "more than 16 deep",
        ),
    ],
    ids=["front-matter", "file", "nesting"],
)
def test_input_sizes_are_bounded_with_a_located_message(
    scratch: ScratchJournal, text: str, line: int, message: str
) -> None:
    scratch.write("big.md", text)
    result = memorybook(scratch.root, "check")
    assert result.returncode == 1
    assert result.stdout.startswith(f"journal/big.md:{line}: error: ")
    assert message in result.stdout.splitlines()[0]


# -- 3. one error path ----------------------------------------------------------------------

FAR_DATES = ["0001-01-01", "1965-03-02", "2106-02-08", "2206-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", FAR_DATES)
def test_entries_on_far_dates_build(scratch: ScratchJournal, day: str) -> None:
    scratch.write("far.md", f"---\ntitle: Far\ndate: {day}\n---\nLong ago or far ahead.\n")
    result = memorybook(scratch.root, "build", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Long ago or far ahead." in site_text(scratch.root / "site")


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "9999-12-31"],
        ["--to", "0001-01-01"],
        ["--year", "8000"],
        ["--from", "10000-01-01"],
        ["--from", "2024-02-30"],
        ["--from", "2025-01-01", "--to", "2024-01-01"],
    ],
    ids=lambda args: " ".join(args),
)
def test_book_dates_out_of_range_are_a_clean_error(
    scratch: ScratchJournal, in_dir: ChDir, args: list[str]
) -> None:
    scratch.write("e.md", "---\ntitle: Hike\ndate: 2024-01-01\n---\nUp.\n")
    in_dir(scratch.root)
    result = run("book", *args)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].startswith("Error: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _refuse(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, refused: Path) -> None:
    """Make `owner.name(path, ...)` raise PermissionError for `refused` (tests run as root,
    where chmod 000 still lets the file be read)."""
    original = getattr(owner, name)

    def refusing(path: object, *args: object, **kwargs: object) -> object:
        if Path(str(path)) == refused:
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(owner, name, refusing)


def test_an_unreadable_entry_is_a_located_error(
    scratch: ScratchJournal, in_dir: ChDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = scratch.write("secret.md", "---\ntitle: S\ndate: 2024-01-01\n---\nS\n")
    scratch.write("fine.md", "---\ntitle: F\ndate: 2024-01-02\n---\nF\n")
    _refuse(monkeypatch, Path, "open", secret)
    in_dir(scratch.root)
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "journal/secret.md: error: cannot read the file: permission denied; "
        "check its permissions; it is left out until it can be read"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_an_unreadable_folder_is_a_located_error(
    scratch: ScratchJournal, in_dir: ChDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch.write("locked/e.md", "---\ntitle: S\ndate: 2024-01-01\n---\nS\n")
    scratch.write("fine.md", "---\ntitle: F\ndate: 2024-01-02\n---\nF\n")
    _refuse(monkeypatch, os, "scandir", scratch.journal / "locked")
    in_dir(scratch.root)
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "journal/locked: error: cannot read this folder: permission denied; "
        "check its permissions; its entries are left out"
    )


def test_a_file_name_that_is_not_utf8_is_located(scratch: ScratchJournal) -> None:
    text = b"---\ntitle: Cafe\ndate: 2024-01-01\n---\nCoffee.\n"
    folder = os.fsencode(scratch.journal)
    for name, data in ((b"caf\xe9.md", text), (b"caf\xe9.jpg", b"not a photo")):
        with open(os.path.join(folder, name), "wb") as stream:
            stream.write(data)
    result = memorybook(scratch.root, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "journal/caf\ufffd.jpg: warning: the name is not valid UTF-8 text, so it is left out; "
        "rename it in your file manager",
        "journal/caf\ufffd.md: error: the name is not valid UTF-8 text, so it is left out; "
        "rename it in your file manager",
    ]
    built = memorybook(scratch.root, "build", timeout=120)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr


# -- 4. init and new write YAML that reads back as typed ------------------------------------

TYPED = [
    "Sam #1",
    "Alex, Jr.",
    "Sam: the man",
    "Yes",
    "No",
    "null",
    "~",
    "*star",
    "&anchor",
    "'quoted'",
    '"dq"',
    "João",
    "李雷",
    "2024-06-14",
    "1.5",
    "[x]",
    "{y}",
    "- dash",
    "? q",
    "!tag",
    "@at",
    "%pct",
    "Tom & Jerry",
    "a # b",
]


@pytest.mark.parametrize("name", TYPED)
def test_init_writes_names_that_read_back_as_typed(
    tmp_path: Path, in_dir: ChDir, name: str
) -> None:
    in_dir(tmp_path)
    result = run("init", "ours", "--names", name, "Alex")
    assert result.exit_code == 0, result.output
    settings = load_settings(tmp_path / "ours" / "mkdocs.yml")
    assert [person.name for person in settings.people.values()] == [name, "Alex"]
    in_dir(tmp_path / "ours")
    assert run("check", "--strict").exit_code == 0


def test_two_people_with_one_name_get_two_ids(tmp_path: Path, in_dir: ChDir) -> None:
    in_dir(tmp_path)
    assert run("init", "ours", "--names", "Sam", "Sam").exit_code == 0
    settings = load_settings(tmp_path / "ours" / "mkdocs.yml")
    assert list(settings.people) == ["sam", "sam-2"]
    in_dir(tmp_path / "ours")
    assert run("check", "--strict").exit_code == 0


@pytest.mark.parametrize("title", TYPED)
def test_new_writes_a_title_that_reads_back_as_typed(
    scratch: ScratchJournal, in_dir: ChDir, title: str
) -> None:
    in_dir(scratch.root)
    result = run("new", "--date", "2024-06-14", "--no-edit", "--", title)
    assert result.exit_code == 0, result.output
    [entry] = load_journal(scratch.settings()).entries
    assert entry.title == title


def test_a_photo_that_is_a_loop_of_links_is_located(scratch: ScratchJournal) -> None:
    os.symlink("loop.jpg", scratch.journal / "loop.jpg")
    scratch.write("e.md", "---\ntitle: L\ndate: 2024-01-01\nphotos: [loop.jpg]\n---\nL\n")
    result = memorybook(scratch.root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == (
        "journal/e.md:4: error: photo loop.jpg is a link that leads nowhere (broken, or a loop "
        "of links); replace the link with the photo itself"
    )
