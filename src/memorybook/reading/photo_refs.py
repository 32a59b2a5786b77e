"""Photo references: the `photos:` list, images in the body (Markdown and Obsidian `![[..]]`
embeds) and the `cover`, each found beside the entry or in its photo folder and checked
(inside the journal, a known type, there); a bad one is a problem and is left out.

A clip (`.mp4`, `.mov`, `.m4v`, `.webm`) is named the same ways and is a `Photo` too. A
still with a `.mov` of the same name beside it is a Live Photo: one item, its `motion` set.
A `.mov` named itself is a clip, whether or not a still of its name is beside it."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from memorybook.errors import Problem
from memorybook.model import CLIP_EXTENSIONS, PHOTO_EXTENSIONS, Photo
from memorybook.reading.body import prose_lines
from memorybook.reading.files import real
from memorybook.reading.report import Report
from memorybook.reading.values import show

_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<src><[^>\n]+>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\)")
_WIKI_IMAGE = re.compile(r"!\[\[(?P<src>[^\]|\n]+?)(?:\|(?P<opt>[^\]\n]*))?\]\]")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_SHOWN = PHOTO_EXTENSIONS + CLIP_EXTENSIONS
"""What an entry may show: photos and clips."""


def listed(report: Report, value: Any) -> tuple[Photo, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        value = [value]
    lines = report.item_lines.get("photos", [])
    photos = []
    for index, item in enumerate(value):
        line = lines[index] if index < len(lines) else report.line_of("photos")
        photo = _photo_item(report, item, line)
        if photo:
            photos.append(photo)
    return tuple(photos)


def _photo_item(report: Report, item: Any, line: int | None) -> Photo | None:
    if isinstance(item, dict):
        unknown = sorted(set(item) - {"src", "caption", "alt"})
        if unknown:
            report.warn(
                f"unknown photo field `{unknown[0]}`",
                line=line,
                hint="a photo has src, caption and alt",
            )
        if not item.get("src"):
            report.problems.append(
                Problem(report.path, line, "a photo needs `src:`", "write `- src: photo.jpg`")
            )
            return None
        return resolve(
            report,
            str(item["src"]),
            line,
            str(item.get("caption") or ""),
            str(item.get("alt") or ""),
        )
    if isinstance(item, str) and item.strip():
        return resolve(report, item, line)
    report.problems.append(
        Problem(
            report.path, line, f"a photo must be a path or a mapping with src, not {show(item)}"
        )
    )
    return None


def in_body(report: Report, body: str, body_line: int) -> tuple[Photo, ...]:
    photos = []
    for number, text in prose_lines(body, body_line):
        for match in _MD_IMAGE.finditer(text):
            src = match["src"].strip("<>")
            if _URL.match(src):
                if not src.startswith("data:"):
                    report.warn(
                        f"the image {src} is on the internet; the site would ask a "
                        "third party for it",
                        line=number,
                        hint="download it into the entry's folder",
                    )
                continue
            photo = resolve(report, src, number, alt=match["alt"], markup=match[0])
            if photo:
                photos.append(photo)
        for match in _WIKI_IMAGE.finditer(text):
            if PurePosixPath(match["src"].strip()).suffix.lower() in (".md", ""):
                continue  # an embedded note, not an image
            photo = resolve(report, match["src"].strip(), number, markup=match[0], wiki=True)
            if photo:
                photos.append(photo)
    return tuple(photos)


def resolve(
    report: Report,
    src: str,
    line: int | None,
    caption: str = "",
    alt: str = "",
    markup: str = "",
    wiki: bool = False,
) -> Photo | None:
    """A photo path, checked; a bad one is a problem at `line` and gives None."""
    src = src.strip()
    target = _locate(report, src, wiki)
    wrong = _path_problem(report, src, target)
    if wrong:
        report.problems.append(Problem(report.path, line, *wrong))
        return None
    rel = target.relative_to(report.root).as_posix()
    motion = _motion(report, target)
    return Photo(target, report.path, rel, caption, alt or caption, line, markup, motion)


def _motion(report: Report, still: Path) -> Path | None:
    """A Live Photo's `.mov` (any case) of the still's name beside it, inside the journal."""
    if still.suffix.lower() not in PHOTO_EXTENSIONS:
        return None
    folder = still.parent
    if folder not in report.movies:
        report.movies[folder] = _movies_in(folder)
    name = report.movies[folder].get(still.stem)
    motion = real(folder / name) if name else None
    if motion is None or not motion.is_relative_to(report.root) or not motion.is_file():
        return None
    return motion


def _movies_in(folder: Path) -> dict[str, str]:
    """Stem -> file name of each `.mov` in `folder`."""
    try:
        names = os.listdir(folder)
    except OSError:
        return {}
    movies = (name for name in sorted(names) if name.lower().endswith(".mov"))
    return {os.path.splitext(name)[0]: name for name in movies}


def _path_problem(report: Report, src: str, target: Path) -> tuple[str, str] | None:
    """(message, hint) unless the path is relative, inside the journal, known and there.

    A bad photo is an error for `check`, but the entry still loads without it.
    """
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", src):
        return f"photo path {src} is absolute", "write it relative to the entry's folder"
    if not target.is_relative_to(report.root):
        return (
            f"photo {src} is outside the journal folder",
            "copy the photo into the entry's folder",
        )
    if target.suffix.lower() not in _SHOWN:
        return (
            f"photo {src} is not a supported image type",
            "use JPEG, PNG, WebP, GIF, TIFF or HEIC photos, or MP4, MOV, M4V or WebM clips",
        )
    if target.is_dir():
        return f"photo {src} is a folder, not a photo", "name the photo file inside it"
    if not target.is_file():
        if os.path.islink(report.path.parent / src) or os.path.lexists(target):
            return (
                f"photo {src} is a link that leads nowhere (broken, or a loop of links)",
                "replace the link with the photo itself",
            )
        return f"photo {src} does not exist", _missing_hint(report, target, src)
    return None


def _locate(report: Report, src: str, wiki: bool) -> Path:
    """Where `src` is: beside the entry, else in its photo folder (`2024-06-14-hike/`).

    Obsidian embeds may also name a path from the journal root.
    """
    beside = real(report.path.parent / src)
    candidates = [beside, real(report.path.parent / report.path.stem / src)]
    if wiki:
        candidates.append(real(report.root / src))
    return next((c for c in candidates if c.is_file()), beside)


def _missing_hint(report: Report, target: Path, src: str) -> str:
    """A near miss beside the entry or in its photo folder, else where the photo may go."""
    in_photo_folder = (report.path.parent / report.path.stem / src).parent
    for folder in dict.fromkeys((target.parent, in_photo_folder)):
        if folder.is_dir():
            names = [p.name for p in folder.iterdir() if p.suffix.lower() in _SHOWN]
            close = difflib.get_close_matches(target.name, names, n=1, cutoff=0.6)
            if close:
                return f"did you mean {PurePosixPath(src).with_name(close[0])}?"
    beside = report.path.parent.relative_to(report.root).as_posix()
    places = [
        f"{beside}/" if beside != "." else "the journal folder",
        f"{(report.path.parent / report.path.stem).relative_to(report.root).as_posix()}/",
    ]
    return f"put it in {' or '.join(places)}, or fix the name"


def cover(report: Report, value: Any, photos: tuple[Photo, ...]) -> Photo | None:
    if value is None:
        return photos[0] if photos else None
    cover = resolve(report, str(value), report.line_of("cover"))
    return cover or (photos[0] if photos else None)
