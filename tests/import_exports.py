"""Small exports in Day One's and jrnl's documented formats, built by the tests.

Day One ("Day One JSON (.zip)"): `<Journal>.json` per journal, `{"metadata": {...},
"entries": [...]}`, with media in `photos/<md5>.<type>` (and `videos/`, ...) beside it.
jrnl (`jrnl --export json`): `{"tags": {"@tag": n}, "entries": [{"title", "body",
"date", "time", "tags", "starred"}]}`.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pillow_heif
from PIL import Image, PngImagePlugin

from tests import clip_files

pillow_heif.register_heif_opener()

LATITUDE, LONGITUDE = 38.7976543, -9.3901234
"""Where the hike was: these digits must never appear in the journal."""
GPS_IFD = {
    1: "N",
    2: (38.0, 47.0, 51.55548),
    3: "W",
    4: (9.0, 23.0, 24.44424),
    5: 0,
    6: 212.5,
}
"""LATITUDE and LONGITUDE as a phone's EXIF says them (degrees, minutes, seconds), and
the altitude."""
XMP = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" '
    b'xmp:Rating="5" exif:GPSLatitude="38,47.859258N" drone-dji:GpsLongitude="-9.3901234">'
    b"<exif:GPSLongitude>9,23.407404W</exif:GPSLongitude>"
    b"<exif:GPSVersionID><rdf:Seq><rdf:li>2.3.0.0</rdf:li></rdf:Seq></exif:GPSVersionID>"
    b"<exif:GPSAltitude/>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>" + b" " * 200 + b'<?xpacket end="w"?>'
)
"""GPS in XMP as cameras, phones and drones write it: attributes, elements, a list, an
empty element; `xmp:Rating` is harmless and must stay."""
LOCATION_TEXT = (
    b"GPSLatitude",
    b"GPSLongitude",
    b"GpsLongitude",
    b"GPSVersionID",
    b"GPSAltitude",
    b"38,47.859258",
    b"9,23.407404",
    b"38.7976543",
    b"9.3901234",
)
"""Bytes no imported photo may contain: XMP's GPS property names and its coordinates."""
ORIENTATION = 6
"""Rotated: the site turns the photo upright by it, so the copy must keep it."""


def gps_exif(orientation: int = ORIENTATION) -> Image.Exif:
    """EXIF as a phone writes it: orientation, camera, time, and a GPS IFD."""
    exif = Image.Exif()
    exif.update({0x0112: orientation, 0x010F: "Apple", 0x0110: "iPhone 15"})
    exif.get_ifd(0x8769)[0x9003] = "2024:06:14 23:30:00"  # DateTimeOriginal
    exif.get_ifd(0x8825).update(GPS_IFD)
    return exif


def photo(color: tuple[int, int, int], fmt: str = "JPEG") -> bytes:
    """A tiny real photo of one colour (each photo of a test distinct) that, like a phone's,
    says where it was taken: a GPS IFD in its EXIF and GPS in its XMP."""
    image = Image.new("RGB", (16, 12), color)
    image.paste((255 - color[0], color[1], 255 - color[2]), (2, 2, 9, 7))  # not one colour
    out = io.BytesIO()
    exif = gps_exif()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=True)
        image.save(out, fmt, exif=exif, pnginfo=info)
    elif fmt == "TIFF":
        tags = {**exif, 0x8825: exif.get_ifd(0x8825), 700: XMP}
        image.save(out, fmt, tiffinfo=tags)
    elif fmt == "GIF":
        image.save(out, fmt)
        trailer = bytes([1, *range(255, -1, -1), 0])  # XMP's, so GIF readers skip the text
        return out.getvalue()[:-1] + b"\x21\xff\x0bXMP DataXMP" + XMP + trailer + b";"
    else:  # JPEG, WEBP, HEIF (lossless, so its pixels can be compared)
        options = {"quality": -1} if fmt == "HEIF" else {}
        image.save(out, fmt, exif=exif, xmp=XMP, **options)
    return out.getvalue()


