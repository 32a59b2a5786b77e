"""Where each page of the site goes, and how pages link to each other, as MkDocs does it.

Links between generated pages are relative URLs written here (MkDocs does not
rewrite raw HTML), so they work on a server, in a sub-folder and from disk. URLs are
percent-encoded as MkDocs encodes its own (`#`, `?`, `%`, `"`, spaces), so a file name
with any of them still links to its own page.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from memorybook.html import url_path
from memorybook.journal import Entry, Photo

HOME = "index.md"
TIMELINE = "timeline/index.md"
GRATITUDE = "gratitude.md"
MILESTONES = "milestones.md"
ON_THIS_DAY = "on-this-day.md"
TAGS = "tags.md"
PLACES = "places.md"
STATS = "stats.md"
QUESTIONS = "questions.md"
CHECK_INS = "check-ins.md"
BOOK = "book/index.md"
BOOK_PDF = "anniversary-book.pdf"
BOOK_COVER_PDF = "anniversary-book-cover.pdf"
"""The wraparound cover `memorybook book` writes beside the interior (book/cover.py)."""
ON_THIS_DAY_DATA = "assets/memorybook/on-this-day.js"
CALENDAR_ICS = "milestones/our-anniversaries.ics"
"""Our anniversaries as an iCalendar file (calendar.py), linked from the Milestones page."""


@dataclass(frozen=True)
class Links:
    """Page URLs the way MkDocs makes them, and relative links between pages."""

    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: `a/b/` instead of `a/b.html`."""

    def url(self, src_uri: str) -> str:
        """The site-relative URL of the page built from `src_uri` ('' for the home page),
        percent-encoded."""
        return _url(src_uri, self.directory_urls)

    def base(self, from_uri: str) -> str:
        """The folder a page's relative links start from."""
        url = self.url(from_uri)
        folder = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
        return folder or "."

    def root(self, from_uri: str) -> str:
        """The prefix that leads from a page to the site root: '', '../', '../../'."""
        rel = _relpath(".", self.base(from_uri))
        return "" if rel == "." else f"{rel}/"

    def href(self, from_uri: str, target_url: str) -> str:
        """A relative link from the page `from_uri` to the site-relative `target_url`."""
        rel = _relpath(target_url.rstrip("/") or ".", self.base(from_uri))
        if target_url.endswith("/") or not target_url:
            return "./" if rel == "." else f"{rel}/"
        return rel

    def page(self, from_uri: str, to_uri: str) -> str:
        return self.href(from_uri, self.url(to_uri))


@functools.lru_cache(maxsize=65536)
def _url(src_uri: str, directory_urls: bool) -> str:
    return url_path(output_path(src_uri, directory_urls))


@functools.lru_cache(maxsize=65536)
def output_path(src_uri: str, directory_urls: bool = True) -> str:
    """The page's site-relative URL before encoding: `a/b/` or `a/b.html` for `a/b.md`."""
    path = PurePosixPath(src_uri)
    parent = "" if str(path.parent) == "." else f"{path.parent}/"
    if path.stem in ("index", "README"):
        return parent if directory_urls else f"{parent}index.html"
    return f"{parent}{path.stem}/" if directory_urls else f"{parent}{path.stem}.html"


def _relpath(target: str, base: str) -> str:
    """posixpath.relpath for clean site-relative paths, without its slow normalising."""
    to = [] if target == "." else target.split("/")
    start = [] if base == "." else base.split("/")
    common = 0
    while common < min(len(to), len(start)) and to[common] == start[common]:
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


GENERATED = (
    HOME,
    TIMELINE,
    GRATITUDE,
    MILESTONES,
    ON_THIS_DAY,
    TAGS,
    PLACES,
    STATS,
    BOOK,
    QUESTIONS,
    CHECK_INS,
)
"""The pages memorybook makes whatever the journal holds (entry and year pages come on top)."""
_RESERVED = frozenset(output_path(uri) for uri in GENERATED)


def is_reserved(src_uri: str) -> bool:
    """Whether a journal file at `src_uri` would land where memorybook puts one of its own
    pages (`timeline.md`, `stats/index.md`, `book.md`, `timeline/2024.md`, ...), or, without
    directory URLs, on the site's 404 page (`404.md`)."""
    url = output_path(src_uri)
    not_found = output_path(src_uri, directory_urls=False).casefold() == "404.html"
    return url in _RESERVED or url.startswith("timeline/") or not_found


def entry_uri(entry: Entry) -> str:
    """Where an entry's page goes: its own path, so links between entries keep working,
    unless that is where memorybook puts a page of its own (then under its year, by slug)."""
    if is_reserved(entry.rel):
        return f"{entry.year}/{entry.slug}.md"
    return entry.rel


def clip_anchor(photo: Photo) -> str:
    """The id of a clip's figure on its entry's page, which the book's QR code opens: made
    from the clip's file name, so it holds while other photos and clips come and go."""
    stem = PurePosixPath(photo.rel).stem.lower()
    return "clip-" + ("-".join(re.findall(r"[a-z0-9]+", stem)) or "clip")


def year_uri(year: int) -> str:
    return f"timeline/{year}.md"
