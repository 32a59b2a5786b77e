"""Every page type on a phone (390 px) and a desktop (1280 px), light and dark, in Debian's
chromium: no sideways scrolling, no text under 12 px, no photo taller or wider than the screen,
and no serious or critical accessibility problem found by axe-core. Each journal (the sample and
a generated one) is built once; one browser serves every test."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from memorybook.building import build
from tests.conftest import SCRATCH_MKDOCS_YML, serving, wait_until
from tests.generated_journal import TALL_PHOTO_PAGE, write_generated
from tests.site_helpers import build_sample

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = {390: 844, 1280: 900}
"""Viewport width -> height: an iPhone 14 and a laptop."""
MIN_TEXT_PX = 12
COMMON_PAGES = {
    "home": "",
    "timeline": "timeline/",
    "gratitude": "gratitude/",
    "milestones": "milestones/",
    "on this day": "on-this-day/",
    "tags": "tags/",
    "places": "places/",
    "stats": "stats/",
    "book": "book/",
}
SAMPLE_PAGES = {
    **COMMON_PAGES,
    "year": "timeline/2024/",
    "experience": "2024/2024-02-10-chelsea-comes-home/",
    "gallery": "2025/2025-09-12-florida-rocket-launch/",
    "thank-you": "2024/2024-03-12-coffee-during-exams/",
    "letter": "2023/2023-12-24-our-first-winter/",
    "milestone": "2023/2023-06-14-our-first-date/",
    "own page": "our-story/",
    "questions": "questions/",
}
GENERATED_PAGES = {
    **COMMON_PAGES,
    "year": "timeline/2025/",
    "tall photos": TALL_PHOTO_PAGE,
}
AXE = Axe()
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    # WCAG 2.2's 24 px tap targets, on top of axe's default rules
    "rules": {"target-size": {"enabled": True}},
}

MEASURE = """(min) => {
  const tooSmall = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    const words = node.textContent.trim();
    if (!words || !el) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility !== "visible") continue;
    if (el.closest("[hidden], .md-search, .md-sidebar, dialog:not([open])")) continue;
    let size = parseFloat(style.fontSize);
    // SVG text scales with its viewBox: what counts is its size on the screen
    if (el instanceof SVGElement && el.getScreenCTM()) size *= el.getScreenCTM().a;
    if (size < min - 0.01) tooSmall.push(size.toFixed(1) + "px: " + words.slice(0, 40));
  }
  const badImages = [];
  for (const img of document.querySelectorAll("img")) {
    const box = img.getBoundingClientRect();
    if (!box.width || img.closest("dialog:not([open])")) continue;
    if (box.height > innerHeight + 1 || box.left < -1 || box.right > innerWidth + 1) {
      const size = Math.round(box.width) + "x" + Math.round(box.height);
      badImages.push(img.getAttribute("src") + " " + size);
    }
  }
  return {
    overflow: document.scrollingElement.scrollWidth - innerWidth,
    tooSmall: tooSmall.slice(0, 8),
    badImages: badImages,
  };
}"""


Served = tuple[str, dict[str, str]]
"""A built journal being served: its base URL and its page types (name -> path)."""


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[str, dict[str, str]]]]:
    """Both journals, built once and served: name -> (base URL, page type -> path)."""
    sample = build_sample(tmp_path_factory.mktemp("phone-sample"))
    generated = tmp_path_factory.mktemp("phone-generated")
    build(write_generated(generated), strict=True)
    with serving(sample) as sample_url, serving(generated / "site") as generated_url:
        yield {"sample": (sample_url, SAMPLE_PAGES), "generated": (generated_url, GENERATED_PAGES)}


DARK = """localStorage.setItem("/.__palette", JSON.stringify(
  {index: 1, color: {media: "", scheme: "slate", primary: "custom", accent: "custom"}}))"""
"""What the moon button stores: Material then opens every page of the site dark."""


def fit_problems(page: Page, where: str) -> list[str]:
    """What keeps the page shown from fitting and reading on this screen: sideways scrolling,
    text smaller than MIN_TEXT_PX, a photo outside the screen, and axe's serious or critical
    violations; each line starts with `where`."""
    found = page.evaluate(MEASURE, MIN_TEXT_PX)
    problems = [f"{where}: text at {text}" for text in found["tooSmall"]]
    if found["overflow"] > 0:
        problems.insert(0, f"{where}: scrolls sideways by {found['overflow']} px")
    problems += [f"{where}: photo outside the screen: {img}" for img in found["badImages"]]
    for violation in AXE.run(page, options=AXE_OPTIONS).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            nodes = [n["target"] for n in violation["nodes"][:3]]
            problems.append(f"{where}: axe {violation['id']} ({violation['impact']}) at {nodes}")
    return problems


def _open(page: Page, url: str) -> None:
    """Load a page and let it settle: fonts in, no transition half-way (axe reads colours)."""
    page.goto(url)
    page.evaluate("document.fonts.ready")
    wait_until(page, "document.getAnimations().every(a => a.playState !== 'running')")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("journal", ["sample", "generated"])
def test_every_page_type_fits_reads_and_passes_axe(
    browser: Browser,
    sites: dict[str, Served],
    journal: str,
    width: int,
    scheme: str,
) -> None:
    base, pages = sites[journal]
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, bypass_csp=True
    )  # axe-core is injected as a script, which the site's own policy would refuse
    if scheme == "dark":
        context.add_init_script(DARK)
    page = context.new_page()
    page.clock.set_fixed_time("2026-06-20T10:00:00")  # on-this-day then shows its fallback
    problems: list[str] = []
    for kind, path in pages.items():
        _open(page, base + path)
        assert page.evaluate("document.body.dataset.mdColorScheme") == (
            "slate" if scheme == "dark" else "default"
        )
        problems += fit_problems(page, kind)
    context.close()
    assert not problems, f"{journal} at {width} px, {scheme}:\n" + "\n".join(problems)


@pytest.fixture
def phone(browser: Browser, sites: dict[str, Served]) -> Iterator[tuple[Page, str]]:
    """A phone-sized page on the sample site."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page(), sites["sample"][0]
    context.close()


