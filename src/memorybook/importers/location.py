"""Where a photo was taken, taken out of a copy of it, its pixels left byte for byte.

Phones record the place a photo was taken as coordinates in its EXIF (the GPS IFD) and
often in its XMP (`exif:GPSLatitude`). An importer copies photos into the journal, which
the couple may sync or share, so the copy must not carry them (issue #15: no latitude or
longitude in any written file).

Every edit is made in place and keeps every length: the GPS entry leaves its IFD and the
GPS IFD and its values become zeros; GPS properties of an XMP packet become spaces.
Nothing moves, so no offset needs fixing anywhere (a JPEG's MPF images after it, a WebP's
RIFF sizes, a HEIC's item locations), compressed pixels are never touched, and the
orientation, the thumbnail and the rest of the metadata stay as they were. (PNG has no
offsets: its edited chunks get a new CRC, a compressed XMP chunk is compressed again.)
Pillow's `Exif.tobytes()` was not used: it lays the whole block out anew, which drops
the thumbnail (IFD1), retypes tags and moves maker notes whose offsets then point nowhere.
Place names in words (XMP's `photoshop:City`, IPTC) stay, as the entry's `place:` does.

`metadata.py` beside this module edits EXIF and XMP blocks; this one finds them in each
file format.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from memorybook.importers.metadata import (
    Unreadable,
    blank_gps_in_xmp,
    exif_without_gps,
    tiff_without_gps,
)

_JPEG_XMP = b"http://ns.adobe.com/xap/1.0/"
_JPEG_XMP_EXTENDED = b"http://ns.adobe.com/xmp/extension/\0"
_EXTENDED_HEAD = len(_JPEG_XMP_EXTENDED) + 32 + 4 + 4
"""The GUID of the whole extended packet, its length, and this part's offset."""
_STANDALONE = {0x01, *range(0xD0, 0xD8)}
"""JPEG markers without a length: TEM and the restart markers."""
_PNG = b"\x89PNG\r\n\x1a\n"
_PNG_XMP = b"XML:com.adobe.xmp"
_PNG_RAW_PROFILES = {b"Raw profile type exif", b"Raw profile type app1", b"Raw profile type xmp"}
"""ImageMagick's hex copies of the EXIF or XMP in a PNG text chunk: dropped whole."""
_MAX_XMP = 16 * 1024 * 1024
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
_HEIF_XMP = b"application/rdf+xml"
_GIF_XMP = b"\x21\xff\x0bXMP DataXMP"
_GIF_XMP_TRAILER = b"\x01\xff\xfe\xfd\xfc"
_MP4_LOCATION = b"\xa9xyz"
"""The box a phone's video writes its coordinates into (`+38.7977-009.3901/`): motion
photos append such a video to the JPEG."""
_GPS_NAMES = (b"GPSLatitude", b"GPSLongitude", b"GpsLatitude", b"GpsLongitude")
"""XMP's names for coordinates: still in the file after cleaning, they are somewhere this
module does not look (a damaged or unusual file), and the photo is left out."""
_WIDE_GPS_NAMES = tuple(
    name.encode(encoding)[:-1]
    for name in ("Latitude", "Longitude")
    for encoding in ("utf-16-le", "utf-32-le")
)
"""The same names as UTF-16 or UTF-32 text (either byte order: the last byte is left off)."""
_GPS_ENTRIES = (
    b"\x88\x25\x00\x04\x00\x00\x00\x01",
    b"\x88\x25\x00\x0d\x00\x00\x00\x01",
    b"\x25\x88\x04\x00\x01\x00\x00\x00",
    b"\x25\x88\x0d\x00\x01\x00\x00\x00",
)
"""An IFD entry pointing to a GPS IFD (tag 0x8825, one LONG or IFD, either byte order):
EXIF (or a TIFF structure) this module did not clean."""
_PHOTOSHOP = b"Photoshop 3.0\0"
_RESOURCE_TYPES = (b"8BIM", b"PHUT", b"DCSR", b"AgHg", b"MeSa")
_RESOURCE_EXIF = (0x0422, 0x0423)
"""Photoshop's image resources that hold an EXIF block (a TIFF structure)."""
_RESOURCE_XMP = 0x0424
_READ = "JPEG, PNG, WebP, GIF, TIFF and HEIC/HEIF"


