"""Check-ins on a page of their own: newest first, each person's part in their colour, and
the rhythm (weeks with a check-in, the longest run)."""

from __future__ import annotations

from memorybook import numbers
from memorybook.html import Markup, html
from memorybook.journal import Entry
from memorybook.links import CHECK_INS
from memorybook.numbers import Rhythm
from memorybook.site_html import cards, figures, tellings
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.words import empty
from memorybook.words import format_day


def check_ins_page(s: Site) -> GeneratedPage:
    found = s.journal.check_ins
    beat = numbers.rhythm(e.date for e in found)
    parts: list[str | Markup] = [
        page_meta("Check-ins", "check-ins"),
        cards.h1(s, "Our check-ins", _rhythm(beat)),
    ]
    if not found:
        parts.append(empty("No check-ins yet: write one with: memorybook new --kind check-in"))
    for entry in reversed(found):
        heading = html('<h2 id="{}">{}</h2>', entry.slug, entry.title)
        parts += [heading, *_check_in(s, entry)]
    return assemble(CHECK_INS, parts)


def _check_in(s: Site, entry: Entry) -> list[str | Markup]:
    voices = [(who, [_with_photos(s, entry, text)]) for who, text in entry.parts]
    if not voices:
        return [empty("Nothing written yet.")]
    return tellings.columns(s, voices)


def _with_photos(s: Site, entry: Entry, text: str) -> str:
    for photo in entry.body_photos:
        if photo.markup in text:
            text = text.replace(photo.markup, str(figures.inline_photo(s, photo, CHECK_INS)), 1)
    return text


def _rhythm(beat: Rhythm) -> str:
    """`12 weeks with a check-in · longest run: 5 weeks in a row (from the week of …)`."""
    if not beat.weeks:
        return ""
    said = numbers.count(beat.weeks, "week") + " with a check-in"
    if beat.longest > 1 and beat.longest_from and beat.longest_to:
        said += (
            f" · longest run: {beat.longest} weeks in a row (from the week of "
            f"{format_day(beat.longest_from)} to {format_day(beat.longest_to)})"
        )
    return said
