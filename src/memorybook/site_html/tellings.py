"""Two voices on one page: two tellings of one day, or the parts of a check-in, each in its
writer's colour, side by side on a wide screen and one after the other on a phone (the CSS
decides)."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html
from memorybook.journal import Entry
from memorybook.site_html.context import Site

Text = Sequence[str | Markup]
"""A text as page parts: Markdown (the writer's own words) and finished HTML."""


def side_by_side(s: Site, told: Sequence[tuple[Entry, Text]]) -> list[str | Markup]:
    """The tellings in order (the told entry first), each under "Sam remembers"."""
    return columns(s, [(entry.voice or "", text) for entry, text in told], " remembers")


def columns(s: Site, voices: Sequence[tuple[str, Text]], said: str = "") -> list[str | Markup]:
    """Each (person id, text) under its writer's name (and `said`), in their colour; the words
    stay Markdown between finished HTML, so the site's extensions apply to them."""
    parts: list[str | Markup] = [Markup('<div class="mb-tellings">')]
    for voice, text in voices:
        accent = s.color_of(voice)
        parts.append(
            html(
                '<article class="mb-telling"{style}><p class="mb-telling__who">{who}</p>',
                style=html(' style="--mb-accent: {}"', accent) if accent else Markup(),
                who=html("{}{}", s.name_of(voice), said) if voice else "",
            )
        )
        parts += text
        parts.append(Markup("</article>"))
    parts.append(Markup("</div>"))
    return parts
