"""Small English wording shared by `check`, the site and the book: counts, days, today."""

from __future__ import annotations

import datetime as dt
import os
import re

from memorybook.errors import ConfigError

MONTHS = (
    "January February March April May June July August September October November December"
).split()
"""English month names, independent of the machine's locale (the same site everywhere)."""


def plural(count: int, word: str, many: str = "") -> str:
    """`word` for one, else `many` (default: `entry` -> `entries`, `photo` -> `photos`)."""
    if count == 1:
        return word
    return many or (word[:-1] + "ies" if re.search("[^aeiou]y$", word) else word + "s")


def format_day(day: dt.date) -> str:
    """`14 June 2024`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


TODAY_VARIABLE = "MEMORYBOOK_TODAY"
"""Set to YYYY-MM-DD, every command works as of that day (time capsules, `new`, the book)."""


def today() -> dt.date:
    """The local date: what the couple's calendar says today, or `MEMORYBOOK_TODAY`."""
    given = os.environ.get(TODAY_VARIABLE, "").strip()
    if not given:
        return dt.datetime.now().astimezone().date()
    try:
        return dt.date.fromisoformat(given)
    except ValueError:
        raise ConfigError(
            f"{TODAY_VARIABLE}={given!r} is not a day; write YYYY-MM-DD, or unset it to use "
            "the clock"
        ) from None
