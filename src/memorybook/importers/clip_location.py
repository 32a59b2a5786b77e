"""Where a clip was filmed, taken out of a copy of it, its frames left byte for byte.

Phones write the place a clip was filmed into its metadata: QuickTime's `©xyz` box (in
`udta`), the `com.apple.quicktime.location.ISO6709` key of an `mdta` `meta` box (its value in
`ilst`, `+48.8584+002.2945+035.000/`), and XMP (`exif:GPSLatitude`). As `location.py` does
for photos, every edit keeps every length: coordinates become zeros, XMP's GPS properties
spaces, so no offset (`stco`, `co64`) needs fixing, and the media data (`mdat`) is never
read. Place names in words and the rest of the metadata stay, as they do in a photo's copy;
the site's renditions (clips.py) carry no metadata at all.
"""

from __future__ import annotations

import re

from memorybook.importers.location import (
    DamagedPhoto,
    LocationLeft,
    Unlocated,
    boxes,
    says_where,
)
from memorybook.importers.metadata import Unreadable, blank_gps_in_xmp

ISO6709 = re.compile(rb"[+-]\d{1,2}\.\d+[+-]\d{1,3}\.\d+(?:[+-]\d+(?:\.\d+)?)?(?:CRS[\w:]+)?/")
"""A point as ISO 6709 writes it, decimals and all (what phones write in QuickTime)."""
_XYZ = b"\xa9xyz"
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_MEDIA_BOXES = {b"mdat", b"free", b"skip", b"wide"}
"""Top-level boxes with no metadata in them: the frames and sound, and padding."""
_WEBM = b"\x1a\x45\xdf\xa3"


def without_clip_location(data: bytes) -> Unlocated:
    """The clip (MP4, QuickTime, M4V or WebM) without the place it was filmed;
    `DamagedPhoto` when it cannot be read, `LocationLeft` when it may still say where."""
    buffer = bytearray(data)
    try:
        parts = _metadata_parts(buffer)
    except Unreadable as exc:
        raise DamagedPhoto(f"cannot be read as a clip ({exc})") from None
    for start, end in parts:
        _blank(buffer, start, end)
    if any(_still_says_where(buffer, start, end) for start, end in parts):
        raise LocationLeft(
            "may still say where it was filmed: its metadata holds a place where memorybook "
            "cannot edit it"
        )
    return Unlocated(buffer)


def _metadata_parts(buffer: bytearray) -> list[tuple[int, int]]:
    """Where metadata may be: every top-level box but the media data (MP4, QuickTime); the
    whole file for WebM, whose tags are not boxes."""
    if buffer[:4] == _WEBM:
        return [(0, len(buffer))]
    if buffer[4:8] != b"ftyp":
        raise Unreadable("it is not an MP4, QuickTime or WebM file" if buffer else "it is empty")
    return [
        (start, end)
        for kind, start, end in boxes(buffer, 0, len(buffer))
        if kind not in _MEDIA_BOXES
    ]


def _blank(buffer: bytearray, start: int, end: int) -> None:
    at = buffer.find(_XYZ, start, end)
    while at >= start + 4:
        size = int.from_bytes(buffer[at - 4 : at], "big")
        if 8 < size <= 256 and at - 4 + size <= end:
            buffer[at + 4 : at - 4 + size] = bytes(size - 8)
        at = buffer.find(_XYZ, at + 4, end)
    for match in list(ISO6709.finditer(buffer, start, end)):
        buffer[match.start() : match.end()] = bytes(match.end() - match.start())
    for match in list(_XMP.finditer(buffer, start, end)):
        blank_gps_in_xmp(buffer, match.start(), match.end())


def _still_says_where(buffer: bytearray, start: int, end: int) -> bool:
    """Coordinates left: XMP's GPS names, an ISO 6709 point, a `©xyz` box not emptied."""
    if says_where(buffer, start, end) or ISO6709.search(buffer, start, end):
        return True
    at = buffer.find(_XYZ, start, end)
    while at >= 0:
        size = int.from_bytes(buffer[max(at - 4, 0) : at], "big")
        if any(buffer[at + 4 : min(at - 4 + size, end)]):
            return True
        at = buffer.find(_XYZ, at + 4, end)
    return False