class DamagedPhoto(Exception):
    """A photo whose structure cannot be followed: where its location is cannot be known."""


class LocationLeft(Exception):
    """A photo that may still say where it was taken after cleaning: never written."""


@dataclass(frozen=True)
class Unlocated:
    """A photo's bytes without its location, and what the import report should say."""

    data: bytearray
    """The photo as it was, but for its location (the same bytes when it had none); the
    buffer it was edited in, not a copy: a photo can be large."""
    note: str = ""
    """Something the couple should know about the copy, e.g. that it looks cut short or
    was kept as exported ("" when nothing)."""


def without_location(data: bytes) -> Unlocated:
    """The photo without GPS in its EXIF and XMP; `DamagedPhoto` when it cannot be read,
    `LocationLeft` when it may still say where it was taken."""
    clean = _cleaner(data)
    buffer = bytearray(data)
    try:
        note, pixels = clean(buffer)
    except Unreadable as exc:
        raise DamagedPhoto(f"cannot be read as a photo ({exc})") from None
    if note.startswith(_KEPT):
        raise LocationLeft(note)
    outside = [(0, len(buffer))] if pixels is None else [(0, pixels[0]), (pixels[1], len(buffer))]
    if any(says_where(buffer, start, end) for start, end in outside):
        raise LocationLeft(
            "may still say where it was taken: its metadata holds GPS where "
            "memorybook cannot edit it"
        )
    return Unlocated(buffer, note)


class _Cleaned(NamedTuple):
    """What a format's cleaner found."""

    note: str = ""
    """For the report (`Unlocated.note`)."""
    pixels: tuple[int, int] | None = None
    """Where the photo's compressed pixels are, when the format says: no metadata can be
    there, so the search for GPS names left skips them (most of the file)."""


_KEPT = "may still say where it was taken"


def _cut_short(why: str) -> str:
    return f"looks cut short ({why}): copied without its location"


def says_where(buffer: bytearray, start: int, end: int) -> bool:
    """Whether that part of the file still holds XMP's names for coordinates (in UTF-8,
    UTF-16 or UTF-32; one quick search for what they have in common first) or an EXIF GPS
    IFD."""
    if any(buffer.find(entry, start, end) >= 0 for entry in _GPS_ENTRIES):
        return True
    if buffer.find(b"itude", start, end) >= 0:
        if any(buffer.find(name, start, end) >= 0 for name in _GPS_NAMES):
            return True
    if buffer.find(b"i\0", start, end) < 0:
        return False
    return any(buffer.find(name, start, end) >= 0 for name in _WIDE_GPS_NAMES)


