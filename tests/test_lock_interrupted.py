"""A locked build is all or nothing (issue #19): interrupted at any instant, by a signal or a
failure at any stage, it leaves no plain word in site/, the folder that is synced or deployed;
the plain pages it makes live in a private folder of the cache that it removes on the way out
(or, after SIGKILL, that the next build removes).
"""

from __future__ import annotations

import os
import pkgutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook.building import build
from memorybook.cli import main
from memorybook.lock.site import CACHE_SUBDIR, PLAIN_DIR
from tests.conftest import ScratchJournal
from tests.lock_helpers import assert_nothing_plain, readable
from tests.test_lock import ALEX, CANARIES, SAM, canary_journal

pytestmark = pytest.mark.slow


def assert_no_plain_outside(project: ScratchJournal, *, plain_may_remain: bool) -> None:
    """Nothing else the build made in the project (the cache above all) holds a canary word,
    except the private plain folder, which must be gone unless the build was killed outright.
    Not read: the journal and mkdocs.yml (the couple's), site/ (read strictly on its own) and
    the photo cache's list of source files, which names journal files by design."""
    cache = project.settings().cache_dir
    plain = cache / CACHE_SUBDIR / PLAIN_DIR
    if not plain_may_remain:
        assert not plain.exists(), "the plain build folder was left behind"
    skipped = (project.journal, project.root / "site", plain)
    for path in sorted(project.root.rglob("*")):
        if not path.is_file() or path == project.config or path.name == "sources.json":
            continue
        if any(path.is_relative_to(folder) for folder in skipped):
            continue
        data = readable(path.read_bytes()).lower()
        for what, word in CANARIES.items():
            assert word.lower().encode() not in data, f"the {what} is in {path}"
    if plain.exists():
        assert plain.stat().st_mode & 0o077 == 0, "the plain build folder is not private"


def bigger_canary_journal(root: Path) -> ScratchJournal:
    """The canary journal and forty more entries, so a build takes long enough to be hit."""
    project = canary_journal(root)
    for day in range(1, 41):
        project.write(
            f"2023/2023-03-{day % 28 + 1:02d}-walk-{day}.md",
            f"---\ndate: 2023-03-{day % 28 + 1:02d}\ntitle: Xylophanes walk {day}\n---\n"
            "marmalizard again, by Gloamwick.\n",
        )
    return project


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchJournal:
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
    return bigger_canary_journal(tmp_path / "project")


def _start_build(project: ScratchJournal) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "memorybook", "build", "--lock", "-f", str(project.config)]
    return subprocess.Popen(
        command, cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _run_build(project: ScratchJournal) -> float:
    started = time.monotonic()
    process = _start_build(project)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()
    return time.monotonic() - started


def test_a_locked_build_interrupted_at_any_instant_leaves_no_plain_word(
    project: ScratchJournal,
) -> None:
    """Signals after increasing delays, over the whole length of a build (first and warm):
    after each, every file in site/ is checked; after SIGKILL, the next build cleans up."""
    site = project.root / "site"
    _run_build(project)  # a first build: keys made, a locked site in place
    whole = _run_build(project)  # how long a build takes, imports included
    (project.root / "journal" / "2023" / "2023-03-02-walk-1.md").write_text(
        "---\ndate: 2023-03-02\ntitle: Xylophanes walk changed\n---\nmarmalizard.\n",
        encoding="utf-8",
    )
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL]
    points = 16
    hit = 0
    for index in range(points):
        sig = signals[index % len(signals)]
        delay = whole * (0.1 + index / points)
        process = _start_build(project)
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(sig)
            hit += 1
        _out, err = process.communicate(timeout=120)
        # Python's own report of Ctrl-C while it imports, before memorybook runs, is allowed
        assert b"Traceback" not in err or err.rstrip().endswith(b"KeyboardInterrupt"), err
        assert b"Error" not in err, err.decode()
        killed = sig == signal.SIGKILL and not finished
        assert_nothing_plain(site, CANARIES, killed=killed)
        assert_no_plain_outside(project, plain_may_remain=killed)
        if killed:  # the next build removes what a killed one left, and is whole
            _run_build(project)
            assert_no_plain_outside(project, plain_may_remain=False)
            assert_nothing_plain(site, CANARIES)
    assert hit >= points // 2, f"only {hit} of {points} builds were interrupted"
    _run_build(project)
    assert_no_plain_outside(project, plain_may_remain=False)
    assert_nothing_plain(site, CANARIES)
    assert (site / "index.html").is_file() and len(list((site / "x").iterdir())) > 40


