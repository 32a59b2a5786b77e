"""Escaping for every context a journal's words reach in the site, and a sanitiser for raw HTML.

The site's HTML is built by filling templates with `html()`: like Jinja with
autoescape, every value is escaped unless it is already `Markup` (finished HTML),
so a title, a name or a caption can never become markup, wherever it is put.
URLs are percent-encoded by `url_path`, JSON for scripts by `script_json`.

Entry bodies are Markdown and may hold raw HTML on purpose; `sanitise` keeps what
shows words and pictures and drops what could run a script, load something from
another host or take the reader elsewhere by itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import quote

from markupsafe import Markup, escape

__all__ = ["Markup", "escape", "html", "join", "script_json", "sanitise", "url_path"]


def html(template: str, /, *args: object, **kwargs: object) -> Markup:
    """`template` (trusted HTML) with its `{}` fields filled, each value escaped unless Markup."""
    return Markup(template).format(*args, **kwargs)


def join(parts: Iterable[str], separator: str = "") -> Markup:
    """Pieces of HTML joined; any piece that is not Markup yet is escaped."""
    return Markup(separator).join(parts)


def url_path(path: str) -> str:
    """A site-relative path as a URL path: `#`, `?`, `%`, `"`, spaces and the rest encoded,
    the way MkDocs encodes its own page URLs, so a link reaches the file of that name."""
    return quote(path, safe="/")


def script_json(value: object) -> str:
    """JSON that is safe inside a `<script>` element or a script file: `<`, `>` and `&` are
    written as `\\u003c`-style escapes, so no `</script>` or `<!--` ever appears in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# -- raw HTML in entry bodies ---------------------------------------------------------------

_DROP_WITH_CONTENT = frozenset({"script", "style"})
"""Their text is code, never words to show (and HTMLParser reads it as raw text)."""
_ALLOWED_TAGS = frozenset(
    # text and structure
    "a abbr address article aside b bdi bdo blockquote br caption center cite code col "
    "colgroup dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hgroup hr i img ins kbd label li main mark nav ol p picture pre q rp rt ruby "
    "s samp section small source span strike strong sub summary sup table tbody td tfoot "
    "th thead time tr tt u ul var wbr audio video track input button font big map area "
    # inline SVG (Material's icons and emoji, drawings)
    "svg g path circle ellipse line polyline polygon rect text tspan defs use symbol title "
    "desc lineargradient radialgradient stop clippath mask pattern marker "
    # MathML
    "math mi mn mo ms mtext mrow msup msub msubsup mfrac msqrt mroot mtable mtr mtd "
    "mover munder munderover mspace mpadded mphantom mstyle semantics annotation".split()
)
"""What a journal page may show. Everything else (meta, base, link, iframe, frame, object,
embed, form, portal, noscript, template, SVG animation, ...) loses its tags; its text stays."""
_DROPPED_ATTRIBUTES = frozenset(
    {"ping", "srcdoc", "formaction", "http-equiv", "attributionsrc", "action", "manifest"}
)
"""Attributes that request or navigate by themselves; `on*` handlers go too."""
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "xlink:href", "poster", "cite", "background", "data", "longdesc"}
)
_SAFE_URL = re.compile(r"^(?:[^:/?#]*(?:[/?#]|$)|(?:https?|mailto|tel):)", re.IGNORECASE)
"""Relative URLs (no scheme before the first `/`, `?` or `#`) and the web's own schemes:
never `javascript:`, `data:` or `vbscript:` in a link."""
_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9:_.-]*$")
_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr keygen param".split()
)


def sanitise(markup: str, keep_comment: re.Pattern[str] | None = None) -> str:
    """`markup` with only what `_ALLOWED_TAGS` allows, no event handler, request or redirect.

    The HTML is parsed and written out again in a canonical form (every text and attribute
    escaped, every attribute quoted), so the browser reads exactly what was checked.
    Comments are dropped (browsers and parsers disagree on where some end), except those
    that `keep_comment` matches in full (the page's own markers).
    """
    if _only_plain_tags(markup, keep_comment):
        return markup  # most entries: paragraphs and emphasis, nothing to take out
    parser = _Sanitiser(keep_comment)
    parser.feed(markup)
    parser.close()
    return "".join(parser.out)


class _Sanitiser(HTMLParser):
    def __init__(self, keep_comment: re.Pattern[str] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_comment = keep_comment
        self.out: list[str] = []
        self.hidden = 0
        """How many `script`/`style` elements we are inside (their text is dropped)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, "/")
        if tag in _DROP_WITH_CONTENT:
            self.hidden = max(self.hidden - 1, 0)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], close: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.hidden += 1
            return
        if self.hidden or tag not in _ALLOWED_TAGS:
            return
        kept = "".join(_attribute(name, value) for name, value in attrs)
        self.out.append(f"<{tag}{kept}{close}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.hidden = max(self.hidden - 1, 0)
        elif not self.hidden and tag in _ALLOWED_TAGS and tag not in _VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.out.append(str(escape(data)))

    def handle_comment(self, data: str) -> None:
        if self.keep_comment is not None and self.keep_comment.fullmatch(f"<!--{data}-->"):
            self.out.append(f"<!--{data}-->")


_PLAIN_TAG = re.compile(
    r"</?(?:p|em|strong|b|i|ul|ol|li|blockquote|code|pre|hr|br|h[1-6](?: id=\"[\w-]*\")?)>"
)
"""Tags that Markdown itself writes for ordinary text, with nothing in them to take out."""


def _only_plain_tags(markup: str, keep_comment: re.Pattern[str] | None) -> bool:
    """True when every `<` in `markup` opens a plain tag or a kept comment (checked fast)."""
    plain = len(_PLAIN_TAG.findall(markup))
    kept = len(keep_comment.findall(markup)) if keep_comment is not None else 0
    return markup.count("<") == plain + kept


def _attribute(name: str, value: str | None) -> str:
    """One attribute, quoted and escaped, or '' when it may not stay."""
    if not _NAME.match(name) or name.startswith("on") or name in _DROPPED_ATTRIBUTES:
        return ""
    if value is None:
        return f" {name}"
    if name in _URL_ATTRIBUTES and not _SAFE_URL.match(_squeeze(value)):
        return ""
    if name == "srcset" and not all(_SAFE_URL.match(_squeeze(c)) for c in value.split(",")):
        return ""
    return f' {name}="{escape(value)}"'


def _squeeze(url: str) -> str:
    """What a browser makes of a URL's scheme: it ignores spaces and control characters."""
    return re.sub(r"[\x00-\x20]+", "", url)
