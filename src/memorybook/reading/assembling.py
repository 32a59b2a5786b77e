"""Assembling a journal: every Markdown file read (through the preview's cache when there is
one), duplicate page names and second answers to a question set aside, private entries
dropped unless asked for, and entries sealed past the day kept apart as capsules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from memorybook.conflicts import ConflictCopy, copy_problem, find_copies
from memorybook.errors import Problem
from memorybook.model import Capsule, Entry, Journal, Page, Waiting, seal
from memorybook.questions import answered_by
from memorybook.reading.entries import read_entry_or_page
from memorybook.reading.files import iter_journal_files
from memorybook.reading.reveal import waiting_for
from memorybook.reading.tellings import join_tellings
from memorybook.settings import Settings
from memorybook.words import today


class ReadCache:
    """What each Markdown file read as, kept between loads by the preview server.

    A file is read again when its size or modification time changed; everything is read
    again when the settings or any other file of the journal (a photo added, renamed or
    removed) changed, since an entry's problems depend on them.
    """

    def __init__(self) -> None:
        self.files: dict[tuple[Path, int, int], tuple[Entry | Page | None, list[Problem]]] = {}
        self.around: tuple[Settings, list[tuple[Path, int, int]]] | None = None
        self._copies: tuple[Path, list[Path], dict[Path, ConflictCopy]] | None = None

    def copies(self, root: Path, files: list[Path]) -> dict[Path, ConflictCopy]:
        """The conflict copies among `files`, found again only when the files are not the
        same as last time (a copy is known by its name and its original's)."""
        if self._copies is None or self._copies[:2] != (root, files):
            self._copies = (root, files, find_copies(root, files))
        return self._copies[2]

    def keep_only_if(self, settings: Settings, others: list[tuple[Path, int, int]]) -> None:
        if self.around != (settings, others):
            self.files.clear()
        self.around = (settings, others)

    def read(self, settings: Settings, path: Path, problems: list[Problem]) -> Entry | Page | None:
        key = _stat_key(path)
        if key not in self.files:
            found: list[Problem] = []
            self.files[key] = (read_entry_or_page(settings, path, found), found)
        loaded, found = self.files[key]
        problems.extend(found)
        return loaded


def read_as(settings: Settings, path: Path, text: str) -> list[Problem]:
    """The problems `check` would find in `text` were it the file at `path` (which is not
    read): importers check each entry so before they write it."""
    problems: list[Problem] = []
    read_entry_or_page(settings, path, problems, text=text)
    return problems


def _stat_key(path: Path) -> tuple[Path, int, int]:
    stat = path.stat()
    return (path, stat.st_mtime_ns, stat.st_size)


def load_journal(
    settings: Settings,
    *,
    include_private: bool = False,
    cache: ReadCache | None = None,
    as_of: dt.date | None = None,
    reveal_all: bool = False,
) -> Journal:
    """Read every Markdown file of the journal; never raises for the user's content.

    Entries sealed until after `as_of` (default: today) are not entries: they are kept
    apart as `Capsule`s, so nothing downstream can publish what is inside them; so are
    entries revealed together that wait for the other partner's, as `Waiting`s (unless
    `reveal_all`: `new` reads what each of you has written, to know what is left to write)."""
    day = as_of or today()
    root = settings.journal
    if not root.is_dir():
        problem = Problem(
            root,
            None,
            "the journal folder does not exist",
            hint="create it, or set `journal:` in mkdocs.yml",
        )
        return Journal(settings, (), (), (problem,), today=day)
    problems: list[Problem] = []
    entries: list[Entry] = []
    pages: list[Page] = []
    files = list(iter_journal_files(root, problems))
    # A sync service's or git's copy of an entry is never read: it may be an older, public
    # version of what is now private.
    copies = cache.copies(root, files) if cache is not None else find_copies(root, files)
    problems.extend(copy_problem(root, copy) for copy in copies.values())
    markdown = [p for p in files if p.suffix.lower() in (".md", ".markdown") and p not in copies]
    if cache is not None:
        others = set(files) - set(markdown)
        cache.keep_only_if(settings, [_stat_key(path) for path in files if path in others])
    for path in markdown:
        if cache is not None:
            loaded = cache.read(settings, path, problems)
        else:
            loaded = read_entry_or_page(settings, path, problems)
        if isinstance(loaded, Entry):
            entries.append(loaded)
        elif isinstance(loaded, Page):
            pages.append(loaded)
    entries = _drop_duplicate_slugs(entries, problems)
    # Before private and sealed entries are set apart: the same answer counts everywhere.
    entries = _one_answer_each(entries, settings, problems)
    # Before too: a telling is private or sealed as the day it tells is.
    entries = join_tellings(entries, settings, problems)
    waits = {} if reveal_all else waiting_for(entries, settings)
    if not include_private:
        entries = [e for e in entries if not e.private]
    entries.sort(key=lambda e: e.sort_key)
    published: list[Entry] = []
    capsules: list[Capsule] = []
    waiting: list[Waiting] = []
    for entry in entries:
        if entry.sealed_until and entry.sealed_until > day:
            capsules.append(seal(entry))
        elif entry.rel in waits:
            waiting.append(waits[entry.rel])
        else:
            published.append(entry)
    capsules.sort(key=lambda c: (c.opens, c.source))
    return Journal(
        settings,
        tuple(e for e in published if e.telling_of is None and e.kind != "check-in"),
        tuple(pages),
        tuple(sorted(problems, key=_where)),
        sealed=tuple(capsules),
        today=day,
        tellings=tuple(e for e in published if e.telling_of is not None),
        waiting=tuple(sorted(waiting, key=lambda w: w.source)),
        check_ins=tuple(e for e in published if e.telling_of is None and e.kind == "check-in"),
    )


def _where(problem: Problem) -> tuple[str, int, str]:
    return (problem.path.as_posix(), problem.line or 0, problem.message)


def _drop_duplicate_slugs(entries: list[Entry], problems: list[Problem]) -> list[Entry]:
    by_slug: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.rel):
        first = by_slug.setdefault(entry.slug, entry)
        if first is not entry:
            problems.append(
                Problem(
                    entry.source,
                    1,
                    f"duplicate slug {entry.slug!r}: {first.rel} already has that page name",
                    hint="rename one of the two files",
                )
            )
    return list(by_slug.values())


def _one_answer_each(
    entries: list[Entry], settings: Settings, problems: list[Problem]
) -> list[Entry]:
    """Each person's first answer to a question (by date) is their answer; a later one is a
    warning and stays an ordinary entry, so the answers shown together never change when
    someone answers again."""
    first: dict[tuple[int, str], Entry] = {}
    kept = []
    for entry in sorted(entries, key=lambda e: e.sort_key):
        person = answered_by(entry)
        if entry.question is None or person is None:
            kept.append(entry)
            continue
        earlier = first.setdefault((entry.question, person), entry)
        if earlier is entry:
            kept.append(entry)
            continue
        problems.append(_second_answer(entry, earlier, settings.person_name(person)))
        kept.append(replace(entry, question=None))
    return kept


def _second_answer(entry: Entry, earlier: Entry, name: str) -> Problem:
    qid = entry.question
    return Problem(
        entry.source,
        entry.question_line,
        f"{name} already answered question {qid} in {earlier.rel} ({earlier.date}): that "
        "first answer is the one shown beside the other answers; this one stays an "
        "ordinary entry",
        hint=f"to show this answer instead, remove `question: {qid}` from {earlier.rel}; "
        "otherwise remove it here",
        severity="warning",
    )
