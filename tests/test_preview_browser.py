"""`memorybook serve` in a real browser: a problem shows on the page, and goes when fixed.

The browser is never reloaded by the test: every page, the 404 and the problem pages
included, must reload itself when the journal is saved.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import ScratchJournal

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = os.environ.get("MEMORYBOOK_SCREENSHOTS")
"""A folder to save what the browser showed, for a person to look at."""

WAIT_MS = 30_000


def entry(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-07\n{extra}---\nWe stayed in all day.\n"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(scratch: ScratchJournal) -> Iterator[str]:
    scratch.write("2024/a.md", entry("A quiet Sunday"))
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "memorybook",
            "serve",
            "-f",
            scratch.config,
            "-a",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "2024/a/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
        assert "Traceback" not in output, output


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def look(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_a_broken_entry_shows_its_problem_and_comes_back_when_fixed(
    served: str, page: Page, scratch: ScratchJournal
) -> None:
    page.goto(served + "2024/a/")
    page.get_by_role("heading", name="A quiet Sunday").wait_for(timeout=WAIT_MS)

    save(scratch.journal / "2024" / "a.md", entry("A quiet Sunday", "author: nobdy\n"))
    problem = page.locator(".mb-problems")
    problem.wait_for(timeout=WAIT_MS)  # no reload by hand
    assert "journal/2024/a.md:4: error: unknown person 'nobdy' in `author`" in problem.inner_text()
    assert page.locator(".md-header").is_visible()  # the site's own page, not a bare error
    look(page, "problem")

    save(scratch.journal / "2024" / "a.md", entry("A quiet Sunday", "author: alex\n"))
    page.get_by_text("We stayed in all day.").wait_for(timeout=WAIT_MS)
    assert problem.count() == 0


def test_a_page_built_with_a_problem_shows_it_above_its_text(
    served: str, page: Page, scratch: ScratchJournal
) -> None:
    page.goto(served + "2024/a/")
    save(scratch.journal / "2024" / "a.md", entry("A quiet Sunday", "photos: [gone.jpg]\n"))
    page.locator(".mb-problems").wait_for(timeout=WAIT_MS)
    assert "photo gone.jpg does not exist" in page.locator(".mb-problems").inner_text()
    assert page.get_by_text("We stayed in all day.").is_visible()  # the page is still there


def test_the_404_page_reloads_itself_when_the_entry_is_saved(
    served: str, page: Page, scratch: ScratchJournal
) -> None:
    response = page.goto(served + "2024/b/")
    assert response is not None and response.status == 404
    assert page.locator(".md-header").is_visible()  # Material's 404, not a bare one
    save(scratch.journal / "2024" / "b.md", entry("A rainy Monday"))
    page.get_by_role("heading", name="A rainy Monday").wait_for(timeout=WAIT_MS)
