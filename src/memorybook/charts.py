"""Small inline SVG charts for the stats page: no JavaScript, no library, no request.

Text and default bars use `currentColor` and CSS classes, so the charts follow
the page's light or dark colours; a bar may carry a person's own colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_BAR_HEIGHT = 22
_GAP = 8
_LABEL_WIDTH = 170
_WIDTH = 560


def figure(title: str, svg: str) -> str:
    """A chart with its title as a caption."""
    return f'<figure class="mb-chart">{svg}<figcaption>{escape(title)}</figcaption></figure>'


def columns(bars: Sequence[tuple[str, int]], height: int = 160) -> str:
    """Vertical bars with their labels underneath and values on top (e.g. entries per month)."""
    top = max((value for _, value in bars), default=0) or 1
    slot = _WIDTH / max(len(bars), 1)
    width = slot * 0.62
    chart_height = height - 36
    shapes = []
    for index, (label, value) in enumerate(bars):
        x = index * slot + (slot - width) / 2
        bar = round(chart_height * value / top, 1)
        y = 16 + chart_height - bar
        middle = x + width / 2
        shapes.append(
            f'<rect class="mb-bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{bar}" rx="3">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{middle:.1f}" y="{height - 6}" text-anchor="middle">{escape(label)}</text>'
        )
        if value:
            shapes.append(
                f'<text class="mb-value" x="{middle:.1f}" y="{y - 4:.1f}" '
                f'text-anchor="middle">{value}</text>'
            )
    return _svg(_WIDTH, height, "".join(shapes), _summary(bars))


def hbars(rows: Sequence[tuple[str, int, str | None]]) -> str:
    """Horizontal bars, one per row, each optionally in its own colour (e.g. a person's)."""
    top = max((value for _, value, _ in rows), default=0) or 1
    room = _WIDTH - _LABEL_WIDTH - 40
    shapes = []
    for index, (label, value, color) in enumerate(rows):
        y = index * (_BAR_HEIGHT + _GAP)
        bar = round(room * value / top, 1)
        fill = f' style="fill: {color}"' if color else ""
        shapes.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="mb-bar"{fill} x="{_LABEL_WIDTH}" y="{y}" width="{bar}" '
            f'height="{_BAR_HEIGHT}" rx="3"><title>{escape(label)}: {value}</title></rect>'
            f'<text class="mb-value" x="{_LABEL_WIDTH + bar + 6}" y="{y + 16}">{value}</text>'
        )
    height = max(len(rows) * (_BAR_HEIGHT + _GAP) - _GAP, 1)
    summary = _summary([(label, value) for label, value, _ in rows])
    return _svg(_WIDTH, height, "".join(shapes), summary)


def _summary(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{label}: {value}" for label, value in pairs)


def _svg(width: float, height: float, body: str, label: str) -> str:
    return (
        f'<svg class="mb-svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-label="{escape(label, quote=True)}">'
        f"{body}</svg>"
    )
