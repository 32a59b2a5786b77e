"""How deep an entry's or a page's text nests: quotes, lists and HTML inside each other.

Markdown, the sanitiser and WeasyPrint each walk nested text by recursion, so a body
nested a few hundred levels deep would end `build` or `book` in a RecursionError. The
reader measures each line (an upper bound: every quote or list marker and every four
spaces of indentation count as a level, with the HTML elements still open) and refuses
a body deeper than MAX_DEPTH, which no writing needs and every stage renders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_DEPTH = 24
"""Levels of quotes, lists and HTML inside each other that a body may have."""

_MARKER = re.compile(r"[ \t]{0,3}(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SIBLINGS = frozenset("p li dt dd tr td th option".split())
"""Elements that a browser closes when another of their kind opens (`<li>a<li>b`)."""


def too_deep(lines: Iterable[tuple[int, str]]) -> tuple[int, int] | None:
    """(line number, depth) of the first line nested deeper than MAX_DEPTH, or None."""
    open_tags: list[str] = []
    for number, text in lines:
        depth = _markdown_depth(text) + _html_depth(text, open_tags)
        if depth > MAX_DEPTH:
            return number, depth
    return None


def _markdown_depth(text: str) -> int:
    expanded = text.expandtabs(4)
    rest = expanded.lstrip(" ")
    levels = (len(expanded) - len(rest)) // 4
    position = 0
    while match := _MARKER.match(rest, position):
        if match.end() == position:
            break
        levels += 1
        position = match.end()
    return levels


def _html_depth(text: str, open_tags: list[str]) -> int:
    """The deepest the HTML is on this line; `open_tags` carries what is open to the next."""
    deepest = len(open_tags)
    for match in _TAG.finditer(text):
        closing, name, self_closing = match[1], match[2].lower(), match[3]
        if name in _VOID or self_closing:
            continue
        if closing:
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
            continue
        if name in _SIBLINGS and open_tags and open_tags[-1] == name:
            open_tags.pop()
        open_tags.append(name)
        deepest = max(deepest, len(open_tags))
    return deepest
