"""A locked site in a real browser (Debian's chromium, Playwright), served on localhost:
the unlock page, then the whole site decrypted on the fly by the service worker."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from memorybook.book.clips import clip_address
from memorybook.building import build
from memorybook.journal import load_journal
from memorybook.lock import crypto
from memorybook.lock.site import ENCRYPTED_DIR, open_keys
from memorybook.settings import load_settings
from tests.conftest import REPO, QuietHandler, serving, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SAM = "dispense untold upwind untamed goggles canopy"
ALEX = "glancing glisten sprig snagged labored ferret"
ENTRY = "2025/2025-09-12-florida-rocket-launch/"

from playwright.sync_api import Browser, BrowserContext, Page  # noqa: E402


class _PagesHandler(QuietHandler):
    """A host as GitHub Pages, Netlify or Cloudflare Pages are: its 404.html for any address
    it lacks, with status 404."""

    not_found = Path("404.html")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.not_found
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample journal built locked; returns its mkdocs.yml."""
    root = tmp_path_factory.mktemp("locked-browser") / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "journal", root / "journal")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
        patch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
        build(root / "mkdocs.yml", lock=True)
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serving(project.parent / "site", host="localhost") as url:  # workers run there
        yield url


@pytest.fixture(scope="module")
def pages_host(project: Path) -> Iterator[str]:
    """The locked site under a folder of a host that serves its 404.html, as project sites
    on GitHub Pages are (https://user.github.io/journal/)."""
    root = project.parent / "host"
    if not root.exists():
        root.mkdir()
        (root / "journal").symlink_to(project.parent / "site")
    host = type("Host", (_PagesHandler,), {"not_found": root / "journal" / "404.html"})
    with serving(root, host="localhost", handler=host) as url:
        yield url + "journal/"


class Errors(list[str]):
    """Console errors and uncaught exceptions of one page."""

    def watch(self, page: Page) -> Page:
        page.on("console", lambda m: m.type == "error" and self.append(m.text))
        page.on("pageerror", lambda exc: self.append(str(exc)))
        return page


def unlock(page: Page, passphrase: str, *, remember: bool = False) -> None:
    page.locator("#mb-passphrase").fill(passphrase)
    if remember:
        page.locator("#mb-remember").check()
    page.locator("#mb-open").click()


@pytest.fixture(scope="module")
def opened(browser: Browser, base: str) -> Iterator[tuple[BrowserContext, Page, Errors]]:
    """One browser, unlocked once with Alex's passphrase, for the browsing tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors = Errors()
    page = errors.watch(context.new_page())
    page.goto(base)
    unlock(page, ALEX, remember=True)
    page.locator(".mb-card").first.wait_for(timeout=30_000)
    yield context, page, errors
    context.close()


def test_the_unlock_page_refuses_a_wrong_passphrase_then_opens_with_each(
    browser: Browser, base: str
) -> None:
    context = browser.new_context(viewport={"width": 1000, "height": 760})
    errors = Errors()
    page = errors.watch(context.new_page())
    response = page.goto(base + "our-story/")  # no such file on the host: its name is secret
    assert response is not None and response.status == 404
    page.wait_for_timeout(300)
    errors.clear()  # the browser reports that 404 on the console
    page.goto(base)
    assert page.title() == "A private journal"
    assert "Sam" not in page.content() and "Alex" not in page.content()
    unlock(page, "sixteen wrong words in a row here")
    message = page.locator("#mb-message", has_text="That passphrase does not open this site")
    message.wait_for(timeout=30_000)

    unlock(page, SAM)
    page.locator(".mb-card").first.wait_for(timeout=30_000)
    assert "Sam & Alex" in page.title()

    page.locator(".mb-lock-button").click()  # forgets the key
    page.locator("#mb-passphrase").wait_for()
    page.goto(base + ENTRY)  # a deep address now leads to the unlock page, then back
    page.locator("#mb-passphrase").wait_for()
    unlock(page, ALEX)
    page.locator("a.mb-lightbox").first.wait_for(timeout=30_000)
    assert page.url == base + ENTRY
    context.close()
    assert errors == []


def test_a_link_to_an_entry_opened_first_leads_to_the_unlock_page_then_back(
    browser: Browser, pages_host: str
) -> None:
    """Before: a deep link opened in a browser that had not unlocked the site yet was the
    host's bare 404 (its page lies encrypted under a secret name). Now the host's 404.html
    finds the site's address, asks for the passphrase there, and comes back to the entry."""
    context = browser.new_context(viewport={"width": 1000, "height": 760})
    page = context.new_page()
    page.goto(pages_host + ENTRY)
    page.locator("#mb-passphrase").wait_for(timeout=15_000)
    assert page.url == pages_host + "#" + ENTRY.replace("/", "%2F")
    unlock(page, SAM)
    page.locator("a.mb-lightbox").first.wait_for(timeout=30_000)
    assert page.url == pages_host + ENTRY
    assert "Florida" in page.title()
    context.close()


