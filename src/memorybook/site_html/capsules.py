"""Time capsules still sealed: closed envelopes that say who, to whom and when, nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html, join
from memorybook.journal import Capsule
from memorybook.site_html import people
from memorybook.site_html.context import Site
from memorybook.words import format_day


def envelopes(s: Site, capsules: Sequence[Capsule]) -> Markup:
    """Time capsules still sealed: closed envelopes, soonest to open first."""
    return html(
        '<div class="mb-envelopes">{}</div>', join(envelope(s, capsule) for capsule in capsules)
    )


def envelope(s: Site, capsule: Capsule) -> Markup:
    """A sealed envelope: who it is from, to whom, the day it opens, and nothing else."""
    who = people.who_line(s, capsule.sender, capsule.recipient, capsule.people, "from")
    accent = s.color_of(next(iter(capsule.people), ""))
    return html(
        '<article class="mb-envelope"{style}>'
        '<div class="mb-envelope__seal" aria-hidden="true"></div>'
        '<p class="mb-envelope__kind">{kind}</p>{who}'
        '<p class="mb-envelope__opens">Opens on <time datetime="{iso}">{day}</time></p>'
        "</article>",
        style=html(' style="--mb-accent: {}"', accent) if accent else "",
        kind="A sealed letter" if capsule.kind == "letter" else "A time capsule",
        who=who,
        iso=capsule.opens.isoformat(),
        day=format_day(capsule.opens),
    )
