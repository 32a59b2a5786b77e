"""A clip in a locked site (issue #24, item 4), in Chromium: it plays and seeks, because the
service worker answers Range requests with 206, fetching and decrypting only the chunks a
seek needs. Served by a host that answers Range (as nginx, Apache and GitHub Pages do) and by
one that does not (Python's http.server), which costs bandwidth but still plays."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from memorybook.building import build
from memorybook.lock import crypto
from memorybook.lock.site import ENCRYPTED_DIR, lock_site, open_keys
from memorybook.plugin.pages import CSP_META
from tests import clip_files
from tests.clip_files import seekable_mp4
from tests.conftest import QuietHandler, RangeHandler, ScratchJournal, serving, wait_until
from tests.lock_helpers import THEMES
from tests.site_helpers import containing, site_files

pytestmark = [pytest.mark.browser, pytest.mark.slow]

from playwright.sync_api import Browser, Page  # noqa: E402

SAM = "dispense untold upwind untamed goggles canopy"
CLIP = "clips/3f2a9c/first-dance.mp4"
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">{CSP_META}<title>First dance</title></head>
<body><h1>First dance</h1>
<video id="clip" controls playsinline preload="none">
<source src="{CLIP}" type="video/mp4"></video></body></html>
"""


class Site:
    """A locked site holding one page with a clip, and the clip in the clear."""

    def __init__(self, root: Path, clip: bytes, keys: crypto.SiteKeys) -> None:
        self.folder = root / "site"
        self.clip = clip
        self.keys = keys

    @property
    def sealed(self) -> Path:
        return self.folder / ENCRYPTED_DIR / crypto.opaque_name(self.keys, CLIP)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A plain folder as the clip site makes it (a page, a poster, the MP4), locked with the
    lock's own API, as `memorybook build --lock` locks the site MkDocs built."""
    root = tmp_path_factory.mktemp("locked-clip")
    project = ScratchJournal(root / "project")
    plain = root / "plain"
    (plain / "index.html").parent.mkdir(parents=True)
    (plain / "index.html").write_text(PAGE, encoding="utf-8")
    (plain / "404.html").write_text("<html><head></head><body>none</body></html>", "utf-8")
    clip = seekable_mp4(plain / CLIP).read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
        patch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "glancing glisten sprig snagged labored ferret")
        opened = open_keys(project.settings(), prompt=False)
        lock_site(project.settings(), plain, root / "site", THEMES, opened)
    return Site(root, clip, opened[0])


@pytest.fixture(scope="module")
def ranges_host(site: Site) -> Iterator[tuple[str, list[tuple[str, str | None, int]]]]:
    asked: list[tuple[str, str | None, int]] = []
    host = type("Host", (RangeHandler,), {"asked": asked})
    with serving(site.folder, host="localhost", handler=host) as url:
        yield url, asked


@pytest.fixture(scope="module")
def whole_host(site: Site) -> Iterator[str]:
    with serving(site.folder, host="localhost", handler=QuietHandler) as url:
        yield url


def opened_page(browser: Browser, base: str) -> Page:
    page = browser.new_context().new_page()
    page.goto(base)
    page.locator("#mb-passphrase").fill(SAM)
    page.locator("#mb-open").click()
    page.locator("#clip").wait_for(timeout=30_000)
    return page


