"""memorybook installed as its users install it: a wheel, in a fresh venv, outside the checkout.

The rest of the suite runs against the editable install, which sees every file of the
checkout; only a built wheel shows what `pip install .` really ships (a subpackage left
out of the package list, a theme file left out of the package data).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

_NOT_IN_A_CLONE = (".venv", ".git", "build", "dist", "site", ".cache", "*.egg-info", "__pycache__")
_NOT_IN_A_CLONE += (".pytest_cache", ".mypy_cache", ".ruff_cache", "*.pdf")


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def _ok(args: list[str | Path], cwd: Path) -> str:
    done = _run(args, cwd)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the wheel; its dependencies come from this environment via a .pth.

    Installing the dependencies from an index would make the test slow and need the network;
    reusing them leaves the one thing under test, memorybook itself, to the wheel.
    """
    root = tmp_path_factory.mktemp("install")
    # A copy as a fresh clone has it: setuptools would put a stale build/ into the wheel.
    source = root / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*_NOT_IN_A_CLONE))
    wheels = root / "wheels"
    _ok([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "-q", "-w", wheels], root)
    (wheel,) = wheels.glob("memorybook-*.whl")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = _ok([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], root)
    (Path(purelib.strip()) / "outer-env.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    _ok(
        [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel], root
    )
    return env_dir / "bin"


def test_the_wheel_is_what_runs(installed: Path, tmp_path: Path) -> None:
    where = _ok(
        [installed / "python", "-c", "import memorybook.book as b; print(b.__file__)"], tmp_path
    )
    assert where.strip().startswith(str(installed.parent))  # not the checkout's src/


def test_a_new_journal_from_the_wheel_gets_a_site_and_a_book(
    installed: Path, tmp_path: Path
) -> None:
    memorybook = installed / "memorybook"
    _ok([memorybook, "init", "ours", "--names", "Sam", "Alex", "--since", "2024-02-01"], tmp_path)
    project = tmp_path / "ours"
    _ok([memorybook, "new", "Our first hike", "--date", "2025-03-01", "--no-edit"], project)
    # The shared questions are a data file beside the modules: the wheel must carry it.
    asked = [memorybook, "new", "--question", "--author", "sam", "--date", "2025-03-02"]
    said = _ok([*asked, "--no-edit"], project)
    assert "question 1: " in said and "2025-03-02-question-1-sam.md" in said
    _ok([memorybook, "check"], project)
    _ok([memorybook, "build"], project)
    assert "Our first hike" in (
        project / "site" / "2025" / "2025-03-01-our-first-hike" / "index.html"
    ).read_text(encoding="utf-8")
    assert (project / "site" / "assets" / "memorybook" / "memorybook.css").is_file()  # the theme
    _ok(
        [memorybook, "book", "--from", "2025-01-01", "--to", "2025-12-31", "-o", "book.pdf"],
        project,
    )
    assert (project / "book.pdf").read_bytes().startswith(b"%PDF")
