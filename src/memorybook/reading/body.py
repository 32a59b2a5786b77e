"""The body of an entry or page: its prose lines (outside fenced code), the placeholders
`memorybook new` wrote, and how deep its quotes, lists and HTML nest."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memorybook.nesting import MAX_DEPTH, too_deep
from memorybook.reading.report import Report
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
