"""Who wrote what, to whom, in each person's colour; and how long together."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.site_html.context import Site
from memorybook.words import format_day


def together(s: Site) -> Markup:
    since = s.journal.settings.together_since
    if since is None:
        return Markup()
    return html(
        '<p class="mb-together" data-mb-since="{}">Together since <strong>{}</strong>'
        '<span class="mb-days-together" hidden></span></p>',
        since.isoformat(),
        format_day(since),
    )


def who(s: Site, entry: Entry) -> Markup:
    return who_line(s, entry.sender, entry.recipient, entry.authors, "by")


def who_line(
    s: Site, sender: str | None, recipient: str | None, authors: Sequence[str], word: str
) -> Markup:
    """`Sam → Alex` for a note or letter, else `by Sam & Alex` (`from`, on an envelope)."""
    if sender and recipient:
        return html(
            '<p class="mb-who">{} <span class="mb-arrow" aria-label="to">→</span> {}</p>',
            person(s, sender),
            person(s, recipient),
        )
    if authors:
        names = join((person(s, pid) for pid in authors), " &amp; ")
        return html('<p class="mb-who"><span class="mb-by">{}</span> {}</p>', word, names)
    return Markup()


def person(s: Site, pid: str) -> Markup:
    person = s.journal.settings.people.get(pid)
    if person is None:
        return html('<span class="mb-person">{}</span>', pid)
    return html(
        '<span class="mb-person" style="--mb-person: {}">{}</span>', person.color, person.name
    )
