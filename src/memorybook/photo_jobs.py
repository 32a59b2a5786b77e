"""Rendition jobs, run in worker processes (plain picklable values in, small results out):
hash the photo, look in the cache, render on a miss, and write the folder so that a build
killed halfway leaves nothing a later build trusts (the list of files first, the manifest
last)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from memorybook import clips, framing, imaging
from memorybook.files import DISK_ERRNOS, atomic_path, os_error_cause, write_atomic
from memorybook.model import CLIP_EXTENSIONS

PIPELINE_VERSION = 3
"""Bump when renditions change for the same inputs: every cache key includes it."""


KEY_LENGTH = 12


MANIFEST = "manifest.json"


PENDING = ".pending.json"
"""Lists a folder's files before they are written, so that pruning a folder left by a killed
build still deletes only what memorybook recorded as its own."""


PRINT_NAME = "print.jpg"


POSTER_NAME = "poster.jpg"


@dataclass(frozen=True)
class Done:
    """A job's small result: never pixels, only where the files are and what they hold."""

    sha: str = ""
    key: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    hashed: bool = False
    rendered: bool = False


@dataclass(frozen=True)
class _CacheJob:
    """What every job has: the source file, its content digest once known, and the cache it
    writes into, in its own folder `<cache>/<KIND>/<key>`."""

    KIND: ClassVar[str] = ""
    path: Path
    sha: str | None
    cache: Path

    def folder(self, key: str) -> Path:
        return self.cache / self.KIND / key


@dataclass(frozen=True)
class WebJob(_CacheJob):
    KIND: ClassVar[str] = "web"
    widths: tuple[int, ...]
    format: str
    quality: int

    def key(self, sha: str) -> str:
        return digest(f"web:{sha}:{self.format}:{self.quality}:{self.widths}")

    def render(self) -> tuple[dict[str, bytes | Path], dict[str, Any]]:
        """The files to write (name -> bytes) and what the manifest says besides their sizes."""
        encoded, placeholder = imaging.render_web(self.path, self.widths, self.format, self.quality)
        ext = imaging.WEB_EXTENSIONS[self.format]
        files: dict[str, bytes | Path] = {f"{item.size[0]}.{ext}": item.data for item in encoded}
        return files, {"sizes": [list(item.size) for item in encoded], "placeholder": placeholder}


@dataclass(frozen=True)
class PrintJob(_CacheJob):
    KIND: ClassVar[str] = "print"
    box_in: tuple[float, float]
    ppi: int
    crop: bool

    def key(self, sha: str) -> str:
        # v2: renditions since the sRGB profile lost its clock stamp and the ppi its rounding;
        # a crop follows the faces found, so it is made again when the detection changes.
        cropped = f":framing{framing.VERSION}" if self.crop else ""
        return digest(f"print:v2:{sha}:{self.box_in}:{self.ppi}:{self.crop}{cropped}")

    def render(self) -> tuple[dict[str, bytes | Path], dict[str, Any]]:
        place = imaging.centre_crop
        if self.crop and self.sha:
            found = _framing_of(FramingJob(self.path, self.sha, self.cache))
            place = functools.partial(_keeping, found)
        encoded, ppi = imaging.render_print(
            self.path, self.box_in, self.ppi, crop=self.crop, place=place
        )
        return {PRINT_NAME: encoded.data}, {"sizes": [list(encoded.size)], "effective_ppi": ppi}


@dataclass(frozen=True)
class FramingJob(_CacheJob):
    """Faces and focus of a photo (`framing.analyse`): no file, only the manifest."""

    KIND: ClassVar[str] = "framing"

    def key(self, sha: str) -> str:
        return digest(f"framing:{sha}:{framing.VERSION}")

    def render(self) -> tuple[dict[str, bytes | Path], dict[str, Any]]:
        return {}, {"framing": framing.analyse(self.path).as_json()}


@dataclass(frozen=True)
class ClipJob(_CacheJob):
    """A clip's web MP4 (`clips.transcode`), named by its short side (`1080.mp4`); the
    manifest says its size, length and whether it has sound."""

    KIND: ClassVar[str] = "clips"

    def key(self, sha: str) -> str:
        return digest(f"clip:{sha}:{clips.VERSION}:{clips.SETTINGS}")

    def render(self) -> tuple[dict[str, bytes | Path], dict[str, Any]]:
        """Transcoded straight into the cache (FFmpeg writes to a path; a minute of video is
        too large to hold): the folder's list of files is written first, as `store` does."""
        assert self.sha is not None
        size = clips.web_size(clips.probe(self.path).size)
        name = f"{min(size)}.mp4"
        folder = self.folder(self.key(self.sha))
        write_atomic(folder / PENDING, json.dumps([name]).encode())
        with atomic_path(folder / name) as temp:
            made = clips.transcode(self.path, temp, size)
        facts = {"duration": round(made.duration, 3), "has_audio": made.has_audio}
        return {name: folder / name}, {"sizes": [list(made.size)], **facts}


