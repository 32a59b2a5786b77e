"""The rendition cache's records: the digest index (a warm build reads no photo), and pruning
that deletes only the files a folder's own records name."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from typing import Any

from memorybook.files import write_atomic
from memorybook.photo_jobs import MANIFEST, PENDING, PIPELINE_VERSION, Done, Job

INDEX_NAME = "sources.json"


STALE_TEMP_SECONDS = 3600


class SourceIndex:
    """Photo path -> (size, mtime_ns, ctime_ns, inode, content digest, oriented size), so a
    warm build reads no photo's bytes: a file is hashed again when any of the first four
    changes. Some tools rewrite a photo keeping its size and modification time; none can keep
    its ctime (the kernel sets it on every write) or, when they save a new file, its inode."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._rows: dict[str, list[Any]] | None = None
        self._dirty = False

    @property
    def rows(self) -> dict[str, list[Any]]:
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def _load(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != PIPELINE_VERSION:
            return {}
        rows = data.get("files")
        return rows if isinstance(rows, dict) else {}

    def _row(self, path: Path, stat: os.stat_result) -> list[Any] | None:
        row = self.rows.get(str(path))
        if isinstance(row, list) and len(row) == 6 and row[:4] == identity(stat):
            return row
        return None

    def sha(self, path: Path, stat: os.stat_result) -> str | None:
        row = self._row(path, stat)
        return row[4] if row and isinstance(row[4], str) else None

    def dims(self, path: Path, stat: os.stat_result) -> tuple[int, int] | None:
        row = self._row(path, stat)
        return (row[5][0], row[5][1]) if row and isinstance(row[5], list) else None

    def put(
        self,
        path: Path,
        stat: os.stat_result,
        *,
        sha: str | None = None,
        dims: tuple[int, int] | None = None,
    ) -> None:
        old = self._row(path, stat) or [*identity(stat), None, None]
        new = [*old[:4], sha or old[4], list(dims) if dims else old[5]]
        if new != self.rows.get(str(path)):
            self.rows[str(path)] = new
            self._dirty = True

    def forget_missing(self) -> None:
        for name in [name for name in self.rows if not Path(name).is_file()]:
            del self.rows[name]
            self._dirty = True

    def save(self) -> None:
        """Write the index if it changed; an unwritable cache only costs re-hashing next time
        (the renditions that could not be written are reported as problems already)."""
        if self._dirty:
            data = {"version": PIPELINE_VERSION, "files": self.rows}
            with contextlib.suppress(OSError):
                write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode())
            self._dirty = False


class Remembered:
    """What a long-lived process (`memorybook serve`) knows of the photos of its last build:
    each job's outcome by the file's identity, so a rebuild looks up only the photos that
    changed, and what the last pruning kept, so a rebuild that uses the same renditions does
    not list the cache again."""

    def __init__(self) -> None:
        self.outcomes: dict[Job, tuple[list[int], Done]] = {}
        self.pruned_with: dict[str, frozenset[str]] | None = None
        self.renditions: dict[tuple[Path, str], Any] = {}
        """A web rendition folder's renditions and files, by cache and folder (photos.py)."""

    def get(self, job: Job, stat: os.stat_result) -> Done | None:
        known = self.outcomes.get(job)
        return known[1] if known and known[0] == identity(stat) else None

    def put(self, job: Job, stat: os.stat_result, done: Done) -> None:
        """Only an outcome read from (or written to) the cache: a failure to write it is the
        disk's, and the next build tries again."""
        if done.manifest:
            self.outcomes[job] = (identity(stat), done)


def identity(stat: os.stat_result) -> list[int]:
    """What tells one version of a file from another without reading it."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def recorded_names(folder: Path) -> set[str]:
    """The files a rendition folder's own records list: its manifest and its list of files
    about to be written; only plain names (a record never reaches outside its folder)."""
    names: set[str] = set()
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        names.update(json.loads((folder / MANIFEST).read_bytes())["files"])
    with contextlib.suppress(OSError, ValueError, TypeError):
        names.update(json.loads((folder / PENDING).read_bytes()))
    plain = {name for name in names if isinstance(name, str) and name == Path(name).name}
    return plain - {"", ".", ".."}


def temp_files(folder: Path, names: set[str]) -> list[Path]:
    """Temporary files `write_atomic` left for these names (a build killed mid-write)."""
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    prefixes = tuple(f".{name}." for name in names)
    return [c for c in children if c.name.startswith(prefixes) and c.name.endswith(".tmp")]


def remove_recorded(folder: Path) -> bool:
    """Delete what memorybook's records say it wrote in `folder` (the files, their temporary
    files, the records), then the folder if nothing else is left; True if it held records."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    if not (folder / MANIFEST).is_file() and not (folder / PENDING).is_file():
        return False  # no record of ours: not memorybook's to delete
    names = recorded_names(folder)
    records = names | {MANIFEST, PENDING}
    for path in [folder / name for name in records] + temp_files(folder, records):
        with contextlib.suppress(OSError):  # one that cannot go stays, and so does the folder
            path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty: anything not recorded stays
    return True


def remove_stale_temp_files(folder: Path) -> None:
    """Leftovers of a killed build: never trusted (no manifest lists them), removed when old."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in temp_files(folder, recorded_names(folder) | {MANIFEST, PENDING}):
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
