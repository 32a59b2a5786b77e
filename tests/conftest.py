"""Shared fixtures: the committed sample journal (read-only) and scratch journals in tmp_path."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import queue
import re
import shutil
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from memorybook.cli import main
from memorybook.settings import Settings, load_settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
SAMPLE_CONFIG = REPO / "mkdocs.yml"

SCRATCH_MKDOCS_YML = """\
site_name: Test journal
docs_dir: journal
theme:
  name: material
  font: false
plugins:
  - memorybook:
      people:
        sam: {name: Sam, color: "#e76f51"}
        alex: {name: Alex, color: "#2a9d8f"}
      together_since: 2023-06-14
"""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """With MEMORYBOOK_NO_SKIP=1 (set by .ci/run) a skipped test is a failed test."""
    outcome = yield
    _forbid_skip(outcome.get_result())  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """A module that skips itself while collected (`allow_module_level=True`) hides all its
    tests behind one "skipped": with MEMORYBOOK_NO_SKIP=1 it is a collection error instead."""
    outcome = yield
    _forbid_skip(outcome.get_result())  # type: ignore[attr-defined]


def _forbid_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if os.environ.get("MEMORYBOOK_NO_SKIP") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but MEMORYBOOK_NO_SKIP=1 forbids skips: {report.longrepr}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests skip one by one without chromium (so NO_SKIP fails each of them), never
    as a whole module at collection."""
    if CHROMIUM is None:
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="session")
def sample_settings() -> Settings:
    """The committed sample journal's settings; tests must not write into it."""
    return load_settings(SAMPLE_CONFIG)


class ScratchJournal:
    """A journal project in tmp_path that a test fills file by file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "mkdocs.yml"
        self.journal = root / "journal"
        self.journal.mkdir(parents=True)
        self.config.write_text(SCRATCH_MKDOCS_YML, encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.journal / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def copy_photo(self, name: str, rel: str) -> Path:
        """Copy one of tests/photos/NAME into the journal at REL."""
        data = (TESTS / "photos" / name).read_bytes()
        return self.write(rel, data)

    def settings(self) -> Settings:
        return load_settings(self.config)

    def with_search(self) -> None:
        """MkDocs' search plugin before memorybook, as a site built for people has it."""
        config = self.config.read_text(encoding="utf-8")
        self.config.write_text(config.replace("plugins:\n", "plugins:\n  - search\n"), "utf-8")


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchJournal:
    return ScratchJournal(tmp_path / "project")


@pytest.fixture
def in_dir(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Change the current folder for one test (CLI paths are relative to it)."""
    return lambda path: monkeypatch.chdir(path)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NO_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium driven by Playwright, one for every browser test in a process
    (Playwright's sync API runs one instance at a time)."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def run(*args: str) -> Result:
    """A memorybook command as the CLI runs it; an exception fails the test with its traceback."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def project_dir(tmp_path: Path, in_dir: Callable[[Path], None]) -> Callable[..., Path]:
    """Makes a project in `tmp_path` (mkdocs.yml and the journal `files`) and goes into it."""
    from tests.site_helpers import make_project  # site_helpers imports this module

    def made(files: dict[str, str | bytes], config: str = "") -> Path:
        project = make_project(tmp_path, files, config)
        in_dir(project)
        return project

    return made


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` and a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Keep the test output clean."""


class RangeHandler(QuietHandler):
    """A static host as nginx, Apache, GitHub Pages are: it answers `Range: bytes=a-b` (and
    `a-`) with 206 and the slice; Python's http.server sends the whole file. Every GET is
    noted in `asked` as (path, Range header or None, bytes sent)."""

    asked: list[tuple[str, str | None, int]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        with contextlib.suppress(ConnectionError):  # a reader that stops early (a seek)
            self._answer()

    def _answer(self) -> None:
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if wanted is None or not path.is_file():
            size = path.stat().st_size if path.is_file() else 0
            self.asked.append((self.path, self.headers.get("Range"), size))
            super().do_GET()
            return
        data = path.read_bytes()
        start, last = int(wanted[1]), int(wanted[2] or len(data) - 1)
        body = data[start : min(last, len(data) - 1) + 1]
        self.asked.append((self.path, self.headers["Range"], len(body)))
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{start + len(body) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serving(
    folder: Path,
    *,
    host: str = "127.0.0.1",
    handler: type[SimpleHTTPRequestHandler] = QuietHandler,
) -> Iterator[str]:
    """`folder` served over HTTP on a free port while the block runs: its base URL, named by
    `host` (`localhost` is a secure context, where service workers run)."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def line_within(stream: IO[str] | None, seconds: float) -> str:
    """The next line a child process writes to its pipe; the test fails after `seconds` (a
    bare readline would wait for ever for a child that never writes one)."""
    assert stream is not None
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=seconds)
    except queue.Empty:
        pytest.fail(f"the child process wrote no line within {seconds} s")


def wait_until(page: Page, expression: str, timeout_ms: float = 15_000) -> None:
    """Wait until `expression` is true in `page`. Playwright's wait_for_function polls with
    `eval` inside the page, which a locked site's Content-Security-Policy rightly refuses
    whenever the first try is false; `page.evaluate` runs through DevTools, outside it."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout_ms / 1000:g} s: {expression}")
        time.sleep(0.05)
