"""Entries as cards and lists (the timeline, the year pages, every index), with the line
that says their kind and date, and page headings."""

from __future__ import annotations

from collections.abc import Iterable

from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.links import (
    entry_uri,
    year_uri,
)
from memorybook.site_html import figures, people
from memorybook.site_html.context import Site
from memorybook.site_html.words import (
    KIND_LABELS,
    LOVE_LANGUAGE_LABELS,
    format_when,
)


def h1(s: Site, title: str, subtitle: str = "") -> Markup:
    sub = html('<p class="mb-subtitle">{}</p>', subtitle) if subtitle else ""
    return html('<header class="mb-page-head"><h1>{}</h1>{}</header>', title, sub)


def year_links(s: Site, uri: str, current: int | None = None) -> Markup:
    items = []
    for year, entries in s.by_year().items():
        label = html("{} <small>{}</small>", year, len(entries))
        if year == current:
            items.append(html('<span class="mb-chip mb-chip--current">{}</span>', label))
        else:
            href = s.links.page(uri, year_uri(year))
            items.append(html('<a class="mb-chip" href="{}">{}</a>', href, label))
    return html('<nav class="mb-chips mb-years" aria-label="Years">{}</nav>', join(items))


def cards(s: Site, entries: Iterable[Entry], uri: str, excerpt_limit: int = 220) -> Markup:
    """The entries' cards, or (previewing) the ones the last build made of the same entries
    with the same covers."""
    shown = tuple(entries)
    if s.remembered is None:
        return _make_cards(s, shown, uri, excerpt_limit)
    key = ("cards", uri, excerpt_limit, tuple(entry.rel for entry in shown))
    inputs = (shown, s.photos_shown(entry.cover for entry in shown))
    return s.remembered.made(key, inputs, lambda: _make_cards(s, shown, uri, excerpt_limit))


def _make_cards(s: Site, entries: tuple[Entry, ...], uri: str, excerpt_limit: int) -> Markup:
    cards = join(card(s, entry, uri, excerpt_limit) for entry in entries)
    return html('<div class="mb-cards">{}</div>', cards)


def card(s: Site, entry: Entry, uri: str, excerpt_limit: int) -> Markup:
    """The card, or (previewing) the one the last build made from the same entry and cover."""
    if s.remembered is None:
        return _make_card(s, entry, uri, excerpt_limit)
    inputs = (entry, s.photos_shown([entry.cover]))
    return s.remembered.made(
        ("card", entry.source, uri, excerpt_limit),
        inputs,
        lambda: _make_card(s, entry, uri, excerpt_limit),
    )


def _make_card(s: Site, entry: Entry, uri: str, excerpt_limit: int) -> Markup:
    cover = figures.card_cover(s, entry.cover, uri) if entry.cover else Markup()
    accent = s.color_of(entry.sender or (entry.authors or ("",))[0])
    style = html(' style="--mb-accent: {}"', accent) if accent else ""
    return html(
        '<article class="mb-card mb-kind-{kind}"{style}>'
        '<a class="mb-card__link" href="{href}">{cover}'
        '<div class="mb-card__body">{kind_line}'
        '<h3 class="mb-card__title">{title}</h3>{who}'
        '<p class="mb-card__text">{text}</p>'
        "{facts}</div></a></article>",
        kind=entry.kind,
        style=style,
        href=s.links.page(uri, entry_uri(entry)),
        cover=cover,
        kind_line=kind_line(s, entry),
        title=entry.title,
        who=people.who(s, entry),
        text=s.excerpt(entry, excerpt_limit),
        facts=where_tags(s, entry),
    )


def kind_line(s: Site, entry: Entry) -> Markup:
    label = KIND_LABELS[entry.kind]
    if entry.question is not None and entry.kind == "experience":
        label = "Answer"  # to one of the shared questions, which is its title
    if entry.recurring:
        label += " · every year"
    return html(
        '<p class="mb-meta"><span class="mb-kind">{}</span> <time datetime="{}">{}</time></p>',
        label,
        entry.date.isoformat(),
        format_when(entry.date, entry.until),
    )


def where_tags(s: Site, entry: Entry) -> Markup:
    bits = []
    if entry.place:
        bits.append(html('<span class="mb-place">{}</span>', entry.place))
    if entry.love_language:
        label = LOVE_LANGUAGE_LABELS[entry.love_language]
        bits.append(html('<span class="mb-love">{}</span>', label))
    bits += [html('<span class="mb-tag">#{}</span>', tag) for tag in entry.tags]
    return html('<p class="mb-facts">{}</p>', join(bits, " ")) if bits else Markup()


def entry_list(s: Site, entries: Iterable[Entry], uri: str) -> Markup:
    """The entries as a list, or (previewing) the one the last build made of the same
    entries."""
    listed = tuple(entries)
    if s.remembered is None:
        return _make_entry_list(s, listed, uri)
    key = ("list", uri, tuple(entry.rel for entry in listed))
    return s.remembered.made(key, (listed,), lambda: _make_entry_list(s, listed, uri))


def _make_entry_list(s: Site, entries: tuple[Entry, ...], uri: str) -> Markup:
    items = join(list_item(s, e, uri) for e in entries)
    return html('<ul class="mb-entry-list">{}</ul>', items)


def list_item(s: Site, entry: Entry, uri: str) -> Markup:
    """An entry in a list, or (previewing) the one the last build made from the same entry."""
    if s.remembered is None:
        return _make_list_item(s, entry, uri)
    key = ("item", entry.source, uri)
    return s.remembered.made(key, (entry,), lambda: _make_list_item(s, entry, uri))


def _make_list_item(s: Site, e: Entry, uri: str) -> Markup:
    return html(
        '<li class="mb-kind-{}"><a href="{}">{}</a> <time datetime="{}">{}</time></li>',
        e.kind,
        s.links.page(uri, entry_uri(e)),
        e.title,
        e.date.isoformat(),
        format_when(e.date, e.until),
    )
