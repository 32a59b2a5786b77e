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
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar

from memorybook import framing, photo_pool, photo_problems, safety
from memorybook.errors import Problem
from memorybook.journal import Photo
from memorybook.photo_cache import (
    INDEX_NAME,
    Remembered,
    SourceIndex,
    remove_recorded,
    remove_stale_temp_files,
)
from memorybook.photo_jobs import (
    POSTER_NAME,
    PRINT_NAME,
    ClipJob,
    Done,
    FramingJob,
    Job,
    PosterJob,
    PrintJob,
    WebJob,
    cached,
    execute,
    read_dimensions,
)
from memorybook.settings import Settings

PROGRESS_MIN = 10
"""Fewer photos than this to render finish too quickly to need a progress line."""
_T = TypeVar("_T")


@dataclass(frozen=True)
class Rendition:
    """One resized, re-encoded file of a photo."""

    url: str
    """Path relative to the site root, with `/`, e.g. `photos/3fa2c1d0e9b8/960.webp`."""
    width: int
    height: int


@dataclass(frozen=True)
class WebClip:
    """A clip's web rendition: H.264/AAC MP4, upright, metadata-free, `faststart`."""

    url: str
    """Path relative to the site root, with `/`, e.g. `clips/3fa2c1d0e9b8/720.mp4`."""
    width: int
    height: int
    """Displayed size, the phone's rotation applied."""
    duration: float
    """Seconds."""
    has_audio: bool


@dataclass(frozen=True)
class WebPhoto:
    """What a page needs to show one photo responsively; for a clip, its poster frame's."""

    photo: Photo
    renditions: tuple[Rendition, ...]
    """Ascending width; never wider than the original. For a clip: its poster frame's."""
    placeholder: str
    """A CSS colour (the photo's average) shown while it loads."""
    clip: WebClip | None = None
    """The moving picture: the clip itself (`photo.is_clip`), or a Live Photo's motion."""

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
    """Photos decoded and encoded (cache misses): for a clip, its web MP4, its poster and the
    poster's web renditions count one each."""
    failed: int = 0
    clips: int = 0
    """Clips transcoded to a web MP4 (cache misses)."""