PLAY = """() => {
    const video = document.getElementById("clip");
    video.muted = true;
    video.play().catch(() => {});  /* a clip that does not load sets video.error */
}"""
VIDEO = "document.getElementById('clip')"
SEEK = """async (to) => {
    const video = document.getElementById("clip");
    const seeked = new Promise((done) => video.addEventListener("seeked", done, {once: true}));
    video.currentTime = to;
    await seeked;
    return video.currentTime;
}"""
RANGE = """async ([url, range]) => {
    const answer = await fetch(url, range ? {headers: {Range: range}} : {});
    const data = new Uint8Array(await answer.arrayBuffer());
    const hash = await crypto.subtle.digest("SHA-256", data);
    const headers = {};
    for (const name of ["content-type", "content-range", "content-length", "accept-ranges"])
        headers[name] = answer.headers.get(name);
    return [answer.status, headers, data.length,
            Array.from(new Uint8Array(hash), b => b.toString(16).padStart(2, "0")).join("")];
}"""


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plays_and_seeks(page: Page) -> None:
    page.evaluate(PLAY)
    wait_until(page, f"{VIDEO}.readyState >= 2 || {VIDEO}.error !== null", 30_000)
    assert page.evaluate(f"{VIDEO}.error && {VIDEO}.error.message") is None
    wait_until(page, f"{VIDEO}.currentTime > 0.5", 30_000)
    later = page.evaluate(f"{VIDEO}.duration") - 2.5
    assert later > 4
    assert abs(page.evaluate(SEEK, later) - later) < 0.5
    wait_until(page, f"{VIDEO}.currentTime > {later + 0.5}", 30_000)
    assert page.evaluate(f"{VIDEO}.error") is None


CUT = 5 * crypto.CHUNK_BYTES + 123
"""In the clip's chunk 5."""


def answers_ranges(page: Page, base: str, clip: bytes) -> None:
    """The worker's answers, byte for byte the clip's, to what a browser asks."""
    url = base + CLIP
    for asked, start, end in [
        (f"bytes={CUT}-{CUT + 100_000}", CUT, CUT + 100_001),
        (f"bytes={CUT}-", CUT, len(clip)),
        ("bytes=-500", len(clip) - 500, len(clip)),
        ("bytes=0-0", 0, 1),
    ]:
        status, headers, length, digest = page.evaluate(RANGE, [url, asked])
        assert status == 206, asked
        assert headers == {
            "content-type": "video/mp4",
            "content-range": f"bytes {start}-{end - 1}/{len(clip)}",
            "content-length": str(end - start),
            "accept-ranges": "bytes",
        }, asked
        assert (length, digest) == (end - start, sha(clip[start:end])), asked
    status, headers, length, digest = page.evaluate(RANGE, [url, None])
    assert (status, headers["content-length"], digest) == (200, str(len(clip)), sha(clip))
    status, headers, _length, _digest = page.evaluate(RANGE, [url, f"bytes={len(clip)}-"])
    assert (status, headers["content-range"]) == (416, f"bytes */{len(clip)}")


def test_a_clip_in_a_locked_site_plays_and_seeks(
    browser: Browser,
    site: Site,
    ranges_host: tuple[str, list[tuple[str, str | None, int]]],
) -> None:
    base, asked = ranges_host
    assert site.sealed.read_bytes().startswith(crypto.CHUNKED_MAGIC)
    page = opened_page(browser, base)
    plays_and_seeks(page)

    # The player's requests reached the host only as Range requests of the ciphertext: its
    # header, then whole chunks from the one where the player asked.
    sealed = f"/{ENCRYPTED_DIR}/{site.sealed.name}"
    header = crypto.ChunkedHeader.parse(CLIP, site.sealed.read_bytes())
    chunk_starts = {header.offset(i) for i in range(header.chunks)}
    fetched = [r for path, r, _size in asked if path == sealed]
    assert fetched and all(r is not None for r in fetched), fetched
    starts = {int(r.removeprefix("bytes=").split("-")[0]) for r in fetched if r}
    assert starts <= {0} | chunk_starts, starts

    # A seek to a byte in chunk 5 (as the page asks it) fetches the header and chunks 5-6
    # of the ciphertext, nothing else.
    before = len(asked)
    status, _headers, length, digest = page.evaluate(
        RANGE, [base + CLIP, f"bytes={CUT}-{CUT + 100_000}"]
    )
    assert (status, length, digest) == (206, 100_001, sha(site.clip[CUT : CUT + 100_001]))
    assert [(r, size) for path, r, size in asked[before:] if path == sealed] == [
        (f"bytes=0-{header.SIZE - 1}", header.SIZE),
        (f"bytes={header.offset(5)}-{header.offset(7) - 1}", 2 * header.sealed_size),
    ]

    answers_ranges(page, base, site.clip)
    page.context.close()