def test_the_books_code_for_a_clip_opens_it_through_the_unlock_page(
    browser: Browser, base: str, project: Path
) -> None:
    """The book's QR code for a clip of a locked site is the unlock page with the clip's page
    after `#` (book/clips.py): opened first it asks for the passphrase, then shows the clip;
    where the site is open already (the worker answers with the home page), it goes on too."""
    settings = load_settings(project)
    settings = replace(settings, site_url=base, lock=replace(settings.lock, enabled=True))
    entry = next(e for e in load_journal(settings).entries if e.title == "Road trip to Porto")
    address = clip_address(settings, entry, entry.photos[0])
    assert address is not None and address.startswith(base + "#")
    wanted = base + "2024/2024-08-03-road-trip-to-porto/#clip-the-coast-road"
    context = browser.new_context(viewport={"width": 1000, "height": 760})
    page = context.new_page()
    page.goto(address)
    unlock(page, SAM, remember=True)
    page.locator("#clip-the-coast-road video").wait_for(timeout=30_000)
    assert page.url == wanted
    page = context.new_page()  # the site is open now: the same code, scanned again
    page.goto(address)
    page.wait_for_url(wanted, timeout=15_000)
    page.locator("#clip-the-coast-road video").wait_for(timeout=30_000)
    page.goto(base + "#recent")  # an anchor of the home page stays one
    page.locator(".mb-card").first.wait_for(timeout=30_000)
    assert page.url == base + "#recent"
    context.close()


def test_an_entry_shows_its_photos_decrypted_and_the_lightbox_works(
    opened: tuple[BrowserContext, Page, Errors], base: str, project: Path
) -> None:
    _context, page, errors = opened
    page.goto(base + ENTRY)
    links = page.locator("a.mb-lightbox")
    assert links.count() >= 2
    image = links.first.locator("img")
    image.scroll_into_view_if_needed()
    wait_until(page, "document.querySelector('a.mb-lightbox img').naturalWidth > 0")
    source, srcset, *natural = image.evaluate(
        "async img => { await img.decode(); return [img.currentSrc, img.srcset, "
        "img.naturalWidth, img.naturalHeight]; }"
    )
    shown = image.bounding_box()
    assert shown is not None and shown["width"] > 100

    # (c) The bytes the browser decrypted are the bytes Python decrypts.
    digest = page.evaluate(
        """async (url) => {
            const data = await (await fetch(url)).arrayBuffer();
            const hash = await crypto.subtle.digest("SHA-256", data);
            return Array.from(new Uint8Array(hash), b => b.toString(16).padStart(2, "0")).join("");
        }""",
        source,
    )
    path = source.removeprefix(base)
    plain = python_decrypt(project, path)
    assert hashlib.sha256(plain).hexdigest() == digest
    width, height = Image.open(io.BytesIO(plain)).size  # decoded, at the size it promises
    name = source.rsplit("/", 1)[-1]
    assert re.search(rf"{re.escape(name)} {width}w", srcset), srcset
    assert abs(width / height - natural[0] / natural[1]) < 0.01

    links.first.click()
    dialog = page.locator("dialog.mb-lightbox-dialog[open]")
    dialog.wait_for()
    first = dialog.locator("img").get_attribute("src")
    wait_until(page, "document.querySelector('dialog[open] img').naturalWidth > 0")
    page.keyboard.press("ArrowRight")
    assert dialog.locator("img").get_attribute("src") != first
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert errors == []


def test_search_and_reload_work_on_a_locked_site(
    opened: tuple[BrowserContext, Page, Errors], base: str
) -> None:
    context, page, errors = opened
    assert page.evaluate(KEY_RECORD) is True  # "remember on this device"
    page.goto(base)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("tagliatelle", delay=20)
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    assert "Learning to make pasta" in result.inner_text()
    page.goto(base + ENTRY)
    page.reload()
    assert page.locator("h1").first.inner_text()
    assert re.search(r"rocket", page.content(), re.IGNORECASE)
    assert errors == []


