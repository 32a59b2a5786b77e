"""Problems with photos and clips, located at the line of the entry that names them, each
with a hint in words; and `probe`, what `check` says of a file before any build opens it."""

from __future__ import annotations

from pathlib import Path

from memorybook import clips, imaging
from memorybook.errors import Problem
from memorybook.files import os_error_cause
from memorybook.model import Photo


def probe(photo: Photo) -> Problem | None:
    """What a build would say of a photo it cannot even open (empty, not an image, too
    large), found from its header alone (a clip's, and its first frame), and of a Live Photo's
    motion: `check` says it first without decoding pixels."""
    if reason := _unreadable(photo.path, clip=photo.is_clip):
        return located(photo, reason)
    if photo.motion is not None and (reason := _unreadable(photo.motion, clip=True)):
        return of_motion(photo, reason)
    return None


def _unreadable(path: Path, *, clip: bool) -> str | None:
    """Why a file cannot be opened, in words; None when it can."""
    try:
        if clip:
            clips.probe(path)
        else:
            with imaging.open_photo(path):
                pass
    except (imaging.BadPhoto, clips.BadClip) as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot be read ({os_error_cause(exc)})"
    return None


def located(photo: Photo, reason: str) -> Problem:
    """The problem at the line of the entry that names the photo (or clip)."""
    if photo.is_clip:
        return Problem(photo.entry, photo.line, f"clip {photo.rel} {reason}", clip_hint(reason))
    return Problem(photo.entry, photo.line, f"photo {photo.rel} {reason}", hint(reason))


def of_motion(photo: Photo, reason: str) -> Problem:
    """A Live Photo whose motion (`.mov`) cannot be used: the still shows, without motion."""
    assert photo.motion is not None
    message = f"the motion of Live Photo {photo.rel} ({photo.motion.name}) {reason}"
    hint = clip_hint(reason).replace("the page shows a placeholder", "the still shows alone")
    return Problem(photo.entry, photo.line, message, hint, "warning")


def clip_hint(reason: str) -> str:
    if "damaged" in reason or "no picture" in reason:
        return (
            "copy or export the clip again from its source (a clip cut off while copying has "
            "lost its index); the page shows a placeholder meanwhile"
        )
    if "format" in reason:
        return "export it as MP4 (H.264 or HEVC); the page shows a placeholder meanwhile"
    if "large" in reason:
        return "export a copy at 4K or smaller and use that"
    return hint(reason)


def hint(reason: str) -> str:
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
