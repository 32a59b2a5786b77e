"""Page geometry of the book: trim size, bleed and the margins that keep text off the edges."""

from __future__ import annotations

import re
from dataclasses import dataclass

from memorybook.errors import ConfigError
from memorybook.print_services import PrintService, service_named

_PER_INCH = {"in": 1.0, "mm": 25.4, "cm": 2.54, "pt": 72.0}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$", re.IGNORECASE)
_SIZE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)?\s*[x×]\s*(\d+(?:\.\d+)?)\s*(in|mm|cm|pt)\s*$",
    re.IGNORECASE,
)
NAMED_SIZES = {
    "a5": (148 / 25.4, 210 / 25.4),
    "a4": (210 / 25.4, 297 / 25.4),
    "letter": (8.5, 11.0),
}
SAFETY_IN = 0.5
"""Print services trim within this distance of the edge: no text or face goes there."""


@dataclass(frozen=True)
class PageGeometry:
    """One page of the book, in inches; the PDF page is the trim plus the bleed on every side."""

    width_in: float
    """Trim width: the page as the reader holds it."""
    height_in: float
    """Trim height."""
    bleed_in: float
    """Extra image area on every side, cut off by the printer."""
    inside_bleed: bool = True
    """False where the service wants no bleed at the bound edge (KDP): the PDF page then has
    bleed at the top, bottom and outer edge only."""
    safety_in: float = SAFETY_IN
    """The service's safety margin: no text or face nearer the trim."""

    @property
    def gutter_in(self) -> float:
        """Extra inner margin on the binding side, so text does not vanish into the fold."""
        return 0.3 if self.width_in >= 6.5 else 0.25

    @property
    def margins_in(self) -> tuple[float, float, float, float]:
        """Top, outer, bottom and inner margins of text pages: all beyond the safety margin."""
        scale = min(self.width_in, self.height_in)
        outer = max(SAFETY_IN + 0.1, 0.085 * scale)
        return (
            max(SAFETY_IN + 0.3, 0.105 * scale),
            outer,
            max(SAFETY_IN + 0.35, 0.11 * scale),
            outer + self.gutter_in,
        )

    @property
    def text_width_in(self) -> float:
        _, outer, _, inner = self.margins_in
        return self.width_in - outer - inner

    @property
    def text_height_in(self) -> float:
        top, _, bottom, _ = self.margins_in
        return self.height_in - top - bottom

    @property
    def media_in(self) -> tuple[float, float]:
        """The PDF page (MediaBox) size: trim plus bleed on both sides (on the outer side only
        across the page when the bound edge has none)."""
        across = 2 if self.inside_bleed else 1
        return self.width_in + across * self.bleed_in, self.height_in + 2 * self.bleed_in

    @property
    def drawn_in(self) -> tuple[float, float]:
        """The page as WeasyPrint draws it: the trim with bleed on every side. Where the bound
        edge takes none (KDP), the PDF step cuts the inside bleed off afterwards, so whatever
        bleeds must be drawn over all four to reach the outer edge's bleed on either side."""
        return self.width_in + 2 * self.bleed_in, self.height_in + 2 * self.bleed_in

    def describe(self) -> str:
        """`8 × 8 in (203.2 × 203.2 mm), bleed 0.125 in` for the preflight report."""
        where = "" if self.inside_bleed else " (none at the bound edge)"
        return (
            f"{_num(self.width_in)} × {_num(self.height_in)} in "
            f"({self.width_in * 25.4:.1f} × {self.height_in * 25.4:.1f} mm), "
            f"bleed {_num(self.bleed_in)} in ({self.bleed_in * 25.4:.2f} mm){where}"
        )


def parse_length(text: str, option: str = "--bleed") -> float:
    """A length such as `0.125in`, `3mm` or `0.3cm`, in inches."""
    match = _LENGTH.match(str(text))
    if not match:
        raise ConfigError(f"{option} {text!r} is not a length; write it like 0.125in or 3mm")
    return float(match[1]) / _PER_INCH[match[2].lower()]


def parse_size(text: str, option: str = "--size") -> tuple[float, float]:
    """A trim size: a name (a5, a4, letter) or WIDTHxHEIGHT with a unit (6x9in, 148x210mm)."""
    name = str(text).strip().lower()
    if name in NAMED_SIZES:
        return NAMED_SIZES[name]
    match = _SIZE.match(name)
    if not match:
        raise ConfigError(
            f"{option} {text!r} is not a page size; use a5, a4, letter, 6x9in, 8x8in, "
            "8.5x11in or WIDTHxHEIGHT with in, mm or cm"
        )
    unit = _PER_INCH[match[4].lower()]
    first_unit = _PER_INCH[match[2].lower()] if match[2] else unit
    width, height = float(match[1]) / first_unit, float(match[3]) / unit
    if not (2 <= width <= 20 and 2 <= height <= 20):
        raise ConfigError(f"{option} {text!r}: a book page is between 2 and 20 inches a side")
    return width, height


def page_geometry(size: str, bleed: str) -> PageGeometry:
    """The geometry for a size and bleed as written in mkdocs.yml or on the command line."""
    return service_geometry(service_named(None), size, bleed)


def service_geometry(service: PrintService, size: str | None, bleed: str | None) -> PageGeometry:
    """The interior's geometry for a print service: its default trim unless a size it sells
    is asked for, and its bleed (only `generic` takes another)."""
    width, height = service.trim(parse_size(size) if size else None)
    bleed_in = parse_length(bleed) if bleed else service.bleed_in
    if bleed_in > 0.5:
        raise ConfigError(f"--bleed {bleed!r} is more than half an inch; printers ask for ~3 mm")
    if not service.any_size and abs(bleed_in - service.bleed_in) > 0.001:
        raise ConfigError(
            f"--bleed {bleed!r}: {service.name} asks for a bleed of {_num(service.bleed_in)} in"
        )
    return PageGeometry(width, height, bleed_in, service.inside_bleed, service.safety_in)


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")
