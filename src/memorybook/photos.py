"""Photo renditions for the web and for print: cached, parallel, metadata-free.

CONTRACT (written first so the site and the book can be built against it; the
photos work fills in the bodies and may add to it, never break it):

- `PhotoStage(settings)` is made once per build.
- `stage.web(photos)` makes (or finds in the cache) the web renditions of every
  photo, in parallel, and returns a `WebPhotos`: per photo a `WebPhoto` (the
  `<img>` attributes), the files the site must contain (site-relative URL ->
  cached file), and the problems (file + line of the entry naming the photo).
- `stage.dimensions(photos)` gives oriented pixel sizes cheaply (no full
  decode; cached), for layouts that depend on aspect ratio.
- `stage.print(requests)` makes print renditions for placed sizes (inches) at
  `settings.photos.print_ppi` (capped at `max_print_ppi`), JPEG q92 4:4:4 sRGB,
  and reports the effective ppi.
- `stage.framings(photos)` finds each photo's faces (`framing.analyse`) in parallel, cached
  by content; print renditions with `crop` are cut around them (`framing.crop_for`).
- `stage.prune()`, called at the end of a build, deletes the cached renditions
  of the kinds (web, print) this stage made that it did not use: only the files
  a folder's own records (manifest, pending list) name, never by pattern.
- Nothing is ever written into the journal; renditions live in
  `settings.cache_dir`; writes are atomic.

The cache: `web/<key>/<width>.<ext>`, `print/<key>/print.jpg` and `framing/<key>/` (a
manifest only), where the key
digests the photo's bytes, the rendition settings and PIPELINE_VERSION (so URLs
are stable and a change of either makes new files); each folder's
`manifest.json` is written last and lists its files with their sizes, so a
build killed halfway leaves nothing a later build trusts (`.pending.json`,
written first, names the files about to be written, so that pruning can delete
them too). `sources.json` maps (path, size, mtime, ctime, inode) to the content
digest, so a warm build reads no photo.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from memorybook import framing, imaging, safety
from memorybook.errors import Problem
from memorybook.files import DISK_ERRNOS, os_error_cause, write_atomic
from memorybook.journal import Photo
from memorybook.settings import Settings

PIPELINE_VERSION = 3
"""Bump when renditions change for the same inputs: every cache key includes it."""
KEY_LENGTH = 12
INDEX_NAME = "sources.json"
MANIFEST = "manifest.json"
PENDING = ".pending.json"
"""Lists a folder's files before they are written, so that pruning a folder left by a killed
build still deletes only what memorybook recorded as its own."""
PRINT_NAME = "print.jpg"
PROGRESS_MIN = 10
"""Fewer photos than this to render finish too quickly to need a progress line."""
STALE_TEMP_SECONDS = 3600
CRASHED = "stopped the program reading it (a damaged file, or not enough memory for it)"
_T = TypeVar("_T")


@dataclass(frozen=True)
class Rendition:
    """One resized, re-encoded file of a photo."""

    url: str
    """Path relative to the site root, with `/`, e.g. `photos/3fa2c1d0e9b8/960.webp`."""
    width: int
    height: int


@dataclass(frozen=True)
class WebPhoto:
    """What a page needs to show one photo responsively."""

    photo: Photo
    renditions: tuple[Rendition, ...]
    """Ascending width; never wider than the original."""
    placeholder: str
    """A CSS colour (the photo's average) shown while it loads."""

    @property
    def width(self) -> int:
        """Intrinsic width of the largest rendition, for `<img width>`."""
        return self.renditions[-1].width

    @property
    def height(self) -> int:
        return self.renditions[-1].height

    @property
    def src(self) -> str:
        """The fallback `src`: the middle rendition."""
        return self.renditions[len(self.renditions) // 2].url

    def srcset(self, prefix: str = "") -> str:
        """`srcset` value; `prefix` is the page's relative path to the site root (e.g. `../../`)."""
        return ", ".join(f"{prefix}{r.url} {r.width}w" for r in self.renditions)


@dataclass
class WebPhotos:
    """The outcome of the web stage for a whole build."""

    photos: dict[str, WebPhoto] = field(default_factory=dict)
    """By `Photo.rel`; a photo that failed is absent (pages show a placeholder)."""
    files: dict[str, Path] = field(default_factory=dict)
    """Site-relative URL -> cached file to copy (or link) into the site."""
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class PrintRequest:
    """A photo placed in the book at a size, in inches."""

    photo: Photo
    width_in: float
    height_in: float
    crop: bool = False
    """True: cover the box (cropping the centre); False: fit inside it."""
    ppi: int | None = None
    """Target resolution instead of `print_ppi` (still capped at `max_print_ppi`)."""


@dataclass(frozen=True)
class PrintPhoto:
    """A print rendition and how sharp it will print."""

    request: PrintRequest
    path: Path
    """A metadata-free sRGB JPEG in the cache."""
    pixel_width: int
    pixel_height: int
    effective_ppi: float
    """Pixels per inch at the placed size (below print_ppi when the original is too small)."""


@dataclass(frozen=True)
class RunStats:
    """What the last call of a stage did: tests and the benchmark check a warm build is free."""

    photos: int = 0
    """Distinct photos (or print requests) asked for."""
    hashed: int = 0
    """Files whose bytes were read to find their content digest."""
    rendered: int = 0
    """Photos decoded and encoded (cache misses)."""
    failed: int = 0


class PhotoStage:
    """Makes renditions for one build, using the cache under `settings.cache_dir`."""

    def __init__(
        self, settings: Settings, *, jobs: int | None = None, progress: bool = True
    ) -> None:
        safety.check_cache_dir(settings)  # pruning must never reach the user's own files
        self.settings = settings
        self.jobs = jobs
        self.progress = progress
        self.cache = settings.cache_dir
        self.stats = RunStats()
        """Counts of the last `web`, `print` or `dimensions` call."""
        self._index = _SourceIndex(self.cache / INDEX_NAME)
        self._used: dict[str, set[str]] = {}

    def web(self, photos: Sequence[Photo]) -> WebPhotos:
        """Web renditions of every photo (made, or found in the cache), with problems located."""
        spec = self.settings.photos
        uses = _by_key(photos, lambda photo: photo.rel)
        jobs = {
            rel: _WebJob(group[0].path, None, self.cache, spec.widths, spec.format, spec.quality)
            for rel, group in uses.items()
        }
        result = WebPhotos()
        for rel, done in self._run(jobs, "web").items():
            if done.error is not None:
                result.problems.extend(_problem(photo, done.error) for photo in uses[rel])
                continue
            web = _web_photo(uses[rel][0], done)
            result.photos[rel] = web
            for rendition, name in zip(web.renditions, done.manifest["files"], strict=True):
                result.files[rendition.url] = self.cache / "web" / done.key / name
        return result

    def dimensions(self, photos: Sequence[Photo]) -> Mapping[str, tuple[int, int]]:
        """Oriented (width, height) by `Photo.rel`; unreadable photos are absent."""
        sizes: dict[str, tuple[int, int]] = {}
        for photo in photos:
            stat = _stat(photo.path)
            known = self._index.dims(photo.path, stat) if stat else None
            if stat and known is None:
                known = _read_dimensions(photo.path)
                if known:
                    self._index.put(photo.path, stat, dims=known)
            if known:
                sizes[photo.rel] = known
        self._index.save()
        return sizes

    def framings(self, photos: Sequence[Photo]) -> Mapping[str, framing.Framing]:
        """Where each photo's faces are (`framing.analyse`), by `Photo.rel`, found in parallel
        and cached by content; unreadable photos are absent (their problem is reported where
        their renditions are made)."""
        jobs = {photo.rel: _FramingJob(photo.path, None, self.cache) for photo in photos}
        found: dict[str, framing.Framing] = {}
        for rel, done in self._run(jobs, "framing").items():
            with contextlib.suppress(ValueError):
                if done.error is None:
                    found[rel] = framing.Framing.from_json(done.manifest.get("framing"))
        return found

    def print(self, requests: Sequence[PrintRequest]) -> tuple[list[PrintPhoto], list[Problem]]:
        """Print renditions for placed sizes, in the order asked; failures become problems."""
        spec = self.settings.photos
        uses = _by_key(requests, _print_id)
        jobs = {
            ident: _PrintJob(
                group[0].photo.path,
                None,
                self.cache,
                (group[0].width_in, group[0].height_in),
                min(group[0].ppi or spec.print_ppi, spec.max_print_ppi),
                group[0].crop,
            )
            for ident, group in uses.items()
        }
        outcomes = self._run(jobs, "print")
        done_list: list[PrintPhoto] = []
        problems: list[Problem] = []
        for request in requests:
            done = outcomes[_print_id(request)]
            if done.error is not None:
                problems.append(_problem(request.photo, done.error))
            else:
                done_list.append(_print_photo(request, self.cache / "print" / done.key, done))
            if request.crop and done.sha:  # its crop was cut around the faces found: keep them
                framed = _FramingJob(request.photo.path, done.sha, self.cache)
                self._used.setdefault("framing", set()).add(framed.key(done.sha))
        return done_list, _unique(problems)

    def prune(self, *, grace_days: float = 0) -> int:
        """Delete cached renditions this stage did not use (only for the kinds it made), stale
        temporary files and index rows of vanished photos; returns how many folders went.

        Only files a record of memorybook's lists are deleted (a folder's manifest, or the list
        written before its files), never whatever a folder holds: a file memorybook did not
        write stays, and so does its folder.

        With `grace_days`, an unused rendition stays until it has not been used for that long:
        the book passes it, so the renditions of another year's book (or of the layout before
        the last edit) stay warm for a while but do not pile up for ever.
        """
        removed = 0
        cutoff = time.time() - grace_days * 86400
        for kind, used in self._used.items():
            folder = self.cache / kind
            for child in sorted(folder.iterdir()) if folder.is_dir() else []:
                if child.name in used:
                    _remove_stale_temp_files(child)
                    if grace_days:
                        with contextlib.suppress(OSError):
                            os.utime(child)  # its last use, for the grace period
                elif not grace_days or (stat := _stat(child)) is None or stat.st_mtime < cutoff:
                    removed += _remove_recorded(child)
        self._index.forget_missing()
        self._index.save()
        return removed

    # -- running jobs -------------------------------------------------------

    def _run(self, jobs: Mapping[str, _Job], kind: str) -> dict[str, _Done]:
        """Each job's outcome: from the cache when the digest index knows the file, else from a
        worker (which hashes, checks the cache again and renders only on a miss)."""
        outcomes: dict[str, _Done] = {}
        pending: dict[str, _Job] = {}
        stats: dict[str, os.stat_result] = {}
        for ident, job in jobs.items():
            stat = _stat(job.path)
            if stat is None:
                outcomes[ident] = _Done(error="does not exist (any more)")
                continue
            stats[ident] = stat
            sha = self._index.sha(job.path, stat)
            cached = _cached(job, sha) if sha else None
            if cached:
                outcomes[ident] = cached
            else:
                pending[ident] = replace(job, sha=sha)
        outcomes.update(self._work(pending))
        used = self._used.setdefault(kind, set())
        for ident, done in outcomes.items():
            if done.sha and done.key:
                self._index.put(jobs[ident].path, stats[ident], sha=done.sha)
                used.add(done.key)
        self._index.save()
        self.stats = _count(outcomes, pending)
        return outcomes

    def _work(self, jobs: Mapping[str, _Job]) -> dict[str, _Done]:
        """Run jobs in a process pool (in this process when there is only one to do)."""
        progress = _Progress(len(jobs), enabled=self.progress)
        workers = min(self.jobs or os.cpu_count() or 1, len(jobs))
        outcomes: dict[str, _Done] = {}
        if workers <= 1:
            for ident, job in jobs.items():
                outcomes[ident] = progress.step(_execute(job))
        else:
            with contextlib.suppress(BrokenProcessPool), _pool(workers) as pool, _stopped(pool):
                futures = {pool.submit(_execute, job): ident for ident, job in jobs.items()}
                for future in as_completed(futures):
                    if not isinstance(future.exception(), BrokenProcessPool):
                        outcomes[futures[future]] = progress.step(future.result())
            for ident in [ident for ident in jobs if ident not in outcomes]:
                outcomes[ident] = progress.step(_isolated(jobs[ident]))
        progress.close()
        return outcomes


# -- jobs (run in worker processes: plain picklable values in, small results out) -----------


@dataclass(frozen=True)
class _Done:
    """A job's small result: never pixels, only where the files are and what they hold."""

    sha: str = ""
    key: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    hashed: bool = False
    rendered: bool = False


@dataclass(frozen=True)
class _WebJob:
    path: Path
    sha: str | None
    cache: Path
    widths: tuple[int, ...]
    format: str
    quality: int

    def key(self, sha: str) -> str:
        return _digest(f"web:{sha}:{self.format}:{self.quality}:{self.widths}")

    def folder(self, key: str) -> Path:
        return self.cache / "web" / key

    def render(self) -> tuple[dict[str, bytes], dict[str, Any]]:
        """The files to write (name -> bytes) and what the manifest says besides their sizes."""
        encoded, placeholder = imaging.render_web(self.path, self.widths, self.format, self.quality)
        ext = imaging.WEB_EXTENSIONS[self.format]
        files = {f"{item.size[0]}.{ext}": item.data for item in encoded}
        return files, {"sizes": [list(item.size) for item in encoded], "placeholder": placeholder}


@dataclass(frozen=True)
class _PrintJob:
    path: Path
    sha: str | None
    cache: Path
    box_in: tuple[float, float]
    ppi: int
    crop: bool

    def key(self, sha: str) -> str:
        # v2: renditions since the sRGB profile lost its clock stamp and the ppi its rounding;
        # a crop follows the faces found, so it is made again when the detection changes.
        cropped = f":framing{framing.VERSION}" if self.crop else ""
        return _digest(f"print:v2:{sha}:{self.box_in}:{self.ppi}:{self.crop}{cropped}")

    def folder(self, key: str) -> Path:
        return self.cache / "print" / key

    def render(self) -> tuple[dict[str, bytes], dict[str, Any]]:
        place = imaging.centre_crop
        if self.crop and self.sha:
            found = _framing_of(_FramingJob(self.path, self.sha, self.cache))
            place = functools.partial(_keeping, found)
        encoded, ppi = imaging.render_print(
            self.path, self.box_in, self.ppi, crop=self.crop, place=place
        )
        return {PRINT_NAME: encoded.data}, {"sizes": [list(encoded.size)], "effective_ppi": ppi}


@dataclass(frozen=True)
class _FramingJob:
    """Faces and focus of a photo (`framing.analyse`): no file, only the manifest."""

    path: Path
    sha: str | None
    cache: Path

    def key(self, sha: str) -> str:
        return _digest(f"framing:{sha}:{framing.VERSION}")

    def folder(self, key: str) -> Path:
        return self.cache / "framing" / key

    def render(self) -> tuple[dict[str, bytes], dict[str, Any]]:
        return {}, {"framing": framing.analyse(self.path).as_json()}


_Job = _WebJob | _PrintJob | _FramingJob


def _framing_of(job: _FramingJob) -> framing.Framing:
    """A photo's framing from the cache, or found now and cached (a print job's, in its
    worker); a photo the detector cannot read is cropped around its centre."""
    assert job.sha is not None
    done = _cached(job, job.sha) or _execute(job)
    try:
        return framing.Framing.from_json(done.manifest.get("framing"))
    except ValueError:
        return framing.Framing(None)


def _keeping(
    found: framing.Framing, size: tuple[int, int], aspect: float
) -> tuple[int, int, int, int]:
    return framing.crop_for(size, aspect, found.keep, found.focus)


def _execute(job: _Job) -> _Done:
    """Hash (if the index did not know the file), look in the cache, render on a miss."""
    try:
        sha = job.sha or _file_sha(job.path)
    except OSError as exc:
        return _Done(error=f"cannot be read ({os_error_cause(exc)})")
    key = job.key(sha)
    folder = job.folder(key)
    manifest = _read_manifest(folder)
    if manifest is not None:
        return _outcome(sha, key, manifest, hashed=not job.sha)
    try:
        files, manifest = replace(job, sha=sha).render()
    except imaging.BadPhoto as exc:
        # Recorded like a success, so a rebuild does not decode a bad photo again.
        files, manifest = {}, {"error": str(exc)}
    except (OSError, ValueError, MemoryError) as exc:
        return _Done(sha, key, error=_failure(exc), rendered=True)
    try:
        manifest = _store(folder, files, manifest)
    except OSError as exc:
        # Not recorded: a full disk or an unwritable cache is not the photo's fault.
        return _Done(sha, key, error=_not_saved(exc), rendered=True)
    return _outcome(sha, key, manifest, hashed=not job.sha, rendered=True)


def _store(folder: Path, files: Mapping[str, bytes], manifest: dict[str, Any]) -> dict[str, Any]:
    """Write a rendition folder: the list of its files first (what pruning may delete), then
    the files, then the manifest, last: a folder without one (a build killed halfway) is never
    trusted."""
    write_atomic(folder / PENDING, json.dumps(sorted(files)).encode())
    for name, data in files.items():
        write_atomic(folder / name, data)
    manifest = {"files": {name: len(data) for name, data in files.items()}, **manifest}
    write_atomic(folder / MANIFEST, json.dumps(manifest).encode())
    (folder / PENDING).unlink(missing_ok=True)
    return manifest


def _pool(workers: int) -> ProcessPoolExecutor:
    context = _pool_context()
    # A forked worker's parent is this process; a fork server's (which ends with us) is not.
    parent = os.getpid() if context.get_start_method() == "fork" else None
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(parent,)
    )


@contextlib.contextmanager
def _stopped(pool: ProcessPoolExecutor) -> Iterator[None]:
    """On Ctrl-C (or any other exit but a normal one) stop at once: cancel the photos not
    started and end the workers mid-photo instead of letting them finish the queue. What they
    were writing is safe to lose: a folder's manifest is written last."""
    try:
        yield
    except BaseException:
        workers = list((getattr(pool, "_processes", None) or {}).values())  # gone after shutdown
        pool.shutdown(wait=False, cancel_futures=True)
        _terminate(workers)
        raise


def _terminate(workers: list[BaseProcess]) -> None:
    for process in workers:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)


