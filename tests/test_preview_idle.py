"""`memorybook serve` builds when a file is saved, and only then: reading a file is no change.

Each build opens mkdocs.yml and every journal file; a watcher that took an opened file for a
changed one made every build set off the next, for ever, keeping a core busy.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import ScratchJournal

pytestmark = pytest.mark.slow

ENTRY = "---\ntitle: A quiet Sunday\ndate: 2024-01-07\n---\nWe stayed in all day.\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Builds:
    """The preview's "preview built" lines (MEMORYBOOK_SERVE_TIMES), counted as they come."""

    def __init__(self, stream: object) -> None:
        self.count = 0
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            if line.startswith("preview built"):
                self.count += 1

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.count >= count, f"only {self.count} builds"


def test_a_save_builds_once_and_an_idle_preview_builds_nothing(scratch: ScratchJournal) -> None:
    entry = scratch.write("2024/a.md", ENTRY)
    server = subprocess.Popen(
        [sys.executable, "-m", "memorybook", "serve", "-f", str(scratch.config)]
        + ["-a", f"127.0.0.1:{free_port()}"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "MEMORYBOOK_SERVE_TIMES": "1"},
    )
    try:
        builds = Builds(server.stderr)
        builds.wait_for(1)  # the first build
        time.sleep(3)
        assert builds.count == 1, "the preview rebuilt with nothing saved"
        Path(entry).write_text(ENTRY.replace("all day", "all day long"), encoding="utf-8")
        builds.wait_for(2)
        time.sleep(3)
        assert builds.count == 2, f"one save set off {builds.count - 1} builds"
    finally:
        server.terminate()
        server.communicate(timeout=10)  # waits, and closes its stderr
