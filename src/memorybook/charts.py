"""Small inline SVG charts for the stats page: no JavaScript, no library, no request.

Text and default bars use `currentColor` and CSS classes, so the charts follow
the page's light or dark colours; a bar may carry a person's own colour. Labels (names)
are escaped by `html()`, so a name such as `</svg>` stays text inside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html, join

_BAR_HEIGHT = 22
_GAP = 8
_LABEL_WIDTH = 170
_WIDTH = 560


def figure(title: str, svg: Markup) -> Markup:
    """A chart with its title as a caption."""
    return html('<figure class="mb-chart">{}<figcaption>{}</figcaption></figure>', svg, title)


def columns(bars: Sequence[tuple[str, int]], height: int = 160) -> Markup:
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
            html(
                '<rect class="mb-bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                'height="{bar}" rx="3"><title>{label}: {value}</title></rect>'
                '<text x="{middle:.1f}" y="{bottom}" text-anchor="middle">{label}</text>',
                x=x,
                y=y,
                width=width,
                bar=bar,
                label=label,
                value=value,
                middle=middle,
                bottom=height - 6,
            )
        )
        if value:
            shapes.append(
                html(
                    '<text class="mb-value" x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>',
                    middle,
                    y - 4,
                    value,
                )
            )
    return _svg(_WIDTH, height, join(shapes), _summary(bars))


def hbars(rows: Sequence[tuple[str, int, str | None]]) -> Markup:
    """Horizontal bars, one per row, each optionally in its own colour (e.g. a person's)."""
    top = max((value for _, value, _ in rows), default=0) or 1
    room = _WIDTH - _LABEL_WIDTH - 40
    shapes = []
    for index, (label, value, color) in enumerate(rows):
        y = index * (_BAR_HEIGHT + _GAP)
        bar = round(room * value / top, 1)
        fill = html(' style="fill: {}"', color) if color else ""
        shapes.append(
            html(
                '<text x="{label_x}" y="{text_y}" text-anchor="end">{label}</text>'
                '<rect class="mb-bar"{fill} x="{bar_x}" y="{y}" width="{bar}" '
                'height="{bar_height}" rx="3"><title>{label}: {value}</title></rect>'
                '<text class="mb-value" x="{value_x}" y="{text_y}">{value}</text>',
                label_x=_LABEL_WIDTH - 8,
                text_y=y + 16,
                label=label,
                fill=fill,
                bar_x=_LABEL_WIDTH,
                y=y,
                bar=bar,
                bar_height=_BAR_HEIGHT,
                value=value,
                value_x=_LABEL_WIDTH + bar + 6,
            )
        )
    height = max(len(rows) * (_BAR_HEIGHT + _GAP) - _GAP, 1)
    summary = _summary([(label, value) for label, value, _ in rows])
    return _svg(_WIDTH, height, join(shapes), summary)


def _summary(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{label}: {value}" for label, value in pairs)


def _svg(width: float, height: float, body: Markup, label: str) -> Markup:
    return html(
        '<svg class="mb-svg" viewBox="0 0 {:.0f} {:.0f}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        label,
        body,
    )
