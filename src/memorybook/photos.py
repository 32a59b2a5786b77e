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
- Nothing is ever written into the journal; renditions live in
  `settings.cache_dir`; writes are atomic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from memorybook.errors import Problem
from memorybook.journal import Photo
from memorybook.settings import Settings


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


class PhotoStage:
    """Makes renditions for one build, using the cache under `settings.cache_dir`."""

    def __init__(
        self, settings: Settings, *, jobs: int | None = None, progress: bool = False
    ) -> None:
        self.settings = settings
        self.jobs = jobs
        self.progress = progress

    def web(self, photos: Sequence[Photo]) -> WebPhotos:
        raise NotImplementedError("photo pipeline: issue 3")

    def dimensions(self, photos: Sequence[Photo]) -> Mapping[str, tuple[int, int]]:
        """Oriented (width, height) by `Photo.rel`; unreadable photos are absent."""
        raise NotImplementedError("photo pipeline: issue 3")

    def print(self, requests: Sequence[PrintRequest]) -> tuple[list[PrintPhoto], list[Problem]]:
        raise NotImplementedError("photo pipeline: issue 3")
