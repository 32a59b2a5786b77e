"""memorybook's shared questions, and who has answered which.

The questions ship with the package (`questions.yml`); an entry answers one with
`question: N`. Journals keep the number, never the words, so an id is a promise: it never
changes meaning and is never reused (a question that has to go is retired, not deleted).
This module knows nothing of files or pages: the journal loader checks the ids and that
each person answers a question once, `new --question` picks the next one, and the site and
the book set a question's answers side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from memorybook.words import format_day

if TYPE_CHECKING:
    from memorybook.model import Entry

DATA_FILE = "questions.yml"
"""Beside this module; `setup.py` ships every file of the package folder."""


@dataclass(frozen=True)
class Question:
    """One of the shared questions."""

    id: int
    """Its number, for ever: journals write `question: 12`, never the words."""
    theme: str
    """A key of `QuestionSet.themes`, e.g. `love_languages`."""
    text: str
    """The question as it is asked, e.g. "Which meal we shared do you still think about?"."""
    retired: bool = False
    """Kept so that old answers still show their question; never picked for a new answer."""


@dataclass(frozen=True)
class QuestionSet:
    """Every question by id (in id order) and the themes they are grouped by."""

    themes: Mapping[str, str]
    """Theme key -> how it is shown: `love_languages` -> `Love languages`."""
    questions: Mapping[int, Question]

    def get(self, question_id: int) -> Question | None:
        return self.questions.get(question_id)

    def theme_of(self, question: Question) -> str:
        return self.themes[question.theme]

    @property
    def span(self) -> str:
        """The ids in words, for messages: `1 to 50`."""
        ids = list(self.questions)
        return f"{ids[0]} to {ids[-1]}"

    def open(self) -> tuple[Question, ...]:
        """The questions a new answer may be written to: all but retired ones, in id order."""
        return tuple(q for q in self.questions.values() if not q.retired)


@cache
def question_set() -> QuestionSet:
    """The questions that ship with memorybook, read once per process."""
    text = resources.files("memorybook").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_questions(text)


def parse_questions(text: str) -> QuestionSet:
    """The question set in `text` (the format of questions.yml), checked: every question has
    a unique positive id, a known theme and words. The file ships with memorybook, so a
    mistake in it is memorybook's bug, raised as ValueError (a test reads the real file)."""
    data = yaml.safe_load(text)
    themes = {str(key): str(label) for key, label in data["themes"].items()}
    found: dict[int, Question] = {}
    for item in data["questions"]:
        question = _question(item, themes)
        if question.id in found:
            raise ValueError(f"{DATA_FILE}: question id {question.id} is used twice")
        found[question.id] = question
    if not found:
        raise ValueError(f"{DATA_FILE}: no questions")
    return QuestionSet(themes, dict(sorted(found.items())))


def _question(item: Mapping[str, Any], themes: Mapping[str, str]) -> Question:
    qid, theme, text = item.get("id"), item.get("theme"), str(item.get("text") or "").strip()
    if isinstance(qid, bool) or not isinstance(qid, int) or qid < 1:
        raise ValueError(f"{DATA_FILE}: {qid!r} is not a question id (a positive whole number)")
    if theme not in themes:
        raise ValueError(f"{DATA_FILE}: question {qid} has the unknown theme {theme!r}")
    if not text:
        raise ValueError(f"{DATA_FILE}: question {qid} has no text")
    return Question(qid, str(theme), text, bool(item.get("retired", False)))


def answered_by(entry: Entry) -> str | None:
    """Who answers in an entry: its `from`, else its one author; None when that is not a
    single person (an entry written by both of you answers for neither)."""
    if entry.sender:
        return entry.sender
    return entry.authors[0] if len(entry.authors) == 1 else None


