"""`memorybook check`: the journal's problems as a report an editor can jump through."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from memorybook.journal import Journal, load_journal
from memorybook.settings import Settings
from memorybook.words import plural


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking a journal (private entries included)."""

    journal: Journal
    strict: bool = False

    @property
    def failed(self) -> bool:
        return bool(self.journal.errors or (self.strict and self.journal.warnings))

    def lines(self, base: Path | None = None) -> list[str]:
        return [problem.format(base) for problem in self.journal.problems]

    def summary(self) -> str:
        errors, warnings = len(self.journal.errors), len(self.journal.warnings)
        counts = (
            f"{len(self.journal.entries)} {plural(len(self.journal.entries), 'entry')}, "
            f"{len(self.journal.pages)} {plural(len(self.journal.pages), 'page')}"
        )
        if not errors and not warnings:
            return f"journal ok: {counts}"
        verdict = "failed" if self.failed else "ok"
        return (
            f"journal {verdict}: {errors} {plural(errors, 'error')}, "
            f"{warnings} {plural(warnings, 'warning')} ({counts})"
        )


def check_journal(settings: Settings, *, strict: bool = False) -> CheckReport:
    """Load every entry, private ones too, and collect its problems; never writes anything."""
    return CheckReport(load_journal(settings, include_private=True), strict=strict)