def jpeg(color: tuple[int, int, int]) -> bytes:
    """A tiny real JPEG of one colour, with GPS in its EXIF and XMP."""
    return photo(color)


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def photo_ref(identifier: str, data: bytes, order: int, kind: str = "jpeg") -> dict[str, Any]:
    """A `photos[]` item as Day One writes it (with the location it also records)."""
    return {
        "identifier": identifier,
        "md5": md5(data),
        "type": kind,
        "orderInEntry": order,
        "width": 16,
        "height": 12,
        "cameraMake": "Apple",
        "location": {"latitude": LATITUDE, "longitude": LONGITUDE, "localityName": "Sintra"},
    }


PHOTOS = {
    name: jpeg(color)
    for name, color in (
        ("P1", (200, 0, 0)),
        ("P2", (0, 200, 0)),
        ("P3", (0, 0, 200)),
        ("T1", (90, 90, 0)),
    )
}


def us_entries() -> list[dict[str, Any]]:
    """The `Us` journal: time zones around midnight, escapes, photos out of order, a video
    (placed in the text), a missing photo, an entry without a date."""
    return [
        {
            "uuid": "HIKE0001",
            "creationDate": "2024-06-14T22:30:00Z",
            "modifiedDate": "2024-06-15T08:00:00Z",
            "timeZone": "Europe/Lisbon",
            "starred": True,
            "isAllDay": False,
            "tags": ["hiking", "firsts"],
            "text": (
                "# Our first hike\n\nWe walked 12\\.5 km\\. Well\\-earned\\! (Sam said so\\)\n\n"
                "![](dayone-moment://P2)\n\nThen lunch\\.\n\n![](dayone-moment://P1)\n\n"
                "\\- not a list\n1\\. not a number"
            ),
            "richText": '{"meta":{"version":1},"contents":[]}',
            # Out of order in the array: orderInEntry decides.
            "photos": [
                photo_ref("P3", PHOTOS["P3"], 2),
                photo_ref("P1", PHOTOS["P1"], 1),
                photo_ref("P2", PHOTOS["P2"], 0),
            ],
            "location": {
                "placeName": "Serra de Sintra",
                "localityName": "Sintra",
                "administrativeArea": "Lisboa",
                "country": "Portugal",
                "latitude": LATITUDE,
                "longitude": LONGITUDE,
                "region": {"center": {"latitude": LATITUDE, "longitude": LONGITUDE}},
            },
            "weather": {"temperatureCelsius": 24, "conditionsDescription": "Sunny"},
            "creationDevice": "Sam's iPhone",
        },
        {
            "uuid": "RAMEN002",
            "creationDate": "2024-06-14T22:30:00Z",
            "timeZone": "Asia/Tokyo",
            "text": "Ramen at dawn after the night flight, too tired to talk\n\n"
            "![](dayone-moment:/video/V1)\n\n![](dayone-moment:/audio/A1)\n\n"
            "![](dayone-moment:/pdfAttachment/D1)",
            "videos": [{"identifier": "V1", "md5": "0f0f0f", "type": "mov"}],
            "audios": [{"identifier": "A1", "md5": "a1a1a1", "format": "aac"}],
            "pdfAttachments": [{"identifier": "D1", "md5": "d1d1d1", "pdfName": "Menu.pdf"}],
            "location": {
                "localityName": "Tokyo",
                "country": "Japan",
                "latitude": 35.6,
                "longitude": 139.7,
            },
        },
        {
            "uuid": "MOVIE003",
            "creationDate": "2024-06-15T02:00:00Z",
            "timeZone": "America/New_York",
            "isAllDay": True,
            "text": "Movie night\n\n![](dayone-moment://PX)",
            "photos": [photo_ref("PX", b"never exported", 0)],
        },
        {"uuid": "NODATE04", "timeZone": "Europe/Lisbon", "text": "Lost in time"},
    ]


