"""The preflight report printed after a book is made: what a print service will care about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from memorybook.book.cover import CoverGeometry
from memorybook.book.geometry import PageGeometry, _num
from memorybook.book.selection import BookRange
from memorybook.errors import Problem, display_path
from memorybook.journal import Photo
from memorybook.photos import PrintPhoto
from memorybook.words import plural

VERY_LOW_PPI = 150
"""Below this a photo looks visibly soft or blocky in print."""


@dataclass(frozen=True)
class LowResolution:
    """A photo that prints below the target resolution at its placed size."""

    photo: Photo
    ppi: float
    width_in: float
    height_in: float

    @property
    def very_low(self) -> bool:
        return self.ppi < VERY_LOW_PPI


@dataclass(frozen=True)
class BookReport:
    """What was made and everything a person should fix before ordering prints."""

    pdf: Path
    html: Path | None
    page: PageGeometry
    book_range: BookRange
    entries: int
    pages: int
    padding: int
    """Blank pages added at the end to reach the printer's minimum and multiple."""
    photos: tuple[PrintPhoto, ...]
    """Every placed photo, with its effective ppi."""
    low_resolution: tuple[LowResolution, ...]
    problems: tuple[Problem, ...]
    """The journal's problems, photos that could not be used, and refused URLs."""
    target_ppi: int = 300
    shown: int | None = None
    """The photos the entries show, counted as every page counts them (numbers.tally); the
    placed renditions may be more (a photo at two sizes, the cover's)."""
    cover: Path | None = None
    """The wraparound cover's PDF, beside the interior."""
    cover_geometry: CoverGeometry | None = None
    dates: Mapping[Path, dt.date] = field(default_factory=dict)
    """Each entry's date by its file: the warnings are listed in the book's order."""
    clips: str | None = None
    """The line about the book's clips and their QR codes (`clips.clip_note`), if it has any."""

    @property
    def warnings(self) -> int:
        return len(self.low_resolution) + len(self.problems)

    def failed(self, strict: bool) -> bool:
        """`--strict` fails on any warning; otherwise only a missing PDF would fail."""
        return strict and self.warnings > 0

    def _photo_count(self) -> str:
        placed = len(self.photos)
        shown = placed if self.shown is None else self.shown
        count = f"{shown} {plural(shown, 'photo')}"
        renditions = f"{placed} printed {plural(placed, 'rendition')}"
        return count if placed == shown else f"{count} ({renditions})"

    def lines(self, base: Path | None = None) -> list[str]:
        """The report as lines of text for the terminal."""
        size = self.pdf.stat().st_size
        lines = [
            f"book: {display_path(self.pdf, base)} ({_megabytes(size)}, {self.pages} pages)",
            f"  covers {self.book_range.start} to {self.book_range.end}: "
            f"{self.entries} {plural(self.entries, 'entry')}, {self._photo_count()}",
            f"  trim {self.page.describe()}; TrimBox and BleedBox set on every page",
        ]
        if self.padding:
            lines.append(
                f"  padding: {self.padding} {'page' if self.padding == 1 else 'pages'} added "
                "at the end for the printer's minimum (the year's photos, lined pages)"
            )
        if self.cover_geometry:
            lines.insert(2, "  " + self.service_line())
        if self.cover and self.cover_geometry:
            lines.append(
                f"  cover: {display_path(self.cover, base)}, {self.cover_geometry.describe()}"
            )
        if self.clips:
            lines.append(f"  clips: {self.clips}")
        if self.html:
            lines.append(f"  print HTML: {display_path(self.html, base)}")
        warnings = [
            (self._order(low.photo.entry, low.photo.line), self._low_line(low, base))
            for low in self.low_resolution
        ]
        warnings += [(self._order(p.path, p.line), p.format(base)) for p in self.problems]
        lines += [line for _, line in sorted(warnings, key=lambda warning: warning[0])]
        lines.append(self.summary())
        return lines

    def _order(self, path: Path, line: int | None) -> tuple[dt.date, str, int]:
        """A warning's place: by its entry's date (for a file that could not be read as one,
        the date its name starts with; else after the rest), then file, then line."""
        day = self.dates.get(path) or named_day(path) or dt.date.max
        return day, path.as_posix(), line or 0

    def service_line(self) -> str:
        """`service lulu-paperback, trim 8.5 x 8.5 in, 60 pages, spine 0.195 in, PDF/X-4`."""
        cover = self.cover_geometry
        assert cover is not None
        service, page = cover.service, cover.page
        variant = service.pdf_variant.upper()
        return (
            f"service {service.name}, trim {_num(page.width_in)} x {_num(page.height_in)} in, "
            f"{self.pages} pages, spine {cover.spine_in:.3f} in, {variant} with an sRGB "
            "OutputIntent"
        )

    def summary(self) -> str:
        if not self.warnings:
            return f"preflight ok: every photo prints at {self.target_ppi} ppi or more"
        return (
            f"preflight: {len(self.low_resolution)} low-resolution "
            f"{'photo' if len(self.low_resolution) == 1 else 'photos'}, "
            f"{len(self.problems)} other {'problem' if len(self.problems) == 1 else 'problems'}"
        )

    def _low_line(self, low: LowResolution, base: Path | None) -> str:
        size = f"{low.width_in:.2f} × {low.height_in:.2f} in"
        if low.very_low:
            verdict = f"only {low.ppi:.0f} ppi at {size}: it will look blurry in print"
        else:
            verdict = f"{low.ppi:.0f} ppi at {size} (below {self.target_ppi}: slightly soft)"
        where = display_path(low.photo.entry, base)
        if low.photo.line is not None:
            where = f"{where}:{low.photo.line}"
        return (
            f"{where}: warning: photo {low.photo.rel} prints at {verdict}; "
            "use a larger original if you have one"
        )


def low_resolution(photos: Sequence[PrintPhoto], target_ppi: int) -> tuple[LowResolution, ...]:
    """The placed photos below the target resolution, worst first. A clip's frame is as
    large as the phone filmed it (1080p prints 3.6 in at 300 ppi), and no larger original
    exists: it is told only when it would look blurry."""
    low = [
        LowResolution(p.request.photo, p.effective_ppi, p.request.width_in, p.request.height_in)
        for p in photos
        if p.effective_ppi < (VERY_LOW_PPI if p.request.photo.is_clip else target_ppi) - 0.5
    ]
    return tuple(sorted(low, key=lambda item: (item.ppi, item.photo.rel)))


def named_day(path: Path) -> dt.date | None:
    """The day a journal file's name (or its bundle folder's) starts with: `2024-06-14-hike`."""
    for name in (path.name, path.parent.name):
        try:
            return dt.date.fromisoformat(name[:10])
        except ValueError:
            continue
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"
