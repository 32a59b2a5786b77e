"""GPS out of EXIF (a TIFF structure) and XMP (an XML packet), edited in place.

Both edits keep the block's length, so whatever holds the block (a JPEG segment, a WebP
chunk, a HEIC item, a TIFF file) needs no other change: `location.py` finds the blocks,
this module edits them.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Literal

GPS_IFD = 0x8825
"""The IFD0 tag that points to the GPS IFD (latitude, longitude, altitude, ...)."""
XMP_TAG = 700
"""The TIFF tag that holds an XMP packet (TIFF files, and some EXIF blocks)."""
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
"""Bytes per value of each TIFF field type; a value over 4 bytes is stored elsewhere."""
_MAX_IFDS = 64
_ENTRY = 12

_LOCATED = rb"(?!xmlns:)[A-Za-z_][\w.-]*:[\w.-]*(?i:gps|latitude|longitude)[\w.-]*"
"""A qualified XMP name that says where: `exif:GPSLatitude`, `drone-dji:GpsLongitude`."""
_XMP_GPS = re.compile(
    rb"\s" + _LOCATED + rb"\s*=\s*(?:\"[^\"]*\"|'[^']*')"  # an attribute
    rb"|<" + _LOCATED + rb"\b[^>]*?/>"  # an empty element
    rb"|<(" + _LOCATED + rb")\b[^>]*>.{0,2000}?</\1\s*>",  # an element and its content
    re.DOTALL,
)
"""GPS properties, each in full. An element's content is bounded: no GPS value is long
(a longer one is left to `_XMP_GPS_LEFT`)."""
_XMP_GPS_LEFT = re.compile(rb"(?<!xmlns):[\w.-]*(?i:gps|latitude|longitude)")
_MAX_GPS_NAMES = 200
"""A camera writes a few dozen; a packet with more is emptied rather than searched
element by element, which a crafted one could make take hours."""
_EMPTY_XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
_WIDE_STARTS: tuple[tuple[bytes, int, Literal["little", "big"]], ...] = (
    (b"\xff\xfe\0\0", 4, "little"),
    (b"\0\0\xfe\xff", 4, "big"),
    (b"<\0\0\0", 4, "little"),
    (b"\0\0\0<", 4, "big"),
    (b"\xff\xfe", 2, "little"),
    (b"\xfe\xff", 2, "big"),
    (b"<\0", 2, "little"),
    (b"\0<", 2, "big"),
)
"""How a UTF-32 or UTF-16 packet starts: its byte-order mark, or its first `<`."""


class Unreadable(Exception):
    """A structure that cannot be followed (an offset past its end, a wrong header)."""


def exif_without_gps(buffer: bytearray, start: int, end: int) -> bool:
    """Take the GPS IFD out of the EXIF block at `buffer[start:end]`; False when the block
    cannot be read (the caller then zeroes it: it is only metadata, and its GPS cannot be
    found)."""
    try:
        tiff_without_gps(buffer, start, end)
    except Unreadable:
        return False
    return True


def tiff_without_gps(buffer: bytearray, start: int, end: int) -> None:
    """Take the GPS IFD out of every IFD of the chain (IFD0, the thumbnail's, a TIFF's
    pages) and GPS out of an XMP packet they hold; `Unreadable` when IFD0 cannot be read."""
    tiff = _Tiff.open(buffer, start, end)
    for ifd in tiff.chain():
        while (index := tiff.find(ifd, GPS_IFD)) is not None:
            gps = tiff.value(ifd, index)
            tiff.remove(ifd, index)
            tiff.zero_ifd(gps)  # after: a GPS IFD laid over IFD0 must not spoil the removal
        xmp = tiff.find(ifd, XMP_TAG)
        if xmp is not None:
            place = tiff.value_place(ifd, xmp)
            if place is not None:
                blank_gps_in_xmp(buffer, start + place[0], start + place[1])


def blank_gps_in_xmp(buffer: bytearray, start: int, end: int) -> None:
    """Every GPS property of the XMP packet at `buffer[start:end]` becomes spaces, which
    XML ignores there; a packet that still names coordinates in some other way (or names
    them too often) becomes an empty one, padded with spaces to its length. XMP may be
    UTF-16 or UTF-32 text too: such a packet is searched one code unit per byte."""
    width, order = _xmp_encoding(buffer, start, end)
    if width == 1:
        packet = bytes(buffer[start:end])
        clean = _clean_xmp(packet)
        if clean is not packet:
            buffer[start:end] = clean
        return
    units = range(start, end - (end - start) % width, width)
    narrow = bytes(min(int.from_bytes(buffer[at : at + width], order), 0x80) for at in units)
    clean = _clean_xmp(narrow)
    for index, (before, after) in enumerate(zip(narrow, clean, strict=True)):
        if before != after:
            at = start + index * width
            buffer[at : at + width] = after.to_bytes(width, order)


def _clean_xmp(packet: bytes) -> bytes:
    """The UTF-8 (or narrowed) packet without GPS, as long as it was."""
    names = sum(1 for _ in islice(_XMP_GPS_LEFT.finditer(packet), _MAX_GPS_NAMES + 1))
    if not names:
        return packet
    clean = packet
    if names <= _MAX_GPS_NAMES:
        clean = _XMP_GPS.sub(lambda match: b" " * len(match.group()), packet)
    if _XMP_GPS_LEFT.search(clean):
        clean = _EMPTY_XMP if len(packet) >= len(_EMPTY_XMP) else b""
    return clean.ljust(len(packet))


def _xmp_encoding(buffer: bytearray, start: int, end: int) -> tuple[int, Literal["little", "big"]]:
    """Bytes per code unit and their order, from the packet's byte-order mark or how its
    first `<` is written (XMP allows UTF-8, UTF-16 and UTF-32)."""
    head = bytes(buffer[start : min(start + 4, end)])
    for prefix, width, order in _WIDE_STARTS:
        if head.startswith(prefix):
            return width, order
    return 1, "big"


class _Tiff:
    """A TIFF structure at `buffer[start:end]`; offsets in it count from `start`."""

    def __init__(
        self, buffer: bytearray, start: int, end: int, order: Literal["little", "big"]
    ) -> None:
        self.buffer, self.start, self.end, self.order = buffer, start, end, order

    @classmethod
    def open(cls, buffer: bytearray, start: int, end: int) -> _Tiff:
        order = {b"II": "little", b"MM": "big"}.get(bytes(buffer[start : start + 2]))
        if order is None:
            raise Unreadable("not a TIFF structure (no II or MM)")
        tiff = cls(buffer, start, end, "little" if order == "little" else "big")
        if tiff.read(2, 2) != 42:
            raise Unreadable("not a TIFF structure (no 42 after its byte order)")
        return tiff

    def read(self, offset: int, size: int) -> int:
        at = self.start + offset
        if offset < 0 or at + size > self.end:
            raise Unreadable(f"an offset ({offset}) points past the end of its EXIF")
        return int.from_bytes(self.buffer[at : at + size], self.order)

    def put(self, offset: int, size: int, value: int) -> None:
        self.read(offset, size)  # bounds
        at = self.start + offset
        self.buffer[at : at + size] = value.to_bytes(size, self.order)

    def zero(self, offset: int, size: int) -> None:
        """Zeros over what of that range lies inside the structure."""
        low, high = max(offset, 0), min(offset + size, self.end - self.start)
        if low < high:
            self.buffer[self.start + low : self.start + high] = bytes(high - low)

    def chain(self) -> list[int]:
        """IFD0 (which must be readable) and each IFD after it that can be read."""
        offsets = [self.read(4, 4)]
        self.read(offsets[0], 2)
        while len(offsets) < _MAX_IFDS:
            try:
                following = self.read(self._entries_end(offsets[-1]), 4)
                self.read(following, 2)
            except Unreadable:
                break  # a broken link after IFD0 is not ours to mend
            if following == 0 or following in offsets:
                break
            offsets.append(following)
        return offsets

    def _entries_end(self, ifd: int) -> int:
        return ifd + 2 + _ENTRY * self.read(ifd, 2)

    def find(self, ifd: int, tag: int) -> int | None:
        """The index of the tag's entry in the IFD."""
        for index in range(self.read(ifd, 2)):
            if self.read(ifd + 2 + _ENTRY * index, 2) == tag:
                return index
        return None

    def value(self, ifd: int, index: int) -> int:
        return self.read(ifd + 2 + _ENTRY * index + 8, 4)

    def value_place(self, ifd: int, index: int) -> tuple[int, int] | None:
        """Where an entry's value is, when it is stored outside the entry."""
        entry = ifd + 2 + _ENTRY * index
        size = _TYPE_SIZES.get(self.read(entry + 2, 2), 1) * self.read(entry + 4, 4)
        if size <= 4:
            return None
        offset = self.read(entry + 8, 4)
        return offset, min(offset + size, self.end - self.start)

    def remove(self, ifd: int, index: int) -> None:
        """Move the entries after it (and the link to the next IFD) up; zeros behind."""
        count = self.read(ifd, 2)
        entry = self.start + ifd + 2 + _ENTRY * index
        tail_end = self.start + self._entries_end(ifd) + 4
        self.read(self._entries_end(ifd), 4)  # bounds
        self.buffer[entry : tail_end - _ENTRY] = self.buffer[entry + _ENTRY : tail_end]
        self.buffer[tail_end - _ENTRY : tail_end] = bytes(_ENTRY)
        self.put(ifd, 2, count - 1)

    def zero_ifd(self, ifd: int) -> None:
        """Zeros over a (GPS) IFD and every value it stores outside itself."""
        try:
            count = self.read(ifd, 2)
        except Unreadable:
            return  # it points nowhere: nothing of it is in the file
        for index in range(count):
            try:
                place = self.value_place(ifd, index)
            except Unreadable:
                break
            if place is not None:
                self.zero(place[0], place[1] - place[0])
        self.zero(ifd, 2 + _ENTRY * count + 4)
