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

from PIL import Image

LATITUDE, LONGITUDE = 38.7976543, -9.3901234
"""Where the hike was: these digits must never appear in the journal."""


def jpeg(color: tuple[int, int, int]) -> bytes:
    """A tiny real JPEG of one colour (each photo of a test distinct)."""
    out = io.BytesIO()
    Image.new("RGB", (16, 12), color).save(out, "JPEG")
    return out.getvalue()


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
    """The `Us` journal: time zones around midnight, escapes, photos out of order, a video,
    a missing photo, an entry without a date."""
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
            "audios": [{"identifier": "A1", "md5": "a1a1a1", "format": "m4a"}],
            "pdfAttachments": [{"identifier": "D1", "md5": "d1d1d1", "type": "pdf"}],
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