class PhotoStage:
    """Makes renditions for one build, using the cache under `settings.cache_dir`."""

    def __init__(
        self,
        settings: Settings,
        *,
        jobs: int | None = None,
        progress: bool = True,
        remembered: Remembered | None = None,
    ) -> None:
        safety.check_cache_dir(settings)  # pruning must never reach the user's own files
        self.settings = settings
        self.remembered = remembered
        """The preview's memory of its last build: photos unchanged since are not looked up."""
        self.jobs = jobs
        self.progress = progress
        self.cache = settings.cache_dir
        self.stats = RunStats()
        """Counts of the last `web`, `print` or `dimensions` call."""
        self._index = SourceIndex(self.cache / INDEX_NAME)
        self._used: dict[str, set[str]] = {}

    def web(self, photos: Sequence[Photo]) -> WebPhotos:
        """Web renditions of every photo (made, or found in the cache), with problems located.

        A clip's renditions are its poster frame's, beside its web MP4 (`WebPhoto.clip`); a
        Live Photo's are its still's, beside its motion's MP4. The clips, posters and photos
        are made in one go through the pool, then the posters' renditions."""
        self._making(WebJob, ClipJob, PosterJob)
        uses = _by_key(photos, lambda photo: photo.rel)
        firsts = {rel: group[0] for rel, group in uses.items()}
        jobs = _first_jobs(firsts, self._web_job, self.cache)
        outcomes = self._run(jobs)
        made = self.stats
        posters = {
            rel: self._web_job(self.cache / "posters" / outcomes[rel].key / POSTER_NAME)
            for rel, photo in firsts.items()
            if photo.is_clip and outcomes[rel].error is None
        }
        outcomes |= self._run(posters)  # a clip's still is now its poster's renditions
        self.stats = _added(made, self.stats, photos=len(uses))
        result = WebPhotos()
        for rel, group in uses.items():
            still, motion = outcomes[rel], outcomes.get(_MOTION + rel)
            _add_web(result, group, still, motion, self._web_files, self.cache)
        return result

    def _web_job(self, path: Path) -> WebJob:
        spec = self.settings.photos
        return WebJob(path, None, self.cache, spec.widths, spec.format, spec.quality)

    def _web_files(self, done: Done) -> tuple[tuple[Rendition, ...], dict[str, Path]]:
        """A web rendition folder's renditions, and the site's files (URL -> cached file);
        previewing, worked out once per folder (a save does not redo it for every photo)."""
        known = self.remembered.renditions if self.remembered is not None else {}
        if (self.cache, done.key) not in known:
            renditions = _renditions(done)
            folder = self.cache / "web" / done.key
            names = done.manifest["files"]
            files = {r.url: folder / name for r, name in zip(renditions, names, strict=True)}
            known[(self.cache, done.key)] = (renditions, files)
        found: tuple[tuple[Rendition, ...], dict[str, Path]] = known[(self.cache, done.key)]
        return found

    def dimensions(self, photos: Sequence[Photo]) -> Mapping[str, tuple[int, int]]:
        """Oriented (width, height) by `Photo.rel`; unreadable photos are absent."""
        sizes: dict[str, tuple[int, int]] = {}
        for photo in photos:
            stat = _stat(photo.path)
            known = self._index.dims(photo.path, stat) if stat else None
            if stat and known is None:
                known = read_dimensions(photo.path)
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
        self._making(FramingJob, PosterJob)
        stills, _ = self._stills(photos)
        jobs = {rel: FramingJob(path, None, self.cache) for rel, path in stills.items()}
        found: dict[str, framing.Framing] = {}
        for rel, done in self._run(jobs).items():
            with contextlib.suppress(ValueError):
                if done.error is None:
                    found[rel] = framing.Framing.from_json(done.manifest.get("framing"))
        return found

    def print(self, requests: Sequence[PrintRequest]) -> tuple[list[PrintPhoto], list[Problem]]:
        """Print renditions for placed sizes, in the order asked; failures become problems.
        A clip prints as its poster frame."""
        spec = self.settings.photos
        self._making(PrintJob, PosterJob)
        uses = _by_key(requests, _print_id)
        stills, failures = self._stills([r.photo for r in requests])
        jobs = {
            ident: PrintJob(
                stills[group[0].photo.rel],
                None,
                self.cache,
                (group[0].width_in, group[0].height_in),
                min(group[0].ppi or spec.print_ppi, spec.max_print_ppi),
                group[0].crop,
            )
            for ident, group in uses.items()
            if group[0].photo.rel in stills
        }
        outcomes = self._run(jobs)
        outcomes |= {
            ident: failures[group[0].photo.rel]
            for ident, group in uses.items()
            if ident not in outcomes
        }
        done_list: list[PrintPhoto] = []
        problems: list[Problem] = []
        for request in requests:
            done = outcomes[_print_id(request)]
            if done.error is not None:
                problems.append(photo_problems.located(request.photo, done.error))
            else:
                done_list.append(_print_photo(request, self.cache / "print" / done.key, done))
            if request.crop and done.sha:  # its crop was cut around the faces found: keep them
                framed = FramingJob(stills[request.photo.rel], done.sha, self.cache)
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
        used_now = {kind: frozenset(used) for kind, used in self._used.items()}
        if self.remembered is not None and self.remembered.pruned_with == used_now:
            return 0  # the same renditions as the last pruning, which left only those
        removed = 0
        cutoff = time.time() - grace_days * 86400
        for kind, used in self._used.items():
            folder = self.cache / kind
            for child in sorted(folder.iterdir()) if folder.is_dir() else []:
                if child.name in used:
                    remove_stale_temp_files(child)
                    if grace_days or kind == PosterJob.KIND:  # posters: the site's and the book's
                        with contextlib.suppress(OSError):
                            os.utime(child)  # its last use, for the grace period
                elif not grace_days or (stat := _stat(child)) is None or stat.st_mtime < cutoff:
                    removed += remove_recorded(child)
        self._index.forget_missing()
        self._index.save()
        if self.remembered is not None:
            self.remembered.pruned_with = used_now
        return removed

    def _making(self, *jobs: type[Job]) -> None:
        """This stage makes these kinds: pruning looks at their folders, even when no photo
        of a kind is left (a build without photos removes every web rendition)."""
        for job in jobs:
            self._used.setdefault(job.KIND, set())

    # -- clips' posters -----------------------------------------------------

    def _stills(self, photos: Sequence[Photo]) -> tuple[dict[str, Path], dict[str, Done]]:
        """The still to read for each photo, by `Photo.rel`: the photo itself, or for a clip its
        poster frame in the cache (made if need be); and the outcome of each clip whose poster
        could not be made."""
        stills = {photo.rel: photo.path for photo in photos if not photo.is_clip}
        jobs: dict[str, Job] = {
            photo.rel: PosterJob(photo.path, None, self.cache) for photo in photos if photo.is_clip
        }
        failures = {}
        for rel, done in self._run(jobs).items() if jobs else ():
            if done.error is None:
                stills[rel] = self.cache / "posters" / done.key / POSTER_NAME
            else:
                failures[rel] = done
        return stills, failures

    # -- running jobs -------------------------------------------------------

    def _run(self, jobs: Mapping[str, Job]) -> dict[str, Done]:
        """Each job's outcome: from the cache when the digest index knows the file, else from a
        worker (which hashes, checks the cache again and renders only on a miss)."""
        outcomes: dict[str, Done] = {}
        pending: dict[str, Job] = {}
        stats: dict[str, os.stat_result] = {}
        for ident, job in jobs.items():
            stat = _stat(job.path)
            if stat is None:
                outcomes[ident] = Done(error="does not exist (any more)")
                continue
            stats[ident] = stat
            known = self.remembered.get(job, stat) if self.remembered else None
            if known is not None:
                outcomes[ident] = known
                continue
            sha = self._index.sha(job.path, stat)
            found = cached(job, sha) if sha else None
            if found:
                outcomes[ident] = found
            else:
                pending[ident] = replace(job, sha=sha)
        outcomes.update(self._work(pending))
        for ident, done in outcomes.items():
            if done.sha and done.key:
                self._index.put(jobs[ident].path, stats[ident], sha=done.sha)
                self._used.setdefault(jobs[ident].KIND, set()).add(done.key)
            if self.remembered is not None and ident in stats:
                self.remembered.put(jobs[ident], stats[ident], done)
        self._index.save()
        self.stats = _count(outcomes, jobs)
        return outcomes

    def _work(self, jobs: Mapping[str, Job]) -> dict[str, Done]:
        """Run jobs in a process pool (in this process when there is only one to do)."""
        progress = _Progress(len(jobs), enabled=self.progress)
        workers = min(self.jobs or os.cpu_count() or 1, len(jobs))
        outcomes: dict[str, Done] = {}
        if workers <= 1:
            for ident, job in jobs.items():
                outcomes[ident] = progress.step(execute(job))
        else:
            with (
                contextlib.suppress(BrokenProcessPool),
                photo_pool.start_pool(workers) as pool,
                photo_pool.stopped(pool),
            ):
                futures = {pool.submit(execute, job): ident for ident, job in jobs.items()}
                for future in as_completed(futures):
                    if not isinstance(future.exception(), BrokenProcessPool):
                        outcomes[futures[future]] = progress.step(future.result())
            for ident in [ident for ident in jobs if ident not in outcomes]:
                outcomes[ident] = progress.step(photo_pool.isolated(jobs[ident]))
        progress.close()
        return outcomes


