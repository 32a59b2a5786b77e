"""One file being read: where it is, where each front-matter key stands, and the problems
found so far. Every parser of `memorybook.reading` reports through it, so each problem
names the file and, where there is one, the line."""

from __future__ import annotations

from pathlib import Path

from memorybook.errors import Problem
from memorybook.settings import Settings


class Report:
    """The file a parser reads and the list its problems go to."""

    def __init__(
        self, settings: Settings, path: Path, problems: list[Problem], text: str | None = None
    ) -> None:
        self.text = text
        """The file's text when it is not (yet) on disk (`read_as`)."""
        self.settings = settings
        self.root = settings.journal
        self.path = path
        self.rel = path.relative_to(self.root).as_posix()
        self.problems = problems
        self.key_lines: dict[str, int] = {}
        """The line of each front-matter key."""
        self.item_lines: dict[str, list[int]] = {}
        """The line of each item of a front-matter list, by key."""
        self.failed = False
        """True once an error leaves the file out."""
        self.movies: dict[Path, dict[str, str]] = {}
        """The `.mov` files of each folder its photos are in, by stem (Live Photos' motion),
        listed once per file read."""

    def error(
        self, message: str, key: str | None = None, hint: str = "", line: int | None = None
    ) -> None:
        """A problem that leaves the file out."""
        self.failed = True
        self.problems.append(Problem(self.path, line or self.line_of(key), message, hint))

    def warn(
        self, message: str, key: str | None = None, hint: str = "", line: int | None = None
    ) -> None:
        self.problems.append(
            Problem(self.path, line or self.line_of(key), message, hint, severity="warning")
        )

    def line_of(self, key: str | None) -> int | None:
        return self.key_lines.get(key) if key else None
