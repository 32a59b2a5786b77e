"""Readers of the values of mkdocs.yml's options, each naming the option, the value and what
is allowed when it is wrong: text, dates, flags, whole numbers, the keys of a mapping."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from memorybook.errors import ConfigError


def text_option(name: str, value: Any) -> str | None:
    """Text as written (a number is fine: `name: 42`); a list or mapping is a mistake."""
    if value is None:
        return None
    if isinstance(value, (dict, list, bool)):
        raise ConfigError(f"memorybook: {name} must be text; got {value!r}")
    return str(value)


def date_option(name: str, value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    allowed = "write the day as YYYY-MM-DD, like 2019-06-14"
    text = str(value).strip()
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ConfigError(f"memorybook: {name} {value!r} is not a date; {allowed}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:  # 2025-13-01, 2025-02-30: the reason says which part is wrong
        raise ConfigError(
            f"memorybook: {name} {value!r} is not a date ({exc}); {allowed}"
        ) from None


def bool_option(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"memorybook: {name} must be true or false; got {value!r}")
    return value


def int_option(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(
            f"memorybook: {name} must be a whole number from {low} to {high}; got {value!r}"
        )
    return value


def check_keys(section: str, value: Mapping[str, Any], allowed: set[str]) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"memorybook: {section} must be a mapping; got {value!r}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(
            f"memorybook: unknown option {section}.{unknown[0]}; "
            f"allowed: {', '.join(sorted(allowed))}"
        )
