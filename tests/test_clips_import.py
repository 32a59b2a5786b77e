"""`import dayone` brings videos as clips (issue #24), each copied into the journal without
the place it was filmed, as photos are (issue #15): its frames byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from memorybook.importers.clip_location import without_clip_location
from memorybook.importers.location import DamagedPhoto, LocationLeft, boxes
from tests import clip_files
from tests.conftest import ScratchJournal, run
from tests.import_exports import (
    LOCATION_TEXT,
    box,
    dayone_zip,
    quicktime_clip,
    us_entries,
)

PLACES = (*clip_files.SECRETS[:4], clip_files.ISO6709.encode(), *LOCATION_TEXT)
"""The place, as QuickTime and XMP say it: none of it may be in the journal's copy."""


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: Callable[[Path], None]) -> ScratchJournal:
    in_dir(scratch.root)
    return scratch


def _leaks(data: bytes) -> list[bytes]:
    return [place for place in PLACES if place in data]


def test_a_video_is_imported_as_a_clip_placed_where_the_text_placed_it(
    project: ScratchJournal, tmp_path: Path
) -> None:
    original = quicktime_clip()
    export = dayone_zip(tmp_path / "Export.zip", files=_files(original))
    result = run("import", "dayone", str(export))
    assert "0f0f0f" not in result.output, result.output  # neither left behind nor refused
    entry = next(project.journal.rglob("*ramen*.md")).read_text(encoding="utf-8")
    copies = list(project.journal.rglob("*.mov"))
    assert [c.name for c in copies] == ["ramen-at-dawn-after-the-night-flight-too-1.mov"]
    assert f"![](2024-06-15-ramen-at-dawn-after-the-night-flight-too/{copies[0].name})" in entry
    copy = copies[0].read_bytes()
    assert _leaks(original) and _leaks(copy) == []
    assert len(copy) == len(original)  # every offset holds
    assert _media(copy) == _media(original)  # the frames and sound, byte for byte
    assert clip_files.MODEL.encode() in copy  # as in photos: the camera stays
    assert b'xmp:Rating="5"' in copy
    assert run("check", "--strict").exit_code == 0  # a clip memorybook reads


def test_a_video_the_export_lacks_or_cannot_be_read_is_named(
    project: ScratchJournal, tmp_path: Path
) -> None:
    entries = us_entries()[1:2]
    entries[0]["videos"].append({"identifier": "V2", "md5": "0e0e0e", "type": "mp4"})
    entries[0]["videos"].append({"identifier": "V3", "md5": "0d0d0d", "type": "avi"})
    cut = quicktime_clip()[:-40]
    export = dayone_zip(tmp_path / "Export.zip", {"Us": entries}, _files(cut))
    out = run("import", "dayone", str(export)).output
    where = "../Export.zip:Us.json: entry 1 (RAMEN002)"
    assert (
        f"{where}: error: video videos/0f0f0f.mov cannot be read as a clip (its 'uuid' box runs "
        "past the end of the file); imported without it"
    ) in out, out
    assert f"{where}: warning: video videos/0e0e0e.mp4 is not in the export; imported " in out
    assert f"{where}: warning: video videos/0d0d0d.avi (avi) not imported: not a clip format" in out
    assert list(project.journal.rglob("*.mov")) == []


def test_coordinates_in_a_box_memorybook_cannot_edit_keep_the_clip_out() -> None:
    """GPS names outside an XMP packet: where their coordinates end cannot be known, so the
    clip is not copied at all."""
    odd = box(b"moov", box(b"udta", b'exif:GPSLatitude="38,47.859258N"'))
    clip = box(b"ftyp", b"qt  \0\0\x02\0qt  ") + odd + box(b"mdat", b"\0" * 8)
    with pytest.raises(LocationLeft, match="may still say where it was filmed"):
        without_clip_location(clip)


@pytest.mark.parametrize(
    ("data", "why"),
    [(b"", "it is empty"), (b"RIFF\0\0\0\0AVI ", "it is not an MP4, QuickTime or WebM file")],
)
def test_a_file_that_is_no_clip_is_not_copied(data: bytes, why: str) -> None:
    with pytest.raises(DamagedPhoto, match=why):
        without_clip_location(data)


def test_a_webm_clip_loses_its_recorded_location_too() -> None:
    place = clip_files.ISO6709.encode()
    webm = b"\x1a\x45\xdf\xa3" + b"\0" * 20 + b"RECORDING_LOCATION\x44\x87" + place
    clean = without_clip_location(webm).data
    assert _leaks(bytes(clean)) == [] and len(clean) == len(webm)


def _media(clip: bytes) -> list[bytes]:
    data = bytearray(clip)
    return [bytes(data[a:b]) for kind, a, b in boxes(data, 0, len(data)) if kind == b"mdat"]


def _files(video: bytes) -> dict[str, bytes]:
    return {"videos/0f0f0f.mov": video, "audios/a1a1a1.m4a": b"m4a", "pdfs/d1d1d1.pdf": b"%PDF"}
