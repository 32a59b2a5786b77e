"""Nothing the journal or mkdocs.yml says can run in the browser, leave the machine or take the
reader elsewhere, and every word shows as written: the hostile journal (tests/hostile_journal.py)
puts markup, quotes, template syntax and URL characters into every field; its site is built once
and opened in Debian's chromium.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Frame,
    Route,
)

from tests.conftest import serving
from tests.hostile_journal import (
    ALEX,
    ALT,
    CAPTION,
    ENTRY_FILES,
    EVIL_HOST,
    PLACE,
    SAM,
    SITE_NAME,
    TAG_SHOWN,
    build_hostile,
    hostile,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# -- the hostile journal in a browser ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_hostile(tmp_path_factory.mktemp("hostile"))
    with serving(site) as url:
        yield url


class Tab:
    """A browser tab on the hostile site that records anything a payload could do: a dialog,
    a script error, a request or a navigation to another host (aborted before it leaves)."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.base = base
        self.page = context.new_page()
        self.page.set_default_timeout(10_000)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []

        def route(route: Route) -> None:
            if route.request.url.startswith((base, "data:", "blob:")):
                route.continue_()
            else:
                self.foreign.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        self.page.on(
            "dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss())
        )
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("framenavigated", self._navigated)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _navigated(self, frame: Frame) -> None:
        url = frame.url
        if not url.startswith((self.base, "about:")):
            self.foreign.append(url)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")

    def text(self, selector: str = "body") -> str:
        return self.page.locator(selector).first.inner_text()

    def assert_nothing_ran(self) -> None:
        assert self.dialogs == [], "a payload opened a dialog"
        assert self.page.evaluate("typeof window.pwned") == "undefined", "a payload ran"
        assert self.errors == [], "script errors"
        assert self.foreign == [], "requests or navigation to another host"


@pytest.fixture
def tab(browser: Browser, hostile_url: str) -> Iterator[Tab]:
    """A fresh tab (and context) on the hostile site; the browser is shared (conftest.py)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Tab(context, hostile_url)
    context.close()


ENTRY = "2024/2024-03-02-hash%23tag/"
PAGES = {
    "": [SITE_NAME, hostile("hash"), hostile("quote"), PLACE, f"#{TAG_SHOWN}", SAM, ALEX],
    "timeline/": ["Our years", SITE_NAME],
    "timeline/2024/": [hostile("accent"), hostile("percent"), hostile("Milestone")],
    ENTRY: [hostile("hash"), CAPTION, PLACE, f"#{TAG_SHOWN}", SAM, ALEX],
    "2024/2024-03-12-letter/": [f"From {ALEX} to {SAM}"],
    "gratitude/": [f"{SAM} → {ALEX}", SAM, ALEX, PLACE],
    "milestones/": [hostile("Milestone")],
    "tags/": [f"#{TAG_SHOWN}", hostile("question")],
    "places/": [PLACE, hostile("quote")],
    "stats/": [f"{SAM} → {ALEX}"],
    "book/": ["Our book", SITE_NAME],
    "our%20story/": [hostile("Page")],
}


@pytest.mark.parametrize("path", list(PAGES))
def test_hostile_words_show_as_written_and_never_run(tab: Tab, path: str) -> None:
    tab.go(path)
    shown = tab.text()
    for words in PAGES[path]:
        assert words in shown, f"{path}: {words[:30]}... not shown as written"
    assert SITE_NAME in tab.page.title()
    tab.assert_nothing_ran()


def test_an_entry_page_keeps_title_caption_alt_and_meta_intact(tab: Tab) -> None:
    tab.go(ENTRY)
    assert tab.page.title() == f"{hostile('hash')} - {SITE_NAME}"
    assert tab.text(".mb-entry-head h1") == hostile("hash")
    assert tab.page.locator(".mb-hero img").get_attribute("alt") == ALT
    assert tab.page.locator(".mb-hero a").get_attribute("data-caption") == CAPTION
    assert tab.text(".md-header__topic") == SITE_NAME
    tab.go("our%20story/")
    description = tab.page.locator('meta[name="description"]').get_attribute("content")
    assert description == hostile("Meta")
    assert tab.page.locator('meta[name="author"]').get_attribute("content") == hostile("Author")
    tab.assert_nothing_ran()


@pytest.mark.parametrize("label", list(ENTRY_FILES))
def test_links_to_entries_with_url_characters_in_their_names_reach_them(
    tab: Tab, label: str
) -> None:
    tab.go("timeline/2024/")
    tab.page.locator(".mb-card", has_text=hostile(label)).locator("a").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.text(".mb-entry-head h1") == hostile(label)
    tab.assert_nothing_ran()


def test_on_this_day_lists_hostile_titles_as_text(tab: Tab) -> None:
    tab.page.clock.set_fixed_time("2026-03-02T10:00:00")
    tab.go("on-this-day/")
    tab.page.locator(".mb-on-this-day li").first.wait_for()
    assert hostile("hash") in tab.text(".mb-on-this-day")
    tab.page.locator(".mb-on-this-day li a", has_text=hostile("hash")).first.click()
    tab.page.wait_for_load_state("load")
    assert tab.text(".mb-entry-head h1") == hostile("hash")
    tab.assert_nothing_ran()


def test_search_results_show_hostile_titles_as_text(tab: Tab) -> None:
    tab.go("")
    tab.page.locator("input.md-search__input").click()
    tab.page.locator("input.md-search__input").press_sequentially("hash", delay=20)
    result = tab.page.locator(".md-search-result__item").first
    result.wait_for()
    assert hostile("hash").split(" *star*")[0].replace("  ", " ") in result.inner_text()
    tab.assert_nothing_ran()


def test_raw_html_in_an_entry_never_requests_or_goes_to_another_host(tab: Tab) -> None:
    tab.go("2024/2024-04-01-raw/")
    tab.page.wait_for_timeout(1500)  # a meta refresh of 0 s, an iframe or a prefetch would act
    article = tab.page.locator("article")
    for selector in ("meta", "base", "link", "iframe", "object", "embed", "form", "script"):
        assert article.locator(selector).count() == 0, selector
    assert article.locator("[ping], [onerror], [srcdoc], animate").count() == 0
    assert tab.page.locator("a#js").get_attribute("href") is None
    for selector in ("a#ping", "a#js", "#send", "svg a"):
        tab.page.locator(selector).first.click()
    tab.page.wait_for_timeout(500)
    assert tab.page.url == tab.base + "2024/2024-04-01-raw/#top"
    assert "Words after the raw HTML." in tab.text("article")
    tab.go("elsewhere/")  # `template: redirect.html`: an error, the page is left out
    tab.page.wait_for_timeout(500)
    assert tab.page.url == tab.base + "elsewhere/"
    assert "Still here." not in tab.text()
    tab.errors = [e for e in tab.errors if EVIL_HOST not in e]
    tab.assert_nothing_ran()
