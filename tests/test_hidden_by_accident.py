"""Nothing hidden by accident (issue 19): a near miss of a key that hides words (`private`,
`sealed_until`) leaves the entry out with an error, and a placeholder that `new` wrote is
never published, nor counted as an answer. Every file of the built site is read."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from memorybook.building import build
from memorybook.journal import load_journal
from tests.conftest import ScratchJournal, run
from tests.site_helpers import PUBLIC_ENTRY, carrying, make_project

ChDir = Callable[[Path], None]


# -- 2. near misses of `private` and `sealed_until` hide the entry ------------------------

KEEPING_NEAR_MISSES = [
    ("sealed", "2028-06-14"),
    ("seal", "2028-06-14"),
    ("sealed_untill", "2028-06-14"),
    ("sealeduntil", "2028-06-14"),
    ("sealed-until", "2028-06-14"),
    ("sealed until", "2028-06-14"),
    ("Sealed_Until_", "2028-06-14"),
    ("locked_until", "2028-06-14"),
    ("lock_until", "2028-06-14"),
    ("opens_on", "2028-06-14"),
    ("open_on", "2028-06-14"),
    ("unseal_on", "2028-06-14"),
    ("hidden", "true"),
    ("hiden", "true"),
    ("secret", "true"),
    ("privat", "true"),
    ("privacy", "private"),
    ("is_private", "true"),
    ("draft", "true"),
    ("unlisted", "true"),
    ("personal", "true"),
]


def _near_name(key: str) -> str:
    index = [k for k, _v in KEEPING_NEAR_MISSES].index(key)
    return f"{re.sub(r'[^a-z]+', '', key.lower())}{index}"


@pytest.fixture(scope="module")
def near_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes] = {"2024/hike.md": PUBLIC_ENTRY}
    for key, value in KEEPING_NEAR_MISSES:
        word = f"hush{_near_name(key)}"
        files[f"2024/{_near_name(key)}.md"] = (
            f"---\ntitle: A letter {word}\ndate: 2024-06-14\nkind: letter\nfrom: alex\nto: sam\n"
            f'"{key}": {value}\n---\nDear Sam, {word} words.\n'
        )
        files[f"pages/{_near_name(key)}.md"] = (
            f'---\ntitle: Page {word}p\n"{key}": {value}\n---\n{word}p\n'
        )
    project = make_project(tmp_path_factory.mktemp("near"), files)
    build(project / "mkdocs.yml")
    return project


@pytest.mark.parametrize(("key", "value"), KEEPING_NEAR_MISSES)
def test_a_near_miss_of_a_key_that_hides_words_leaves_the_entry_out(
    near_project: Path, in_dir: ChDir, key: str, value: str
) -> None:
    in_dir(near_project)
    check = run("check")
    name = _near_name(key)
    assert f"journal/2024/{name}.md:7: error: `{key}` is not `" in check.output, check.output
    assert f"journal/pages/{name}.md:3: error:" in check.output, check.output
    word = f"hush{name}"
    assert carrying(near_project / "site", word) == []
    assert "public-words" in (near_project / "site/2024/hike/index.html").read_text("utf-8")


@pytest.mark.parametrize("key", ["season", "seat", "mood", "weather", "hide", "search", "places"])
def test_other_keys_are_not_taken_for_keys_that_hide_words(
    scratch: ScratchJournal, key: str
) -> None:
    value = "[toc]" if key == "hide" else "{exclude: true}" if key == "search" else "x"
    scratch.write("2024/a.md", f"---\ntitle: A\ndate: 2024-01-01\n{key}: {value}\n---\nWords.\n")
    journal = load_journal(scratch.settings())
    assert [e.title for e in journal.entries] == ["A"] and not journal.errors, journal.problems


# -- 6. placeholders are never published, nor an answer ---------------------------------


def test_a_placeholder_that_new_wrote_is_never_published(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    placeholders = {
        "What happened, and what you want to remember about it.": ["Our first hike"],
        "Why this day matters.": ["Moved in", "--kind", "milestone"],
        "Thank you for...": ["--kind", "gratitude", "--from", "alex"],
        "Dear Sam,": ["--kind", "letter", "--to", "sam"],
    }
    for args in placeholders.values():
        assert run("new", *args, "--date", "2024-06-14", "--no-edit").exit_code == 0
    check = run("check")
    assert check.output.count("left out of the site and the book") == 4, check.output
    assert run("build").exit_code == 0
    for text in placeholders:
        assert carrying(scratch.root / "site", text) == [], text
    assert run("book", "--from", "2024-01-01", "--to", "2024-12-31", "--html").exit_code == 0
    book = next((scratch.root).glob("*.html"), None) or next(scratch.root.rglob("*book*.html"))
    for text in list(placeholders)[:3]:  # (the book greets a letter's reader itself)
        assert text not in book.read_text(encoding="utf-8"), text


def test_an_answer_still_holding_its_placeholder_is_not_an_answer(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    path = run("new", "--question", "24", "--author", "sam", "--date", "2024-06-14", "--no-edit")
    assert path.exit_code == 0, path.output
    journal = load_journal(scratch.settings())
    (entry,) = journal.entries
    assert entry.question is None
    check = run("check")
    assert "not an answer" in check.output, check.output
    second = run("new", "--question", "24", "--author", "alex", "--no-edit")
    assert "Sam answered" not in second.output, second.output


@pytest.mark.parametrize("tags", ["[Private, hike]", "hike, secret", "['#sealed']", "[hidden]"])
def test_a_tag_that_reads_as_hiding_leaves_the_entry_out(
    project_dir: Callable[..., Path], tags: str
) -> None:
    entry = f"---\ntitle: Tagged hushtag\ndate: 2024-01-02\ntags: {tags}\n---\nhushtag words\n"
    project = project_dir({"2024/tagged.md": entry, "2024/hike.md": PUBLIC_ENTRY})
    check = run("check")
    assert "journal/2024/tagged.md:4: error: the tag `" in check.output, check.output
    assert run("build").exit_code == 0
    assert carrying(project / "site", "hushtag") == []


def test_tags_that_only_look_alike_stay_tags(scratch: ScratchJournal) -> None:
    text = "---\ntitle: A\ndate: 2024-01-01\ntags: [secret-santa, seaside]\n---\nW\n"
    scratch.write("a.md", text)
    assert [e.tags for e in load_journal(scratch.settings()).entries] == [
        ("secret-santa", "seaside")
    ]
