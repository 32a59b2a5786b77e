"""The body of an entry or page: its prose lines (outside fenced code), the placeholders
`memorybook new` wrote, and how deep its quotes, lists and HTML nest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memorybook.nesting import MAX_DEPTH, too_deep
from memorybook.reading.report import Report
from memorybook.settings import fold, suggest_person
from memorybook.templates import placeholder_lines

_FENCE = re.compile(r"^\s*(```|~~~)")


def prose_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Body lines outside fenced code blocks, with their file line numbers."""
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        match = _FENCE.match(text)
        if match:
            fence = None if fence == match[1] else fence or match[1]
            continue
        if fence is None:
            yield first_line + offset, text


def drop_placeholders(report: Report, body: str, body_line: int) -> str:
    """The body without the lines `memorybook new` wrote as placeholders (each a warning):
    blank lines in their place, so every other line keeps its number."""
    lines = body.split("\n")
    for number, text in placeholder_lines(list(prose_lines(body, body_line))):
        report.warn(
            f"{text!r} is still the placeholder from `memorybook new`; the line is left out "
            "of the site and the book",
            line=number,
            hint="write your own words in its place, or delete the line",
        )
        lines[number - body_line] = ""
    return "\n".join(lines)


def check_nesting(report: Report, body: str, body_line: int) -> None:
    deep = too_deep(prose_lines(body, body_line))
    if deep:
        report.error(
            f"the text is nested {deep[1]} levels deep here (quotes, lists or HTML inside "
            f"each other); more than {MAX_DEPTH} cannot be shown or printed, so the "
            "file is left out",
            line=deep[0],
            hint="take some `>`, list markers, indentation or HTML elements away",
        )


# -- photos -----------------------------------------------------------


# -- a check-in's parts ------------------------------------------------------------------

_PART = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def parts(report: Report, body: str, body_line: int) -> tuple[tuple[str, str], ...]:
    """A check-in's parts: (person id, text) under each `## Name` heading naming one of you,
    in order; text under no one's heading is ("", text), shown as shared. A heading naming
    nobody is a warning at its line, and its lines stay, as shared text."""
    found: list[tuple[str, list[str]]] = [("", [])]
    fence: str | None = None
    for offset, text in enumerate(body.split("\n")):
        match = _FENCE.match(text)
        if match:
            fence = None if fence == match[1] else fence or match[1]
        heading = _PART.match(text) if fence is None else None
        who = _person(report, heading[1], body_line + offset) if heading else None
        if who:
            found.append((who, []))
        else:
            found[-1][1].append(text)
    joined = ((who, "\n".join(lines).strip()) for who, lines in found)
    return tuple((who, text) for who, text in joined if text)


def _person(report: Report, heading: str, line: int) -> str | None:
    """The person a heading names (by name or id, case and accents aside), else a warning."""
    settings = report.settings
    folded = fold(heading)
    for person in settings.people.values():
        if folded in (fold(person.name), fold(person.id)):
            return person.id
    close = suggest_person(settings, heading)
    names = ", ".join(p.name for p in settings.people.values()) or "nobody yet"
    report.warn(
        f"`## {heading}` names none of you ({names}); its lines are shown as shared text",
        line=line,
        hint=f"did you mean `## {settings.person_name(close)}`?"
        if close
        else "head each part with a name from people: in mkdocs.yml",
    )
    return None
