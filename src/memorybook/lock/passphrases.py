"""Where each person's passphrase comes from, which are strong enough, and new ones.

Passphrases never live in mkdocs.yml or the journal: each comes from the
environment (`MEMORYBOOK_PASSPHRASE_SAM`), from a file outside the project, or
from a prompt on the terminal.
"""

from __future__ import annotations

import getpass
import os
import re
import secrets
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from memorybook.errors import ConfigError, display_path
from memorybook.settings import Settings

MIN_GUESSES_LOG10 = 14
"""zxcvbn's estimate of the guesses an attacker needs, as a power of ten. At 600,000 PBKDF2
iterations one current GPU tries about 15,000 passphrases a second, so 10^14 guesses take
about 200 GPU-years; four random words of the EFF list are 10^15.6."""
GENERATED_WORDS = 6
"""Words in a generated passphrase: 6 of 7,776 is 77 bits, beyond any offline attack."""
ZXCVBN_MAX_CHARS = 72
"""zxcvbn refuses longer passwords (its time grows fast with length). A longer passphrase is
judged by its first 72 characters: what follows only adds guesses, so the estimate is a floor
(judging each part alone would rate a phrase said six times as six times as strong)."""
_prompted: dict[str, str] = {}
"""Passphrases typed at the prompt, kept for the process: `serve` rebuilds ask once."""


def env_name(person: str) -> str:
    """The environment variable that holds `person`'s passphrase."""
    return "MEMORYBOOK_PASSPHRASE_" + re.sub(r"[^A-Z0-9]", "_", person.upper())


def find(settings: Settings, person: str, *, prompt: bool) -> str | None:
    """`person`'s passphrase from the environment, their file or (if allowed) a prompt."""
    value = os.environ.get(env_name(person))
    if value:
        return value
    file = settings.lock.passphrase_files.get(person)
    if file is not None:
        return _read_file(settings, person, file)
    if person in _prompted:
        return _prompted[person]
    if prompt and sys.stdin.isatty():
        typed = getpass.getpass(f"Passphrase of {settings.person_name(person)}: ")
        if typed:
            _prompted[person] = typed
            return typed
    return None


def source(settings: Settings, person: str) -> str:
    """Where `person`'s passphrase was read, for a message: `in MEMORYBOOK_PASSPHRASE_SAM`."""
    if os.environ.get(env_name(person)):
        return f"in {env_name(person)}"
    file = settings.lock.passphrase_files.get(person)
    if file is not None:
        return f"in lock.passphrase_files.{person} ({file})"
    return "typed"


def forget(person: str) -> None:
    """Forget a passphrase typed at the prompt (it was refused): the next build asks again."""
    _prompted.pop(person, None)


def ask(question: str) -> str | None:
    """A passphrase typed at the terminal, or None without one."""
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(question) or None


def ask_new(name: str) -> str:
    """A new passphrase typed twice alike (a typo would lock its owner out)."""
    first = ask(f"New passphrase of {name}: ")
    if first is None:
        raise ConfigError(
            f"memorybook: no new passphrase for {name}: set it in their variable or file, "
            "or run in a terminal to type it; `memorybook passphrase` makes one"
        )
    if getpass.getpass(f"Type the new passphrase of {name} again: ") != first:
        raise ConfigError(
            f"memorybook: the two passphrases typed for {name} differ; nothing was changed"
        )
    return first


def refuse_near_misses(settings: Settings, people: Iterable[str]) -> None:
    """A variable set under a near miss of someone's (`MEMORYBOOK_PASSPHRASE_SMA`) while
    theirs is unset is an error: it would be ignored, and the build would go on without it."""
    known = {env_name(person) for person in settings.people}
    for person in people:
        expected = env_name(person)
        if os.environ.get(expected):
            continue
        for variable in sorted(os.environ):
            if variable not in known and _near_miss(variable, expected):
                raise ConfigError(
                    f"memorybook: {variable} is set, but the passphrase of "
                    f"{settings.person_name(person)} is read from {expected}: rename it"
                )


def _near_miss(variable: str, expected: str) -> bool:
    upper = variable.upper()
    suffix = expected.removeprefix("MEMORYBOOK_PASSPHRASE")
    if upper.startswith("MEMORYBOOK") and upper.endswith(suffix):
        return True
    return abs(len(upper) - len(expected)) <= 2 and _edits(upper, expected) <= 2


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, change, swap two neighbours) that turn `a` into `b`."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row = row, [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, before[j - 2] + 1)
            row.append(cost)
        before = previous
    return row[-1]


def accept_new(settings: Settings, person: str, passphrase: str, hints: Iterable[str]) -> None:
    """Judge a passphrase about to become someone's new one: strong enough, and, if typed at
    the prompt, typed twice alike (a typo would lock them out, or replace their passphrase)."""
    name = settings.person_name(person)
    typed = _prompted.pop(person, None) == passphrase  # a refused one is asked for afresh
    refuse_weak(passphrase, name, hints)
    if typed:
        again = getpass.getpass(f"That is a new passphrase for {name}; type it again: ")
        if again != passphrase:
            raise ConfigError(
                f"memorybook: the two passphrases typed for {name} differ; nothing was changed"
            )
        _prompted[person] = passphrase


def _read_file(settings: Settings, person: str, file: Path) -> str:
    path = (settings.project_dir / file.expanduser()).resolve()
    if path.is_relative_to(settings.project_dir.resolve()):
        raise ConfigError(
            f"memorybook: lock.passphrase_files.{person}: {display_path(path)} is inside the "
            "project, where it could be committed or synced with the journal; keep it elsewhere"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display_path(path)}: cannot read the passphrase: {exc}") from None
    return text.rstrip("\r\n")


def refuse_weak(passphrase: str, person: str, hints: Iterable[str]) -> None:
    """A passphrase a guesser would find (zxcvbn, told the couple's names and dates) is refused."""
    from zxcvbn import zxcvbn  # its dictionaries take a moment to load

    known = user_inputs(hints)
    # zxcvbn guesses the spaces between words as random characters; a guesser joins words
    # with spaces as readily as without, so the passphrase is also judged run together.
    forms = {passphrase, re.sub(r"[\W_]+", "", passphrase)} - {""}
    guesses = min(
        float(zxcvbn(form[:ZXCVBN_MAX_CHARS], user_inputs=known)["guesses_log10"]) for form in forms
    )
    if guesses < MIN_GUESSES_LOG10:
        raise ConfigError(
            f"memorybook: the passphrase of {person} is too easy to guess for a site anyone "
            "can download and try passphrases on for as long as they like; "
            "`memorybook passphrase` makes a strong one (six random words)"
        )


def user_inputs(hints: Iterable[str]) -> list[str]:
    """What zxcvbn matches as the couple's own words: each hint whole, and each of its words
    (zxcvbn matches a hint only whole, so "Maya Rahimi" alone would not make "maya" weak)."""
    found: dict[str, None] = {}
    for hint in hints:
        for part in (hint, *re.split(r"[\W_]+", hint)):
            if part.strip():
                found[part.strip().lower()] = None
    return list(found)


def generate(words: int = GENERATED_WORDS) -> str:
    """Random words from the EFF's long list (7,776 words), chosen by `secrets`."""
    wordlist = _wordlist()
    return " ".join(secrets.choice(wordlist) for _ in range(words))


@cache
def _wordlist() -> tuple[str, ...]:
    from xkcdpass import xkcd_password

    words = xkcd_password.generate_wordlist(
        wordfile=xkcd_password.locate_wordfile("eff-long"), min_length=1, max_length=20
    )
    return tuple(sorted(set(words)))
