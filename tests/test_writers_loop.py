"""The writer's loop: what a person sees in the terminal while building and previewing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook import building
from memorybook.cli import main
from tests.conftest import ScratchJournal

ChDir = Callable[[Path], None]


def entry(title: str, day: str, extra: str = "", body: str = "Some words.") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\n{body}\n"


# -- honest builds -------------------------------------------------------------


@pytest.mark.slow
def test_build_ends_by_naming_the_entries_it_left_out(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("a.md", entry("Fine", "2024-01-01"))
    scratch.write("b.md", entry("Broken", "2024-01-02", "kind: holiday\n"))
    scratch.write("c.md", entry("Also broken", "2024-13-02"))
    scratch.write("d.md", entry("A photo is missing", "2024-01-03", "photos: [gone.jpg]\n"))
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # the rest is built, as the README says
    last = result.output.strip().splitlines()[-1]
    assert last == "2 entries left out because of errors above: journal/b.md, journal/c.md"


@pytest.mark.slow
def test_a_missing_photo_is_reported_once_not_again_in_mkdocs_words(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("2024/a.md", entry("Hike", "2024-01-01", "", "Look: ![top](summit.jpg)"))
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert "journal/2024/a.md:5: error: photo summit.jpg does not exist" in result.output
    assert "Doc file" not in result.output and "mkdocs:" not in result.output


def test_the_preview_servers_request_log_is_not_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server_log = logging.getLogger("mkdocs.livereload")
    with building._quiet_mkdocs() as terminal:
        server_log.warning('[18:02:11] "GET /2024/a/ HTTP/1.1" code 304')
        server_log.warning('"GET /assets/x.css HTTP/1.1" code 404')
        server_log.warning("something else went wrong")
    assert terminal.count == 1
    assert capsys.readouterr().err == "mkdocs: warning: something else went wrong\n"
