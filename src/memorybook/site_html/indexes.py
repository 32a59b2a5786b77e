"""The tags and places pages: a cloud of names, then the entries under each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from memorybook.html import html, join
from memorybook.journal import Entry
from memorybook.links import (
    PLACES,
    TAGS,
)
from memorybook.site_html import cards
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.words import (
    anchor,
    empty,
)


def tags_page(s: Site) -> GeneratedPage:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in s.newest_first:
        for tag in entry.tags:
            groups[tag].append(entry)
    return _index_page(s, TAGS, "Tags", "tags", groups, prefix="#")


def places_page(s: Site) -> GeneratedPage:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in s.newest_first:
        if entry.place:
            groups[entry.place].append(entry)
    return _index_page(s, PLACES, "Places", "places", groups)


def _index_page(
    s: Site, uri: str, title: str, kind: str, groups: Mapping[str, list[Entry]], prefix: str = ""
) -> GeneratedPage:
    names = sorted(groups, key=lambda name: (-len(groups[name]), name.lower()))
    cloud = join(
        html(
            '<a class="mb-chip" href="#{}">{}{} <small>{}</small></a>',
            anchor(name),
            prefix,
            name,
            len(groups[name]),
        )
        for name in names
    )
    chips = html('<p class="mb-chips">{}</p>', cloud)
    parts: list[str] = [
        page_meta(title, kind, search=False, toc=True),
        cards.h1(s, title),
        chips if names else empty(f"No {title.lower()} yet."),
    ]
    for name in sorted(names, key=str.lower):
        parts.append(html('<h2 id="{}">{}{}</h2>', anchor(name), prefix, name))
        parts.append(cards.entry_list(s, groups[name], uri))
    return assemble(uri, parts)