# -- jobs (run in worker processes: plain picklable values in, small results out) -----------


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

    def step(self, done: Done) -> Done:
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


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _renditions(done: Done) -> tuple[Rendition, ...]:
    files, sizes = done.manifest["files"], done.manifest["sizes"]
    return tuple(
        Rendition(f"photos/{done.key}/{name}", width, height)
        for name, (width, height) in zip(files, sizes, strict=True)
    )


def _print_photo(request: PrintRequest, folder: Path, done: Done) -> PrintPhoto:
    (width, height) = done.manifest["sizes"][0]
    return PrintPhoto(
        request=request,
        path=folder / PRINT_NAME,
        pixel_width=width,
        pixel_height=height,
        effective_ppi=float(done.manifest["effective_ppi"]),
    )


def _count(outcomes: Mapping[str, Done], jobs: Mapping[str, Job]) -> RunStats:
    return RunStats(
        photos=sum(not ident.startswith(_MOTION) for ident in outcomes),
        hashed=sum(done.hashed for done in outcomes.values()),
        rendered=sum(done.rendered for done in outcomes.values()),
        failed=sum(done.error is not None for done in outcomes.values()),
        clips=sum(done.rendered and jobs[i].KIND == ClipJob.KIND for i, done in outcomes.items()),
    )


