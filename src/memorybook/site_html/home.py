"""The home page and On this day (its list made in the browser from the day's date)."""

from __future__ import annotations

import datetime as dt

from memorybook.html import Markup, html, script_json
from memorybook.journal import Entry
from memorybook.links import (
    HOME,
    ON_THIS_DAY,
    ON_THIS_DAY_DATA,
    entry_uri,
)
from memorybook.site_html import capsules, cards, figures, people, waiting
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.words import (
    empty,
)

HOME_CARDS = 12
"""The home page shows this many latest entries; the rest are on the year pages."""


def on_this_day_box(s: Site, uri: str, full: bool = False) -> Markup:
    fallback = empty("This list is made in your browser from today's date.") if full else ""
    return html(
        '<section class="mb-on-this-day" data-mb-root="{root}" data-mb-full="{full}"{hidden}>'
        "<h2>On this day</h2>{fallback}<ul></ul></section>\n"
        '<script src="{script}"></script>',
        root=s.links.root(uri),
        full=str(full).lower(),
        hidden=Markup("") if full else Markup(" hidden"),
        fallback=fallback,
        script=s.links.href(uri, ON_THIS_DAY_DATA),
    )


def home_page(s: Site) -> GeneratedPage:
    intro = next((p for p in s.journal.pages if p.rel == HOME), None)
    parts = [
        page_meta("Home", "home", search=False),
        cards.h1(s, s.journal.settings.site_name),
        people.together(s),
        figures.with_photos(s, intro.body, intro).strip() if intro else "",
        on_this_day_box(s, HOME),
        *_waiting(s),
        "## Latest",
        cards.cards(s, remembered(s)[:HOME_CARDS], HOME),
        "## Every year",
        cards.year_links(s, HOME),
    ]
    if not s.journal.entries:
        parts.insert(3, empty("No entries yet: write the first one with: memorybook new"))
    return assemble(HOME, parts)


def _waiting(s: Site) -> list[str | Markup]:
    """The home page's sealed envelopes, if any wait to be opened, and the entries revealed
    together that wait for the other's (who has written, nothing of what)."""
    parts: list[str | Markup] = []
    if s.journal.waiting:
        parts += ["## Your turn", waiting.turns(s, s.journal.waiting)]
    if s.journal.sealed:
        parts += ["## Waiting to be opened", capsules.envelopes(s, s.journal.sealed)]
    return parts


def on_this_day_page(s: Site) -> GeneratedPage:
    parts = [
        page_meta("On this day", "on-this-day", search=False),
        cards.h1(s, "On this day"),
        on_this_day_box(s, ON_THIS_DAY, full=True),
    ]
    return assemble(ON_THIS_DAY, parts)


def remembered(s: Site) -> list[Entry]:
    """The entries the site brings back unasked (home page, On this day), newest first: not
    the gentle ones, which stay in the timeline and the book."""
    return [e for e in s.newest_first if not e.gentle]


def on_this_day_data(s: Site) -> str:
    """A script defining the entries by calendar day, and the day On this day is paused until
    (or null): read by the browser, no fetch needed."""
    items = tuple(_on_this_day_item(s, e) for e in remembered(s))
    pause = s.journal.settings.on_this_day.pause_until
    if s.remembered is None:
        return _on_this_day_script(items, pause)
    return s.remembered.made(
        ("on-this-day",), (items, pause), lambda: _on_this_day_script(items, pause)
    )


def _on_this_day_item(s: Site, e: Entry) -> tuple[object, ...]:
    """An entry as On this day lists it; previewing, kept while the entry is the same."""
    if s.remembered is None:
        return _make_on_this_day_item(s, e)
    return s.remembered.made(("on-this-day", e.rel), (e,), lambda: _make_on_this_day_item(s, e))


def _make_on_this_day_item(s: Site, e: Entry) -> tuple[object, ...]:
    return (e.date.strftime("%m-%d"), e.year, e.title, s.links.url(entry_uri(e)), e.kind)


def _on_this_day_script(items: tuple[tuple[object, ...], ...], pause: dt.date | None) -> str:
    return (
        f"window.memorybookOnThisDay = {script_json(items)};\n"
        f"window.memorybookOnThisDayPause = {script_json(pause.isoformat() if pause else None)};\n"
    )
