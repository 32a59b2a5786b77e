"""Small readers of front-matter values shared by the parsers: dates, and how a value is
shown in a message."""

from __future__ import annotations

import datetime as dt
from typing import Any


def parse_when(value: Any) -> tuple[dt.date, dt.time | None] | None:
    """A front-matter date (as YAML gave it) as (day, wall-clock time or None)."""
    if isinstance(value, dt.datetime):
        return value.date(), value.time().replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value, None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text), None
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed.date(), parsed.time().replace(tzinfo=None)


def show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"`{value}`"


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
