"""The test suite keeps its own promises: with MEMORYBOOK_NO_SKIP=1 no skip passes unseen (a
module that skips itself while collected included), no assertion is true by construction, and
a test that hangs fails instead of stopping the suite."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, TESTS

BROWSER_MODULES = [
    "tests/test_browser.py",
    "tests/test_phone.py",
    "tests/test_preview_browser.py",
    "tests/test_trust_browser.py",
]


def pytest_run(
    *args: str, no_skip: bool, path: str | None = None, cwd: Path = REPO
) -> tuple[int, str]:
    """pytest in a child process (one worker, no cache), with or without NO_SKIP and with
    `path` as its PATH; its exit code and output."""
    env = {k: v for k, v in os.environ.items() if k not in ("MEMORYBOOK_NO_SKIP", "PYTEST_ADDOPTS")}
    env |= {"PYTHONPATH": str(REPO), "PATH": path if path is not None else env["PATH"]}
    if no_skip:
        env["MEMORYBOOK_NO_SKIP"] = "1"
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *args]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    return done.returncode, done.stdout + done.stderr


def counted(output: str, outcome: str) -> int:
    found = re.search(rf"(\d+) {outcome}", output.splitlines()[-1])
    return int(found[1]) if found else 0


@pytest.mark.slow
def test_without_chromium_no_skip_fails_every_browser_test(tmp_path: Path) -> None:
    """Before: the four browser modules skipped themselves at collection, and NO_SKIP saw
    "4 skipped" where 49 tests did not run. Here chromium is off the PATH (an empty folder)."""
    code, output = pytest_run(*BROWSER_MODULES, no_skip=False, path=str(tmp_path))
    assert code == 0, output
    skipped = counted(output, "skipped")
    assert skipped > 40 and counted(output, "passed") == 0, output
    assert "chromium is not installed" in output

    code, output = pytest_run(*BROWSER_MODULES, no_skip=True, path=str(tmp_path))
    assert code == 1, output
    failed = counted(output, "failed") + counted(output, "errors")  # a skip in setup: an error
    assert failed == skipped and counted(output, "skipped") == 0, output
    assert "MEMORYBOOK_NO_SKIP=1 forbids skips" in output


def test_no_skip_fails_a_module_that_skips_itself_at_collection(tmp_path: Path) -> None:
    (tmp_path / "test_shy.py").write_text(
        "import pytest\n\npytest.skip('not today', allow_module_level=True)\n\n\n"
        "def test_never_run() -> None:\n    pass\n",
        encoding="utf-8",
    )
    plugin = ("-p", "tests.conftest", "--rootdir", str(tmp_path), "test_shy.py")
    code, output = pytest_run(*plugin, no_skip=False, cwd=tmp_path)
    assert code == pytest.ExitCode.NO_TESTS_COLLECTED and counted(output, "skipped") == 1, output
    code, output = pytest_run(*plugin, no_skip=True, cwd=tmp_path)
    assert code != 0, output
    assert "MEMORYBOOK_NO_SKIP=1 forbids skips" in output and "not today" in output


def test_a_hanging_test_fails(tmp_path: Path, pytestconfig: pytest.Config) -> None:
    """pyproject.toml gives every test a time limit (pytest-timeout); here 2 s instead of it."""
    assert pytestconfig.getini("timeout") == "300"
    (tmp_path / "test_hang.py").write_text(
        "import time\n\n\ndef test_hang() -> None:\n    time.sleep(120)\n", encoding="utf-8"
    )
    config = ("-c", str(REPO / "pyproject.toml"), "--rootdir", str(tmp_path), "-o", "timeout=2")
    code, output = pytest_run(*config, "test_hang.py", no_skip=False, cwd=tmp_path)
    assert code == 1 and "Timeout" in output and counted(output, "failed") == 1, output


def always_true(test: ast.expr) -> str | None:
    """Why an assertion's test holds whatever the code does, or None."""
    if isinstance(test, ast.Tuple) and test.elts:
        return "a tuple is always true: `assert (a, b)` means `assert a, b`"
    if isinstance(test, ast.Constant) and test.value:
        return "a constant"
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        if any(isinstance(v, ast.Constant) and v.value for v in test.values):
            return "`or` a constant"
        if any(isinstance(v, ast.BoolOp) for v in test.values):
            return "`a and b or c` holds whenever c does: write two assertions"
    return None


def test_no_assertion_is_true_by_construction() -> None:
    """Before: `assert "Traceback" not in out and exc is None or isinstance(exc, SystemExit)`
    in test_options.py held for every exit 2, whatever the output."""
    found = []
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert) and (why := always_true(node.test)):
                found.append(f"{path.name}:{node.lineno}: {why}")
    assert found == []
