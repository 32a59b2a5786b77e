"""The fields of an entry and their rules: dates, people, kinds, flags, tags, the question
it answers, and unknown keys (a near miss of a hiding key leaves the entry out). Each
parser takes the file's `Report` and the value as YAML gave it, and reports its own errors."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any

from memorybook.questions import question_set
from memorybook.reading.keys import FIELDS, KEEPING_FIELDS, field_meant, hiding_word
from memorybook.reading.report import Report
from memorybook.reading.values import article, parse_when, show
from memorybook.settings import person_id, suggest_person


def warn_unknown(report: Report, meta: Mapping[str, Any]) -> None:
    for key in meta:
        if key in FIELDS:
            continue
        meant = field_meant(key)
        if meant in KEEPING_FIELDS:
            # Read as a typo, the entry would be published: left out until it is fixed.
            report.error(
                f"`{key}` is not `{meant}`; the entry is left out until it is fixed",
                key=key,
                hint=f"did you mean `{meant}`?",
            )
            continue
        close = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.7)
        hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(FIELDS)}"
        report.warn(f"unknown field `{key}` (kept, but not used)", key=key, hint=hint)


def when(report: Report, key: str, value: Any) -> tuple[dt.date | None, dt.time | None]:
    parsed = parse_when(value)
    if parsed is None:
        report.error(
            f"`{key}` has no value" if value is None else f"`{key}` {show(value)} is not a date",
            key=key,
            hint="write YYYY-MM-DD, YYYY-MM-DD HH:MM or ISO 8601 with offset",
        )
        return None, None
    return parsed


def sealed_until(
    report: Report, meta: Mapping[str, Any], written: dt.date | None
) -> dt.date | None:
    """The capsule's opening day. A value that is not a day is an error, so the entry is
    left out rather than published before its time."""
    value = meta.get("sealed_until")
    if value is None:
        if "sealed_until" in meta:
            report.error(
                "`sealed_until` has no value; the entry is left out until it has one",
                key="sealed_until",
                hint="write the day it opens, like `sealed_until: 2030-06-14`",
            )
        return None
    parsed = parse_when(value)
    if parsed is None:
        report.error(
            f"`sealed_until` {show(value)} is not a date; the entry is left out until it is",
            key="sealed_until",
            hint="write the day it opens as YYYY-MM-DD",
        )
        return None
    opens = parsed[0]
    if written and opens <= written:
        report.warn(
            f"`sealed_until` {opens} is not after `date` {written}: it was never sealed",
            key="sealed_until",
            hint="a time capsule opens on a later day than it was written",
        )
    return opens


def question(report: Report, value: Any) -> int | None:
    """The number of a question of memorybook's set (`question: 24`), else None (reported)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        report.error(
            f"`question` must be a question number, not {show(value)}",
            key="question",
            hint="`memorybook new --question` picks one and writes its number",
        )
        return None
    if question_set().get(value) is None:
        report.error(
            f"there is no question {value}: memorybook's questions are numbered "
            f"{question_set().span}",
            key="question",
            hint="`memorybook new --question` picks one and writes its number",
        )
        return None
    return value


def question_title(asked: int | None) -> str:
    """An answer's title when it has none of its own: its question, as `new --question`
    writes it."""
    found = question_set().get(asked) if asked is not None else None
    return found.text if found else ""


def answer(
    report: Report, asked: int | None, sender: str | None, authors: tuple[str, ...], written: bool
) -> int | None:
    """The question `asked` (read by `question`) when the entry answers it: one person
    (see `answered_by`) in words of their own (`written`: more than the placeholder)."""
    if asked is not None and not written:
        report.warn(
            f"question {asked} is not answered here yet: the entry holds only the "
            "placeholder, so it is not an answer until you write yours",
            key="question",
            hint="write your answer below the front-matter",
        )
        return None
    if asked is None or sender or len(authors) == 1:
        return asked
    names = " and ".join(report.settings.person_name(pid) for pid in authors)
    who = f"it is written by {names}" if authors else "it has no author"
    report.warn(
        f"an answer to question {asked} is one person's, but {who}; it is shown as an "
        "ordinary entry, not as an answer",
        key="question",
        hint="give it `author:` with one of you (each of you answers in an entry of your own)",
    )
    return None


