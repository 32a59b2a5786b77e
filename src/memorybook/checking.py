"""`memorybook check`: the journal's problems as a report an editor can jump through."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from memorybook.errors import Problem
from memorybook.journal import Journal, iter_journal_files, left_out, load_journal
from memorybook.mkdocs_yml import read_mkdocs_yml
from memorybook.photo_problems import probe
from memorybook.reserved import asset_clashes, theme_dirs
from memorybook.settings import Settings
from memorybook.words import format_day, plural


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
        """`journal failed: 13 errors, 0 warnings in 12 files (5 entries, 0 pages, 7 left out)`:
        every file read is counted, the ones whose errors keep them out too."""
        errors, warnings = len(self.journal.errors), len(self.journal.warnings)
        journal = self.journal
        entries = len(journal.entries) + len(journal.sealed) + len(journal.tellings)
        entries += len(journal.waiting) + len(journal.check_ins)
        pages = len(self.journal.pages)
        counts = f"{entries} {plural(entries, 'entry')}, {pages} {plural(pages, 'page')}"
        if not errors and not warnings:
            return f"journal ok: {counts}{self.capsules()}"
        dropped = len(left_out(self.journal))
        files = entries + pages + dropped
        if dropped:
            counts += f", {dropped} left out"
        verdict = "failed" if self.failed else "ok"
        return (
            f"journal {verdict}: {errors} {plural(errors, 'error')}, "
            f"{warnings} {plural(warnings, 'warning')} in {files} {plural(files, 'file')} "
            f"({counts}){self.capsules()}"
        )

    def capsules(self) -> str:
        """`; 2 time capsules sealed, the next opens on 14 June 2028 (in 562 days)`."""
        sealed = self.journal.sealed
        if not sealed:
            return ""
        opens = sealed[0].opens
        wait = (opens - self.journal.today).days
        return (
            f"; {len(sealed)} time {plural(len(sealed), 'capsule')} sealed, the next opens on "
            f"{format_day(opens)} (in {wait} {plural(wait, 'day')})"
        )


def check_journal(settings: Settings, *, strict: bool = False) -> CheckReport:
    """Load every entry, private ones too, and collect its problems, with those a build would
    find besides (photos it cannot open); never writes anything."""
    from memorybook.site import page_clashes  # the site only when checking

    journal = load_journal(settings, include_private=True)
    found = [problem for photo in journal.photos() if (problem := probe(photo))]
    found += page_clashes(journal) + _asset_clashes(settings)
    problems = sorted(
        (*journal.problems, *found), key=lambda p: (p.path.as_posix(), p.line or 0, p.message)
    )
    return CheckReport(replace(journal, problems=tuple(problems)), strict=strict)


def _asset_clashes(settings: Settings) -> list[Problem]:
    """Journal files at a path the site keeps for itself, as the build reports them."""
    if not settings.journal.is_dir():
        return []
    custom = None
    if settings.config_file is not None:
        theme = read_mkdocs_yml(settings.config_file).get("theme")
        written = theme.get("custom_dir") if isinstance(theme, dict) else None
        custom = settings.config_file.parent / str(written) if written else None
    files = list(iter_journal_files(settings.journal))
    return asset_clashes(settings.journal, files, theme_dirs(custom))