KEY_RECORD = """() => new Promise(done => {
    const open = indexedDB.open("memorybook-lock", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("keys");
    open.onsuccess = () => {
        const get = open.result.transaction("keys").objectStore("keys").get("site");
        get.onsuccess = () => done(get.result === undefined ? null : Boolean(get.result.remember));
    };
})"""
"""The key record in IndexedDB: null when there is none, else whether it is remembered."""
FETCH = """async (paths) => Promise.all(paths.map(async (path) => {
    const answer = await fetch(path, {cache: "no-store"});
    return [answer.status, Array.from(new Uint8Array(await answer.arrayBuffer()).slice(0, 64))];
}))"""


def _session(playwright_browser: Browser, profile: Path) -> BrowserContext:
    """A whole browser session on `profile`: closing it ends the session, as quitting does."""
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    chromium = playwright_browser.browser_type
    return chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS
    )


def _secrets(project: Path) -> list[str]:
    """What a session must not read once over: the search index, the sitemaps and a photo."""
    entry = python_decrypt(project, ENTRY + "index.html").decode()
    photo = re.search(r'src="\.\./\.\./(photos/[^"]+\.webp)"', entry)
    assert photo is not None
    return ["search/search_index.json", "sitemap.xml", "sitemap.xml.gz", photo[1]]


def _decrypted(answers: list[tuple[int, list[int]]]) -> list[bool]:
    """For each answer: was it the file in the clear (200, not the ciphertext's MBL1)?"""
    return [status == 200 and not bytes(head).startswith(b"MBL1") for status, head in answers]


@pytest.mark.parametrize("remember", [False, True])
def test_the_key_is_forgotten_with_the_session_unless_remembered(
    browser: Browser, base: str, project: Path, tmp_path: Path, remember: bool
) -> None:
    """Before: without "remember", after the browser session ended the search index, sitemap
    and photos were still served decrypted, and the key stayed in IndexedDB (only a session
    cookie, which the service worker cannot read, marked the session). Now a key not
    remembered lives only in memory (the worker's and the open pages'), never in IndexedDB."""
    profile = tmp_path / "profile"
    secrets = _secrets(project)
    session = _session(browser, profile)
    page = session.pages[0] if session.pages else session.new_page()
    page.goto(base)
    unlock(page, SAM, remember=remember)
    page.locator(".mb-card").first.wait_for(timeout=30_000)
    assert page.evaluate(KEY_RECORD) is (True if remember else None)
    assert _decrypted(page.evaluate(FETCH, secrets)) == [True] * len(secrets)

    # The worker stops when idle (about 30 s): the open page gives the key back to it.
    cdp = session.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    assert _decrypted(page.evaluate(FETCH, secrets)) == [True] * len(secrets)

    # With no page of the site open any more, a key not remembered is gone.
    page.goto("about:blank")
    page.goto(base + ENTRY)
    shown = "a.mb-lightbox" if remember else "#mb-passphrase"
    page.locator(shown).first.wait_for(timeout=30_000)
    if not remember:
        unlock(page, SAM)
        page.locator("a.mb-lightbox").first.wait_for(timeout=30_000)
    session.close()  # the browser session ends

    session = _session(browser, profile)
    page = session.pages[0] if session.pages else session.new_page()
    page.goto(base)
    wait_until(page, "navigator.serviceWorker.controller !== null", 15_000)
    assert page.evaluate(KEY_RECORD) is (True if remember else None)
    assert _decrypted(page.evaluate(FETCH, secrets)) == [remember] * len(secrets)
    page.goto(base + ENTRY)
    if remember:
        page.locator("a.mb-lightbox").first.wait_for(timeout=30_000)
    else:
        page.locator("#mb-passphrase").wait_for(timeout=15_000)
    session.close()


def test_opened_from_a_file_the_unlock_page_says_why_it_cannot_open(
    browser: Browser, project: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((project.parent / "site" / "index.html").as_uri())
    message = page.locator("#mb-message")
    message.filter(has_text="opens only from its web address").wait_for()
    assert page.locator("#mb-passphrase").is_disabled()
    context.close()


def python_decrypt(project: Path, path: str) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
        keys, _slots = open_keys(load_settings(project), prompt=False)
    blob = (project.parent / "site" / ENCRYPTED_DIR / crypto.opaque_name(keys, path)).read_bytes()
    return crypto.decrypt_file(keys, path, blob)
