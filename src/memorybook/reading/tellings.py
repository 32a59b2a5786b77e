"""Two tellings of one day: each `telling_of` resolved to the entry it tells, its rules
checked (a known entry, one person's telling, by the other partner, one each, no chains),
and the told entry's privacy carried over, so a telling is never more public than its day.

A telling that breaks a rule is an error and is left out: read as an ordinary entry, the
telling of a private entry whose link was mistyped would be published."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from memorybook.errors import Problem
from memorybook.model import Entry
from memorybook.settings import Settings


def join_tellings(
    entries: Sequence[Entry], settings: Settings, problems: list[Problem]
) -> list[Entry]:
    """`entries` with each telling resolved (its `telling_of` is the told entry's `rel`, and
    it is private or sealed as that entry is), and every telling that breaks a rule left out
    with an error at its `telling_of:` line."""
    by_rel = {entry.rel: entry for entry in entries}
    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        by_name.setdefault(PurePosixPath(entry.rel).name, []).append(entry)
    kept: list[Entry] = []
    told: dict[tuple[str, str], Entry] = {}
    for entry in sorted(entries, key=lambda e: e.sort_key):
        if entry.telling_of is None:
            kept.append(entry)
            continue
        found = _resolve(entry, by_rel, by_name)
        if isinstance(found, str):
            problems.append(_problem(entry, found[0].upper() + found[1:], _hint_for(entry, by_rel)))
            continue
        why = _broken(entry, found, settings) or _told_twice(entry, found, told, settings)
        if why:
            problems.append(_problem(entry, why))
            continue
        kept.append(_inherit(replace(entry, telling_of=found.rel), found))
    return kept


def _resolve(
    entry: Entry, by_rel: dict[str, Entry], by_name: dict[str, list[Entry]]
) -> Entry | str:
    """The entry `entry` tells, or why there is none."""
    link = entry.telling_of or ""
    if link in by_rel:
        return by_rel[link]
    if "/" not in link:
        named = by_name.get(link, [])
        if len(named) == 1:
            return named[0]
        if named:
            paths = ", ".join(sorted(e.rel for e in named))
            return f"`telling_of: {link}` names {len(named)} entries ({paths}); write its path"
    return f"`telling_of`: there is no entry {link} in the journal"


def _hint_for(entry: Entry, by_rel: dict[str, Entry]) -> str:
    link = entry.telling_of or ""
    names = {**{PurePosixPath(rel).name: rel for rel in by_rel}, **{rel: rel for rel in by_rel}}
    close = difflib.get_close_matches(link, list(names), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{names[close[0]]}`?"
    return "write the path of the entry this one tells, inside the journal folder"


def _broken(entry: Entry, told: Entry, settings: Settings) -> str | None:
    """Why `entry` cannot be a telling of `told`, or None."""
    name = settings.person_name
    if told is entry:
        return "an entry cannot be a telling of itself"
    if told.telling_of is not None:
        return (
            f"{told.rel} is itself a telling of {told.telling_of}; tell that entry instead "
            f"(`telling_of: {told.telling_of}`)"
        )
    if entry.voice is None:
        return "a telling is one person's: give it `author:` with one of you"
    if told.voice is None:
        return (
            f"{told.rel} has no single author, so the two tellings cannot say whose each is; "
            "give it `author:`"
        )
    if told.voice == entry.voice:
        return (
            f"{name(told.voice)} wrote {told.rel}: a telling is the other partner's memory of "
            "the day"
        )
    return None


def _told_twice(
    entry: Entry, told: Entry, seen: dict[tuple[str, str], Entry], settings: Settings
) -> str | None:
    """One telling each: a second one by the same person is an error (the first stays)."""
    voice = entry.voice or ""
    first = seen.setdefault((told.rel, voice), entry)
    if first is entry:
        return None
    return (
        f"{settings.person_name(voice)} already told {told.rel} in {first.rel}; "
        "one telling each is shown"
    )


def _inherit(entry: Entry, told: Entry) -> Entry:
    """A telling is at least as hidden as the day it tells: private with it, sealed with it."""
    if told.private:
        entry = replace(entry, private=True)
    opens = told.opened_on
    if opens and (entry.sealed_until is None or entry.sealed_until < opens):
        entry = replace(entry, sealed_until=opens)
    return entry


def _problem(entry: Entry, message: str, hint: str = "") -> Problem:
    return Problem(
        entry.source,
        entry.telling_of_line,
        message + "; the telling is left out until it is fixed",
        hint=hint,
    )
