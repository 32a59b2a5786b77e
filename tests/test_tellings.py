"""Two tellings of one day (issue #23, part 1): `telling_of:` makes an entry the other
partner's telling of an existing entry. The site shows the two side by side on one page (the
timeline lists the day once), the book sets them together, `check` validates the link, and a
telling of a private or sealed entry is private or sealed too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
import yaml
from click.testing import CliRunner, Result

from memorybook.building import build
from memorybook.cli import main
from memorybook.journal import load_journal
from tests.conftest import ScratchJournal
from tests.site_helpers import containing, site_files

ChDir = Callable[[Path], None]
HIKE = "2024/2024-06-14-our-first-hike.md"
SAMS = "The trail was longer than the map said"
ALEXS = "I pretended not to be out of breath"


def hike(scratch: ScratchJournal, *, extra: str = "") -> None:
    scratch.write(
        HIKE,
        f"---\ntitle: Our first hike\ndate: 2024-06-14\nauthor: sam\nplace: Sintra\n"
        f"tags: [firsts]\n{extra}---\n{SAMS}, and we were happy about it.\n",
    )


def telling(
    scratch: ScratchJournal, link: str = HIKE, *, author: str = "alex", name: str = ""
) -> Path:
    rel = name or f"2024/2024-06-14-our-first-hike-{author}.md"
    return scratch.write(
        rel,
        f"---\ntitle: Our first hike\ndate: 2024-06-14\nauthor: {author}\ntelling_of: {link}\n"
        f"---\n{ALEXS} the whole way up.\n",
    )


def problems(scratch: ScratchJournal) -> list[tuple[str, int | None, str]]:
    journal = load_journal(scratch.settings(), include_private=True)
    root = scratch.journal
    return [(p.path.relative_to(root).as_posix(), p.line, p.message) for p in journal.problems]


# -- reading ---------------------------------------------------------------------------


@pytest.mark.parametrize("link", [HIKE, "2024-06-14-our-first-hike.md"])
def test_a_telling_joins_its_entry_by_path_or_unique_file_name(
    scratch: ScratchJournal, link: str
) -> None:
    hike(scratch)
    told = telling(scratch, link)
    journal = load_journal(scratch.settings())
    assert journal.problems == ()
    assert [e.rel for e in journal.entries] == [HIKE], "the day is listed once"
    [first] = journal.entries
    assert [t.source for t in journal.tellings_of(first)] == [told]
    assert journal.tellings_of(first)[0].telling_of == HIKE


def test_check_validates_the_link_at_its_line(scratch: ScratchJournal) -> None:
    hike(scratch)
    telling(scratch, "2024-06-14-our-frist-hike.md", name="2024/typo.md")
    telling(scratch, "2024/2024-06-14-our-first-hike", name="2024/no-suffix.md")
    telling(scratch, HIKE, author="sam", name="2024/same-author.md")
    telling(scratch, "2024/typo.md", name="2024/chain.md")
    telling(scratch, "2024/self.md", name="2024/self.md")
    found = problems(scratch)
    by_file = {rel: (line, message) for rel, line, message in found}
    assert by_file["2024/typo.md"][0] == 5
    assert "no entry 2024-06-14-our-frist-hike.md" in by_file["2024/typo.md"][1]
    assert "did you mean `2024/2024-06-14-our-first-hike.md`?" in str(
        [p for p in load_journal(scratch.settings()).problems if p.path.name == "typo.md"][0]
    )
    assert "no entry 2024/2024-06-14-our-first-hike" in by_file["2024/no-suffix.md"][1]
    assert "Sam wrote 2024/2024-06-14-our-first-hike.md" in by_file["2024/same-author.md"][1]
    assert "itself" in by_file["2024/self.md"][1]
    journal = load_journal(scratch.settings())
    left_out = {e.rel for e in journal.entries} | {t.rel for t in journal.tellings}
    for bad in ("2024/typo.md", "2024/no-suffix.md", "2024/same-author.md", "2024/self.md"):
        assert bad not in left_out, bad


def test_an_ambiguous_file_name_asks_for_the_path(scratch: ScratchJournal) -> None:
    for year in (2023, 2024):
        scratch.write(
            f"{year}/hike.md", f"---\ntitle: H\ndate: {year}-06-14\nauthor: sam\n---\nH.\n"
        )
    telling(scratch, "hike.md")
    [(_, line, message)] = problems(scratch)
    assert line == 5 and "`telling_of: hike.md` names 2 entries" in message


def test_one_telling_per_person_and_no_chains(scratch: ScratchJournal) -> None:
    hike(scratch)
    telling(scratch)
    telling(scratch, name="2024/zz-again.md")
    scratch.write(
        "2024/chain.md",
        "---\ntitle: C\ndate: 2024-06-14\nauthor: sam\ntelling_of: "
        "2024/2024-06-14-our-first-hike-alex.md\n---\nC.\n",
    )
    found = {rel: (line, message) for rel, line, message in problems(scratch)}
    assert "Alex already told 2024/2024-06-14-our-first-hike.md" in found["2024/zz-again.md"][1]
    assert "is itself a telling of 2024/2024-06-14-our-first-hike.md" in found["2024/chain.md"][1]
    assert found["2024/chain.md"][0] == 5


def test_a_telling_is_one_persons(scratch: ScratchJournal) -> None:
    hike(scratch)
    scratch.write(
        "2024/both.md",
        f"---\ntitle: B\ndate: 2024-06-14\nauthors: [sam, alex]\ntelling_of: {HIKE}\n---\nB.\n",
    )
    scratch.write("2024/none.md", f"---\ntitle: N\ndate: 2024-06-14\ntelling_of: {HIKE}\n---\nN.\n")
    found = {rel: message for rel, _, message in problems(scratch)}
    assert "a telling is one person's" in found["2024/both.md"]
    assert "a telling is one person's" in found["2024/none.md"]


def test_telling_of_must_be_text(scratch: ScratchJournal) -> None:
    hike(scratch)
    telling(scratch, "[a, b]")
    [(_, line, message)] = problems(scratch)
    assert line == 5 and message.startswith("`telling_of` must be")


# -- private and sealed ----------------------------------------------------------------

CANARY = "wombatine"


def test_a_telling_of_a_private_or_sealed_entry_is_hidden_with_it(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    hike(scratch, extra="private: true\n")
    scratch.write(
        "2024/2024-06-14-alex.md",
        f"---\ntitle: {CANARY} title\ndate: 2024-06-14\nauthor: alex\ntelling_of: {HIKE}\n"
        f"tags: [{CANARY}-tag]\nplace: {CANARY} Bay\n---\nThe {CANARY} words.\n",
    )
    scratch.write(
        "2024/2024-07-01-letter.md",
        "---\ndate: 2024-07-01\nkind: letter\nfrom: sam\nto: alex\nsealed_until: 2030-01-01\n"
        "---\nDear Alex, later.\n",
    )
    scratch.write(
        "2024/2024-07-01-reply.md",
        "---\ndate: 2024-07-01\nkind: letter\nfrom: alex\nto: sam\n"
        f"telling_of: 2024-07-01-letter.md\n---\nDear Sam, {CANARY}ish reply.\n",
    )
    scratch.write("2024/2024-01-01-public.md", "---\ntitle: Public\ndate: 2024-01-01\n---\nP.\n")
    journal = load_journal(scratch.settings(), as_of=dt.date(2026, 1, 1))
    assert [e.rel for e in journal.entries] == ["2024/2024-01-01-public.md"]
    assert journal.tellings == ()
    assert len(journal.sealed) == 2, "the reply waits in its envelope with the letter"
    build(scratch.config, strict=False)
    files = site_files(scratch.root / "site")
    assert "Public" in files["index.html"].decode()
    assert containing(files, CANARY) == []


# -- the site --------------------------------------------------------------------------


@pytest.fixture
def built(scratch: ScratchJournal) -> dict[str, bytes]:
    hike(scratch)
    telling(scratch)
    scratch.with_search()
    build(scratch.config, strict=True)
    return site_files(scratch.root / "site")


def test_the_site_shows_both_tellings_on_one_page(built: dict[str, bytes]) -> None:
    page = built["2024/2024-06-14-our-first-hike/index.html"].decode()
    sam, alex = page.index("Sam remembers"), page.index("Alex remembers")
    assert sam < page.index(SAMS) < alex < page.index(ALEXS)
    assert 'class="mb-tellings"' in page
    assert "--mb-accent: #e76f51" in page and "--mb-accent: #2a9d8f" in page
    assert not [name for name in built if "hike-alex" in name], "no page of its own"


def test_the_timeline_lists_the_day_once_and_search_finds_each(built: dict[str, bytes]) -> None:
    year = built["timeline/2024/index.html"].decode()
    assert year.count("Our first hike") == 1
    index = built["search/search_index.json"].decode()
    assert SAMS in index and ALEXS in index


# -- new --telling ---------------------------------------------------------------------


def new(*args: str) -> Result:
    return CliRunner().invoke(main, ["new", "--no-edit", *args])


def test_new_telling_writes_the_other_partners_telling(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    hike(scratch)
    in_dir(scratch.root)
    result = new("--telling", f"journal/{HIKE}")
    assert result.exit_code == 0, result.output
    written = scratch.root / result.output.strip()
    text = written.read_text(encoding="utf-8")
    assert written.parent == scratch.journal / "2024"
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {
        "title": "Our first hike",
        "date": dt.date(2024, 6, 14),
        "kind": "experience",
        "author": "alex",
        "telling_of": HIKE,
    }
    again = new("--telling", f"journal/{HIKE}")
    assert again.exit_code == 2 and "Alex already told" in again.output, again.output
    assert written.read_text(encoding="utf-8") == text
    same = new("--telling", f"journal/{HIKE}", "--author", "sam")
    assert same.exit_code == 2 and "Sam wrote" in same.output


def test_new_telling_of_no_entry_is_a_clean_error(scratch: ScratchJournal, in_dir: ChDir) -> None:
    hike(scratch)
    in_dir(scratch.root)
    result = new("--telling", "journal/2024/nope.md")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "no entry" in result.output


def test_check_passes_what_new_telling_wrote(scratch: ScratchJournal, in_dir: ChDir) -> None:
    hike(scratch)
    in_dir(scratch.root)
    path = scratch.root / new("--telling", f"journal/{HIKE}", "--author", "alex").output.strip()
    path.write_text(path.read_text(encoding="utf-8").replace("How you remember", "I remember"))
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "journal ok: 2 entries, 0 pages" in result.output


# -- the book --------------------------------------------------------------------------


def book_pages(scratch: ScratchJournal, in_dir: ChDir) -> list[str]:
    """The text of each page of `memorybook book` for 2024, made from the command line."""
    in_dir(scratch.root)
    result = CliRunner().invoke(
        main, ["book", "--from", "2024-01-01", "--to", "2024-12-31", "-o", "book.pdf"]
    )
    assert result.exit_code == 0, result.output
    with pymupdf.open(scratch.root / "book.pdf") as doc:
        return [page.get_text() for page in doc]


@pytest.mark.slow
def test_the_book_sets_the_two_tellings_together(scratch: ScratchJournal, in_dir: ChDir) -> None:
    hike(scratch)
    telling(scratch)
    pages = book_pages(scratch, in_dir)
    joined = "\n".join(pages)
    assert "Sam remembers" in joined and "Alex remembers" in joined
    assert "pretended" in joined and "trail" in joined
    sam = next(i for i, text in enumerate(pages) if "Sam remembers" in text)
    alex = next(i for i, text in enumerate(pages) if "Alex remembers" in text)
    assert alex - sam in (0, 1), "side by side, or on the facing page"


@pytest.mark.parametrize("before", [0, 1, 2], ids=["opening", "after-one-page", "after-two"])
def test_two_long_tellings_face_each_other_across_a_spread(
    scratch: ScratchJournal, in_dir: ChDir, before: int
) -> None:
    """Too long for columns, each fitting a page: the day's heading and the first telling on
    a left-hand page, the other on the right-hand page facing it (before: one ran on after
    the other, wherever the page turned). Where what comes before leaves them a right-hand
    page, the other telling is overleaf: never a blank page to reach a spread."""
    walk = "We walked on along the ridge and talked about nothing and everything. "
    for n in range(before):
        day = f"2024-06-0{n + 1}"
        text = walk * 30
        scratch.write(f"2024/{day}-walk.md", f"---\ntitle: Walk {n}\ndate: {day}\n---\n{text}\n")
    for author, words in (("sam", SAMS), ("alex", ALEXS)):
        link = "" if author == "sam" else f"telling_of: {HIKE}\n"
        name = HIKE if author == "sam" else HIKE.replace(".md", "-alex.md")
        body = f"{words}. {walk * 11}"
        head = f"---\ntitle: Our first hike\ndate: 2024-06-14\nauthor: {author}\n{link}---\n"
        scratch.write(name, f"{head}{body}\n")
    pages = book_pages(scratch, in_dir)
    sam = next(n for n, text in enumerate(pages, 1) if "Sam remembers" in text)
    alex = next(n for n, text in enumerate(pages, 1) if "Alex remembers" in text)
    assert alex == sam + 1 and "Our first hike" in pages[sam - 1], (sam, alex)
    assert "Alex remembers" not in pages[sam - 1]
    assert all(text.strip() for text in pages[:alex]), "no blank page"
    if before < 2:  # nothing before them they must follow on the same page
        assert sam % 2 == 0, (sam, alex)  # a left-hand page, the other facing it


@pytest.mark.parametrize("key", ["tellingof", "telling-of", "Telling_of", "telling"])
def test_a_mistyped_telling_of_keeps_the_telling_out(scratch: ScratchJournal, key: str) -> None:
    """Read as a typo, the telling of a private day would be published as an entry of its own:
    it is an error at its line, and the telling is left out until it is fixed."""
    hike(scratch, extra="private: true\n")
    telling(scratch).write_text(
        f"---\ntitle: Ours\ndate: 2024-06-14\nauthor: alex\n{key}: {HIKE}\n---\n{ALEXS}.\n",
        encoding="utf-8",
    )
    journal = load_journal(scratch.settings())
    assert journal.entries == () and journal.tellings == ()
    [error] = journal.errors
    assert error.line == 5 and f"`{key}` is not `telling_of`" in error.message
