"""While previewing (`memorybook serve`): each problem shown on the page it concerns.

A person writing in an editor looks at the browser, not the terminal. An entry whose
errors leave it out of the site gets a page at its own address that says why, and a
page built despite a problem (a missing photo) carries the problem above its text,
both styled by the site's own theme (Material's admonitions). A plain build never
contains these: they exist only on the preview server.

A time capsule stays sealed here too: a file left out that may be one gets no page of its
own (its address is its file name, which often holds its title) and shows nothing of itself;
the home page says only that a time capsule has a problem, and which command names it.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

from memorybook.errors import Problem
from memorybook.html import Markup, escape, html
from memorybook.journal import MAX_FILE, Journal
from memorybook.links import HOME, entry_uri
from memorybook.site_html.page import GeneratedPage, fragment_marker, front_matter
from memorybook.words import plural

PROBLEM_KIND = "problem"
"""The `mb_kind` of a page that stands in for an entry left out."""
_SEAL = re.compile(r"seal|\\[xu]", re.IGNORECASE)
"""A seal in front-matter (`sealed_until`, `sealed-until`, `Sealed`), or a YAML escape that
could spell one (`"\\x73ealed_until"`)."""
_KEY = re.compile(r"""^[ \t]*["']?([^\s:"'#][^:"'\n]*)["']?[ \t]*:""", re.MULTILINE)
_SEAL_KEY = "sealed_until"
_MARKDOWN = (".md", ".markdown")


def problem_pages(
    journal: Journal, left_out: Iterable[Path], taken: set[str]
) -> list[GeneratedPage]:
    """A page at the address of each Markdown file left out, naming its problems.

    `taken` holds the pages the site already has: a stand-in never replaces one.
    """
    by_file = _by_file(journal.problems)
    pages = []
    for path in left_out:
        if may_be_sealed(path):
            continue  # its address is its file name: the home page speaks for it (banners)
        rel = path.relative_to(journal.root).as_posix() if path.is_relative_to(journal.root) else ""
        if not rel.endswith(_MARKDOWN) or rel in taken:
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


def banners(journal: Journal, left_out: Iterable[Path] = ()) -> dict[str, str]:
    """For each built entry or page with a problem, the HTML to show above its text; on the
    home page, how many time capsules are left out (and nothing else about them)."""
    by_file = _by_file(journal.problems)
    uris = {entry.source: entry_uri(entry) for entry in journal.entries}
    uris.update({page.source: page.rel for page in journal.pages})
    base = journal.settings.project_dir
    lead = "Shown while previewing: this page has problems"
    shown = {
        uris[path]: problems_html(found, base, lead)
        for path, found in by_file.items()
        if path in uris
    }
    sealed = sum(map(may_be_sealed, left_out))
    if sealed:
        shown[HOME] = str(sealed_html(sealed)) + shown.get(HOME, "")
    return shown


def sealed_html(count: int) -> Markup:
    """The one thing the preview says of time capsules left out: that they are, and how to
    see why without showing it to whoever looks at the screen."""
    what = "A time capsule is" if count == 1 else f"{count} time capsules are"
    return html(
        '<div class="admonition danger mb-problems" role="alert">'
        '<p class="admonition-title">{} left out because of a problem</p>'
        "<p>What it is and what is wrong stay sealed here: run <code>memorybook check</code> "
        "in a terminal to see them.</p>"
        "<p>Save the file and this page updates by itself.</p></div>",
        what,
    )


STALE_CLASS = "mb-stale"


def stale_banner() -> Markup:
    """Atop each page of the preview the last `serve` kept, shown while the current one is
    built (kept_preview.py): the page reloads by itself when it lands."""
    return html(
        '<div class="{}" role="status" style="position: fixed; top: 0; left: 0; right: 0; '
        "z-index: 1000; padding: .3rem 1rem; text-align: center; font: 14px sans-serif; "
        'background: #fff3cd; color: #5c4400">'
        "Not yet current: this is the preview from last time, shown while the journal is "
        "built again; the page reloads by itself when it is ready.</div>",
        STALE_CLASS,
    )


def may_be_sealed(path: Path) -> bool:
    """Whether a file left out may be a time capsule, so nothing of it is shown. Its
    front-matter could not be read as an entry's, so this errs on the side of the seal: a
    file that cannot be read, a seal or an escape in its front-matter, a key close to
    `sealed_until`. Only a Markdown file can be an entry."""
    if path.suffix.lower() not in _MARKDOWN:
        return False
    try:
        if path.stat().st_size > MAX_FILE:
            return True
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return True
    front = _front_matter(text)
    return bool(_SEAL.search(front)) or any(
        difflib.SequenceMatcher(None, key.strip().lower(), _SEAL_KEY).ratio() >= 0.7
        for key in _KEY.findall(front)
    )


def _front_matter(text: str) -> str:
    """The front-matter of a file, or all of it when it does not start with `---`."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip() != "---":
        return text
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    return "\n".join(lines[1:end])


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
