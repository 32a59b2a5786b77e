"""The README's commands run as written: the two set-up commands are the two Make targets
(each installing only its own layer), and the first journal's commands, run one by one in a
new folder with the installed `memorybook`, make a journal, its site and its book."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
MAKE = shutil.which("make")


def code_block(heading: str) -> list[str]:
    """The commands of the first ```sh block under `## heading`, without comments."""
    text = README.read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section, f"README.md has no section '## {heading}'"
    block = re.search(r"^```sh\n(.*?)^```", section.group(1), re.M | re.S)
    assert block, f"README.md's '## {heading}' has no ```sh block"
    lines = (line.split("#", 1)[0].strip() for line in block.group(1).splitlines())
    return [line for line in lines if line]


def test_the_set_up_commands_are_the_two_make_targets() -> None:
    assert code_block("Set-up") == ["make site", "make test"]


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["site", "test"])
def test_each_set_up_command_is_a_make_target_that_runs(target: str) -> None:
    done = subprocess.run(
        ["make", "-n", target], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def _dry_run(target: str, venv: Path) -> str:
    """What `make TARGET` would run with its venv at `venv` (make -n runs nothing)."""
    done = subprocess.run(
        ["make", "-n", target, f"VENV={venv}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_site_installs_only_what_the_site_and_book_need(tmp_path: Path) -> None:
    installs = [
        line
        for line in _dry_run("site", tmp_path / "venv").splitlines()
        if "pip install" in line and "-e" in line
    ]
    assert installs and all(line.rstrip().endswith("-e .") for line in installs), installs


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
def test_make_test_after_make_site_installs_only_the_test_tools(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    fresh = _dry_run("test", venv)
    assert "-e ." in fresh and "-e '.[test]'" in fresh, fresh
    venv.mkdir()
    (venv / ".installed-memorybook").touch()  # `make site` ran: its layer is there
    after_site = _dry_run("test", venv)
    assert "-e '.[test]'" in after_site and "-e .\n" not in after_site, after_site
    assert "pytest" in after_site


@pytest.mark.slow
def test_a_first_journal_in_the_readmes_commands(tmp_path: Path) -> None:
    commands = code_block("A first journal")
    assert [c.split()[:2] for c in commands if not c.startswith("cd ")] == [
        ["memorybook", "init"],
        ["memorybook", "new"],
        ["memorybook", "check"],
        ["memorybook", "build"],
        ["memorybook", "book"],
    ]
    memorybook = Path(sys.executable).with_name("memorybook")
    env = {**os.environ, "VISUAL": "true", "EDITOR": "true"}
    env.pop("MEMORYBOOK_TODAY", None)
    here = tmp_path
    for command in commands:
        words = shlex.split(command)
        if words[0] == "cd":
            here = here / words[1]
            continue
        done = subprocess.run(
            [str(memorybook), *words[1:]],
            cwd=here,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert (here / "site" / "index.html").is_file()
    assert [p.name for p in here.glob("*.pdf") if not p.name.endswith("-cover.pdf")]