@pytest.mark.parametrize(
    ("owner", "name", "count"),
    [
        ("mkdocs.commands.build", "_build_page", 1),
        ("mkdocs.commands.build", "_build_page", 20),
        ("memorybook.plugin.finishing", "copy_renditions", 1),
        ("memorybook.lock.site", "encrypt_into", 1),
        ("memorybook.lock.site", "encrypt_into", 30),
        ("memorybook.lock.site", "_write_unlock_files", 1),
        ("memorybook.lock.site:CipherCache", "save", 1),
    ],
)
def test_a_locked_build_that_fails_at_any_stage_leaves_no_plain_word(
    project: ScratchJournal, monkeypatch: pytest.MonkeyPatch, owner: str, name: str, count: int
) -> None:
    """A failure at each stage (rendering, photos, encrypting, the unlock page, the cache), over
    an earlier unlocked site: site/ holds nothing plain after it, and the plain folder is gone."""
    build(project.config)  # an unlocked site first, as before someone turned the lock on
    where = pkgutil.resolve_name(owner)
    original = getattr(where, name)
    calls = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) >= count:
            raise KeyboardInterrupt(f"interrupted at {owner}.{name} #{count}")
        return original(*args, **kwargs)

    monkeypatch.setattr(where, name, failing)
    with pytest.raises(KeyboardInterrupt):
        build(project.config, lock=True)
    assert_nothing_plain(project.root / "site", CANARIES)
    assert_no_plain_outside(project, plain_may_remain=False)


def test_a_locked_build_over_an_unlocked_site_leaves_no_plain_page(
    project: ScratchJournal,
) -> None:
    site = project.root / "site"
    build(project.config)
    assert any(CANARIES["body"].encode() in p.read_bytes() for p in site.rglob("*.html"))
    build(project.config, lock=True)
    assert_nothing_plain(site, CANARIES)
    assert_no_plain_outside(project, plain_may_remain=False)


def test_a_stale_plain_folder_is_removed_only_if_memorybooks(project: ScratchJournal) -> None:
    plain = project.settings().cache_dir / CACHE_SUBDIR / PLAIN_DIR
    plain.mkdir(parents=True)
    (plain / "someones.txt").write_text("not ours", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--lock", "-f", str(project.config)])
    assert result.exit_code != 0 and "lock/plain is not memorybook's" in result.output
    assert (plain / "someones.txt").is_file()
    os.remove(plain / "someones.txt")
    build(project.config, lock=True)
    assert not plain.exists()


def test_a_plain_folder_half_removed_is_still_known_as_memorybooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed while removing it, the plain folder keeps its marker (it goes last), so the
    next build still removes it instead of refusing it as someone else's."""
    from memorybook.lock import site as lock_site

    plain, target = tmp_path / "plain", tmp_path / "site"
    lock_site.make_plain_folder(plain, target)
    (plain / "2024").mkdir()
    (plain / "2024" / "index.html").write_text("marmalizard", encoding="utf-8")
    (plain / "index.html").write_text("marmalizard", encoding="utf-8")

    def killed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(lock_site.shutil, "rmtree", killed)
        with pytest.raises(KeyboardInterrupt):
            lock_site.discard_plain(plain)
    assert (plain / lock_site.PLAIN_MARKER).is_file()
    lock_site.discard_plain(plain)
    assert not plain.exists()