def travel_entries() -> list[dict[str, Any]]:
    """The `Travel` journal: one entry, one photo."""
    return [
        {
            "uuid": "TRAIN005",
            "creationDate": "2023-12-31T23:59:00Z",
            "timeZone": "UTC",
            "tags": ["travel"],
            "text": "![](dayone-moment://T1)\n\nThe night train to Porto",
            "photos": [photo_ref("T1", PHOTOS["T1"], 0)],
        }
    ]


def dayone_zip(
    path: Path,
    journals: Mapping[str, list[dict[str, Any]]] | None = None,
    files: Mapping[str, bytes] | None = None,
    *,
    raw: Mapping[str, bytes] | None = None,
) -> Path:
    """Write a Day One export zip: journals as JSON, `files` as media, `raw` members as given."""
    if journals is None:
        journals = {"Us": us_entries(), "Travel": travel_entries()}
    if files is None:
        files = {f"photos/{md5(data)}.jpeg": data for data in PHOTOS.values()}
        files |= {
            "videos/0f0f0f.mov": quicktime_clip(),
            "audios/a1a1a1.m4a": b"m4a",
            "pdfs/d1d1d1.pdf": b"%PDF",
        }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, entries in journals.items():
            document = {"metadata": {"version": "1.0"}, "entries": entries}
            archive.writestr(f"{name}.json", json.dumps(document, indent=2))
        for name, data in {**files, **(raw or {})}.items():
            archive.writestr(name, data)
    return path


def add_symlink(path: Path, name: str, target: str) -> None:
    """Append a member that unzip would create as a symbolic link to `target`."""
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, target)


def jrnl_export(path: Path, entries: list[dict[str, Any]] | None = None) -> Path:
    """Write a jrnl JSON export."""
    if entries is None:
        entries = [
            {
                "title": "Walked the dog by the river.",
                "body": " Sam found a heron. @walks @river-days",
                "date": "2023-03-05",
                "time": "08:15",
                "tags": ["@walks", "@river-days"],
                "starred": False,
            },
            {
                "title": "No",
                "body": "We said no to the city job, and yes to us. @Home\n\nMail me at a@b.org",
                "date": "2023-04-01",
                "time": "21:00",
                "tags": ["@home", "@null"],
                "starred": True,
            },
            {"title": "Broken date", "body": "", "date": "2023-13-45", "time": "10:00", "tags": []},
        ]
    tags: dict[str, int] = {}
    for entry in entries:
        for tag in entry.get("tags", []):
            tags[tag] = tags.get(tag, 0) + 1
    path.write_text(json.dumps({"tags": tags, "entries": entries}, indent=2), encoding="utf-8")
    return path


def box(kind: bytes, body: bytes) -> bytes:
    """An ISO base media file format box (HEIC, MP4)."""
    return (8 + len(body)).to_bytes(4, "big") + kind + body


def motion_photo(color: tuple[int, int, int]) -> bytes:
    """A phone's motion photo: a JPEG with a preview image after it (MPF) and a short
    video after that whose `©xyz` box says where, all three with the location."""
    first, preview = Image.new("RGB", (16, 12), color), Image.new("RGB", (8, 6), color)
    preview.encoderinfo = {}
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[preview], exif=gps_exif())
    place = b"\x00\x12\x15\xc7" + VIDEO_PLACE
    video = box(b"ftyp", b"mp42\0\0\0\0isom") + box(b"moov", box(b"udta", box(b"\xa9xyz", place)))
    return out.getvalue() + video


VIDEO_PLACE = b"+38.7977-009.3901/"
_XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")


def quicktime_clip() -> bytes:
    """A phone's clip (`clip_files`: HEVC turned upright by its display matrix, the place in
    `©xyz` and the `com.apple.quicktime.location.ISO6709` key, the phone's make and model)
    with XMP saying where too, in a `uuid` box after everything, as exiftool writes it."""
    return clip_files.hevc_portrait() + box(b"uuid", _XMP_UUID + XMP)