@dataclass(frozen=True)
class PosterJob(_CacheJob):
    """A clip's poster frame (`clips.poster`) as a full-size still, JPEG q92 sRGB without
    metadata: what its web renditions, its print rendition and its framing are made from."""

    KIND: ClassVar[str] = "posters"

    def key(self, sha: str) -> str:
        return digest(f"poster:{sha}:{clips.VERSION}")

    def render(self) -> tuple[dict[str, bytes | Path], dict[str, Any]]:
        image = clips.poster(self.path)
        return {POSTER_NAME: imaging.encode_print(image)}, {"sizes": [list(image.size)]}


Job = WebJob | PrintJob | FramingJob | ClipJob | PosterJob


def _framing_of(job: FramingJob) -> framing.Framing:
    """A photo's framing from the cache, or found now and cached (a print job's, in its
    worker); a photo the detector cannot read is cropped around its centre."""
    assert job.sha is not None
    done = cached(job, job.sha) or execute(job)
    try:
        return framing.Framing.from_json(done.manifest.get("framing"))
    except ValueError:
        return framing.Framing(None)


def _keeping(
    found: framing.Framing, size: tuple[int, int], aspect: float
) -> tuple[int, int, int, int]:
    return framing.crop_for(size, aspect, found.keep, found.focus)


def execute(job: Job) -> Done:
    """Hash (if the index did not know the file), look in the cache, render on a miss."""
    try:
        sha = job.sha or file_sha(job.path)
    except OSError as exc:
        return Done(error=f"cannot be read ({os_error_cause(exc)})")
    key = job.key(sha)
    folder = job.folder(key)
    manifest = read_manifest(folder)
    if manifest is not None:
        return outcome(sha, key, manifest, hashed=not job.sha)
    try:
        files, manifest = replace(job, sha=sha).render()
    except (imaging.BadPhoto, clips.BadClip) as exc:
        # Recorded like a success, so a rebuild does not decode a bad photo again.
        files, manifest = {}, {"error": str(exc)}
    except (OSError, ValueError, MemoryError) as exc:
        return Done(sha, key, error=failure(exc), rendered=True)
    try:
        manifest = store(folder, files, manifest)
    except OSError as exc:
        # Not recorded: a full disk or an unwritable cache is not the photo's fault.
        return Done(sha, key, error=not_saved(exc), rendered=True)
    return outcome(sha, key, manifest, hashed=not job.sha, rendered=True)


def store(
    folder: Path, files: Mapping[str, bytes | Path], manifest: dict[str, Any]
) -> dict[str, Any]:
    """Write a rendition folder: the list of its files first (what pruning may delete), then
    the files, then the manifest, last: a folder without one (a build killed halfway) is never
    trusted. A `Path` is a file the job has written in place already (a clip's MP4)."""
    write_atomic(folder / PENDING, json.dumps(sorted(files)).encode())
    sizes = {}
    for name, data in files.items():
        if isinstance(data, Path):
            sizes[name] = data.stat().st_size
        else:
            write_atomic(folder / name, data)
            sizes[name] = len(data)
    manifest = {"files": sizes, **manifest}
    write_atomic(folder / MANIFEST, json.dumps(manifest).encode())
    (folder / PENDING).unlink(missing_ok=True)
    return manifest


def failure(exc: BaseException) -> str:
    """Why a photo failed for a reason other than its content, in the user's words."""
    if isinstance(exc, OSError) and (exc.filename or exc.errno in DISK_ERRNOS):
        return not_saved(exc)
    return f"could not be converted ({exc})"


def not_saved(exc: OSError) -> str:
    """A rendition that could not be written: the cache's fault (or the disk's), never the
    photo's."""
    where = f": {exc.filename}" if exc.filename and exc.errno not in DISK_ERRNOS else ""
    return f"could not be saved in the cache ({os_error_cause(exc)}{where})"


def outcome(sha: str, key: str, manifest: dict[str, Any], **counts: bool) -> Done:
    error = manifest.get("error")
    return Done(sha, key, manifest, error=str(error) if error else None, **counts)


def cached(job: Job, sha: str) -> Done | None:
    key = job.key(sha)
    manifest = read_manifest(job.folder(key))
    return outcome(sha, key, manifest) if manifest is not None else None


def read_manifest(folder: Path) -> dict[str, Any] | None:
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


def digest(text: str) -> str:
    """A rendition folder's name: content, settings and pipeline version, so URLs are stable."""
    return hashlib.sha256(f"{PIPELINE_VERSION}:{text}".encode()).hexdigest()[:KEY_LENGTH]


def file_sha(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_dimensions(path: Path) -> tuple[int, int] | None:
    """Oriented size from the header alone (no pixels decoded; a clip's first frame only), or
    None if unreadable."""
    if path.suffix.lower() in CLIP_EXTENSIONS:
        try:
            return clips.probe(path).size
        except clips.BadClip:
            return None
    try:
        with imaging.open_photo(path) as im:
            return imaging.oriented(im.size, imaging.orientation_of(im))
    except imaging.BadPhoto:
        return None
