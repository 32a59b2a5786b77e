"""Entries revealed together that wait for the other partner's: "Alex has written; your
turn, Sam", and nothing else of them (the site never holds their words, `reading.reveal`)."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html, join
from memorybook.journal import Waiting
from memorybook.questions import question_set
from memorybook.site_html import people
from memorybook.site_html.context import Site


def turns(s: Site, waiting: Sequence[Waiting]) -> Markup:
    """One line per waiting entry: who has written, whose turn it is."""
    if not waiting:
        return Markup()
    items = join(html('<li class="mb-turn">{}</li>', _line(s, w)) for w in waiting)
    return html('<ul class="mb-turns" data-search-exclude="true">{}</ul>', items)


def _line(s: Site, waiting: Waiting) -> Markup:
    writer = people.person(s, waiting.writer)
    turn = join((people.person(s, pid) for pid in waiting.turn), " &amp; ")
    question = question_set().get(waiting.question) if waiting.question is not None else None
    if question is None:
        return html("{} has written; your turn, {}", writer, turn)
    return html("{} has answered “{}”; your turn, {}", writer, question.text, turn)
