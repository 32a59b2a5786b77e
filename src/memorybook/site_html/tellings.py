"""Two tellings of one day on one page: each writer's words in their own colour, side by side
on a wide screen and one after the other on a phone (the CSS decides)."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html
from memorybook.journal import Entry
from memorybook.site_html.context import Site


def side_by_side(
    s: Site, told: Sequence[tuple[Entry, Sequence[str | Markup]]]
) -> list[str | Markup]:
    """The tellings in order (the told entry first), each its writer's "… remembers" and its
    text (its words stay Markdown between finished HTML, so the site's extensions apply)."""
    parts: list[str | Markup] = []
    for index, (entry, text) in enumerate(told):
        parts.append(_opening(s, entry, first=index == 0))
        parts += text
        parts.append(Markup("</article>"))
    parts.append(Markup("</div>"))
    return parts


def _opening(s: Site, entry: Entry, *, first: bool) -> Markup:
    voice = entry.voice or ""
    accent = s.color_of(voice)
    return html(
        '{open}<article class="mb-telling"{style}><p class="mb-telling__who">{who}</p>',
        open=Markup('<div class="mb-tellings">') if first else Markup(),
        style=html(' style="--mb-accent: {}"', accent) if accent else Markup(),
        who=html("{} remembers", s.name_of(voice)),
    )