@dataclass(frozen=True)
class Answers:
    """One question and the answers to it so far, one per person."""

    question: Question
    by: Mapping[str, Entry]
    """Person id -> their answer, in the order of `people:` in mkdocs.yml."""

    def waiting_for(self, people: Sequence[str]) -> tuple[str, ...]:
        """The people (ids) who have not answered yet."""
        return tuple(pid for pid in people if pid not in self.by)

    def complete(self, people: Sequence[str]) -> bool:
        """Everyone has answered (and there is someone to answer)."""
        return bool(people) and not self.waiting_for(people)

    @property
    def last(self) -> Entry:
        """The latest answer: the day the answers came together, where the book sets them."""
        return max(self.by.values(), key=lambda entry: entry.sort_key)


def collect_answers(entries: Iterable[Entry], people: Sequence[str]) -> dict[int, Answers]:
    """The answers among `entries`, by question id in id order.

    The journal loader has already made `question` mean "this is the answer": set only on
    an entry by one person, and only on each person's first answer to a question.
    """
    questions = question_set()
    found: dict[int, dict[str, Entry]] = {}
    for entry in entries:
        person = answered_by(entry)
        if entry.question is None or person is None or questions.get(entry.question) is None:
            continue
        found.setdefault(entry.question, {}).setdefault(person, entry)
    order = {pid: index for index, pid in enumerate(people)}
    return {
        qid: Answers(
            questions.questions[qid],
            dict(sorted(by.items(), key=lambda item: order.get(item[0], len(order)))),
        )
        for qid, by in sorted(found.items())
    }


@dataclass(frozen=True)
class Pick:
    """The question `new --question` chose for someone, and why, in words."""

    question: Question | None
    """None when there is nothing left for them to answer."""
    reason: str


def pick_question(
    answers: Mapping[int, Answers],
    person: str,
    people: Sequence[str],
    name: Callable[[str], str],
) -> Pick:
    """The next question for `person` to answer, by a rule a couple can predict:

    1. a question someone else has answered and `person` has not, the one waiting longest
       (so that two answers come together, rather than each of you starting new ones);
    2. else the lowest-numbered question nobody has answered yet;
    3. else nothing, and a kind word on where things stand.
    """
    waiting = [
        a for a in answers.values() if person not in a.by and a.by and not a.question.retired
    ]
    if waiting:
        oldest = min(waiting, key=lambda a: (min(e.sort_key for e in a.by.values()), a.question.id))
        return Pick(oldest.question, f"{answered_on(oldest, name)}; now it is your turn")
    fresh = [q for q in question_set().open() if q.id not in answers]
    if fresh:
        return Pick(fresh[0], "the first question neither of you has answered yet")
    return Pick(None, _all_answered(answers, person, people, name))


def answered_on(answers: Answers, name: Callable[[str], str]) -> str:
    """`Sam answered it on 28 February 2026`: who has answered so far, and since when."""
    first = min(answers.by.values(), key=lambda e: e.sort_key)
    return f"{_and_list([name(pid) for pid in answers.by])} answered it on {format_day(first.date)}"


def _all_answered(
    answers: Mapping[int, Answers], person: str, people: Sequence[str], name: Callable[[str], str]
) -> str:
    """What to say when `person` has answered every question there is."""
    count = len(question_set().open())
    others = [pid for pid in people if pid != person]
    behind = {
        pid: sum(1 for q in question_set().open() if pid not in answers[q.id].by) for pid in others
    }
    if not any(behind.values()):
        together = "both" if len(people) == 2 else "all"
        return (
            f"You have {together} answered all {count} questions. Nothing new to write today: "
            "read your answers side by side on the site's Questions page."
        )
    left = _and_list([f"{name(pid)} has {n} to go" for pid, n in behind.items() if n])
    return (
        f"{name(person)}, you have answered every one of the {count} questions; {left}. "
        "Their answers will appear beside yours on the site's Questions page."
    )


def _and_list(words: Sequence[str]) -> str:
    """`Sam`, `Sam and Alex`, `Sam, Alex and Kim`."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
