"""How much room words take on the page, estimated before WeasyPrint sets them.

The layout step chooses page templates (a photo above an entry's words, photos on the facing
page, ...) from these estimates: each paragraph is broken into lines greedily, word by word,
with the advance widths of the book's own fonts, at the book's type size and measure.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

from memorybook.resources import theme_dir

LINE_HEIGHT = 1.42
"""As book.css sets it for the body text."""
MEASURE_CHARS = 66
"""The characters a body line aims at: classic book measure is 60-75 (Bringhurst: 66)."""
_BLOCK = re.compile(r"<(p|li|h[1-6]|blockquote|pre)\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_FONTS = {"roman": "EBGaramond12-Regular.otf", "italic": "EBGaramond12-Italic.otf"}


@dataclass(frozen=True)
class Face:
    """One font's advance widths, in ems, by character."""

    widths: dict[int, float]
    fallback: float

    def width_em(self, text: str) -> float:
        return sum(self.widths.get(ord(c), self.fallback) for c in text)


@functools.cache
def face(style: str = "roman") -> Face:
    """The body face (EB Garamond, roman or italic) as shipped with the book's theme."""
    path: Path = theme_dir() / "book" / "fonts" / _FONTS[style]
    with TTFont(str(path)) as font:
        units = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return Face(widths, widths.get(ord("n"), 0.5))


def measure_in(size_pt: float, chars: int = MEASURE_CHARS) -> float:
    """The width of a text block holding about `chars` characters a line of body text."""
    sample = "the quick brown fox jumps over the lazy dog and runs along the river "
    per_char = face().width_em(sample) / len(sample)
    return round(chars * per_char * size_pt / 72, 3)


def lines(text: str, width_in: float, size_pt: float, style: str = "roman") -> int:
    """The lines `text` takes when broken greedily at spaces in a column `width_in` wide."""
    font = face(style)
    room = width_in * 72 / size_pt
    space = font.width_em(" ")
    count, used = 1, 0.0
    for word in text.split():
        width = font.width_em(word)
        if used and used + space + width > room:
            count, used = count + 1, width
        else:
            used += (space if used else 0.0) + width
    return count


def blocks(body_html: str) -> list[tuple[str, str]]:
    """The body's paragraphs, list items and headings as (tag, plain text)."""
    found = [
        (m[1].lower(), html.unescape(_TAG.sub(" ", m[2].replace("<br />", "\n"))))
        for m in _BLOCK.finditer(body_html)
    ]
    return [(tag, text) for tag, text in found if text.strip()]


def body_height_in(
    body_html: str, width_in: float, size_pt: float, style: str = "roman", gap_em: float = 0.0
) -> float:
    """The height the body's words take: every paragraph's lines, headings a little more.

    With `line_breaks` text (notes and letters) each line the writer broke is its own line;
    `gap_em` is the space between paragraphs (0 for indented book paragraphs)."""
    line = size_pt * LINE_HEIGHT / 72
    total = 0.0
    for tag, text in blocks(body_html):
        rows = sum(lines(part, width_in, size_pt, style) for part in text.split("\n") if part)
        total += rows * line + gap_em * size_pt / 72
        if tag.startswith("h"):
            total += 0.16
        elif tag in ("li", "blockquote"):
            total += 0.03
    return total


def title_lines(title: str, width_in: float, size_pt: float) -> int:
    """Lines a heading takes (a heading breaks like any line of words)."""
    return lines(title, width_in, size_pt) if title.strip() else 0
