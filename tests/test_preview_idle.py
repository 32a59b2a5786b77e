"""`memorybook serve` builds when a file is saved, and only then: reading a file is no change.

Each build opens mkdocs.yml and every journal file; a watcher that took an opened file for a
changed one made every build set off the next, for ever, keeping a core busy.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import ScratchJournal
from tests.preview_helpers import previewing

pytestmark = pytest.mark.slow

ENTRY = "---\ntitle: A quiet Sunday\ndate: 2024-01-07\n---\nWe stayed in all day.\n"


def test_a_save_builds_once_and_an_idle_preview_builds_nothing(scratch: ScratchJournal) -> None:
    entry = scratch.write("2024/a.md", ENTRY)
    with previewing(scratch.config) as preview:
        preview.wait_for_builds(1)  # the first build
        time.sleep(3)
        assert preview.builds() == 1, "the preview rebuilt with nothing saved"
        Path(entry).write_text(ENTRY.replace("all day", "all day long"), encoding="utf-8")
        preview.wait_for_builds(2)
        time.sleep(3)
        assert preview.builds() == 2, f"one save set off {preview.builds() - 1} builds"
