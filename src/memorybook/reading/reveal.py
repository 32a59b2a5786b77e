"""Revealed together (`reveal: together`): which entries wait for the other partner's.

An answer to a shared question waits until every other person has answered it; an entry
waits until another person has written their telling of its day (a telling itself never
waits: the entry it tells is the other's already). Who has written is read from every entry,
private and sealed ones too: a written answer is an answer, even when it is not shown."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.model import Entry, Waiting
from memorybook.questions import answered_by
from memorybook.settings import Settings


def waiting_for(entries: Sequence[Entry], settings: Settings) -> dict[str, Waiting]:
    """By `rel`, each entry that asks to be revealed together and still waits."""
    answered = {(e.question, answered_by(e)) for e in entries if e.question is not None}
    told: dict[str, set[str]] = {}
    for entry in entries:
        if entry.telling_of is not None and entry.voice:
            told.setdefault(entry.telling_of, set()).add(entry.voice)
    found = {}
    for entry in entries:
        writer = answered_by(entry)
        if not _asks(entry, settings) or writer is None:
            continue
        others = [pid for pid in settings.people if pid != writer]
        if entry.question is not None:
            turn = [pid for pid in others if (entry.question, pid) not in answered]
        elif entry.telling_of is not None:
            turn = []
        else:
            turn = [] if told.get(entry.rel, set()) - {writer} else others
        if turn:
            found[entry.rel] = Waiting(entry.source, writer, tuple(turn), entry.question)
    return found


def _asks(entry: Entry, settings: Settings) -> bool:
    """`reveal: together` on the entry, or on every answer by the plugin's option."""
    return entry.reveal or (settings.reveal_together and entry.question is not None)
