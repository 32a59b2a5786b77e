"""The front-matter keys of an ordinary page that MkDocs and Material act on, and what each
may hold: the journal is data, so no key chooses the theme's code (a template, an icon file)
and none holds a shape that would stop the build. `check` and `build` apply the same rules.

Allowed on a page: `title`, `description`, `subtitle`, `author`, `status` (text); `tags`
(text or a list); `hide` (some of navigation, toc, footer, path, tags, feedback); `search`
(a mapping with `exclude: true/false` and `boost: <number>`). Refused: `template`, `icon`.
Other keys are the page's own and act on nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
"""What Material can hide on a page."""
SEARCH = ("exclude", "boost")
"""What Material's search reads from a page's `search:`."""
TEXT = ("title", "description", "subtitle", "author", "status")
"""Keys Material writes into the page as words."""
REFUSED = {
    "template": "chooses the theme template that builds the page",
    "icon": "names one of the theme's icon files",
}
"""Keys that would make a journal file choose the theme's code."""

PageKeyProblem = tuple[str, str, str]
"""(key, message, hint) for one key of a page."""


def page_key_problems(meta: Mapping[str, Any]) -> Iterator[PageKeyProblem]:
    """Each key of a page's front-matter that MkDocs or Material would act on wrongly."""
    for key, why in REFUSED.items():
        if key in meta:
            yield (
                key,
                f"`{key}` {why}, and a journal page may not: the page is left out",
                f"remove `{key}:`; pages are built by memorybook's theme",
            )
    for key in TEXT:
        if isinstance(meta.get(key), (list, dict)):
            yield key, f"`{key}` must be text, not a {_shape(meta[key])}", f"write `{key}: words`"
    if "hide" in meta and not _hides(meta["hide"]):
        yield (
            "hide",
            f"`hide` must be a list of {', '.join(HIDE)}; not {_show(meta['hide'])}",
            "for example `hide: [navigation, toc]`",
        )
    if "search" in meta and not _search(meta["search"]):
        yield (
            "search",
            f"`search` must be a mapping with `exclude: true` or `boost: <number>`, not "
            f"{_show(meta['search'])}",
            "for example `search: {exclude: true}`",
        )


def _hides(value: Any) -> bool:
    items = [value] if isinstance(value, str) else value
    return isinstance(items, list) and all(isinstance(i, str) and i in HIDE for i in items)


def _search(value: Any) -> bool:
    if not isinstance(value, dict) or not set(value) <= set(SEARCH):
        return False
    boost = value.get("boost", 1)
    number = isinstance(boost, (int, float)) and not isinstance(boost, bool)
    return isinstance(value.get("exclude", False), bool) and number


def _shape(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping"


def _show(value: Any) -> str:
    return f"`{value}`"