def _start_worker(parent: int | None) -> None:
    """A worker leaves Ctrl-C to its build (which then ends it), dies with its build even when
    that is killed outright, and keeps freed image memory for the next photo."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    imaging.tune_allocator()


def _die_with_parent(parent: int | None) -> None:
    """Ask Linux to end this process when its parent dies (a kill -9 of the build): a worker
    never outlives its build. Elsewhere the pool's own shutdown has to do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:  # it died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _isolated(job: _Job) -> _Done:
    """A job left over when a worker died (killed for memory, or a decoder crashed on a damaged
    file), run alone in its own worker so that only the photo at fault fails."""
    try:
        with _pool(1) as pool, _stopped(pool):
            return pool.submit(_execute, job).result()
    except BrokenProcessPool:
        return _Done(error=CRASHED, rendered=True)


def _failure(exc: BaseException) -> str:
    """Why a photo failed for a reason other than its content, in the user's words."""
    if isinstance(exc, OSError) and (exc.filename or exc.errno in DISK_ERRNOS):
        return _not_saved(exc)
    return f"could not be converted ({exc})"


def _not_saved(exc: OSError) -> str:
    """A rendition that could not be written: the cache's fault (or the disk's), never the
    photo's."""
    where = f": {exc.filename}" if exc.filename and exc.errno not in DISK_ERRNOS else ""
    return f"could not be saved in the cache ({os_error_cause(exc)}{where})"


