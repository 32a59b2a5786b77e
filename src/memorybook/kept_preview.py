"""What `memorybook serve` keeps of its preview, so that the next `serve` answers at once.

The preview is built in the cache (`preview/a` or `preview/b`), not in a temporary folder.
Once a build of it has finished, a record (`preview/state.json`) names its folder and the
fingerprint of what it was built from: every file of the journal (path, size, modification
and change times, inode), mkdocs.yml's bytes, the settings, the day it was built as of and
the code that built it. The next `serve` shows that folder at once, marked as not current,
while it builds the other folder afresh, and only when the fingerprint is the same now:
after any change to the journal (an entry made private, deleted or sealed, a photo replaced)
it builds first, as before, so a copy kept from before never shows what the journal now
hides. The record is removed before each build starts, so a build that did not finish
leaves no copy that a later `serve` trusts. A locked site keeps nothing (its preview is
built in a temporary folder, as before), and neither does a second `serve` of the project.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import memorybook
from memorybook.files import BuildLock, write_atomic
from memorybook.resources import theme_dir
from memorybook.settings import Settings

PREVIEW_SUBDIR = "preview"
STATE_NAME = "state.json"
FOLDERS = ("a", "b")
"""The two folders the preview is built in, in turn: one shown while the other is built."""
_LOCK_NAME = "serve.lock"


class _Busy(Exception):
    """Another `serve` of this project keeps the preview."""


class KeptPreview:
    """The preview's folders in the cache, held by one `serve` for as long as it runs."""

    def __init__(self, root: Path, lock: BuildLock) -> None:
        self.root = root
        self._lock = lock

    def stale_copy(self, fingerprint: str) -> Path | None:
        """The folder the last finished build left, if it was built from what is there now."""
        try:
            state = json.loads((self.root / STATE_NAME).read_bytes())
            name, built_from = state["folder"], state["fingerprint"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if name not in FOLDERS or built_from != fingerprint:
            return None
        folder = self.root / name
        return folder if (folder / "index.html").is_file() else None

    def build_folder(self, shown: Path | None) -> Path:
        """Where the next build goes: the folder not being shown."""
        return self.root / (FOLDERS[1] if shown == self.root / FOLDERS[0] else FOLDERS[0])

    def forget(self) -> None:
        """Before a build starts: until it finishes, no copy is trusted."""
        (self.root / STATE_NAME).unlink(missing_ok=True)

    def record(self, folder: Path, fingerprint: str) -> None:
        """After a build finished: `folder` is what `fingerprint` (taken before it) builds."""
        state = {"folder": folder.name, "fingerprint": fingerprint}
        write_atomic(self.root / STATE_NAME, json.dumps(state).encode())

    def release(self) -> None:
        self._lock.release()


def keep_preview(settings: Settings) -> KeptPreview | None:
    """The kept preview of this project, or None when there is to be none: a locked site, a
    cache that cannot be written, or another `serve` of the project running."""
    if settings.lock.enabled:
        return None
    root = settings.cache_dir / PREVIEW_SUBDIR
    lock = BuildLock(root / _LOCK_NAME)
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock.acquire(on_wait=_busy)
    except (OSError, _Busy):
        return None
    return KeptPreview(root, lock)


def is_preview_folder(folder: Path, settings: Settings) -> bool:
    """Whether `folder` is one of the kept preview's folders (in the cache, memorybook's)."""
    root = settings.cache_dir / PREVIEW_SUBDIR
    with contextlib.suppress(OSError, RuntimeError):
        return folder.resolve() in {(root / name).resolve() for name in FOLDERS}
    return False


def fingerprint(settings: Settings, day: dt.date) -> str:
    """What a preview is built from, digested: any change to it makes a kept copy stale."""
    digest = hashlib.sha256()
    config = settings.config_file
    parts = [repr(settings), day.isoformat(), memorybook.__version__, _code_stamp()]
    for part in parts:
        digest.update(part.encode() + b"\0")
    if config is not None:
        with contextlib.suppress(OSError):
            digest.update(config.read_bytes() + b"\0")
    for line in _files(settings.journal):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def _files(root: Path) -> Iterator[str]:
    """Every file and folder under `root` (hidden and ignored ones too), with what tells one
    version of it from another without reading it; links are not followed."""
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names) + [""]:
            path = os.path.join(folder, name) if name else folder
            try:
                stat = os.lstat(path)
            except OSError:
                yield f"{path}\0missing"
                continue
            yield f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}"


def _code_stamp() -> str:
    """When memorybook's own files last changed: a copy built by other code is not trusted."""
    stamps = []
    for path in [*Path(memorybook.__file__).parent.rglob("*"), *theme_dir().rglob("*")]:
        if "__pycache__" in path.parts:
            continue  # written by Python itself when it first runs the code
        with contextlib.suppress(OSError):
            stamps.append(path.stat().st_mtime_ns)
    return str(max(stamps, default=0))


def _busy() -> None:
    raise _Busy
