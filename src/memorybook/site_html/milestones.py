"""Milestones and anniversaries, the calendar file to download, and opened capsules."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.links import (
    CALENDAR_ICS,
    MILESTONES,
    entry_uri,
)
from memorybook.site_html import capsules, cards, people
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.words import (
    empty,
    format_when,
)
from memorybook.words import MONTHS


def anniversaries(s: Site, entries: Sequence[Entry], uri: str) -> Markup:
    items = join(
        html(
            '<li data-mb-anniversary="{iso}"><a href="{href}">{title}</a> '
            "<span>every year on {day} {month}, since {year}</span> "
            '<em class="mb-countdown"></em></li>',
            iso=e.date.isoformat(),
            href=s.links.page(uri, entry_uri(e)),
            title=e.title,
            day=e.date.day,
            month=MONTHS[e.date.month - 1],
            year=e.year,
        )
        for e in entries
    )
    return html('<ul class="mb-anniversaries">{}</ul>', items)


def calendar_link(s: Site, uri: str) -> Markup:
    """The calendar file to download, and what importing it does (calendar.py)."""
    return html(
        '<p class="mb-calendar"><a class="md-button" href="{}" download>'
        "Add our anniversaries to your calendar</a></p>\n"
        "<p>A calendar file (.ics) with our anniversary and the milestones we remember "
        "every year, every thousand days together and the days our time capsules open. "
        "Open it with your calendar app to add them; importing it again later updates "
        "them instead of adding them twice. <code>memorybook calendar</code> writes it "
        "too.</p>",
        s.links.href(uri, CALENDAR_ICS),
    )


def milestone_line(s: Site, entries: Sequence[Entry], uri: str) -> Markup:
    if not entries:
        return empty("No milestones yet.")
    items = join(
        html(
            '<li><time datetime="{iso}">{when}</time> <a href="{href}">{title}</a>'
            '<span class="mb-ago" data-mb-ago="{iso}"></span></li>',
            iso=e.date.isoformat(),
            when=format_when(e.date, e.until),
            href=s.links.page(uri, entry_uri(e)),
            title=e.title,
        )
        for e in entries
    )
    return html('<ol class="mb-milestone-line">{}</ol>', items)


def milestones_page(s: Site) -> GeneratedPage:
    stones = [e for e in s.journal.entries if e.kind == "milestone"]
    recurring = [e for e in stones if e.recurring]
    parts = [
        page_meta("Milestones", "milestones"),
        cards.h1(s, "Milestones and anniversaries"),
        people.together(s),
    ]
    if recurring:
        parts += ["## Every year", anniversaries(s, recurring, MILESTONES)]
    parts += [calendar_link(s, MILESTONES)]
    parts += ["## Along the way", milestone_line(s, stones, MILESTONES)]
    opened = [e for e in s.newest_first if e.opened_on]
    if s.journal.sealed or opened:
        parts.append("## Time capsules")
    if s.journal.sealed:
        parts.append(capsules.envelopes(s, s.journal.sealed))
    if opened:
        parts.append(cards.entry_list(s, opened, MILESTONES))
    return assemble(MILESTONES, parts)
