"""The guide's pictures, made from the sample journal: `make screenshots`.

Builds the sample's site and book into a temporary folder, photographs the site in
Debian's headless Chromium (driven over CDP by Playwright: light, dark, a 390 px phone)
and sets the book's facing pages side by side (`pdftoppm`), then writes each picture as
WebP into docs/assets/screenshots/, small enough to commit (under 200 KB each).
The day is fixed (MEMORYBOOK_TODAY), so the pictures change only when the site does.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "screenshots"
TODAY = "2026-09-01"
"""The sample's last entry is in August 2026: its third year together is its book."""
LIMIT = 200_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DARK = """localStorage.setItem("/.__palette", JSON.stringify(
  {index: 1, color: {media: "", scheme: "slate", primary: "custom", accent: "custom"}}))"""
"""What Material's moon button stores: every page then opens dark."""
SHOTS = [
    # name, page, width, height, dark
    ("site-light", "", 1280, 1200, False),
    ("site-dark", "2025/2025-09-12-florida-rocket-launch/", 1280, 900, True),
    ("site-phone", "", 390, 844, False),
]
SPREADS = {"book-spread-1": 8, "book-spread-2": 22}
"""Each spread's left-hand (even) page of the sample's book."""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="memorybook-shots-") as tmp:
        site, book = build(Path(tmp))
        with serving(site) as url:
            photograph(url, Path(tmp))
        for name, left in SPREADS.items():
            spread(book, left, Path(tmp), name)
    for picture in sorted(OUT.glob("*.webp")):
        size = picture.stat().st_size
        print(f"{picture.relative_to(ROOT)}: {size // 1000} KB")  # noqa: T201
        if size > LIMIT:
            sys.exit(f"{picture.name} is over {LIMIT // 1000} KB: make it smaller")


def build(tmp: Path) -> tuple[Path, Path]:
    """The sample's site and book, as `make site` makes them, as of TODAY."""
    env = {**os.environ, "MEMORYBOOK_TODAY": TODAY}
    memorybook = [sys.executable, "-m", "memorybook"]
    site, book = tmp / "site", tmp / "book.pdf"
    subprocess.run(
        [*memorybook, "build", "--strict", "-d", str(site)], cwd=ROOT, env=env, check=True
    )
    subprocess.run([*memorybook, "book", "-o", str(book)], cwd=ROOT, env=env, check=True)
    return site, book


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """The built site over HTTP on this computer only, as a host would serve it."""
    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def photograph(url: str, tmp: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for name, path, width, height, dark in SHOTS:
            context = browser.new_context(viewport={"width": width, "height": height})
            if dark:
                context.add_init_script(DARK)
            page = context.new_page()
            # The browser counts days and finds "on this day" from its own clock: the same day too.
            page.clock.set_fixed_time(f"{TODAY}T10:00:00")
            page.goto(url + path)
            page.evaluate("document.fonts.ready")
            page.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
            page.wait_for_timeout(300)
            png = tmp / f"{name}.png"
            page.screenshot(path=str(png))
            context.close()
            save(Image.open(png), name)
        browser.close()


def spread(book: Path, left: int, tmp: Path, name: str) -> None:
    """Two facing pages side by side, bleed included, as the PDF has them."""
    prefix = tmp / name
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "90",
            "-png",
            "-f",
            str(left),
            "-l",
            str(left + 1),
            str(book),
            str(prefix),
        ],
        check=True,
    )
    pages = [Image.open(p).convert("RGB") for p in sorted(tmp.glob(f"{name}-*.png"))]
    edge = 2  # a grey frame and fold, so white pages stand out from a white guide
    width = sum(p.width for p in pages) + 3 * edge
    height = max(p.height for p in pages) + 2 * edge
    sheet = Image.new("RGB", (width, height), (150, 150, 150))
    sheet.paste(pages[0], (edge, edge))
    sheet.paste(pages[1], (pages[0].width + 2 * edge, edge))
    save(sheet, name)


def save(image: Image.Image, name: str) -> None:
    image.convert("RGB").save(OUT / f"{name}.webp", "WEBP", quality=80, method=6)


if __name__ == "__main__":
    main()
