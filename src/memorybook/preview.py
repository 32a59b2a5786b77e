"""While previewing (`memorybook serve`): each problem shown on the page it concerns.

A person writing in an editor looks at the browser, not the terminal. An entry whose
errors leave it out of the site gets a page at its own address that says why, and a
page built despite a problem (a missing photo) carries the problem above its text,
both styled by the site's own theme (Material's admonitions). A plain build never
contains these: they exist only on the preview server.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from memorybook.errors import Problem
from memorybook.html import escape
from memorybook.journal import Journal
from memorybook.links import entry_uri
from memorybook.site import GeneratedPage, fragment_marker, front_matter
from memorybook.words import plural

PROBLEM_KIND = "problem"
"""The `mb_kind` of a page that stands in for an entry left out."""


def problem_pages(
    journal: Journal, left_out: Iterable[Path], taken: set[str]
) -> list[GeneratedPage]:
    """A page at the address of each Markdown file left out, naming its problems.

    `taken` holds the pages the site already has: a stand-in never replaces one.
    """
    by_file = _by_file(journal.problems)
    pages = []
    for path in left_out:
        rel = path.relative_to(journal.root).as_posix() if path.is_relative_to(journal.root) else ""
        if not rel.endswith((".md", ".markdown")) or rel in taken:
            continue
        meta = {
            "title": f"Not built: {path.name}",
            "mb_kind": PROBLEM_KIND,
            "hide": ["navigation", "toc"],
            "search": {"exclude": True},
        }
        lead = "This entry is left out of the site until these problems are fixed"
        html = problems_html(by_file[path], journal.settings.project_dir, lead)
        pages.append(GeneratedPage(rel, front_matter(meta) + fragment_marker(0) + "\n", (html,)))
    return pages


def banners(journal: Journal) -> dict[str, str]:
    """For each built entry or page with a problem, the HTML to show above its text."""
    by_file = _by_file(journal.problems)
    uris = {entry.source: entry_uri(entry) for entry in journal.entries}
    uris.update({page.source: page.rel for page in journal.pages})
    base = journal.settings.project_dir
    lead = "Shown while previewing: this page has problems"
    return {
        uris[path]: problems_html(found, base, lead)
        for path, found in by_file.items()
        if path in uris
    }


def problems_html(problems: Iterable[Problem], base: Path, lead: str) -> str:
    """The problems as `check` prints them, in an admonition (danger for errors)."""
    found = list(problems)
    errors = sum(problem.is_error for problem in found)
    kind = "danger" if errors else "warning"
    count = f"{len(found)} {plural(len(found), 'problem')}"
    lines = "\n".join(escape(problem.format(base)) for problem in found)
    return (
        f'<div class="admonition {kind} mb-problems" role="alert">'
        f'<p class="admonition-title">{escape(lead)} ({count})</p>'
        f'<pre style="white-space: pre-wrap"><code>{lines}</code></pre>'
        "<p>Save the file and this page updates by itself.</p></div>"
    )


def _by_file(problems: Iterable[Problem]) -> Mapping[Path, list[Problem]]:
    by_file: defaultdict[Path, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[problem.path].append(problem)
    return by_file
