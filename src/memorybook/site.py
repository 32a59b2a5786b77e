"""The site's pages from a Journal, as (path, Markdown) pairs plus small asset files.

Nothing here knows MkDocs: the plugin injects these pages. Entry pages keep the
entry file's path (so links between entries keep working); every other page has
a fixed name (links.py). Structure is finished HTML (`Markup`) from memorybook.site_html,
one module per page family, kept out of Markdown's way as fragments, so a title with `*`,
`_` or `[x](y)` in it shows as written; entry bodies stay Markdown so the site's Markdown
extensions apply to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from memorybook.calendar import calendar_bytes, calendar_occasions, calendar_stamp
from memorybook.errors import Problem
from memorybook.journal import Journal, Page
from memorybook.links import (
    BOOK,
    CALENDAR_ICS,
    CHECK_INS,
    GENERATED,
    GRATITUDE,
    HOME,
    MILESTONES,
    ON_THIS_DAY,
    ON_THIS_DAY_DATA,
    PLACES,
    QUESTIONS,
    STATS,
    TAGS,
    TIMELINE,
    Links,
    entry_uri,
    is_reserved,
    output_path,
    year_uri,
)
from memorybook.photos import WebPhotos
from memorybook.reserved import reserved, theme_dirs
from memorybook.site_html import (
    book,
    check_ins,
    figures,
    gratitude,
    home,
    indexes,
    milestones,
    nav,
    questions,
    stats,
    timeline,
)
from memorybook.site_html import entry as entry_html
from memorybook.site_html.context import Site
from memorybook.site_html.page import MARKER, GeneratedPage, fill_fragments
from memorybook.site_html.remembered import RememberedParts

__all__ = ["MARKER", "GeneratedPage", "SiteContent", "build_site", "fill_fragments", "page_clashes"]


@dataclass(frozen=True)
class SiteContent:
    """Everything the journal adds to the site."""

    pages: tuple[GeneratedPage, ...]
    assets: Mapping[str, str]
    """Site-relative path -> text of small generated files (the on-this-day data, the
    calendar); a locked site encrypts them as it does the pages."""
    nav: list[dict[str, object]]
    """The MkDocs nav: a few sections, never one item per entry; titles are HTML (Markup)."""
    kept_pages: frozenset[str]
    """Ordinary journal pages (src_uri) that MkDocs renders as they are."""
    problems: tuple[Problem, ...] = ()


def build_site(
    journal: Journal, web: WebPhotos, links: Links, remembered: RememberedParts | None = None
) -> SiteContent:
    """Every generated page of the site, the on-this-day data and the nav; previewing, with
    the entries' pages and cards the last build made (`remembered`)."""
    site = Site(journal, web, links, remembered)
    pages = [
        home.home_page(site),
        *timeline.timeline_pages(site),
        *entry_html.entry_pages(site),
        gratitude.gratitude_page(site),
        milestones.milestones_page(site),
        questions.questions_page(site),
        check_ins.check_ins_page(site),
        home.on_this_day_page(site),
        indexes.tags_page(site),
        indexes.places_page(site),
        stats.stats_page(site),
        book.book_page(site),
    ]
    kept, problems = _ordinary_pages(journal, [page.src_uri for page in pages])
    pages += [figures.ordinary_page(site, page) for page in kept]
    return SiteContent(
        pages=tuple(pages),
        assets={
            ON_THIS_DAY_DATA: home.on_this_day_data(site),
            CALENDAR_ICS: _calendar(site),
        },
        nav=nav.nav(site, kept),
        kept_pages=frozenset(p.rel for p in kept),
        problems=tuple(problems),
    )


def _calendar(site: Site) -> str:
    """The calendar file; previewing, the last build's when its occasions are the same."""
    journal = site.journal
    occasions = tuple(calendar_occasions(journal))
    if site.remembered is None:
        return calendar_bytes(journal, occasions).decode()
    return site.remembered.made(
        ("calendar",),
        (occasions, calendar_stamp(journal)),
        lambda: calendar_bytes(journal, occasions).decode(),
    )


def page_clashes(journal: Journal) -> list[Problem]:
    """For `check`: each journal page a build would leave out because it lands where the
    site puts a page or a file of its own (the same rule as the build, without rendering)."""
    public = [entry for entry in journal.entries if not entry.private]
    years = {entry.year for entry in public}
    generated = [*GENERATED, *map(year_uri, years), *map(entry_uri, public)]
    return _ordinary_pages(journal, generated)[1]


def _ordinary_pages(journal: Journal, generated: Iterable[str]) -> tuple[list[Page], list[Problem]]:
    """The journal's own pages, minus the home page (its text opens the home page) and pages
    that would land where memorybook puts one of its own, or one of the site's files: the
    site's always wins, and the journal's page is left out with an error that says so."""
    made = {output_path(uri): uri for uri in generated}
    table = reserved(theme_dirs())
    kept, problems = [], []
    for page in journal.pages:
        if page.rel == HOME:
            continue
        url = output_path(page.rel)
        if url in made or is_reserved(page.rel):
            problems.append(
                _clash(page, f"memorybook puts its own page ({_what(made.get(url) or page.rel)})")
            )
            continue
        what = next(filter(None, map(table.replaced, _page_files(page.rel))), None)
        if what:
            problems.append(_clash(page, f"the site keeps {what}"))
            continue
        kept.append(page)
    return kept, problems


def _page_files(rel: str) -> tuple[str, str]:
    """The files a page becomes, with and without MkDocs' directory URLs."""
    folder = output_path(rel)
    return f"{folder}index.html", output_path(rel, directory_urls=False)


def _clash(page: Page, where: str) -> Problem:
    """The error for a journal page that one of the site's own pages or files replaces."""
    url = output_path(page.rel) or "the home page"
    return Problem(
        page.source,
        None,
        f"{page.rel} would be published at {url}, where {where}; the site's wins and "
        f"{page.rel} is left out of the site",
        hint=f"rename the file (for example to {_other_name(page.rel)})",
    )


def _other_name(rel: str) -> str:
    """A name of the user's own for a clashing page: `stats/index.md` -> `our-stats.md`."""
    path = PurePosixPath(rel)
    stem = path.parent.name if path.stem in ("index", "README") else path.stem
    return f"our-{stem or 'page'}.md"


def _what(src_uri: str) -> str:
    """A generated page as a person knows it."""
    names = {
        HOME: "the home page",
        TIMELINE: "the timeline",
        GRATITUDE: "Gratitude",
        MILESTONES: "Milestones",
        ON_THIS_DAY: "On this day",
        TAGS: "Tags",
        PLACES: "Places",
        STATS: "In numbers",
        BOOK: "Our book",
        QUESTIONS: "Questions",
        CHECK_INS: "Check-ins",
    }
    if src_uri in names:
        return names[src_uri]
    if src_uri.casefold() == "404.md":
        return "the site's 404 page"
    return "a year of the timeline" if src_uri.startswith("timeline/") else "an entry's page"
