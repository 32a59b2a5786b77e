"""Words as the pages say them: kinds and love languages, dates (`14–16 June 2024`), an
entry's excerpt as plain text, a card's shape, and anchors."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import markdown

from memorybook.html import Markup, html
from memorybook.words import MONTHS, format_day

KIND_LABELS = {
    "experience": "Memory",
    "gratitude": "Thank you",
    "milestone": "Milestone",
    "letter": "Letter",
    "check-in": "Check-in",
}
LOVE_LANGUAGE_LABELS = {
    "words": "Words of affirmation",
    "service": "Acts of service",
    "gifts": "Gifts",
    "time": "Quality time",
    "touch": "Physical touch",
}
CARD_SIZES = "(max-width: 44em) 100vw, 22em"
GALLERY_SIZES = "(max-width: 60em) 100vw, 46em"
_IMAGES = re.compile(r"!\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"</?(?:p|li|h[1-6]|br|div|blockquote|[uo]l|d[ltd]|t[rdh]|pre|hr)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")
_HEADING_END = re.compile(r"(?<=[^\s.!?:;…])\s*</h[1-6]>")
"""A heading in an excerpt runs into its text: "What we ate: Soup, bread", not "ate Soup"."""
_MARKDOWN_SYNTAX = re.compile(r"[*_`<>&\[\]\\]|^\s*(?:[-+#|=]|\d+[.)])", re.MULTILINE)
"""Anything Markdown could turn into something else; plain prose (most entries) skips it."""
_EXCERPT_MARKDOWN = markdown.Markdown()
"""Renders the start of an entry for its excerpt: reused, as making one is slow."""
CARD_CROP = 0.15
"""A card's cover may lose at most this much of the photo (height or width)."""


def format_when(start: dt.date, until: dt.date | None = None) -> str:
    """`14 June 2024`, `14–16 June 2024`, `30 June – 2 July 2024`."""
    if until is None or until == start:
        return format_day(start)
    if (start.year, start.month) == (until.year, until.month):
        return f"{start.day}–{format_day(until)}"
    if start.year == until.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_day(until)}"
    return f"{format_day(start)} – {format_day(until)}"


def excerpt(body: str, limit: int = 220) -> str:
    """The first lines of an entry as the page shows them, as plain text cut at a word: the
    Markdown is rendered first, so no `- `, `**` or backtick is left over ("memorybook check,
    and", not "memorybook check , and")."""
    source = _IMAGES.sub("", body)
    start = []  # only the first paragraphs are rendered: an excerpt never needs the rest
    for paragraph in source.split("\n\n"):
        start.append(paragraph)
        if sum(map(len, start)) > 2 * limit:
            break
    text = "\n\n".join(start)
    if _MARKDOWN_SYNTAX.search(text):
        rendered = _EXCERPT_MARKDOWN.reset().convert(text)
        rendered = _HEADING_END.sub(": ", _HIDDEN.sub(" ", rendered))
        text = unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", rendered)))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def card_ratio(width: int, height: int) -> float:
    """The shape of a card's cover (width / height) for a photo of this size: its own shape
    between 4:5 and 2:1; beyond, cropped by at most CARD_CROP towards that range, so a tall
    portrait keeps 85% of its height and a card never becomes a strip or a tower."""
    ratio = width / max(height, 1)
    low, high = 4 / 5, 2.0
    if ratio < low:
        return min(low, ratio / (1 - CARD_CROP))
    if ratio > high:
        return max(high, ratio * (1 - CARD_CROP))
    return ratio


ANSWER_EXCERPT = 1200
"""How much of an answer the Questions page shows (most are shorter); its page has it all."""


def question_anchor(question_id: int) -> str:
    """The id of a question on the Questions page: `mb-q-12`."""
    return f"mb-q-{question_id}"


def anchor(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return f"mb-{slug or 'x'}"


def empty(text: str) -> Markup:
    return html('<p class="mb-empty">{}</p>', text)