def _outcome(sha: str, key: str, manifest: dict[str, Any], **counts: bool) -> _Done:
    error = manifest.get("error")
    return _Done(sha, key, manifest, error=str(error) if error else None, **counts)


def _cached(job: _Job, sha: str) -> _Done | None:
    key = job.key(sha)
    manifest = _read_manifest(job.folder(key))
    return _outcome(sha, key, manifest) if manifest is not None else None


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    """The folder's manifest when every file it lists is there at its full size, else None."""
    try:
        manifest = json.loads((folder / MANIFEST).read_bytes())
        files = manifest["files"]
        for name, size in files.items():
            if (folder / name).stat().st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _digest(text: str) -> str:
    """A rendition folder's name: content, settings and pipeline version, so URLs are stable."""
    return hashlib.sha256(f"{PIPELINE_VERSION}:{text}".encode()).hexdigest()[:KEY_LENGTH]


def _file_sha(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _read_dimensions(path: Path) -> tuple[int, int] | None:
    """Oriented size from the header alone (no pixels decoded), or None if unreadable."""
    try:
        with imaging.open_photo(path) as im:
            return imaging.oriented(im.size, imaging.orientation_of(im))
    except imaging.BadPhoto:
        return None


def _pool_context() -> BaseContext:
    """Fork when it is safe (Linux, no other thread): workers start at once with everything
    imported; beside threads (mkdocs serve) a fork server avoids inheriting a held lock (like
    spawn, it imports the main script, which must then be guarded by `__name__`)."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["memorybook.photos"])
    return context


# -- the digest index ----------------------------------------------------------------------


class _SourceIndex:
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
        if isinstance(row, list) and len(row) == 6 and row[:4] == _identity(stat):
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
        old = self._row(path, stat) or [*_identity(stat), None, None]
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


def _identity(stat: os.stat_result) -> list[int]:
    """What tells one version of a file from another without reading it."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


# -- small helpers ------------------------------------------------------------------------


class _Progress:
    """`photos [#######-------------] 12/80  0:09 left` on stderr, only for long runs on a
    terminal (never in logs or CI), redrawn in place."""

    WIDTH = 24

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled and total >= PROGRESS_MIN and sys.stderr.isatty()
        self.start = time.monotonic()

    def step(self, done: _Done) -> _Done:
        self.done += 1
        if self.enabled:
            sys.stderr.write(f"\r{self.line()}")
            sys.stderr.flush()
        return done

    def line(self) -> str:
        filled = self.WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.start
        if self.done == self.total:
            when = f"done in {_clock(elapsed)}"
        else:
            when = f"{_clock(elapsed / self.done * (self.total - self.done))} left"
        return f"photos [{bar}] {self.done:>{len(str(self.total))}}/{self.total}  {when}  "

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _by_key(items: Sequence[_T], key: Callable[[_T], str]) -> dict[str, list[_T]]:
    groups: dict[str, list[_T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def _print_id(request: PrintRequest) -> str:
    parts = (request.photo.rel, request.width_in, request.height_in, request.crop, request.ppi)
    return "|".join(map(str, parts))


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def probe(photo: Photo) -> Problem | None:
    """What a build would say of a photo it cannot even open (empty, not an image, too
    large), found from its header alone: `check` says it first without decoding pixels."""
    try:
        with imaging.open_photo(photo.path):
            return None
    except imaging.BadPhoto as exc:
        return _problem(photo, str(exc))
    except OSError as exc:
        return _problem(photo, f"cannot be read ({os_error_cause(exc)})")


def _problem(photo: Photo, reason: str) -> Problem:
    """The problem at the line of the entry that names the photo."""
    return Problem(photo.entry, photo.line, f"photo {photo.rel} {reason}", _hint(reason))


def _hint(reason: str) -> str:
    if "disk is full" in reason or "quota" in reason:
        return "free some space on the disk of the cache folder (photos.cache_dir) and build again"
    if "cache" in reason:
        return "check that the cache folder (photos.cache_dir) is a folder you can write to"
    if "large" in reason:
        return "make a smaller copy (under about 89 megapixels) and use that"
    if "cannot be read" in reason:
        return "check that the photo is a file you can open (memorybook only reads it)"
    if "not an image" in reason:
        return "use JPEG, PNG, WebP, GIF, TIFF or HEIC; the page shows a placeholder meanwhile"
    return "copy or export the photo again from its source; the page shows a placeholder meanwhile"


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _web_photo(photo: Photo, done: _Done) -> WebPhoto:
    files, sizes = done.manifest["files"], done.manifest["sizes"]
    renditions = tuple(
        Rendition(f"photos/{done.key}/{name}", width, height)
        for name, (width, height) in zip(files, sizes, strict=True)
    )
    return WebPhoto(photo=photo, renditions=renditions, placeholder=done.manifest["placeholder"])


def _print_photo(request: PrintRequest, folder: Path, done: _Done) -> PrintPhoto:
    (width, height) = done.manifest["sizes"][0]
    return PrintPhoto(
        request=request,
        path=folder / PRINT_NAME,
        pixel_width=width,
        pixel_height=height,
        effective_ppi=float(done.manifest["effective_ppi"]),
    )


def _count(outcomes: Mapping[str, _Done], pending: Mapping[str, _Job]) -> RunStats:
    return RunStats(
        photos=len(outcomes),
        hashed=sum(done.hashed for done in outcomes.values()),
        rendered=sum(done.rendered for done in outcomes.values()),
        failed=sum(done.error is not None for done in outcomes.values()),
    )


def _recorded_names(folder: Path) -> set[str]:
    """The files a rendition folder's own records list: its manifest and its list of files
    about to be written; only plain names (a record never reaches outside its folder)."""
    names: set[str] = set()
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, AttributeError):
        names.update(json.loads((folder / MANIFEST).read_bytes())["files"])
    with contextlib.suppress(OSError, ValueError, TypeError):
        names.update(json.loads((folder / PENDING).read_bytes()))
    plain = {name for name in names if isinstance(name, str) and name == Path(name).name}
    return plain - {"", ".", ".."}


def _temp_files(folder: Path, names: set[str]) -> list[Path]:
    """Temporary files `write_atomic` left for these names (a build killed mid-write)."""
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    prefixes = tuple(f".{name}." for name in names)
    return [c for c in children if c.name.startswith(prefixes) and c.name.endswith(".tmp")]


def _remove_recorded(folder: Path) -> bool:
    """Delete what memorybook's records say it wrote in `folder` (the files, their temporary
    files, the records), then the folder if nothing else is left; True if it held records."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    if not (folder / MANIFEST).is_file() and not (folder / PENDING).is_file():
        return False  # no record of ours: not memorybook's to delete
    names = _recorded_names(folder)
    records = names | {MANIFEST, PENDING}
    for path in [folder / name for name in records] + _temp_files(folder, records):
        with contextlib.suppress(OSError):  # one that cannot go stays, and so does the folder
            path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when empty: anything not recorded stays
    return True


def _remove_stale_temp_files(folder: Path) -> None:
    """Leftovers of a killed build: never trusted (no manifest lists them), removed when old."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in _temp_files(folder, _recorded_names(folder) | {MANIFEST, PENDING}):
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
