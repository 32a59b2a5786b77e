"""Which front-matter keys mean what: the entry's fields, the keys a page may carry, and the
near misses (`Date`, `privat`, `hidden`) that stand for a field, so that a misspelt key
never publishes what was meant to be hidden."""

from __future__ import annotations

import difflib
import re
from typing import Any

from memorybook.reading.values import parse_when

FIELDS = (
    "date",
    "until",
    "kind",
    "title",
    "author",
    "authors",
    "from",
    "to",
    "love_language",
    "tags",
    "place",
    "photos",
    "cover",
    "recurring",
    "private",
    "sealed_until",
    "question",
    "source",
    "gentle",
    "telling_of",
    "reveal",
)
_PAGE_FIELDS = (
    "title",
    "description",
    "author",
    "hide",
    "tags",
    "template",
    "icon",
    "status",
    "subtitle",
    "search",
)
"""Keys an ordinary page may carry (Material writes `author` into a page's meta tags): they
never make a file look like an entry, nor count as a near miss of an entry field."""
_ENTRY_ONLY_FIELDS = tuple(f for f in FIELDS if f != "date" and f not in _PAGE_FIELDS)
"""Fields that only mean something on an entry: a file with one of them but no usable `date`
was meant to be an entry, so it is an error and left out (it may be private), not a page."""
_MEANT_FIELDS = ("date", *_ENTRY_ONLY_FIELDS)
KEEPING_FIELDS = ("private", "sealed_until", "reveal", "telling_of")
"""Fields that keep an entry (or some of it) out of the site, or tie it to an entry that may
be private: a misspelling of one must not publish it."""
_KEEPING_WORDS = {
    "private": (
        "private",
        "hidden",
        "secret",
        "draft",
        "unlisted",
        "unpublished",
        "personal",
        "confidential",
        "public",
        "published",
        "visible",
        "visibility",
    ),
    "sealed_until": (
        "sealed_until",
        "sealed",
        "seal",
        "sealed_on",
        "locked",
        "locked_until",
        "lock_until",
        "opens",
        "opens_on",
        "open_on",
        "open_after",
        "unseal",
        "unseal_on",
        "unlock_on",
        "capsule",
        "time_capsule",
        "embargo",
        "publish_on",
        "publish_after",
    ),
}
"""Words a person may write for a field that hides an entry: each, and any key within a
typo of one (`SequenceMatcher` ratio 0.85, `sealed_untill`, `hiden`), stands for that field."""
_KEEPING_STEMS = {
    "priva": "private",
    "secret": "private",
    "hidden": "private",
    "seal": "sealed_until",
}
"""Parts of a key that stand for a hiding field wherever they are (`is_private`, `unsealed`)."""
_DATE_LIKE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
KEY_LINE = re.compile(r"^\s*[\"']?[\w -]+[\"']?\s*[:=]")
"""A line like `key: value` (YAML) or `key = value` (TOML)."""


def field_meant(key: object) -> str | None:
    """The date or entry-only field a front-matter key stands for: itself in any case, or a
    close misspelling (`Date`, `dat`, `"date "`, `Private`, `privat`); None for other keys."""
    folded = str(key).strip().strip("\"'").strip().lower()
    if folded in _PAGE_FIELDS:
        return None
    if folded in _MEANT_FIELDS:
        return folded
    hiding = _hiding_field(folded)
    if hiding:
        return hiding
    if 3 <= len(folded) <= 5 and difflib.SequenceMatcher(None, folded, "date").ratio() >= 0.75:
        return "date"
    close = difflib.get_close_matches(folded, _ENTRY_ONLY_FIELDS, n=1, cutoff=0.8)
    return close[0] if close else None


def _hiding_field(folded: str) -> str | None:
    """`private` or `sealed_until` when a key reads as one of them (see `_KEEPING_WORDS`):
    taken for a field that hides, a key that was not meant so only costs an error, while a
    key meant so and read as unknown would publish what was to be hidden."""
    word = re.sub(r"[\s-]+", "_", folded).strip("_")
    squashed = word.replace("_", "")
    stem = next((name for stem, name in _KEEPING_STEMS.items() if stem in squashed), None)
    return hiding_word(word) or stem


def hiding_word(word: str) -> str | None:
    """`private` or `sealed_until` for one of their words or a typo of one (a key or a tag)."""
    for field_name, words in _KEEPING_WORDS.items():
        if difflib.get_close_matches(word, words, n=1, cutoff=0.85):
            return field_name
    return None


def dated(key: str, value: Any) -> bool:
    """`Date:` always stands for `date`; a looser near miss (`dat`, `data`) only with a value
    that looks like a date, so a page's own `data:` stays a page."""
    return str(key).strip().strip("\"'").strip().lower() == "date" or bool(
        _DATE_LIKE.match(str(value))
    )


def telling_line(line: str) -> bool:
    """A first line such as `date: 2024-06-14` or `private: true`: front-matter without `---`."""
    key, colon, value = line.partition(":")
    meant = field_meant(key) if colon and KEY_LINE.match(line) else None
    if meant == "date":
        return bool(_DATE_LIKE.match(value.strip()))
    return meant == "private" and value.strip().lower() in ("true", "yes", "on")


def show_date(value: Any) -> str:
    parsed = parse_when(value)
    return str(value).strip() if parsed else "YYYY-MM-DD"
