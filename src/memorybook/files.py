"""Writing files so that an interrupted build never leaves a half-written one behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
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
