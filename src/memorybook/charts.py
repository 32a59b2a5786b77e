"""Small bar charts for the stats and gratitude pages, in HTML: no JavaScript, no library,
no request.

Labels and values are ordinary text (escaped by `html()`, so a name such as `</svg>` stays
text), so they keep the page's type size on a phone and are read out by screen readers; an
SVG whose labels scale with its viewBox shrank them to 6 px on a phone. A space between a
label and its value keeps them two words for the site's search (the flex and grid layouts
ignore it). Bars are sized in
per cent of the largest value and coloured by CSS (the page's light or dark colours), or by
a person's own colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html, join


def figure(title: str, chart: Markup) -> Markup:
    """A chart with its title as a caption, above it."""
    return html('<figure class="mb-chart"><figcaption>{}</figcaption>{}</figure>', title, chart)


def columns(bars: Sequence[tuple[str, int]]) -> Markup:
    """Vertical bars with their labels underneath and values on top (e.g. entries per month)."""
    top = max((value for _, value in bars), default=0) or 1
    items = join(
        html(
            # label first for screen readers ("Feb 2"); CSS shows the value on top
            '<li><span class="mb-label">{label}</span> <span class="mb-columns__bar">'
            '<span class="mb-bar" style="height: {share}%"></span></span> '
            '<span class="mb-value">{value}</span></li>',
            value=value if value else "",
            share=_share(value, top),
            label=label,
        )
        for label, value in bars
    )
    return html('<ol class="mb-columns" aria-label="{}">{}</ol>', _summary(bars), items)


def hbars(rows: Sequence[tuple[str, int, str | None]]) -> Markup:
    """Horizontal bars, one per row, each optionally in its own colour (e.g. a person's)."""
    top = max((value for _, value, _ in rows), default=0) or 1
    items = join(
        html(
            '<li><span class="mb-label">{label}</span> <span class="mb-hbars__track">'
            '<span class="mb-bar" style="width: {share}%{fill}"></span></span> '
            '<span class="mb-value">{value}</span></li>',
            label=label,
            share=_share(value, top),
            fill=html("; background: {}", color) if color else "",
            value=value,
        )
        for label, value, color in rows
    )
    return html('<ol class="mb-hbars">{}</ol>', items)


def _share(value: int, top: int) -> str:
    """A bar's length in per cent of the longest; a non-zero value always shows a sliver."""
    if not value:
        return "0"
    return f"{max(100 * value / top, 2):.1f}"


def _summary(pairs: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{label}: {value}" for label, value in pairs)