def test_the_lightbox_works_with_the_keyboard(phone: tuple[Page, str]) -> None:
    page, base = phone
    page.goto(base + SAMPLE_PAGES["gallery"])
    links = page.locator("a.mb-lightbox")
    links.first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.mb-lightbox-dialog[open]")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.closest('dialog') !== null")  # focus moved in
    first = dialog.locator("img").get_attribute("src")
    assert dialog.locator("img").get_attribute("alt")  # the alt text, or the caption
    page.keyboard.press("ArrowRight")
    assert dialog.locator("img").get_attribute("src") != first
    second = dialog.locator("img").get_attribute("src")
    page.keyboard.press("ArrowLeft")
    assert dialog.locator("img").get_attribute("src") == first
    page.keyboard.press("ArrowRight")
    assert dialog.locator("img").get_attribute("src") == second
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    # focus is back on the photo shown last (not the one that opened), so Tab carries on; the
    # dialog's close event comes a task after its open attribute goes, so wait for it
    wait_until(page, "document.activeElement === document.querySelectorAll('a.mb-lightbox')[1]")


@pytest.mark.parametrize(
    ("day", "heading", "shown"),
    [
        ("2026-06-14", "On this day", "14 June 2025 · 1 year ago"),
        ("2026-06-16", "This week, in earlier years", "14 June 2024 · 2 years ago"),
        ("2026-06-25", "This month, in earlier years", "14 June 2023 · 3 years ago"),
    ],
)
def test_on_this_day_falls_back_to_this_week_then_this_month(
    phone: tuple[Page, str], day: str, heading: str, shown: str
) -> None:
    page, base = phone
    page.clock.set_fixed_time(f"{day}T10:00:00")
    page.goto(base)
    box = page.locator(".mb-on-this-day")
    box.locator("li").first.wait_for()
    assert box.locator("h2").inner_text() == heading
    assert shown in box.inner_text() and "/" not in box.locator("small").first.inner_text()


def test_on_this_day_says_when_nothing_is_near(phone: tuple[Page, str]) -> None:
    page, base = phone
    # no October in the sample but the private entry's day, which must not count
    page.clock.set_fixed_time("2027-10-05T10:00:00")
    page.goto(base)
    assert page.locator(".mb-on-this-day").is_hidden()  # the home page leaves it out
    page.goto(base + "on-this-day/")
    assert "Nothing from this time of year" in page.locator(".mb-on-this-day").inner_text()


def test_a_journal_without_a_palette_fits_a_phone_in_memorybook_colours(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A mkdocs.yml with no `palette` (Material's indigo): the header still fits a phone and
    the kind labels keep memorybook's warm colour, not Material's blue accent."""
    root = tmp_path_factory.mktemp("no-palette")
    config = write_generated(root)
    config.write_text(SCRATCH_MKDOCS_YML, encoding="utf-8")
    build(config, strict=True)
    with serving(root / "site") as base:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        for kind, path in GENERATED_PAGES.items():
            page.goto(base + path)
            assert page.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0, kind
        page.goto(base + TALL_PHOTO_PAGE)  # no author: the label takes the default accent
        color = page.evaluate("getComputedStyle(document.querySelector('.mb-kind')).color")
        red, _, blue = (float(n) for n in re.findall(r"[\d.]+", color)[-3:])  # rgb() or color()
        assert red > blue, "a warm label, not a blue one"
        context.close()
