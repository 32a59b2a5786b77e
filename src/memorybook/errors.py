"""Errors and problems: what went wrong, where, and how to fix it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import click

Severity = Literal["error", "warning"]


class MemorybookError(click.ClickException):
    """A failure the user can fix; click prints it without a traceback (exit 1)."""


class ConfigError(MemorybookError):
    """A wrong setting in mkdocs.yml or on the command line (exit 2)."""

    exit_code = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One problem with the user's content, located as precisely as we can."""

    path: Path
    """The file the problem is in (absolute)."""
    line: int | None
    """1-based line of the YAML key, syntax error or body line; None for the whole file."""
    message: str
    """What is wrong, in one sentence."""
    hint: str = ""
    """How to fix it, when that is not obvious from the message."""
    severity: Severity = "error"
    """`error` stops `check` (and leaves the entry out); `warning` only with `--strict`."""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, base: Path | None = None) -> str:
        """`PATH:LINE: severity: message; hint`, the format editors and CI jump to."""
        where = display_path(self.path, base)
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{self.message}; {self.hint}" if self.hint else self.message
        return f"{where}: {self.severity}: {text}"


def display_path(path: Path, base: Path | None = None) -> str:
    """The path relative to `base` (default: the current folder) when the two share a folder
    (`../2023/a.md` from journal/2024/); one that shares only the root with it is shown whole,
    as it would be typed (`/elsewhere/mkdocs.yml`, never `../../../elsewhere/mkdocs.yml`)."""
    base = Path(os.path.abspath(base or Path.cwd()))
    absolute = Path(os.path.abspath(path))
    try:
        relative = Path(os.path.relpath(absolute, base))
        shared = Path(os.path.commonpath([absolute, base]))
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if relative.parts[:1] == ("..",) and shared == Path(absolute.anchor):
        return absolute.as_posix()
    return relative.as_posix()


def printable(text: str) -> str:
    """The text with every character a terminal would act on (escape sequences, other
    control characters, bidi overrides) written as its Python escape (`\\x1b`), so text
    read from a file is shown as it is, never obeyed."""
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode()
        for char in text
    )