def test_a_clip_plays_and_seeks_on_a_host_that_ignores_range(
    browser: Browser, site: Site, whole_host: str
) -> None:
    page = opened_page(browser, whole_host)
    plays_and_seeks(page)
    answers_ranges(page, whole_host, site.clip)
    page.context.close()


def test_a_chunk_that_does_not_open_is_an_error_never_wrong_bytes(
    browser: Browser,
    site: Site,
    ranges_host: tuple[str, list[tuple[str, str | None, int]]],
) -> None:
    base, _asked = ranges_host
    page = opened_page(browser, base)
    original = site.sealed.read_bytes()
    header = crypto.ChunkedHeader.parse(CLIP, original)
    altered = bytearray(original)
    altered[header.offset(12) + 500] ^= 1
    site.sealed.unlink()  # a hard link to the cache's copy: replaced, not written through
    site.sealed.write_bytes(bytes(altered))
    try:
        url = base + CLIP
        size = crypto.CHUNK_BYTES
        status, _headers, _length, digest = page.evaluate(RANGE, [url, f"bytes=0-{size - 1}"])
        assert (status, digest) == (206, sha(site.clip[:size]))  # chunk 0 is fine
        status, *_rest = page.evaluate(RANGE, [url, f"bytes={12 * size}-{12 * size + 9}"])
        assert status == 502
        failure = page.evaluate(
            """async ([url, range]) => {
                try {
                    const answer = await fetch(url, {headers: {Range: range}});
                    await answer.arrayBuffer();
                    return "read to the end: " + answer.status;
                } catch (error) { return "failed"; }
            }""",
            [url, f"bytes={10 * size}-"],
        )
        assert failure == "failed"  # chunks 10 and 11 sent, then the answer breaks off
    finally:
        site.sealed.unlink()
        site.sealed.write_bytes(original)
        page.context.close()


@pytest.fixture(scope="module")
def locked_phone_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`memorybook build --lock` of a journal with an iPhone's portrait HEVC clip: turned by
    its display matrix, its place in `©xyz`, the `mdta` keys and XMP, its phone named."""
    scratch = ScratchJournal(tmp_path_factory.mktemp("locked-phone-clip") / "project")
    scratch.write(
        "2024/2024-07-03-dance.md",
        "---\ntitle: First dance\ndate: 2024-07-03\nphotos: [dance.mov]\n---\nWe danced.\n",
    )
    clip_files.add_xmp(scratch.write("2024/dance.mov", clip_files.hevc_portrait(seconds=3)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
        patch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "glancing glisten sprig snagged labored ferret")
        build(scratch.config, lock=True)
    return scratch.root / "site"


def test_a_phone_clip_plays_upright_and_seeks_in_a_locked_build(
    browser: Browser, locked_phone_clip: Path
) -> None:
    files = site_files(locked_phone_clip)
    assert containing(files, *(s.decode("latin-1") for s in clip_files.SECRETS)) == []
    with serving(locked_phone_clip, host="localhost", handler=RangeHandler) as base:
        page = browser.new_context().new_page()
        page.goto(base + "#2024%2F2024-07-03-dance%2F")  # the unlock page, then the entry
        page.locator("#mb-passphrase").fill(SAM)
        page.locator("#mb-open").click()
        video = page.locator(".mb-hero video")
        video.wait_for(timeout=30_000)
        video.evaluate("v => { v.muted = true; v.play(); }")
        wait_until(page, "document.querySelector('.mb-hero video').readyState >= 2")
        wait_until(page, "document.querySelector('.mb-hero video').currentTime > 0.2")
        width, height = video.evaluate("v => [v.videoWidth, v.videoHeight]")
        assert width < height, (width, height)  # upright, as the phone was held
        seek = SEEK.replace(
            'document.getElementById("clip")', "document.querySelector('.mb-hero video')"
        )
        assert page.evaluate(seek, 2.0) >= 1.9
        wait_until(page, "document.querySelector('.mb-hero video').currentTime > 2.2")
        page.context.close()
