"""Writing files so that an interrupted build never leaves a half-written one behind."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from memorybook.errors import display_path

try:
    import fcntl
except ImportError:  # Windows: builds are not locked there
    fcntl = None  # type: ignore[assignment]


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.ELOOP: "a symbolic link on the way loops back on itself",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EMFILE: "too many files are open",
    errno.EIO: "the disk could not be read or written (an input/output error)",
}
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""Failures of the disk itself, never of the file being read or written."""
"""Read once at import: os.umask can only be read by setting it, which races with threads."""


def write_atomic(target: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """Write bytes (or let `data` write to a stream) to a temporary file, then rename it.

    A reader sees the old file, the new one, or none; never half of one. The file gets
    the usual permissions (mkstemp makes it private, unreadable to a web server).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                data(stream)
        os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` (named as `write_atomic` names its own) for a writer
    that needs a path of its own, such as FFmpeg, which reads its file back to move the index
    to the front; renamed to `target` when the block ends, removed if it fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(temp)
        os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


CACHE_LOCK = ".lock"
"""In the cache folder: held by the build or book that writes the cache (and the site)."""


class BuildLock:
    """An exclusive lock on a file (flock), held while a build writes the cache and the site:
    a second build of the same project waits for the first instead of both emptying and
    filling the same folders at once. The kernel drops it when its process ends, however it
    ends, so a killed build never leaves a stale lock behind. A no-op without flock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, on_wait: Callable[[], object] = lambda: None) -> None:
        """Take the lock, calling `on_wait` first when another process holds it."""
        if fcntl is None or self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None


def lock_cache(cache_dir: Path) -> BuildLock:
    """Hold the cache's lock for one build or book of the project: another one waits here
    (and says so) until this one has finished with the cache and the site. Without a cache
    folder to lock in, the lock is not held: the photo stage reports that photo by photo."""
    lock = BuildLock(cache_dir / CACHE_LOCK)
    try:
        lock.acquire(on_wait=_say_waiting)
    except OSError:
        pass
    return lock


def _say_waiting() -> None:
    sys.stderr.write("memorybook: waiting for another build of this project to finish\n")


def os_error_cause(exc: OSError) -> str:
    """What went wrong, in the user's words: a full disk is the disk, never the photo."""
    cause = _CAUSES.get(exc.errno or 0)
    return cause or exc.strerror or str(exc)


def os_error_message(exc: OSError) -> str:
    """`PATH: cause` for an error the user can act on (path relative to the current folder)."""
    name = exc.filename
    if exc.filename2 is not None and exc.errno in DISK_ERRNOS:
        name = exc.filename2  # a copy (shutil.copyfile): the disk is full where it writes
    if name is None:
        return os_error_cause(exc)
    return f"{display_path(Path(os.fsdecode(name)))}: {os_error_cause(exc)}"
