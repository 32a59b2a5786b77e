"""An entry's page: its head (hero photo, kind, title, who), body, gallery, facts and the
way to the entries before and after it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from memorybook.html import Markup, html, join
from memorybook.journal import Entry, Photo
from memorybook.links import (
    PLACES,
    TAGS,
    entry_uri,
)
from memorybook.site_html import cards, figures, people, questions, tellings
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, front_matter
from memorybook.site_html.words import (
    LOVE_LANGUAGE_LABELS,
    anchor,
)
from memorybook.words import format_day


def entry_head(s: Site, entry: Entry, hero: Photo | None, uri: str) -> Markup:
    cover = Markup()
    if hero is not None:
        caption = html("<figcaption>{}</figcaption>", hero.caption) if hero.caption else ""
        link = figures.photo_link(s, hero, uri, hero=True)
        anchor = figures.clip_id(hero)
        cover = html('<figure class="mb-hero"{}>{}{}</figure>', anchor, link, caption)
    return html(
        '<header class="mb-entry-head">{}{}<h1>{}</h1>{}{}</header>',
        cover,
        cards.kind_line(s, entry),
        entry.title,
        people.who(s, entry),
        opened(s, entry),
    )


def opened(s: Site, entry: Entry) -> Markup:
    """An opened time capsule says so: sealed on the day it was written, opened on its day."""
    if entry.opened_on is None:
        return Markup()
    return html(
        '<p class="mb-opened"><span aria-hidden="true">✉</span> Sealed on '
        '<time datetime="{}">{}</time>, opened on <time datetime="{}">{}</time></p>',
        entry.date.isoformat(),
        format_day(entry.date),
        entry.opened_on.isoformat(),
        format_day(entry.opened_on),
    )


def entry_foot(s: Site, entry: Entry, uri: str) -> Markup:
    facts = []
    if entry.place:
        href = s.links.page(uri, PLACES) + "#" + anchor(entry.place)
        facts.append(html('<a class="mb-place" href="{}">{}</a>', href, entry.place))
    if entry.love_language:
        label = LOVE_LANGUAGE_LABELS[entry.love_language]
        facts.append(html('<span class="mb-love">{}</span>', label))
    for tag in entry.tags:
        href = s.links.page(uri, TAGS) + "#" + anchor(tag)
        facts.append(html('<a class="mb-tag" href="{}">#{}</a>', href, tag))
    if not facts:
        return Markup()
    return html('<footer class="mb-facts mb-entry-foot">{}</footer>', join(facts, " "))


def prev_next(s: Site, older: Entry | None, newer: Entry | None, uri: str) -> Markup:
    links = []
    for entry, rel, label in ((older, "prev", "Earlier"), (newer, "next", "Later")):
        if entry is None:
            links.append(html('<span class="mb-prevnext__{}"></span>', rel))
            continue
        links.append(
            html(
                '<a class="mb-prevnext__{rel}" rel="{rel}" href="{href}">'
                "<small>{label} · {day}</small>{title}</a>",
                rel=rel,
                href=s.links.page(uri, entry_uri(entry)),
                label=label,
                day=format_day(entry.date),
                title=entry.title,
            )
        )
    # Not this entry's words: search would find it by its neighbours' titles.
    return html(
        '<nav class="mb-prevnext" aria-label="Earlier and later" data-search-exclude="true">'
        "{}</nav>",
        join(links),
    )


def entry_pages(s: Site) -> list[GeneratedPage]:
    entries = s.journal.entries
    return [
        _entry_page(s, entry, entries[i - 1] if i else None, _at(entries, i + 1))
        for i, entry in enumerate(entries)
    ]


def _entry_page(s: Site, entry: Entry, older: Entry | None, newer: Entry | None) -> GeneratedPage:
    """The page, or (previewing) the one the last build made from the same entry, neighbours,
    other tellings of its day and renditions; an answer's page also shows the others'
    answers, so it is made anew."""
    if s.remembered is None or entry.question is not None:
        return _make_entry_page(s, entry, older, newer)
    told = s.journal.tellings_of(entry)
    photos = [*entry.all_photos, *(photo for t in told for photo in t.all_photos)]
    inputs = (entry, older, newer, told, s.photos_shown(photos))
    return s.remembered.made(
        ("page", entry.source), inputs, lambda: _make_entry_page(s, entry, older, newer)
    )


def _make_entry_page(
    s: Site, entry: Entry, older: Entry | None, newer: Entry | None
) -> GeneratedPage:
    uri = entry_uri(entry)
    meta: dict[str, object] = {"title": entry.title, "mb_kind": entry.kind}
    meta["hide"] = ["navigation", "toc"]
    accent = s.color_of(entry.sender or (entry.authors or ("",))[0])
    if accent:
        meta["mb_accent"] = accent
    hero = _hero(entry)
    told = s.journal.tellings_of(entry)
    text = entry_text(s, entry, hero, uri)
    head = entry
    if told:  # by both of them, each telling under its writer's name
        pairs = [(entry, text), *((t, entry_text(s, t, None, uri)) for t in told)]
        text = tellings.side_by_side(s, pairs)
        voices = (entry.voice or "", *(t.voice or "" for t in told))
        head = replace(entry, authors=tuple(dict.fromkeys(voices)))
    parts = [
        front_matter(meta),
        entry_head(s, head, hero, uri),
        *text,
        questions.answer_note(s, entry, uri),
        entry_foot(s, entry, uri),
        prev_next(s, older, newer, uri),
    ]
    return assemble(uri, parts)


def entry_text(s: Site, entry: Entry, hero: Photo | None, uri: str) -> list[str | Markup]:
    """An entry's words (Markdown, its photos placed in them) and the gallery of the rest."""
    body = entry.body
    for photo in entry.body_photos:
        body = body.replace(photo.markup, str(figures.inline_photo(s, photo, uri)), 1)
    shown = {b.rel for b in entry.body_photos} | {hero.rel if hero else ""}
    gallery = [p for p in entry.photos if p.rel not in shown]
    return [body.strip(), figures.gallery(s, gallery, uri)]


def _hero(entry: Entry) -> Photo | None:
    """The photo at the top of an experience or milestone: its cover, when it is in `photos`."""
    if entry.kind not in ("experience", "milestone") or entry.cover is None:
        return None
    rel = entry.cover.rel  # `cover:` names the file; its caption lives in `photos`
    return next((photo for photo in entry.photos if photo.rel == rel), None)


def _at(entries: Sequence[Entry], index: int) -> Entry | None:
    return entries[index] if index < len(entries) else None
