"""The site's nav: a few sections, never one item per entry."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook.html import html
from memorybook.journal import Page
from memorybook.links import (
    BOOK,
    CHECK_INS,
    GRATITUDE,
    HOME,
    MILESTONES,
    ON_THIS_DAY,
    PLACES,
    QUESTIONS,
    STATS,
    TAGS,
    TIMELINE,
)
from memorybook.site_html.context import Site


def nav(s: Site, kept: Sequence[Page]) -> list[dict[str, object]]:
    # One item for the timeline, not one per year: every page carries the nav.
    nav: list[dict[str, object]] = [{"Home": HOME}, {"Timeline": TIMELINE}]
    nav += [
        {"Gratitude": GRATITUDE},
        {"Milestones": MILESTONES},
        {"On this day": ON_THIS_DAY},
        {"Tags": TAGS},
        {"Places": PLACES},
        {"In numbers": STATS},
        {"Our book": BOOK},
    ]
    if s.answers:  # a tab only for a couple who answer the questions: a small nav
        nav.insert(4, {"Questions": QUESTIONS})
    if s.journal.check_ins:  # and only for a couple who check in
        nav.insert(len(nav) - 2, {"Check-ins": CHECK_INS})
    # MkDocs and Material treat nav titles as HTML: a page's title is escaped here.
    nav += [{html("{}", page.title): page.rel} for page in kept]
    return nav
