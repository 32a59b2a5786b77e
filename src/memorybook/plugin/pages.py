"""Each page as the plugin hands it to Material: its front-matter words escaped (Material
writes them unescaped), no template of the journal's choosing, a private `<head>` (noindex,
no request to another host) and the sitemap's dates from the journal."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping

from memorybook.html import Markup, escape
from memorybook.journal import Journal

ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
"""The browser itself refuses anything from another host: a photo linked from the web in an
entry, raw HTML, or Material's on-demand loaders (mermaid, a polyfill) that fetch from a CDN."""
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
_HTML_META = ("title", "description", "author", "subtitle", "status")
"""Front-matter that Material writes into pages unescaped (nav, header, `<title>`, meta tags,
search index): MkDocs treats titles as HTML, so these become HTML too."""


def escape_meta(meta: MutableMapping[str, object]) -> None:
    """A page's front-matter made safe for Material's templates: the words escaped, and no
    template or icon of its choosing (`template: redirect.html` sends the reader away)."""
    for key in _HTML_META:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = Markup(escape(value))
    meta.pop("location", None)
    meta.pop("template", None)  # the reader refuses both in a journal page (page_keys.py)
    meta.pop("icon", None)


def private_head(html: str) -> str:
    """Every page, whatever template made it, asks search engines to stay away and forbids the
    browser any request to another host (first in <head>, before anything could load)."""
    if ROBOTS_META in html:
        return html
    return html.replace("<head>", f"<head>\n    {CSP_META}\n    {ROBOTS_META}", 1)


# A gzip header's time is an unsigned 32-bit count of seconds since 1970.
_GZIP_FIRST_DAY = dt.date(1970, 1, 1)
_GZIP_LAST_DAY = dt.date(2106, 2, 6)


def last_day(journal: Journal) -> str | None:
    """The newest day the journal tells of, as YYYY-MM-DD, kept within what the sitemap's
    gzip header can hold (1970 to 2106): a journal of 1960s letters or an entry dated 9999
    still builds."""
    days = [entry.until or entry.date for entry in journal.entries]
    if not days:
        return None
    return min(max(max(days), _GZIP_FIRST_DAY), _GZIP_LAST_DAY).isoformat()
