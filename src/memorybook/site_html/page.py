"""A generated page from its parts: Markdown (front-matter, headings, the user's own text) and
finished HTML, which is kept out of Markdown's way as fragments and put back after it, at
markers that carry this build's secret."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from memorybook.html import Markup

_NONCE = secrets.token_hex(8)
"""Fragment markers carry this build's secret, so no text in an entry can pose as one."""
MARKER = re.compile(rf"<!--mb-{_NONCE}:(\d+)-->")
"""Where a page's finished HTML goes; the sanitiser keeps these comments and no others."""


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site: where it goes and its Markdown (front-matter included)."""

    src_uri: str
    """Path as if it were in the journal folder, with `/`, e.g. `timeline/2024.md`."""
    markdown: str
    fragments: tuple[str, ...] = ()
    """Finished HTML that the Markdown holds as `MARKER`s (see `fill_fragments`)."""


def front_matter(meta: Mapping[str, object]) -> str:
    """YAML front-matter; JSON values are YAML too, and much faster to write. Values are the
    words as written: the plugin escapes `title` for MkDocs, which treats titles as HTML."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def fill_fragments(html: str, fragments: Sequence[str]) -> str:
    """Put a page's finished HTML back where its markers ended up after Markdown."""
    if not fragments:
        return html
    return MARKER.sub(lambda match: fragments[int(match[1])], html)


def page_meta(title: str, kind: str, *, search: bool = True, toc: bool = False) -> str:
    """Front-matter for a generated page: its title, its kind (for the CSS), what to hide."""
    meta: dict[str, object] = {"title": title, "mb_kind": kind}
    meta["hide"] = ["navigation"] if toc else ["navigation", "toc"]
    if not search:
        meta["search"] = {"exclude": True}
    return front_matter(meta)


def fragment_marker(index: int) -> str:
    """The comment that `fill_fragments` replaces with a page's fragment number `index`."""
    return f"<!--mb-{_NONCE}:{index}-->"


def assemble(src_uri: str, parts: Iterable[str]) -> GeneratedPage:
    """Join a page's parts: finished HTML (Markup) becomes a fragment that skips Markdown (so
    nothing in it is read as Markdown, and parsing it again would be slow); any other part is
    Markdown: the front-matter, headings, and the user's own text."""
    blocks: list[str] = []
    fragments: list[str] = []
    for part in parts:
        if isinstance(part, Markup):
            if part:
                blocks.append(fragment_marker(len(fragments)))
                fragments.append(str(part))
        elif part:
            blocks.append(part)
    head, *rest = blocks
    return GeneratedPage(src_uri, head + "\n\n".join(rest) + "\n", tuple(fragments))
