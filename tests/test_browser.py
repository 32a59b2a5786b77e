"""The sample site in a real browser (Debian's chromium driven by Playwright), served locally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request

from tests.conftest import serving, wait_until
from tests.site_helpers import PRIVATE_PHRASE, build_sample

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANNIVERSARY = dt.date(2026, 6, 14)
"""Three years after the sample couple's first date."""


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_sample(tmp_path_factory.mktemp("browser"))
    with serving(site) as url:
        yield url


class Visit:
    """A page that records every request and every console error while a test uses it."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.failed: dict[str, str] = {}
        """URL -> why the browser did not complete it ("csp": refused by the page's policy)."""
        self.errors: list[str] = []
        page.on("request", self._request)
        page.on("requestfailed", lambda r: self.failed.setdefault(r.url, r.failure or ""))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def go(self, path: str) -> Page:
        self.page.goto(self.base + path)
        return self.page

    def on_day(self, path: str, day: dt.date) -> Page:
        """Open a page as if today were `day` (Date only: timers keep running)."""
        self.page.clock.set_fixed_time(f"{day.isoformat()}T10:00:00")  # local time
        self.page.goto(self.base + path)
        return self.page

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:"))]


@pytest.fixture
def visit(browser: Browser, site_url: str) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visitor = Visit(page, site_url)
    yield visitor
    context.close()
    assert visitor.errors == [], "console errors"
    assert visitor.foreign_requests() == [], "requests that left the local server"


def test_the_timeline_shows_the_latest_entries(visit: Visit) -> None:
    page = visit.on_day("", ANNIVERSARY)
    cards = page.locator(".mb-card")
    assert cards.count() >= 10
    assert cards.first.locator(".mb-card__title").inner_text() == "Learning to make pasta"
    assert page.locator(".mb-days-together").inner_text() == "· 1,096 days together"


def test_an_entry_page_shows_its_photos(visit: Visit) -> None:
    page = visit.go("2024/2024-02-10-chelsea-comes-home/")
    hero = page.locator(".mb-hero img")
    hero.wait_for()
    wait_until(page, "document.querySelector('.mb-hero img').complete")
    assert hero.evaluate("img => img.naturalWidth") > 100
    assert hero.bounding_box()["width"] > 500  # type: ignore[index]
    assert "deeply unimpressed" in page.locator(".mb-hero figcaption").inner_text()


def test_the_lightbox_opens_closes_and_steps_through_photos(visit: Visit) -> None:
    page = visit.go("2025/2025-09-12-florida-rocket-launch/")
    links = page.locator("a.mb-lightbox")
    assert links.count() >= 2
    links.first.click()
    dialog = page.locator("dialog.mb-lightbox-dialog[open]")
    dialog.wait_for()
    first = dialog.locator("img").get_attribute("src")
    wait_until(page, "document.querySelector('dialog[open] img').naturalWidth > 0")
    page.keyboard.press("ArrowRight")
    assert dialog.locator("img").get_attribute("src") != first
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")


def test_search_finds_an_entry_by_a_word_of_its_text(visit: Visit) -> None:
    page = visit.go("")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("tagliatelle", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    assert "Learning to make pasta" in result.inner_text()


def test_the_private_entry_is_nowhere(visit: Visit) -> None:
    page = visit.go("")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("dishwasher", delay=20)
    page.locator(".md-search-result__meta").wait_for()
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result__item").count() == 0
    for path in ("", "timeline/2024/", "tags/", "on-this-day/"):
        assert PRIVATE_PHRASE not in visit.go(path).content()
    response = visit.page.goto(visit.base + "2024/2024-10-05-the-dishwasher-talk/")
    assert response is not None and response.status == 404
    visit.page.wait_for_timeout(300)
    visit.errors.clear()  # the 404 itself is reported on the console


def test_on_this_day_lists_earlier_years_from_the_local_data(visit: Visit) -> None:
    page = visit.on_day("on-this-day/", ANNIVERSARY)
    items = page.locator(".mb-on-this-day li")
    items.first.wait_for()
    text = page.locator(".mb-on-this-day").inner_text()
    assert "Two years" in text and "One year together" in text
    assert "Three years" not in text  # this year's entry is not "on this day in earlier years"


def test_anniversaries_count_down_in_the_browser(visit: Visit) -> None:
    page = visit.on_day("milestones/", ANNIVERSARY)
    countdown = page.locator("[data-mb-anniversary='2023-06-14'] .mb-countdown")
    assert countdown.inner_text() == "Today: 3 years!"


def test_an_offline_site_works_opened_from_disk(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    site = build_sample(tmp_path_factory.mktemp("offline"), offline=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit = Visit(context.new_page(), site.as_uri() + "/")
    page = visit.go("index.html")
    page.locator(".mb-card a").first.click()
    page.wait_for_url("**/2026/2026-08-22-learning-to-make-pasta.html")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("travesseiros", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    assert "Three years" in result.inner_text()
    context.close()
    assert visit.errors == [] and visit.foreign_requests() == []


@pytest.mark.parametrize("width", [1280, 390])
def test_every_section_opens_cleanly_on_desktop_and_phone(visit: Visit, width: int) -> None:
    visit.page.set_viewport_size({"width": width, "height": 900})
    for path in ("timeline/", "timeline/2025/", "gratitude/", "milestones/", "places/"):
        page = visit.go(path)
        assert page.locator("h1").first.is_visible(), path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    for path in ("book/", "our-story/"):
        assert visit.go(path).locator("h1").first.is_visible(), path
    chart = visit.go("stats/").locator(".mb-chart").first
    box = chart.bounding_box()
    assert box is not None and box["width"] >= min(300, width - 60)  # readable, not a thumbnail


def test_the_browser_refuses_any_request_to_another_host(visit: Visit) -> None:
    """A photo linked from the web in an entry, raw HTML or a theme's on-demand loader: the
    page's Content-Security-Policy stops the request before it leaves the machine."""
    page = visit.go("2025/2025-09-12-florida-rocket-launch/")
    blocked = page.evaluate(
        """async () => {
            const seen = [];
            document.addEventListener("securitypolicyviolation", e => seen.push(e.blockedURI));
            const img = document.createElement("img");
            img.src = "https://example.com/where-we-live.jpg";
            document.body.append(img);
            const script = document.createElement("script");
            script.src = "https://unpkg.com/mermaid@11/dist/mermaid.min.js";
            document.body.append(script);
            await fetch("https://example.com/track").catch(() => null);
            await new Promise(resolve => setTimeout(resolve, 300));
            return seen;
        }"""
    )
    assert sorted(blocked) == [
        "https://example.com/track",
        "https://example.com/where-we-live.jpg",
        "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    ]
    foreign = visit.foreign_requests()
    assert {url: visit.failed.get(url) for url in foreign} == {url: "csp" for url in foreign}
    visit.requests = [url for url in visit.requests if url not in foreign]  # none left
    visit.errors.clear()  # the refusals themselves are reported on the console, as they should