def _cleaner(data: bytes) -> Callable[[bytearray], _Cleaned]:
    """The cleaner for the photo's format, told by its first bytes (not its name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg
    if data.startswith(_PNG):
        return _png
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif
    if data[:4] in (b"II*\0", b"MM\0*"):
        return _tiff_file
    if data[4:8] == b"ftyp" and _HEIF_BRANDS & _brands(data):
        return _heif
    if not data:
        raise DamagedPhoto("is empty")
    raise DamagedPhoto(f"is not a photo memorybook reads ({_READ})")


# -- JPEG -------------------------------------------------------------------------


def _jpeg(buffer: bytearray) -> _Cleaned:
    """The photo's metadata, then that of each JPEG after it (MPF previews, HDR gain maps)
    and any video after those (a motion photo): all may say where they were taken."""
    scan = _jpeg_headers(buffer, 0)
    if buffer.endswith(b"\xff\xd9") and buffer.find(b"MPF\0", 0, scan) < 0:
        return _Cleaned("", (scan, len(buffer)))  # one image ending the file: nothing after it
    start = buffer.find(b"\xff\xd9", scan)
    if start < 0:
        return _Cleaned(_cut_short("it has no end-of-image marker"), (scan, len(buffer)))
    pixels = (scan, start)
    while (following := buffer.find(b"\xff\xd8\xff", start)) >= 0:
        try:
            end = _jpeg_headers(buffer, following)
        except Unreadable:
            break  # bytes that only look like a JPEG: not an image of this file
        start = buffer.find(b"\xff\xd9", end)
        if start < 0:
            return _Cleaned("", pixels)
    _blank_mp4_location(buffer, start)
    return _Cleaned("", pixels)


def _jpeg_headers(buffer: bytearray, start: int) -> int:
    """Clean the metadata segments of the JPEG at `start`; where its compressed data starts."""
    at = start + 2
    extended: list[tuple[bytes, int, int, int]] = []
    while True:
        marker, at = _jpeg_marker(buffer, at)
        if marker in _STANDALONE:
            continue
        if at + 2 > len(buffer):
            raise Unreadable("it ends before its image data")
        end = at + int.from_bytes(buffer[at : at + 2], "big")
        if end > len(buffer) or end < at + 2:
            raise Unreadable(f"a JPEG segment at byte {at - 2} runs past the end of the file")
        if marker == 0xE1:
            extended += _jpeg_app1(buffer, at + 2, end)
        elif marker == 0xED:
            _jpeg_photoshop(buffer, at + 2, end)
        if marker == 0xDA:  # start of scan: the compressed pixels follow
            _jpeg_extended_xmp(buffer, extended)
            return end
        at = end


def _jpeg_marker(buffer: bytearray, at: int) -> tuple[int, int]:
    """The marker at `at` (after any 0xFF fill bytes) and where its segment starts. Stray
    bytes before it are skipped, as libjpeg skips them, so what Pillow shows is cleaned."""
    at = buffer.find(b"\xff", at)
    if at < 0:
        raise Unreadable("it ends before its image data")
    while at < len(buffer) and buffer[at] == 0xFF:
        at += 1
    if at >= len(buffer) or buffer[at] in (0x00, 0xD9):
        raise Unreadable("it ends before its image data")
    return buffer[at], at + 1


def _jpeg_app1(buffer: bytearray, start: int, end: int) -> list[tuple[bytes, int, int, int]]:
    """EXIF loses its GPS IFD (a block that cannot be read is zeroed whole: it is only
    metadata), XMP its GPS properties; a part of an extended XMP packet is returned as
    (GUID, offset in the packet, start, end), to be cleaned with the others."""
    head = bytes(buffer[start : start + len(_JPEG_XMP_EXTENDED)])
    if head.startswith(b"Exif\0\0"):
        if not exif_without_gps(buffer, start + 6, end):
            buffer[start:end] = bytes(end - start)
    elif head.startswith(_JPEG_XMP_EXTENDED) and start + _EXTENDED_HEAD <= end:
        guid = bytes(buffer[start + len(_JPEG_XMP_EXTENDED) : start + len(_JPEG_XMP_EXTENDED) + 32])
        offset = int.from_bytes(buffer[start + _EXTENDED_HEAD - 4 : start + _EXTENDED_HEAD], "big")
        return [(guid, offset, start + _EXTENDED_HEAD, end)]
    elif head.startswith(_JPEG_XMP):
        packet = start + len(_JPEG_XMP)
        blank_gps_in_xmp(buffer, packet + (buffer[packet : packet + 1] == b"\0"), end)
    return []


def _jpeg_extended_xmp(buffer: bytearray, parts: list[tuple[bytes, int, int, int]]) -> None:
    """Each extended XMP packet, its parts joined in order (a GPS property may be cut in
    two), loses its GPS properties; each part goes back where it was."""
    for guid in dict.fromkeys(part[0] for part in parts):
        pieces = sorted((offset, start, end) for g, offset, start, end in parts if g == guid)
        packet = bytearray(b"".join(buffer[start:end] for _, start, end in pieces))
        blank_gps_in_xmp(packet, 0, len(packet))
        at = 0
        for _, start, end in pieces:
            buffer[start:end] = packet[at : at + end - start]
            at += end - start


def _jpeg_photoshop(buffer: bytearray, start: int, end: int) -> None:
    """Photoshop's APP13 block: its EXIF resources lose their GPS IFD, its XMP resource its
    GPS properties; IPTC (place names in words) stays. A block that cannot be followed is
    zeroed whole: it is only metadata."""
    if buffer[start : start + len(_PHOTOSHOP)] != _PHOTOSHOP:
        return  # another program's APP13: what it holds is searched for GPS afterwards
    try:
        at = start + len(_PHOTOSHOP)
        while at < end and any(buffer[at:end]):
            at = _photoshop_resource(buffer, at, end)
    except Unreadable:
        buffer[start:end] = bytes(end - start)


def _photoshop_resource(buffer: bytearray, at: int, end: int) -> int:
    """Clean the image resource at `at`; where the next one starts."""
    if bytes(buffer[at : at + 4]) not in _RESOURCE_TYPES or at + 8 > end:
        raise Unreadable("not a Photoshop image resource")
    number = int.from_bytes(buffer[at + 4 : at + 6], "big")
    name = buffer[at + 6]
    size_at = at + 6 + ((name + 2) & ~1)  # a Pascal string, padded to an even length
    if size_at + 4 > end:
        raise Unreadable("a Photoshop image resource runs past its block")
    data = size_at + 4
    data_end = data + int.from_bytes(buffer[size_at:data], "big")
    if data_end > end:
        raise Unreadable("a Photoshop image resource runs past its block")
    if number in _RESOURCE_EXIF:
        tiff = data + 6 if buffer[data : data + 6] == b"Exif\0\0" else data
        if not exif_without_gps(buffer, tiff, data_end):
            buffer[data:data_end] = bytes(data_end - data)
    elif number == _RESOURCE_XMP:
        blank_gps_in_xmp(buffer, data, data_end)
    return data_end + (data_end - data) % 2


def _blank_mp4_location(buffer: bytearray, start: int) -> None:
    """Zero the coordinates of a video after the photo (a motion photo's `©xyz` box)."""
    at = buffer.find(_MP4_LOCATION, start)
    while at >= 4:
        size = int.from_bytes(buffer[at - 4 : at], "big")
        if 8 < size <= 256 and at - 4 + size <= len(buffer):
            buffer[at + 4 : at - 4 + size] = bytes(size - 8)
        at = buffer.find(_MP4_LOCATION, at + 4)


# -- PNG --------------------------------------------------------------------------


def _png(buffer: bytearray) -> _Cleaned:
    """eXIf loses its GPS IFD and XMP its GPS properties; chunks are rebuilt with their CRC
    (PNG has no offsets, so a compressed XMP chunk may change its length)."""
    chunks, at, note = [_PNG], len(_PNG), ""
    while at < len(buffer):
        length = int.from_bytes(buffer[at : at + 4], "big")
        kind, end = bytes(buffer[at + 4 : at + 8]), at + 12 + length
        if end > len(buffer):
            chunks.append(bytes(buffer[at:]))
            note = _cut_short("its last chunk is incomplete")
            break
        body = _png_chunk(kind, bytes(buffer[at + 8 : end - 4]))
        if body is not None:
            same = body == buffer[at + 8 : end - 4]
            chunks.append(bytes(buffer[at:end]) if same else _png_pack(kind, body))
        at = end
        if kind == b"IEND":
            chunks.append(bytes(buffer[at:]))
            break
    else:
        note = _cut_short("it has no IEND chunk")
    buffer[:] = b"".join(chunks)
    return _Cleaned(note)


def _png_chunk(kind: bytes, body: bytes) -> bytes | None:
    """The chunk's new body, or None to drop it."""
    if kind == b"eXIf":
        data = bytearray(body)
        skip = 6 if data.startswith(b"Exif\0\0") else 0
        return bytes(data) if exif_without_gps(data, skip, len(data)) else None
    if kind not in (b"tEXt", b"zTXt", b"iTXt"):
        return body
    keyword, _, rest = body.partition(b"\0")
    if keyword in _PNG_RAW_PROFILES:
        return None
    if keyword != _PNG_XMP:
        return body
    return _png_xmp(kind, body, rest)


def _png_xmp(kind: bytes, body: bytes, rest: bytes) -> bytes | None:
    """An XMP text chunk without GPS (the same body when it had none); None (dropped) when
    its compressed text cannot be read."""
    if kind == b"iTXt":
        compressed = rest[:1] == b"\1"
        language, _, rest2 = rest[2:].partition(b"\0")
        translated, _, text = rest2.partition(b"\0")
        prefix = rest[:2] + language + b"\0" + translated + b"\0"
    else:
        compressed = kind == b"zTXt"
        prefix, text = (rest[:1], rest[1:]) if compressed else (b"", rest)
    plain = _inflate(text) if compressed else text
    if plain is None:
        return None
    clean = _xmp_without_gps(plain)
    if clean == plain:
        return body
    return _PNG_XMP + b"\0" + prefix + (zlib.compress(clean) if compressed else clean)


def _inflate(data: bytes) -> bytes | None:
    decompressor = zlib.decompressobj()
    try:
        plain = decompressor.decompress(data, _MAX_XMP)
    except zlib.error:
        return None
    return None if decompressor.unconsumed_tail else plain


def _xmp_without_gps(packet: bytes) -> bytes:
    data = bytearray(packet)
    blank_gps_in_xmp(data, 0, len(data))
    return bytes(data)


def _png_pack(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return len(body).to_bytes(4, "big") + kind + body + crc.to_bytes(4, "big")


# -- WebP, GIF, TIFF ----------------------------------------------------------------


def _webp(buffer: bytearray) -> _Cleaned:
    """The EXIF and XMP chunks of the RIFF container, edited in place."""
    at = 12
    while at + 8 <= len(buffer):
        kind, size = bytes(buffer[at : at + 4]), int.from_bytes(buffer[at + 4 : at + 8], "little")
        start, end = at + 8, at + 8 + size
        if end > len(buffer):
            return _Cleaned(_cut_short("its last chunk is incomplete"))
        if kind == b"EXIF":
            skip = 6 if buffer[start : start + 6] == b"Exif\0\0" else 0
            if not exif_without_gps(buffer, start + skip, end):
                buffer[start:end] = bytes(size)
        elif kind == b"XMP ":
            blank_gps_in_xmp(buffer, start, end)
        at = end + (size & 1)
    return _Cleaned()


def _gif(buffer: bytearray) -> _Cleaned:
    """GIF has no EXIF; its XMP (an application extension) is edited in place. Spaces for
    text keep it readable: the packet's own bytes are read as block lengths, and the
    trailer after it leads any of them to the end."""
    at = buffer.find(_GIF_XMP)
    while at >= 0:
        end = buffer.find(_GIF_XMP_TRAILER, at)
        if end < 0:
            break
        blank_gps_in_xmp(buffer, at + len(_GIF_XMP), end)
        at = buffer.find(_GIF_XMP, end)
    return _Cleaned()


def _tiff_file(buffer: bytearray) -> _Cleaned:
    """A TIFF file is itself the structure EXIF borrows: its IFDs lose their GPS IFD."""
    tiff_without_gps(buffer, 0, len(buffer))
    return _Cleaned()


# -- HEIC / HEIF (ISO base media file format) ---------------------------------------


def _brands(data: bytes) -> set[bytes]:
    size = min(int.from_bytes(data[:4], "big"), 64)
    return {data[at : at + 4] for at in range(8, size, 4) if at != 12}


def _heif(buffer: bytearray) -> _Cleaned:
    """The EXIF and XMP items the `meta` box lists, edited where `iloc` says they are."""
    meta = _find_box(buffer, 0, len(buffer), b"meta")
    if meta is None:
        return _Cleaned()
    start, end = meta[0] + 4, meta[1]  # after the version and flags of a full box
    info, places = _find_box(buffer, start, end, b"iinf"), _find_box(buffer, start, end, b"iloc")
    if info is None or places is None:
        return _Cleaned()
    idat = _find_box(buffer, start, end, b"idat")
    items = _heif_items(buffer, *info)
    located = _heif_places(buffer, *places, idat[0] if idat else None)
    notes = [_heif_item(buffer, kind, located.get(item)) for item, kind in items.items()]
    return _Cleaned(next((note for note in notes if note), ""))


def _heif_item(buffer: bytearray, kind: bytes, extents: list[tuple[int, int]] | None) -> str:
    if not extents or len(extents) != 1:
        what = "EXIF" if kind == b"Exif" else "XMP"
        return f"{_KEPT} (its {what} is stored in a way memorybook cannot edit)"
    start, end = extents[0]
    if end > len(buffer):
        return _cut_short("its metadata runs past the end")
    if kind == b"xmp":
        blank_gps_in_xmp(buffer, start, end)
        return ""
    tiff = start + 4 + int.from_bytes(buffer[start : start + 4], "big")
    if buffer[tiff : tiff + 6] == b"Exif\0\0":
        tiff += 6
    if not exif_without_gps(buffer, tiff, end):
        buffer[start + 4 : end] = bytes(end - start - 4)
    return ""


def boxes(buffer: bytearray, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, where its content starts, where it ends) of each box from `start` to `end`."""
    at = start
    while at + 8 <= end:
        size, kind, head = _u32(buffer, at), bytes(buffer[at + 4 : at + 8]), 8
        if size == 1:
            size, head = int.from_bytes(buffer[at + 8 : at + 16], "big"), 16
        elif size == 0:
            size = end - at
        if size < head or at + size > end:
            raise Unreadable(f"its {kind.decode('latin-1')!r} box runs past the end of the file")
        yield kind, at + head, at + size
        at += size


def _u32(buffer: bytearray, at: int) -> int:
    return int.from_bytes(buffer[at : at + 4], "big")


def _find_box(buffer: bytearray, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """The first box of that type (a truncated box after it does not matter)."""
    for found, content, box_end in boxes(buffer, start, end):
        if found == kind:
            return content, box_end
    return None


def _heif_items(buffer: bytearray, start: int, end: int) -> dict[int, bytes]:
    """The item ids of EXIF (`Exif`) and XMP (`xmp`) items, from the `iinf` box."""
    reader = _Reader(buffer, start, end)
    version = reader.take(4) >> 24
    reader.take(2 if version == 0 else 4)  # entry count: the boxes say it
    items = {}
    for kind, content, box_end in boxes(buffer, reader.at, end):
        if kind == b"infe":
            item = _heif_item_kind(_Reader(buffer, content, box_end))
            if item is not None:
                items[item[0]] = item[1]
    return items


def _heif_item_kind(reader: _Reader) -> tuple[int, bytes] | None:
    """One `infe` box: (item id, `Exif` or `xmp`), or None for any other item."""
    version = reader.take(4) >> 24
    item = reader.take(4 if version >= 3 else 2)
    reader.take(2)  # protection index
    kind = reader.raw(4) if version >= 2 else b"mime"
    if kind == b"Exif":
        return item, kind
    if kind == b"mime":
        reader.string()  # item name
        return (item, b"xmp") if reader.string() == _HEIF_XMP else None
    return None


def _heif_places(
    buffer: bytearray, start: int, end: int, idat: int | None
) -> dict[int, list[tuple[int, int]] | None]:
    """Where each item's bytes are (`iloc`), as (start, end) in the file; None when they
    are somewhere memorybook does not edit (another file, another item)."""
    reader = _Reader(buffer, start, end)
    version = reader.take(4) >> 24
    sizes, more = reader.take(1), reader.take(1)
    offset_size, length_size, base_size = sizes >> 4, sizes & 15, more >> 4
    index_size = more & 15 if version in (1, 2) else 0
    places: dict[int, list[tuple[int, int]] | None] = {}
    for _ in range(reader.take(2 if version < 2 else 4)):
        item = reader.take(2 if version < 2 else 4)
        method = reader.take(2) & 15 if version in (1, 2) else 0
        reference, base = reader.take(2), reader.take(base_size)
        extents = []
        for _ in range(reader.take(2)):
            reader.take(index_size)
            offset, length = reader.take(offset_size), reader.take(length_size)
            extents.append((base + offset, base + offset + length))
        origin = {0: 0, 1: idat}.get(method)
        if reference != 0 or origin is None or not all(a < b for a, b in extents):
            places[item] = None  # another file, another item's data, or "to the end"
        else:
            places[item] = [(origin + a, origin + b) for a, b in extents]
    return places


class _Reader:
    """Big-endian numbers and strings from a box, never past its end."""

    def __init__(self, buffer: bytearray, start: int, end: int) -> None:
        self.buffer, self.at, self.end = buffer, start, end

    def raw(self, size: int) -> bytes:
        if self.at + size > self.end:
            raise Unreadable("a metadata box ends early")
        self.at += size
        return bytes(self.buffer[self.at - size : self.at])

    def take(self, size: int) -> int:
        return int.from_bytes(self.raw(size), "big")

    def string(self) -> bytes:
        stop = self.buffer.find(b"\0", self.at, self.end)
        if stop < 0:
            raise Unreadable("a metadata box ends early")
        text, self.at = bytes(self.buffer[self.at : stop]), stop + 1
        return text
