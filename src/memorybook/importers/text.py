"""An export's text as the writer saw it in their app, written as Markdown.

Day One shows each line break the writer typed and a list right under a line of text;
Markdown joins lines into one paragraph and needs a blank line before a list. Phones
leave invisible characters in text (zero-width spaces, the object-replacement character
where an attachment was) that a browser shows as boxes. These functions turn one into
the other, leaving fenced code alone.
"""

from __future__ import annotations

import re
import unicodedata

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}(?:[ \t]|$)|(?:[-*_][ \t]*){3,}$|\|)")
"""A heading, a thematic break or a table row: lines that are not running text."""
_INDENTED = re.compile(r"^(?: {4}|\t)")
_HARD_BREAK = "  "
"""Two spaces before a line break: Markdown's hard break, which every Markdown reads."""

_ALWAYS_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\ufffc\u180e"))
"""Zero-width space, word joiner, byte-order mark, object replacement, Mongolian vowel
separator: they show as nothing, or as a box, and mean nothing in a journal."""
_JOINERS = "\u200c\u200d"
"""Zero-width (non-)joiners: they build emoji sequences and shape Persian or Indic words,
so they stay between two visible characters."""
_BIDI = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
"""Direction marks, embeddings, overrides and isolates: meaningful only in text that has
right-to-left letters."""
_LOOSE_JOINER = re.compile(r"(?:(?<=^)|(?<=\s))[\u200c\u200d]+|[\u200c\u200d]+(?=\s|$)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n"})


def drop_invisible(text: str) -> str:
    """The text without characters that show as nothing (or a box) and mean nothing there;
    half an emoji (a lone surrogate, which JSON can hold but no file can) becomes U+FFFD."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.translate(_ALWAYS_INVISIBLE).translate(_SEPARATORS)
    if not _has_right_to_left(text):
        text = text.translate(_BIDI)
    if any(joiner in text for joiner in _JOINERS):
        text = _LOOSE_JOINER.sub("", text)
    return text


def _has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text if ord(char) > 0x58F)


def keep_line_breaks(text: str) -> str:
    """Markdown that shows the text's lines as they were: a hard break where a line of
    running text goes on in the next, a blank line before a list that follows text and
    after a list that text follows."""
    lines = text.split("\n")
    out: list[str] = []
    fenced = False
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if _FENCE.match(line):
            fenced = not fenced
            out.append(line)
            continue
        if fenced or not line.strip() or not following.strip() or _FENCE.match(following):
            out.append(line)
            continue
        out += _joined(line, following)
    return "\n".join(out)


def _joined(line: str, following: str) -> list[str]:
    """The line as it goes on into a following line of text."""
    item, next_item = bool(_LIST_ITEM.match(line)), bool(_LIST_ITEM.match(following))
    if item != next_item and not _INDENTED.match(following):
        return [line, ""]  # a list starts, or ends, here
    if item or _INDENTED.match(line) or _BLOCK_START.match(line) or _BLOCK_START.match(following):
        return [line]  # lists, code and headings keep their lines without help
    return [line if line.endswith((_HARD_BREAK, "\\")) else line.rstrip() + _HARD_BREAK]