def heif_with_exif_in_pieces() -> bytes:
    """A HEIF file whose EXIF item is stored in two extents: one memorybook does not edit."""
    exif = b"\0\0\0\x06" + gps_exif().tobytes()
    half = len(exif) // 2

    def meta(data_at: int) -> bytes:
        info = box(b"infe", b"\2\0\0\0" + b"\0\1" + b"\0\0" + b"Exif" + b"\0")
        extents = [(data_at, half), (data_at + half, len(exif) - half)]
        places = b"\0\1" + b"\0\0" + len(extents).to_bytes(2, "big")
        places += b"".join(a.to_bytes(4, "big") + b.to_bytes(4, "big") for a, b in extents)
        iloc = box(b"iloc", b"\0\0\0\0" + b"\x44\x00" + b"\0\1" + places)
        return box(b"meta", b"\0\0\0\0" + box(b"iinf", b"\0\0\0\0\0\1" + info) + iloc)

    ftyp = box(b"ftyp", b"heic\0\0\0\0mif1heic")
    data_at = len(ftyp) + len(meta(0)) + 8
    return ftyp + meta(data_at) + box(b"mdat", exif)


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + body


def _resource(number: int, data: bytes) -> bytes:
    """One Photoshop image resource (`8BIM`, its number, an empty name, its data, padded)."""
    padded = data + b"\0" * (len(data) % 2)
    return b"8BIM" + number.to_bytes(2, "big") + b"\0\0" + len(data).to_bytes(4, "big") + padded


IPTC_CITY = b"\x1c\x02\x5a\x00\x06Sintra"
"""IPTC's City dataset (2:90): a place in words, which stays."""


def _plain_jpeg(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (16, 12), color)
    image.paste((255 - color[0], color[1], 255 - color[2]), (2, 2, 9, 7))
    image.save(out, "JPEG")
    return out.getvalue()


def photoshop_jpeg(color: tuple[int, int, int]) -> bytes:
    """A JPEG whose only metadata is Photoshop's APP13 block: IPTC (the city in words), and
    EXIF with a GPS IFD and XMP with GPS as image resources 1058 and 1060."""
    tiff = gps_exif().tobytes()[6:]  # the TIFF structure, without `Exif\0\0`
    block = b"Photoshop 3.0\0" + _resource(0x0404, IPTC_CITY)
    block += _resource(0x0422, tiff) + _resource(0x0424, XMP)
    data = _plain_jpeg(color)
    return data[:2] + _segment(0xED, block) + data[2:]


def wide_xmp_jpeg(color: tuple[int, int, int], encoding: str) -> bytes:
    """A JPEG whose XMP packet (with GPS) is UTF-16 or UTF-32 text, as XMP allows."""
    packet = XMP.decode().encode(encoding)
    data = _plain_jpeg(color)
    return data[:2] + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + packet) + data[2:]


def extended_xmp_jpeg(color: tuple[int, int, int]) -> bytes:
    """A JPEG whose extended XMP (with GPS) is split in two APP1 segments in the middle of
    `exif:GPSLatitude="38,47.859258N"`, as XMP splits a packet too large for one segment."""
    guid = hashlib.md5(XMP).hexdigest().upper().encode()
    main = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
        b'rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" '
        b'xmpNote:HasExtendedXMP="' + guid + b'"/></rdf:RDF></x:xmpmeta>'
    )
    cut = XMP.index(b"itude=") + 2
    parts = [(0, XMP[:cut]), (cut, XMP[cut:])]
    head = b"http://ns.adobe.com/xmp/extension/\0" + guid + len(XMP).to_bytes(4, "big")
    segments = _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + main)
    for offset, part in parts:
        segments += _segment(0xE1, head + offset.to_bytes(4, "big") + part)
    data = _plain_jpeg(color)
    return data[:2] + segments + data[2:]