def _first_jobs(
    photos: Mapping[str, Photo], web_job: Callable[[Path], WebJob], cache: Path
) -> dict[str, Job]:
    """Each photo's web job (a clip's poster first), and each clip's (or Live Photo's) MP4."""
    jobs: dict[str, Job] = {}
    for rel, photo in photos.items():
        jobs[rel] = PosterJob(photo.path, None, cache) if photo.is_clip else web_job(photo.path)
        moving = photo.path if photo.is_clip else photo.motion
        if moving is not None:
            jobs[_MOTION + rel] = ClipJob(moving, None, cache)
    return jobs


def _add_web(
    result: WebPhotos,
    group: list[Photo],
    still: Done,
    motion: Done | None,
    files_of: Callable[[Done], tuple[tuple[Rendition, ...], dict[str, Path]]],
    cache: Path,
) -> None:
    """One photo's (or clip's) outcome into the result: its renditions and files, or its
    problems (a clip's MP4 that failed fails the clip; a Live Photo keeps its still)."""
    photo = group[0]
    failed = still.error or (motion.error if motion and photo.is_clip else None)
    if failed is not None:
        result.problems.extend(photo_problems.located(use, failed) for use in group)
        return
    clip = None
    if motion is not None and motion.error is not None:
        result.problems.extend(photo_problems.of_motion(use, motion.error) for use in group)
    elif motion is not None:
        clip = _web_clip(motion)
        result.files[clip.url] = cache / "clips" / motion.key / _clip_name(motion)
    renditions, files = files_of(still)
    result.photos[photo.rel] = WebPhoto(photo, renditions, still.manifest["placeholder"], clip)
    result.files.update(files)


def _added(first: RunStats, then: RunStats, *, photos: int) -> RunStats:
    """Two runs' counts as one, for `photos` asked for."""
    sums = {f.name: getattr(first, f.name) + getattr(then, f.name) for f in fields(RunStats)}
    return RunStats(**(sums | {"photos": photos}))


_MOTION = "motion:"
"""Prefix of a job's name for a clip's (or Live Photo's) web MP4, beside the photo's own."""


def _clip_name(done: Done) -> str:
    (name,) = done.manifest["files"]
    return str(name)


def _web_clip(done: Done) -> WebClip:
    (width, height) = done.manifest["sizes"][0]
    return WebClip(
        url=f"clips/{done.key}/{_clip_name(done)}",
        width=width,
        height=height,
        duration=float(done.manifest["duration"]),
        has_audio=bool(done.manifest["has_audio"]),
    )
