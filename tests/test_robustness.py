"""Odd front-matter never raises: every field with every wrong shape is a located problem."""

from __future__ import annotations

import pytest

from memorybook.journal import FIELDS, load_journal
from tests.conftest import ScratchJournal

ODD_VALUES = [
    "",
    "~",
    "[]",
    "{}",
    "[1, [2]]",
    "{a: {b: c}}",
    "123",
    "1.5",
    "true",
    "'   '",
    "2024-02-30",
    "!!binary aGk=",
    "&a [*a]",
    "-1",
    ".nan",
]


@pytest.mark.parametrize("field", [f for f in FIELDS if f not in ("date", "title")])
def test_every_field_with_odd_values_never_raises(scratch: ScratchJournal, field: str) -> None:
    for index, value in enumerate(ODD_VALUES):
        scratch.write(f"e{index}.md", f"---\ntitle: T\ndate: 2024-01-01\n{field}: {value}\n---\n")
    journal = load_journal(scratch.settings(), include_private=True)
    for problem in journal.problems:
        assert problem.line == 4, problem.format()


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_dates_are_errors_on_the_date_line(scratch: ScratchJournal, value: str) -> None:
    scratch.write("e.md", f"---\ntitle: T\ndate: {value}\n---\n")
    journal = load_journal(scratch.settings())
    assert journal.entries == ()
    assert [p.line for p in journal.errors] == [3]


@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"---\n",
        b"---\n---\n",
        b"---\n...\nbody",
        b"\xff\xfe\x00",
        b"---\n- a\n- b\n---\n",
        b"---\ndate: 2024-01-01\ntitle: a\n---\n\x00\x01",
        b"---\r\ndate: 2024-01-01\r\n",
    ],
)
def test_odd_files_never_raise(scratch: ScratchJournal, text: bytes) -> None:
    scratch.write("odd.md", text)
    load_journal(scratch.settings(), include_private=True)


def test_a_field_given_twice_is_a_warning(scratch: ScratchJournal) -> None:
    scratch.write("e.md", "---\ntitle: One\ndate: 2024-01-01\ntitle: Two\n---\n")
    journal = load_journal(scratch.settings())
    assert journal.entries[0].title == "Two"
    assert [p.format(scratch.root) for p in journal.problems] == [
        "journal/e.md:4: warning: `title` is given twice (lines 2 and 4); the second one is used; "
        "remove one of them"
    ]