def telling_of(report: Report, value: Any) -> str | None:
    """The entry this one tells, as written: a path inside the journal, or a file name (it is
    resolved once every entry is read, `reading.tellings`)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        report.error(
            f"`telling_of` must be the path of an entry, not {show(value)}",
            key="telling_of",
            hint="write the other entry's path inside the journal, like "
            "`telling_of: 2024/2024-06-14-our-first-hike.md`",
        )
        return None
    return value.strip().removeprefix("./")


def reveal(report: Report, meta: Mapping[str, Any], writer: str | None) -> bool:
    """`reveal: together` on one person's entry (`writer`: to know whose turn it is); any
    other value, or on an entry not one person's, is an error, so the entry is left out rather
    than published before the other partner has written."""
    if "reveal" not in meta:
        return False
    value = meta["reveal"]
    if isinstance(value, str) and value.strip().lower() == "together":
        if writer is None:
            report.error(
                "`reveal: together` waits for the other partner's, but this entry is not one "
                "person's; it is left out until it is",
                key="reveal",
                hint="give it `author:` with one of you, or remove `reveal`",
            )
        return True
    said = "has no value" if value is None else f"{show(value)} is not `together`"
    report.error(
        f"`reveal` {said}; the entry is left out until it is fixed",
        key="reveal",
        hint="write `reveal: together` to keep it hidden until the other partner has written "
        "theirs, or remove the line",
    )
    return False


def until(report: Report, meta: Mapping[str, Any], start: dt.date | None) -> dt.date | None:
    if meta.get("until") is None:
        return None
    until, _ = when(report, "until", meta["until"])
    if until and start and until < start:
        report.error(
            f"`until` {until} is before `date` {start}",
            key="until",
            hint="`until` is the last day of the entry; swap them or fix the year",
        )
        return None
    return until


def choice(report: Report, key: str, value: Any, allowed: tuple[str, ...]) -> str | None:
    text = str(value).strip().lower()
    if text in allowed:
        return text
    close = difflib.get_close_matches(text, allowed, n=1)
    hint = f"did you mean `{close[0]}`? " if close else ""
    report.error(
        f"unknown {key} {show(value)}", key=key, hint=f"{hint}allowed: {', '.join(allowed)}"
    )
    return None


def person(report: Report, key: str, value: Any, line: int | None = None) -> str | None:
    if value is None:
        return None
    pid = person_id(report.settings, value)
    if pid is not None:
        return pid
    known = ", ".join(report.settings.people) or "none (add people: to the memorybook plugin)"
    close = suggest_person(report.settings, str(value))
    report.error(
        f"unknown person {show(value)} in `{key}`",
        key=key,
        line=line,
        hint=(f"did you mean `{close}`? " if close else "") + f"known people: {known}",
    )
    return None


def authors(report: Report, meta: Mapping[str, Any]) -> tuple[str, ...]:
    if "author" in meta and "authors" in meta:
        report.warn("both `author` and `authors` are given; using both", key="authors")
    ids = []
    for key in ("author", "authors"):
        value = meta.get(key)
        items = value if isinstance(value, list) else [] if value is None else [value]
        if isinstance(value, str) and "," in value:
            items = [v for v in value.split(",") if v.strip()]
        lines = report.item_lines.get(key, [])
        for index, item in enumerate(items):
            line = lines[index] if index < len(lines) else None
            pid = person(report, key, item, line=line)
            if pid:
                ids.append(pid)
    return tuple(dict.fromkeys(ids))


def require_note_people(
    report: Report, kind: str, meta: Mapping[str, Any], sender: str | None, recipient: str | None
) -> None:
    for key in ("from", "to"):
        if meta.get(key) is None:
            report.error(
                f"{article(kind)} {kind} needs `{key}`",
                key="kind",
                hint=f"add `{key}: <person id>`; known people: "
                f"{', '.join(report.settings.people) or 'none'}",
            )
    if sender and sender == recipient:
        report.error(
            f"`from` and `to` are both {sender!r}",
            key="to",
            hint="a note goes from one of you to the other",
        )


def note_title(report: Report, kind: str | None, sender: str | None, recipient: str | None) -> str:
    if sender and recipient:
        names = report.settings.person_name
        return f"From {names(sender)} to {names(recipient)}"
    return "A letter" if kind == "letter" else "A note"


def text(report: Report, key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        report.error(
            f"`{key}` must be text, not a {'list' if isinstance(value, list) else 'mapping'}",
            key=key,
        )
        return ""
    return str(value).strip()


def flag(report: Report, key: str, meta: Mapping[str, Any]) -> bool:
    value = meta.get(key, False)
    if not isinstance(value, bool):
        report.error(f"`{key}` must be true or false, not {show(value)}", key=key)
        return False
    return value


def tags(report: Report, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        items = [items]
    tags = (str(t).strip().lower().lstrip("#") for t in items if t is not None)
    found = tuple(dict.fromkeys(t for t in tags if t))
    for tag in found:
        meant = hiding_word(re.sub(r"[\s-]+", "_", tag))
        if meant:  # a tag hides nothing: read as one, the entry would be published
            report.error(
                f"the tag `{tag}` does not hide the entry, so it is left out until that is fixed",
                key="tags",
                hint="write `private: true` to hide it, or rename the tag"
                if meant == "private"
                else "write `sealed_until: YYYY-MM-DD` to seal it, or rename the tag",
            )
    return found
