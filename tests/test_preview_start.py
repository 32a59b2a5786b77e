"""`memorybook serve` starts by showing the preview the last one kept, marked as not current,
while it builds afresh; never a kept copy of a journal that has changed since."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from memorybook.files import CACHE_LOCK, BuildLock
from memorybook.kept_preview import fingerprint, keep_preview
from memorybook.preview import STALE_CLASS
from tests.conftest import ScratchJournal
from tests.preview_helpers import Preview, previewing

pytestmark = pytest.mark.slow

CANARY = "saffron-pangolin"
STALE = f'class="{STALE_CLASS}"'.encode()


def entry(title: str, day: str, body: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\n{body}\n"


@pytest.fixture
def served_once(scratch: ScratchJournal) -> ScratchJournal:
    """A journal a `serve` has previewed, then stopped: its preview is kept."""
    scratch.write("2024/2024-01-07-sunday.md", entry("Sunday", "2024-01-07", "A quiet day."))
    scratch.write("2024/2024-02-01-ours.md", entry("Ours", "2024-02-01", f"Only {CANARY}."))
    with previewing(scratch.config) as preview:
        preview.wait_for_builds(1)
        status, body = preview.request("/2024/2024-02-01-ours/")
        assert status == 200 and CANARY.encode() in body
    return scratch


@contextmanager
def builds_held(scratch: ScratchJournal) -> Iterator[BuildLock]:
    """The project's build lock held, so that a preview's build waits until it is let go."""
    lock = BuildLock(scratch.settings().cache_dir / CACHE_LOCK)
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()


def epoch_of(page: bytes) -> int:
    found = re.search(rb"livereload\((\d+), \d+\)", page)
    assert found, page[-500:]
    return int(found[1])


def test_the_kept_preview_is_shown_marked_until_the_fresh_build_lands(
    served_once: ScratchJournal,
) -> None:
    with builds_held(served_once) as lock, previewing(served_once.config) as preview:
        status, home = preview.request("/")
        assert status == 200 and STALE in home  # served before the fresh build ended
        status, page = preview.request("/2024/2024-01-07-sunday/")
        assert status == 200 and b"A quiet day." in page and STALE in page
        assert preview.builds() == 0
        lock.release()
        status, told = preview.request(f"/livereload/{epoch_of(page)}/1", timeout=90)
        assert status == 200 and int(told) > epoch_of(page)  # the open page reloads itself
        preview.wait_for_builds(1)
        status, page = preview.request("/2024/2024-01-07-sunday/")
        assert status == 200 and b"A quiet day." in page and STALE not in page


def not_answering_while_held(preview: Preview, seconds: float = 4) -> None:
    """Until the build is let go, the preview answers nothing (it builds first)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with pytest.raises(OSError), socket.create_connection((preview.host, preview.port), 1):
            pass
        time.sleep(0.2)


CHANGES = {
    "deleted": lambda s: (s.journal / "2024/2024-02-01-ours.md").unlink(),
    "private": lambda s: s.write(
        "2024/2024-02-01-ours.md", entry("Ours", "2024-02-01", f"Only {CANARY}.", "private: true\n")
    ),
    "sealed": lambda s: s.write(
        "2024/2024-02-01-ours.md",
        entry("Ours", "2024-02-01", f"Only {CANARY}.", "sealed_until: 2999-01-01\n"),
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_kept_copy_of_an_entry_hidden_since_is_never_shown(
    served_once: ScratchJournal, change: str
) -> None:
    CHANGES[change](served_once)
    with builds_held(served_once) as lock, previewing(served_once.config, answering=False) as p:
        not_answering_while_held(p)
        lock.release()
        p.wait_until_answering()
        for path in ("/", "/2024/2024-02-01-ours/", "/timeline/2024/", "/search/search_index.json"):
            status, body = p.request(path)
            assert CANARY.encode() not in body, (path, status)
            assert STALE not in body


def test_an_edit_that_keeps_size_and_time_still_changes_the_fingerprint(
    scratch: ScratchJournal,
) -> None:
    path = scratch.write("a.md", entry("A", "2024-01-01", "public words"))
    day = dt.date(2024, 5, 1)
    before = fingerprint(scratch.settings(), day)
    stat = path.stat()
    path.write_text(entry("A", "2024-01-01", "secret words"), encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert fingerprint(scratch.settings(), day) != before
    assert fingerprint(scratch.settings(), day + dt.timedelta(days=1)) != fingerprint(
        scratch.settings(), day
    )  # a capsule may open tomorrow


def test_a_build_that_did_not_finish_leaves_no_copy_to_show(scratch: ScratchJournal) -> None:
    kept = keep_preview(scratch.settings())
    assert kept is not None
    try:
        folder = kept.build_folder(None)
        (folder / "index.html").parent.mkdir(parents=True)
        (folder / "index.html").write_text("<html></html>", encoding="utf-8")
        kept.record(folder, "print")
        assert kept.stale_copy("print") == folder
        assert kept.stale_copy("other") is None
        kept.forget()  # a build starts
        assert kept.stale_copy("print") is None
        assert keep_preview(scratch.settings()) is None  # a second serve keeps nothing
    finally:
        kept.release()


def test_a_locked_site_keeps_no_preview(scratch: ScratchJournal) -> None:
    scratch.config.write_text(
        scratch.config.read_text().replace("- memorybook:\n", "- memorybook:\n      lock: true\n")
    )
    assert scratch.settings().lock.enabled
    assert keep_preview(scratch.settings()) is None
