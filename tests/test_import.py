"""`memorybook import dayone|jrnl`: entries from other apps, written as ordinary entries.

The exports are built by `tests/import_exports.py` in the documented formats.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import struct
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from PIL import Image

from memorybook.book.views import markdown_html
from memorybook.building import build
from memorybook.importers import dayone, writer
from memorybook.importers.dayone import unescape_markdown
from memorybook.importers.location import LocationLeft, without_location
from tests.conftest import ScratchJournal, run, snapshot
from tests.import_exports import (
    IPTC_CITY,
    LATITUDE,
    LOCATION_TEXT,
    LONGITUDE,
    ORIENTATION,
    PHOTOS,
    VIDEO_PLACE,
    XMP,
    add_symlink,
    dayone_zip,
    extended_xmp_jpeg,
    gps_exif,
    heif_with_exif_in_pieces,
    jpeg,
    jrnl_export,
    md5,
    motion_photo,
    photo,
    photo_ref,
    photoshop_jpeg,
    travel_entries,
    wide_xmp_jpeg,
)

ChDir = Callable[[Path], None]


def _gps_as_written() -> dict[int, Any]:
    """The GPS IFD as the test photos hold it: its rationals are what to look for."""
    with Image.open(io.BytesIO(PHOTOS["P1"])) as image:
        return image.getexif().get_ifd(0x8825)


ORIGINAL_GPS = _gps_as_written()


def location_left(data: bytes) -> list[str]:
    """What of the test photos' location a photo holds: a GPS IFD, its rationals anywhere
    in the bytes (either byte order), XMP's GPS names and coordinates (PNG's XMP unpacked)."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        texts = [data, str(image.info.get("XML:com.adobe.xmp", "")).encode()]
    found = [f"EXIF GPS IFD {exif.get_ifd(0x8825)}"] if 0x8825 in exif else []
    for rational in ORIGINAL_GPS[2] + ORIGINAL_GPS[4]:
        for order in "<>":
            if struct.pack(f"{order}2I", rational.numerator, rational.denominator) in data:
                found.append(f"GPS rational {rational}")
    return found + [needle.decode() for needle in LOCATION_TEXT for text in texts if needle in text]


def exiftool_location(data: bytes) -> dict[str, Any]:
    """Every tag ExifTool reads from the photo that says where (GPS, latitude, longitude),
    in any block it knows (EXIF, XMP in any encoding, Photoshop's, IPTC, maker notes)."""
    if shutil.which("exiftool") is None:
        pytest.skip("ExifTool is not installed (apt-get install libimage-exiftool-perl)")
    result = subprocess.run(
        ["exiftool", "-json", "-a", "-G1", "-n", "-"],
        input=data,
        capture_output=True,
        timeout=60,
        check=True,
    )
    [tags] = json.loads(result.stdout)
    return {
        name: value
        for name, value in tags.items()
        if re.search("gps|latitude|longitude", name, re.IGNORECASE) and str(value).strip()
    }


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB").tobytes()


def orientation(data: bytes) -> int | None:
    """The EXIF orientation (pillow-heif applies it and keeps the EXIF's in `info`)."""
    with Image.open(io.BytesIO(data)) as image:
        found = image.info.get("original_orientation") or image.getexif().get(0x0112)
        return int(found) if found is not None else None


def jpeg_scan(data: bytes) -> bytes:
    """A JPEG's compressed pixels: everything from its first start-of-scan segment on."""
    at = 2
    while data[at + 1] != 0xDA:
        at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return data[at:]


def read_entry(path: Path) -> tuple[dict[str, Any], str]:
    """Front-matter (as YAML reads it) and body of a written entry."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: ChDir) -> ScratchJournal:
    in_dir(scratch.root)
    return scratch


# -- Day One ---------------------------------------------------------------


def test_dayone_entries_keep_their_words_photos_order_and_local_day(
    project: ScratchJournal, tmp_path: Path
) -> None:
    export = dayone_zip(tmp_path / "Export.zip")
    result = run("import", "dayone", str(export), "--author", "sam")
    assert result.exit_code == 1, result.output  # the entry without a date is an error
    journal = project.journal

    hike = journal / "2024" / "2024-06-14-our-first-hike.md"
    meta, body = read_entry(hike)
    assert meta == {
        "title": "Our first hike",
        "date": "2024-06-14 23:30",  # 22:30 UTC is 23:30 in Lisbon in June
        "kind": "experience",
        "author": "sam",
        "tags": ["hiking", "firsts", "starred"],
        "place": "Serra de Sintra, Sintra",
        "photos": ["2024-06-14-our-first-hike/our-first-hike-3.jpg"],
        "cover": "2024-06-14-our-first-hike/our-first-hike-1.jpg",  # Day One's first photo
        "source": "dayone:HIKE0001",
    }
    assert body == (
        "We walked 12.5 km. Well-earned! (Sam said so)\n\n"
        "![](2024-06-14-our-first-hike/our-first-hike-1.jpg)\n\nThen lunch.\n\n"
        "![](2024-06-14-our-first-hike/our-first-hike-2.jpg)\n\n"
        "\\- not a list  \n1\\. not a number\n"  # two lines, as in Day One
    )
    folder = journal / "2024" / "2024-06-14-our-first-hike"
    copied = [pixels((folder / f"our-first-hike-{n}.jpg").read_bytes()) for n in (1, 2, 3)]
    # orderInEntry, not the array
    assert copied == [pixels(PHOTOS["P2"]), pixels(PHOTOS["P1"]), pixels(PHOTOS["P3"])]

    # The same instant in Tokyo is already the next morning; in New York still the day before.
    ramen, ramen_body = read_entry(
        journal / "2024" / "2024-06-15-ramen-at-dawn-after-the-night-flight-too.md"
    )
    assert ramen["date"] == "2024-06-15 07:30"
    assert ramen["title"] == "Ramen at dawn after the night flight, too…"
    assert ramen["place"] == "Tokyo"
    assert "dayone-moment" not in ramen_body
    movie, movie_body = read_entry(journal / "2024" / "2024-06-14-movie-night.md")
    assert str(movie["date"]) == "2024-06-14"  # all day: no time
    assert movie["title"] == "Movie night" and movie_body == ""  # the title, said once

    train, train_body = read_entry(journal / "2023" / "2023-12-31-the-night-train-to-porto.md")
    assert train_body.startswith(
        "![](2023-12-31-the-night-train-to-porto/the-night-train-to-porto-1.jpg)"
    )
    assert len(list(journal.rglob("*.md"))) == 4


def test_dayone_report_names_each_problem_and_what_was_left_behind(
    project: ScratchJournal, tmp_path: Path
) -> None:
    export = dayone_zip(tmp_path / "Export.zip")
    result = run("import", "dayone", str(export))
    out = result.output
    assert "wrote journal/2024/2024-06-14-our-first-hike.md (+3 photos)" in out
    assert "0f0f0f" not in out  # the video is imported, as a clip
    for media in (
        "audio recording audios/a1a1a1.m4a",  # its `format` says aac: the zip's name is shown
        "PDF pdfs/d1d1d1.pdf",  # no `type`
    ):
        assert f"Export.zip:Us.json: entry 2 (RAMEN002): warning: {media} not imported" in out
    assert (
        f"Export.zip:Us.json: entry 3 (MOVIE003): warning: photo photos/{md5(b'never exported')}"
        ".jpeg is not in the export; imported without it"
    ) in out
    assert "Export.zip:Us.json: entry 4 (NODATE04): error: has no `creationDate`" in out
    assert "imported 4 entries and 5 photos from" in out
    assert "Traceback" not in out


def test_a_second_import_writes_nothing_and_says_so(
    project: ScratchJournal, tmp_path: Path
) -> None:
    export = dayone_zip(tmp_path / "Export.zip")
    run("import", "dayone", str(export))
    before = snapshot(project.root)
    result = run("import", "dayone", str(export))
    assert snapshot(project.root) == before
    assert "imported 0 entries and 0 photos" in result.output
    assert "4 already imported, skipped" in result.output


def test_a_later_export_brings_only_the_new_entries(
    project: ScratchJournal, tmp_path: Path
) -> None:
    run("import", "dayone", str(dayone_zip(tmp_path / "old.zip")))
    newer = travel_entries() + [
        {
            "uuid": "NEW00006",
            "creationDate": "2025-01-01T10:00:00Z",
            "timeZone": "UTC",
            "text": "New year",
        }
    ]
    result = run("import", "dayone", str(dayone_zip(tmp_path / "new.zip", {"Travel": newer})))
    assert result.output.splitlines()[0] == "wrote journal/2025/2025-01-01-new-year.md"
    assert "imported 1 entry and 0 photos" in result.output


def test_import_never_overwrites_an_existing_entry(project: ScratchJournal, tmp_path: Path) -> None:
    mine = project.write(
        "2024/2024-06-14-our-first-hike.md", "---\ndate: 2024-06-14\ntitle: Mine\n---\nMine.\n"
    )
    photo_folder = project.write("2024/2024-06-14-our-first-hike-2/keep.jpg", b"mine")
    before = mine.read_bytes()
    run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--journal", "us")
    assert mine.read_bytes() == before
    assert photo_folder.read_bytes() == b"mine"
    meta, _ = read_entry(project.journal / "2024" / "2024-06-14-our-first-hike-3.md")
    assert meta["source"] == "dayone:HIKE0001"
    assert meta["photos"] == ["2024-06-14-our-first-hike-3/our-first-hike-3.jpg"]


def test_imported_entries_pass_check_strict(project: ScratchJournal, tmp_path: Path) -> None:
    run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--author", "alex")
    run("import", "jrnl", str(jrnl_export(tmp_path / "jrnl.json")), "--author", "sam")
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "journal ok: 6 entries, 0 pages"


def test_no_coordinates_are_written_anywhere(project: ScratchJournal, tmp_path: Path) -> None:
    """Entry files, photos and the report; the export itself is left as it was."""
    export = dayone_zip(tmp_path / "Export.zip")
    exported = export.read_bytes()
    result = run("import", "dayone", str(export))
    texts = [p.read_text(encoding="utf-8") for p in project.journal.rglob("*.md")]
    assert len(texts) == 4
    for text in [*texts, result.output]:
        for needle in ("latitude", "longitude", str(LATITUDE)[:5], str(LONGITUDE)[:5], "139.7"):
            assert needle not in text, needle
    photos = sorted(project.journal.rglob("*.jpg"))
    assert len(photos) == 4
    assert all(location_left(data) for data in PHOTOS.values())  # the export's photos had it
    assert {p.name: location_left(p.read_bytes()) for p in photos} == {p.name: [] for p in photos}
    assert export.read_bytes() == exported


def test_imported_photos_keep_their_pixels_orientation_and_other_metadata(
    project: ScratchJournal, tmp_path: Path
) -> None:
    """Only the location goes: the compressed pixels are the export's, byte for byte."""
    run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--journal", "Us")
    copy = (project.journal / "2024/2024-06-14-our-first-hike/our-first-hike-1.jpg").read_bytes()
    original = PHOTOS["P2"]
    assert jpeg_scan(copy) == jpeg_scan(original)
    assert len(copy) == len(original)  # edited in place: nothing moved
    with Image.open(io.BytesIO(copy)) as image:
        exif = image.getexif()
        assert exif[0x0112] == ORIENTATION
        assert (exif[0x010F], exif[0x0110]) == ("Apple", "iPhone 15")
        assert exif.get_ifd(0x8769)[0x9003] == "2024:06:14 23:30:00"
        assert b'xmp:Rating="5"' in image.info["xmp"]


@pytest.mark.parametrize(
    ("fmt", "kind"),
    [("PNG", "png"), ("WEBP", "webp"), ("HEIF", "heic"), ("TIFF", "tiff"), ("GIF", "gif")],
)
def test_every_photo_format_loses_its_location_and_keeps_its_pixels(
    project: ScratchJournal, tmp_path: Path, fmt: str, kind: str
) -> None:
    data = photo((30, 120, 200), fmt)
    assert location_left(data)
    entry = {
        "uuid": f"FORMAT{kind.upper()}",
        "creationDate": "2024-05-01T12:00:00Z",
        "timeZone": "UTC",
        "text": "Formats",
        "photos": [photo_ref("F", data, 0, kind)],
    }
    files = {f"photos/{md5(data)}.{kind}": data}
    export = dayone_zip(tmp_path / "Export.zip", {"Us": [entry]}, files)
    result = run("import", "dayone", str(export))
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    [copy] = (project.journal / "2024" / "2024-05-01-formats").iterdir()
    copied = copy.read_bytes()
    assert location_left(copied) == []
    assert pixels(copied) == pixels(data)  # lossless: the same pixels (HEIF was saved lossless)
    if fmt != "GIF":  # GIF has no EXIF
        assert orientation(copied) == ORIENTATION


HIDDEN_GPS = {
    "photoshop": photoshop_jpeg((40, 90, 160)),
    "utf-16-le": wide_xmp_jpeg((41, 90, 160), "utf-16-le"),
    "utf-16": wide_xmp_jpeg((42, 90, 160), "utf-16"),  # big-endian here, with its BOM
    "utf-32-be": wide_xmp_jpeg((43, 90, 160), "utf-32-be"),
    "extended": extended_xmp_jpeg((44, 90, 160)),
}
"""JPEGs that say where they were taken outside the usual EXIF and UTF-8 XMP blocks."""


@pytest.mark.parametrize("name", HIDDEN_GPS)
def test_gps_in_photoshop_blocks_and_wide_xmp_never_reaches_the_journal(
    project: ScratchJournal, tmp_path: Path, name: str
) -> None:
    data = HIDDEN_GPS[name]
    assert exiftool_location(data)  # ExifTool finds where it was taken in the export's photo
    entry = {
        "uuid": "HIDDEN17",
        "creationDate": "2024-05-04T12:00:00Z",
        "timeZone": "UTC",
        "text": "Hidden",
        "photos": [photo_ref("H", data, 0)],
    }
    export = dayone_zip(
        tmp_path / "Export.zip", {"Us": [entry]}, {f"photos/{md5(data)}.jpeg": data}
    )
    result = run("import", "dayone", str(export))
    assert result.exit_code == 0 and "warning" not in result.output, result.output
    [copy] = (project.journal / "2024" / "2024-05-04-hidden").iterdir()
    written = copy.read_bytes()
    assert exiftool_location(written) == {}
    assert location_left(written) == []
    for needle in LOCATION_TEXT:  # in UTF-16 and UTF-32 too
        for encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
            assert needle.decode().encode(encoding) not in written, (needle, encoding)
    assert pixels(written) == pixels(data) and len(written) == len(data)
    if name == "photoshop":
        assert IPTC_CITY in written  # the city in words stays, like `place:`


def test_images_and_a_video_after_a_jpeg_lose_their_location_too() -> None:
    """A motion photo: the photo, a preview image after it (MPF), a video after that."""
    data = motion_photo((90, 30, 60))
    clean = without_location(data)
    assert clean.note == ""
    assert VIDEO_PLACE in data and VIDEO_PLACE not in clean.data
    assert len(clean.data) == len(data)  # nothing moved: the MPF offsets still hold
    with Image.open(io.BytesIO(clean.data)) as image, Image.open(io.BytesIO(data)) as before:
        assert image.format == "MPO" and image.n_frames == 2
        for frame in (0, 1):
            image.seek(frame)
            before.seek(frame)
            assert 0x8825 not in image.getexif()
            assert image.getexif()[0x0112] == ORIENTATION
            assert image.tobytes() == before.tobytes()


def test_a_photo_whose_location_cannot_be_edited_is_left_out_and_said_to(
    project: ScratchJournal, tmp_path: Path
) -> None:
    data = heif_with_exif_in_pieces()
    entry = {
        "uuid": "PIECES15",
        "creationDate": "2024-05-02T12:00:00Z",
        "timeZone": "UTC",
        "text": "Pieces",
        "photos": [photo_ref("H", data, 0, "heic")],
    }
    files = {f"photos/{md5(data)}.heic": data}
    export = dayone_zip(tmp_path / "Export.zip", {"Us": [entry]}, files)
    result = run("import", "dayone", str(export))
    assert result.exit_code == 1
    assert (
        f"Export.zip:Us.json: entry 1 (PIECES15): error: photo photos/{md5(data)}.heic may "
        "still say where it was taken (its EXIF is stored in a way memorybook cannot edit); "
        "imported without it"
    ) in result.output
    assert [p.name for p in project.journal.rglob("*")] == ["2024", "2024-05-02-pieces.md"]


def test_stray_bytes_between_jpeg_segments_are_skipped_as_pillow_skips_them() -> None:
    data = photo((5, 100, 5))
    after_app0 = 4 + int.from_bytes(data[4:6], "big")
    stray = data[:after_app0] + b"\0\1\2" + data[after_app0:]
    assert location_left(stray)  # Pillow reads its EXIF all the same
    clean = without_location(stray)
    assert clean.note == "" and location_left(clean.data) == []
    assert pixels(clean.data) == pixels(stray)


def test_gps_left_where_memorybook_does_not_look_keeps_the_photo_out() -> None:
    """XMP in a JPEG comment: no reader takes it for XMP, but the coordinates are there."""
    out = io.BytesIO()
    Image.new("RGB", (16, 12), "teal").save(out, "JPEG", comment=XMP)
    with pytest.raises(LocationLeft, match="may still say where it was taken: its metadata"):
        without_location(out.getvalue())


@pytest.mark.parametrize("marker", [0xE3, 0xED])
def test_exif_in_a_block_memorybook_does_not_edit_keeps_the_photo_out(marker: int) -> None:
    """EXIF with a GPS IFD in Kodak's APP3 `Meta` block, or in another program's APP13."""
    tiff = gps_exif().tobytes()[6:]
    body = b"Meta\0\0" + tiff if marker == 0xE3 else b"Adobe_CM\0" + tiff
    plain = wide_xmp_jpeg((3, 3, 3), "utf-8")
    data = plain[:2] + bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, "big") + body
    data += plain[2:]
    with pytest.raises(LocationLeft, match="may still say where it was taken"):
        without_location(data)


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_damaged_or_cut_short_photo_is_reported_and_the_entry_imported(
    project: ScratchJournal, tmp_path: Path, dry_run: bool
) -> None:
    good = photo((10, 200, 10))
    cut = photo((20, 20, 200))[:-40]  # the end of its compressed pixels is missing
    broken = photo((200, 20, 20))[:300]  # cut inside its metadata
    html = b"<html>not a photo</html>"
    entry = {
        "uuid": "DAMAGE16",
        "creationDate": "2024-05-03T12:00:00Z",
        "timeZone": "UTC",
        "text": "Day\n\n![](dayone-moment://B)\n\n![](dayone-moment://G)",
        "photos": [
            photo_ref("B", broken, 0),
            photo_ref("G", good, 1),
            photo_ref("C", cut, 2),
            photo_ref("H", html, 3),
        ],
    }
    files = {f"photos/{md5(data)}.jpeg": data for data in (good, cut, broken, html)}
    export = dayone_zip(tmp_path / "Export.zip", {"Us": [entry]}, files)
    result = run("import", "dayone", str(export), *(["--dry-run"] if dry_run else []))
    assert result.exit_code == 1
    where = re.escape("../Export.zip:Us.json: entry 1 (DAMAGE16)")
    expected = [
        rf"{where}: error: photo photos/{md5(broken)}\.jpeg cannot be read as a photo \(a JPEG "
        r"segment at byte \d+ runs past the end of the file\); imported without it",
        rf"{where}: warning: photo photos/{md5(cut)}\.jpeg looks cut short \(it has no "
        r"end-of-image marker\): copied without its location",
        rf"{where}: error: photo photos/{md5(html)}\.jpeg is not a photo memorybook reads \(JPEG, "
        r"PNG, WebP, GIF, TIFF and HEIC/HEIF\); imported without it",
    ]
    lines = result.output.splitlines()[1:-1]
    assert len(lines) == 3 and all(map(re.fullmatch, expected, lines)), lines
    assert "Traceback" not in result.output
    assert ("would import" if dry_run else "imported") + " 1 entry and 2 photos" in result.output
    if dry_run:
        return
    meta, body = read_entry(project.journal / "2024" / "2024-05-03-day.md")
    assert body == "![](2024-05-03-day/day-1.jpg)\n"
    assert meta["photos"] == ["2024-05-03-day/day-2.jpg"]
    folder = project.journal / "2024" / "2024-05-03-day"
    assert sorted(p.name for p in folder.iterdir()) == ["day-1.jpg", "day-2.jpg"]
    assert pixels((folder / "day-1.jpg").read_bytes()) == pixels(good)
    assert location_left((folder / "day-2.jpg").read_bytes()) == []


def test_dry_run_lists_what_it_would_write_and_writes_nothing(
    project: ScratchJournal, tmp_path: Path
) -> None:
    before = snapshot(project.root)
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--dry-run")
    assert snapshot(project.root) == before
    assert not (project.journal / "2024").exists()
    assert "would write journal/2024/2024-06-14-our-first-hike.md (+3 photos)" in result.output
    assert "would import 4 entries and 5 photos" in result.output
    assert "nothing was written (dry run)" in result.output


def test_journal_option_picks_one_journal(project: ScratchJournal, tmp_path: Path) -> None:
    export = dayone_zip(tmp_path / "Export.zip")
    result = run("import", "dayone", str(export), "--journal", "Travel")
    assert result.exit_code == 0, result.output
    assert [p.name for p in project.journal.rglob("*.md")] == [
        "2023-12-31-the-night-train-to-porto.md"
    ]
    wrong = run("import", "dayone", str(export), "--journal", "Work")
    assert wrong.exit_code == 2
    assert (
        "Error: " in wrong.output and "no journal called 'Work'; it has: Travel, Us" in wrong.output
    )


def test_an_unknown_author_is_refused_before_anything_is_written(
    project: ScratchJournal, tmp_path: Path
) -> None:
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--author", "kim")
    assert result.exit_code == 2
    assert "--author: unknown person 'kim'; known people: sam, alex" in result.output
    assert not list(project.journal.rglob("*.md"))


# -- hostile and broken exports ----------------------------------------------


def _bomb() -> bytes:
    return b"\0" * (20 * 1024 * 1024)


@pytest.mark.parametrize(
    ("member", "problem"),
    [
        ("../../escaped.json", "a path that leads out of the export (`..`); skipped"),
        ("photos/../../../escaped.jpeg", "a path that leads out of the export (`..`); skipped"),
        ("/tmp/escaped.json", "an absolute path in the zip; skipped"),
        ("symlink", "a symbolic link in the zip; skipped"),
        ("bomb", "unpacks from"),
    ],
)
def test_hostile_zips_write_nothing_outside_the_journal(
    project: ScratchJournal, tmp_path: Path, member: str, problem: str
) -> None:
    outside = tmp_path / "outside"
    (outside / "deep" / "er").mkdir(parents=True)
    export = outside / "deep" / "er" / "Export.zip"
    victim = jpeg((1, 2, 3))
    entry = {
        "uuid": "VICTIM07",
        "creationDate": "2024-01-01T12:00:00Z",
        "timeZone": "UTC",
        "text": "Hostile\n\n![](dayone-moment://V)",
        "photos": [photo_ref("V", victim, 0)],
    }
    name = f"photos/{md5(victim)}.jpeg"
    if member == "symlink":
        dayone_zip(export, {"Us": [entry]}, {})
        add_symlink(export, name, "/etc/passwd")
    elif member == "bomb":
        dayone_zip(export, {"Us": [entry]}, {name: _bomb()})
    else:
        dayone_zip(export, {"Us": [entry]}, {name: victim}, raw={member: b'{"entries": []}'})
    before_outside = snapshot(tmp_path)

    result = run("import", "dayone", str(export))

    assert problem in result.output
    after = snapshot(tmp_path)
    written = {k for k in after if k not in before_outside}
    assert all(k.startswith("project/journal/") for k in written), written
    assert {k: v for k, v in after.items() if k in before_outside} == before_outside
    assert not Path("/tmp/escaped.json").exists()
    assert result.exit_code == 1  # something in the export was refused
    entry_text = (project.journal / "2024" / "2024-01-01-hostile.md").read_text(encoding="utf-8")
    if member in ("symlink", "bomb"):
        assert "![" not in entry_text  # imported without the refused photo
        assert not (project.journal / "2024" / "2024-01-01-hostile").exists()


def test_a_photo_that_unpacks_to_more_than_its_header_says_is_left_out_and_its_entry_imported(
    project: ScratchJournal, tmp_path: Path
) -> None:
    """zipfile stops at the declared size and the CRC fails: no part of the photo is
    written, and the entry comes without it."""
    victim = jpeg((4, 5, 6))
    entry = {
        "uuid": "LIAR0008",
        "creationDate": "2024-01-01T12:00:00Z",
        "timeZone": "UTC",
        "text": "Liar",
        "photos": [photo_ref("L", victim, 0)],
    }
    export = dayone_zip(
        tmp_path / "Export.zip",
        {"Us": [entry]},
        {f"photos/{md5(victim)}.jpeg": victim + b"x" * 5000},
    )
    _shrink_declared_size(export, f"photos/{md5(victim)}.jpeg", len(victim))
    result = run("import", "dayone", str(export))
    assert result.exit_code == 1
    assert (
        f"Us.json: entry 1 (LIAR0008): error: photo photos/{md5(victim)}.jpeg cannot be read "
        "from the export"
    ) in result.output
    assert [p.name for p in project.journal.rglob("*")] == ["2024", "2024-01-01-liar.md"]


def _shrink_declared_size(export: Path, name: str, size: int) -> None:
    """Rewrite the member's declared size (local header and central directory) to `size`."""
    with zipfile.ZipFile(export) as archive:
        info = archive.getinfo(name)
    data = bytearray(export.read_bytes())
    real = info.file_size.to_bytes(4, "little")
    fake = size.to_bytes(4, "little")
    count = 0
    start = 0
    while (at := data.find(real, start)) >= 0:
        data[at : at + 4] = fake
        count += 1
        start = at + 4
    assert count == 2
    export.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a zip", "Export.zip: not a zip file"),
        (b"PK\x03\x04broken", "Export.zip: not a zip file"),
    ],
)
def test_an_export_that_is_not_a_zip_is_a_clear_error(
    project: ScratchJournal, tmp_path: Path, content: bytes, message: str
) -> None:
    export = tmp_path / "Export.zip"
    export.write_bytes(content)
    result = run("import", "dayone", str(export))
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and message in result.output


def test_a_malformed_journal_json_is_reported_and_the_other_journal_imported(
    project: ScratchJournal, tmp_path: Path
) -> None:
    export = dayone_zip(
        tmp_path / "Export.zip",
        {"Travel": travel_entries()},
        raw={"Us.json": b'{"entries": [\n{"uuid": }'},
    )
    result = run("import", "dayone", str(export))
    assert result.exit_code == 1
    assert "Export.zip:Us.json:2: error: not valid JSON (Expecting value); skipped" in result.output
    assert "imported 1 entry and 1 photo" in result.output


def test_missing_export_and_year_folder_leading_out_are_clear_errors(
    project: ScratchJournal, tmp_path: Path
) -> None:
    result = run("import", "dayone", str(tmp_path / "nope.zip"))
    assert result.exit_code == 2 and "nope.zip: no such file" in result.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project.journal / "2023").symlink_to(elsewhere, target_is_directory=True)
    result = run(
        "import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--journal", "Travel"
    )
    assert result.exit_code == 2
    assert "journal/2023: leads outside the journal" in result.output
    assert not list(elsewhere.iterdir())


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        ("12\\.5 km\\.", "12.5 km."),
        ("well\\-being \\(really\\)\\!", "well-being (really)!"),
        ("\\- not a list", "\\- not a list"),
        ("  \\+ not a list", "  \\+ not a list"),
        ("\\# not a heading", "\\# not a heading"),
        ("1994\\. A year", "1994\\. A year"),
        ("12\\.5 km", "12.5 km"),
        ("in 1994\\. A year", "in 1994. A year"),
        ("\\![not an image]", "\\![not an image]"),
        ("\\*not emphasis\\*", "\\*not emphasis\\*"),
        ("a\\\\.b", "a\\\\.b"),
        ("`code\\.` and\\.", "`code\\.` and."),
        ("```\nfenced\\.\n```\nafter\\.", "```\nfenced\\.\n```\nafter."),
    ],
)
def test_day_one_escapes_are_undone_where_the_meaning_stays(escaped: str, plain: str) -> None:
    assert unescape_markdown(escaped) == plain


# -- jrnl ------------------------------------------------------------------


def test_jrnl_entries_keep_title_time_body_and_tags(
    project: ScratchJournal, tmp_path: Path
) -> None:
    result = run("import", "jrnl", str(jrnl_export(tmp_path / "jrnl.json")))
    assert result.exit_code == 1  # the entry with a broken date
    assert (
        "jrnl.json: entry 3: error: `date` '2023-13-45' is not a date like 2024-06-14; skipped"
        in result.output
    )
    walk, body = read_entry(project.journal / "2023" / "2023-03-05-walked-the-dog-by-the-river.md")
    assert walk["title"] == "Walked the dog by the river."
    assert walk["date"] == "2023-03-05 08:15"
    assert walk["tags"] == ["walks", "river-days"]
    assert body == "Sam found a heron. @walks @river-days\n"
    no, body = read_entry(project.journal / "2023" / "2023-04-01-no.md")
    # YAML would read a bare No as false and null as nothing: they stay text.
    assert no["title"] == "No"
    assert no["tags"] == ["home", "null", "starred"]
    assert "a@b.org" in body
    assert no["source"].startswith("jrnl:2023-04-01T21:00:")

    again = run("import", "jrnl", str(tmp_path / "jrnl.json"))
    assert "imported 0 entries" in again.output and "2 already imported" in again.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"entries": [\n{"title": }', "jrnl.json:2: not valid JSON (Expecting value)"),
        (b'["not", "jrnl"]', 'jrnl.json: not a jrnl export (no "entries" list)'),
        (b'{"entries": ["\xff"]}', "jrnl.json: not UTF-8 text"),
    ],
)
def test_a_broken_jrnl_export_is_a_clear_error(
    project: ScratchJournal, tmp_path: Path, content: bytes, message: str
) -> None:
    export = tmp_path / "jrnl.json"
    export.write_bytes(content)
    result = run("import", "jrnl", str(export))
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and message in result.output
    assert not list(project.journal.rglob("*"))


def test_tricky_values_read_back_as_written_and_every_entry_gets_a_title(
    project: ScratchJournal, tmp_path: Path
) -> None:
    photo = jpeg((7, 7, 7))
    entries = [
        {
            "uuid": "YES00009",
            "creationDate": "2024-02-01T10:00:00Z",
            "timeZone": "Europe/Lisbon",
            "text": "# Yes\r\n\r\nShe said yes\\!",
            "tags": ["null", "rock, paper", "#1", "2024"],
            "location": {"placeName": "Sam: the café", "localityName": "Lisbon"},
        },
        {
            "uuid": "PHOTO010",
            "creationDate": "2024-02-02T10:00:00Z",
            "timeZone": "Europe/Lisbon",
            "text": "![](dayone-moment://Q)",
            "photos": [photo_ref("Q", photo, 0)],
            "location": {"localityName": "Porto", "latitude": 41.1, "longitude": -8.6},
        },
        {
            "uuid": "KANJI011",
            "creationDate": "2024-02-03T10:00:00Z",
            "timeZone": "Asia/Tokyo",
            "text": "温泉 の 一日",
        },
        {"uuid": "EMPTY012", "creationDate": "2024-02-04T10:00:00Z", "timeZone": "UTC"},
    ]
    export = dayone_zip(
        tmp_path / "Export.zip", {"Us": entries}, {f"photos/{md5(photo)}.jpeg": photo}
    )
    result = run("import", "dayone", str(export))
    assert result.exit_code == 0, result.output
    yes, body = read_entry(project.journal / "2024" / "2024-02-01-yes.md")
    assert yes["title"] == "Yes"
    assert yes["tags"] == ["null", "rock, paper", "#1", "2024"]
    assert yes["place"] == "Sam: the café, Lisbon"
    assert body == "She said yes!\n"
    porto, body = read_entry(project.journal / "2024" / "2024-02-02-porto.md")
    assert porto["title"] == "Porto"  # a photo alone: titled by its place
    assert body == "![](2024-02-02-porto/porto-1.jpg)\n"
    kanji, _ = read_entry(project.journal / "2024" / "2024-02-03-entry.md")
    assert kanji["title"] == "温泉 の 一日"
    empty, _ = read_entry(project.journal / "2024" / "2024-02-04-4-february-2024.md")
    assert empty["title"] == "4 February 2024"
    assert run("check", "--strict").exit_code == 0


def test_many_small_bombs_are_refused_once_the_export_unpacks_past_its_budget(
    project: ScratchJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members under a MiB skip the ratio test; together they still cannot fill the disk."""
    monkeypatch.setattr(dayone, "MIN_BUDGET", 5 * 2**19)
    # Real photos (each its own colour) padded with zeros after their end: a photo's location
    # is taken out on the way, so the bytes must be a photo, not only compress well.
    blobs = [jpeg((n, n, n)).ljust(2**20 - 10, b"\0") for n in range(5)]
    entry = {
        "uuid": "MANY0013",
        "creationDate": "2024-01-01T12:00:00Z",
        "timeZone": "UTC",
        "text": "Many",
        "photos": [photo_ref(f"M{n}", blob, n) for n, blob in enumerate(blobs)],
    }
    files = {f"photos/{md5(blob)}.jpeg": blob for blob in blobs}
    result = run(
        "import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": [entry]}, files))
    )
    assert result.exit_code == 1
    assert result.output.count("would unpack the export past 100 times its size") == 3
    assert len(list((project.journal / "2024" / "2024-01-01-many").iterdir())) == 2


def test_a_name_taken_between_choosing_and_writing_is_left_alone(
    project: ScratchJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program writes the chosen name first: import stops; that file is untouched."""
    theirs = project.write("2023/2023-12-31-the-night-train-to-porto.md", "theirs\n")
    monkeypatch.setattr(writer, "_free_stem", lambda folder, base, journal: base)
    result = run(
        "import", "dayone", str(dayone_zip(tmp_path / "Export.zip")), "--journal", "Travel"
    )
    assert result.exit_code == 2
    assert "2023-12-31-the-night-train-to-porto.md: File exists" in result.output
    assert theirs.read_text(encoding="utf-8") == "theirs\n"
    assert not (project.journal / "2023" / "2023-12-31-the-night-train-to-porto").exists()


# -- never half-way, never a traceback, reported once --------------------------


def _dated(uuid: str, created: str, zone: str = "UTC", text: str = "") -> dict[str, Any]:
    return {"uuid": uuid, "creationDate": created, "timeZone": zone, "text": text or uuid}


@pytest.mark.parametrize(
    ("created", "zone", "problem"),
    [
        (
            "0001-01-01T02:00:00Z",
            "America/New_York",
            "has `creationDate` '0001-01-01T02:00:00Z', before 1 January 1 in America/New_York",
        ),
        (
            "9999-12-31T20:00:00Z",
            "Asia/Tokyo",
            "has `creationDate` '9999-12-31T20:00:00Z', after 31 December 9999 in Asia/Tokyo",
        ),
        ("10000-01-01T00:00:00Z", "UTC", "has `creationDate` '10000-01-01T00:00:00Z', not a date"),
        ("-0001-01-01T00:00:00Z", "UTC", "has `creationDate` '-0001-01-01T00:00:00Z', not a date"),
    ],
)
def test_a_date_past_the_ends_of_the_calendar_is_reported_and_the_rest_imported(
    project: ScratchJournal, tmp_path: Path, created: str, zone: str, problem: str
) -> None:
    entries = [
        _dated("BEFORE01", "2024-01-01T10:00:00Z"),
        _dated("EDGE0002", created, zone),
        _dated("AFTER003", "2024-01-02T10:00:00Z"),
    ]
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": entries})))
    assert result.exit_code == 1, result.output
    assert f"Export.zip:Us.json: entry 2 (EDGE0002): error: {problem}; skipped" in result.output
    assert "imported 2 entries" in result.output
    assert sorted(p.name for p in project.journal.rglob("*.md")) == [
        "2024-01-01-before01.md",
        "2024-01-02-after003.md",
    ]


@pytest.mark.parametrize(
    ("created", "zone", "day"),
    [
        ("0001-01-01T00:00:00Z", "UTC", "0001-01-01"),
        ("9999-12-31T23:59:00Z", "UTC", "9999-12-31"),
        ("0001-01-01T02:00:00Z", "Asia/Tokyo", "0001-01-01"),
    ],
)
def test_a_date_at_the_ends_of_the_calendar_is_imported_and_passes_check(
    project: ScratchJournal, tmp_path: Path, created: str, zone: str, day: str
) -> None:
    entries = [_dated("EDGE0004", created, zone, "At the edge")]
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": entries})))
    assert result.exit_code == 0, result.output
    [written] = project.journal.rglob("*.md")
    assert str(read_entry(written)[0]["date"]).startswith(day)
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output


def test_a_photo_that_fails_its_crc_is_left_out_and_its_entry_imported(
    project: ScratchJournal, tmp_path: Path
) -> None:
    good, bad = jpeg((60, 60, 200)), jpeg((200, 60, 60))
    entry = {
        "uuid": "CRC00018",
        "creationDate": "2024-05-05T12:00:00Z",
        "timeZone": "UTC",
        "text": "# Two photos\n\n![](dayone-moment://B)\n\n![](dayone-moment://G)",
        "photos": [photo_ref("B", bad, 0), photo_ref("G", good, 1)],
    }
    export = tmp_path / "Export.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Us.json", json.dumps({"entries": [entry]}))
        archive.writestr(f"photos/{md5(good)}.jpeg", good)
        archive.writestr(f"photos/{md5(bad)}.jpeg", bad)
    zipped = bytearray(export.read_bytes())
    at = zipped.find(bad) + len(bad) // 2
    zipped[at] ^= 0xFF  # one flipped bit of its pixels: the member fails its CRC
    export.write_bytes(bytes(zipped))
    result = run("import", "dayone", str(export))
    assert result.exit_code == 1
    assert (
        f"Us.json: entry 1 (CRC00018): error: photo photos/{md5(bad)}.jpeg cannot be read from "
        "the export (Bad CRC-32"
    ) in result.output
    assert "; imported without it" in result.output
    assert "imported 1 entry and 1 photo" in result.output
    meta, body = read_entry(project.journal / "2024" / "2024-05-05-two-photos.md")
    assert body == "![](2024-05-05-two-photos/two-photos-1.jpg)\n"
    [copy] = (project.journal / "2024" / "2024-05-05-two-photos").iterdir()
    assert pixels(copy.read_bytes()) == pixels(good)


def test_text_from_the_export_is_printed_without_its_terminal_codes(
    project: ScratchJournal, tmp_path: Path
) -> None:
    entries = [
        {
            "uuid": "EVIL\x1b[2J\x1b]0;owned\x07",
            "creationDate": "2024-05-06T12:00:00Z",
            "timeZone": "Mars/\x1b[31mRed",
            "text": "Escapes",
            "photos": [{"identifier": "X", "md5": "\x1b[5mblink", "type": "jpeg"}],
            "videos": [{"identifier": "V", "md5": "\u202egnp.exe", "type": "mov\r"}],
        },
        {"uuid": "NODATE\x9b31m", "text": "c1 control"},
    ]
    export = dayone_zip(tmp_path / "Ev\x1bil.zip", {"Us\x1b[8m": entries})
    result = run("import", "dayone", str(export))
    assert result.output.isprintable() is False  # its newlines
    for line in result.output.splitlines():
        assert line.isprintable(), repr(line)
    assert "EVIL\\x1b[2J\\x1b]0;owned\\x07" in result.output
    assert "\\u202egnp.exe" in result.output and "NODATE\\x9b31m" in result.output


def test_a_text_that_is_not_text_is_a_located_problem(
    project: ScratchJournal, tmp_path: Path
) -> None:
    entries = [
        {**_dated("MAPPING5", "2024-05-07T12:00:00Z"), "text": {"secret": "a mapping"}},
        {**_dated("NUMBER06", "2024-05-08T12:00:00Z"), "text": 42},
    ]
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": entries})))
    assert result.exit_code == 1
    assert (
        "Us.json: entry 1 (MAPPING5): error: `text` is a JSON object, not text; imported "
        "without its text"
    ) in result.output
    assert "entry 2 (NUMBER06): error: `text` is a number, not text" in result.output
    written = "".join(p.read_text(encoding="utf-8") for p in project.journal.rglob("*.md"))
    assert "secret" not in written and "42" not in written
    jrnl = jrnl_export(
        tmp_path / "jrnl.json",
        [{"title": ["a", "list"], "body": {"b": 1}, "date": "2023-01-01", "time": "10:00"}],
    )
    result = run("import", "jrnl", str(jrnl))
    assert "jrnl.json: entry 1 (2023-01-01): error: `title` is a JSON array, not text" in (
        result.output
    )
    assert "error: `body` is a JSON object, not text" in result.output


def test_a_rerun_says_what_it_skipped_once_and_repeats_no_warning(
    project: ScratchJournal, tmp_path: Path
) -> None:
    export = dayone_zip(tmp_path / "Export.zip")
    first = run("import", "dayone", str(export))
    assert "warning" in first.output
    again = run("import", "dayone", str(export))
    assert "warning" not in again.output, again.output
    # The entry without a date was never imported: it is still said to be left out.
    assert again.output.splitlines() == [
        "../Export.zip:Us.json: entry 4 (NODATE04): error: has no `creationDate`, not a date; "
        "skipped",
        "imported 0 entries and 0 photos from ../Export.zip; 4 already imported, skipped; "
        "1 problem listed above",
    ]


# -- the text as the writer saw it ---------------------------------------------


def _import_text(
    tmp_path: Path, journal: Path, text: str, **more: Any
) -> tuple[dict[str, Any], str]:
    """Import one Day One entry with that text; its front-matter and body as written."""
    entry = {"uuid": "TEXT0019", "creationDate": "2024-05-09T12:00:00Z", "timeZone": "UTC"}
    export = dayone_zip(tmp_path / "Export.zip", {"Us": [{**entry, "text": text, **more}]})
    result = run("import", "dayone", str(export))
    assert result.exit_code == 0, result.output
    [path] = journal.rglob("*.md")
    return read_entry(path)


def test_day_one_line_breaks_and_lists_look_as_they_did_in_day_one(
    project: ScratchJournal, tmp_path: Path
) -> None:
    text = (
        "# Saturday\n\nRoses are red\nViolets are blue\n\nGroceries:\n1. milk\n2. eggs\n"
        "Then we cooked.\n\nTo do:\n- call mum\n- water plants\n\n> she said\n> yes\n\n"
        "```\ncode\nstays\n```"
    )
    _, body = _import_text(tmp_path, project.journal, text)
    html = markdown.markdown(body)
    assert "Roses are red<br />\nViolets are blue" in html
    assert "<ol>\n<li>milk</li>\n<li>eggs</li>\n</ol>" in html
    assert "<p>Then we cooked.</p>" in html
    assert "<ul>\n<li>call mum</li>\n<li>water plants</li>\n</ul>" in html
    assert "she said<br />\nyes" in html
    assert "<code>code\nstays</code>" in html
    assert markdown_html(body).count("<br") == 2  # the book's Markdown reads it the same


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        ("Our first hike\nWe walked 12 km.", "Our first hike", "We walked 12 km.\n"),
        ("Our first hike\n\nWe walked 12 km.", "Our first hike", "We walked 12 km.\n"),
        ("**Our first hike**\n\nWe walked.", "Our first hike", "We walked.\n"),
        ("Movie night", "Movie night", ""),
        (
            "Ramen at dawn after the night flight, too tired to talk\n\nGood.",
            "Ramen at dawn after the night flight, too…",
            "Ramen at dawn after the night flight, too tired to talk\n\nGood.\n",
        ),
        ("[Sam](https://example.org) and me\n\nA link stays.", "Sam and me", None),
    ],
)
def test_a_first_line_that_becomes_the_title_is_not_said_twice(
    project: ScratchJournal, tmp_path: Path, text: str, title: str, body: str | None
) -> None:
    meta, written = _import_text(tmp_path, project.journal, text)
    assert meta["title"] == title
    if body is not None:
        assert written == body
    else:  # a line with a link keeps its link in the text
        assert written.startswith("[Sam](https://example.org) and me")


def test_invisible_characters_are_dropped_where_they_mean_nothing(
    project: ScratchJournal, tmp_path: Path
) -> None:
    text = (
        "\ufeffCafé\u200b day\n\nA box\ufffc here, a word\u2060joiner, \u202eoverride\u202c "
        "and\u200e a mark.\u2028Next line.\n\nFamily 👨\u200d👩\u200d👧 stays.\u200d"
    )
    meta, body = _import_text(
        tmp_path, project.journal, text, tags=["\u200bhike"], location={"placeName": "Porto\ufffc"}
    )
    assert meta["title"] == "Café day"
    assert meta["tags"] == ["hike"] and meta["place"] == "Porto"
    assert body == (
        "A box here, a wordjoiner, override and a mark.  \nNext line.\n\n"
        "Family 👨\u200d👩\u200d👧 stays.\n"
    )


def test_bidi_marks_stay_in_right_to_left_text(project: ScratchJournal, tmp_path: Path) -> None:
    text = "# שבת\n\nטיול עם Sam\u200f, 12 ק\u200fמ"
    _, body = _import_text(tmp_path, project.journal, text)
    assert body == "טיול עם Sam\u200f, 12 ק\u200fמ\n"


# -- every photo and medium it could not bring, by the export's name ------------


def test_every_photo_and_medium_left_behind_is_named_as_the_export_holds_it(
    project: ScratchJournal, tmp_path: Path
) -> None:
    shared = jpeg((120, 30, 30))
    entries = [
        {
            **_dated("FIRST020", "2024-05-10T12:00:00Z", text="# First\n\nOne photo."),
            "photos": [photo_ref("S1", shared, 0), photo_ref("S2", shared, 1)],
        },
        {
            **_dated("MEDIA021", "2024-05-11T12:00:00Z"),
            "text": (
                "# Media\n\n![](dayone-moment://GONE1)\n\n![](dayone-moment://S2)\n\n"
                "![](dayone-moment:/video/V1)\n\n![](dayone-moment:/audio/A1)\n\n"
                "![](dayone-moment:/pdfAttachment/D1)\n\n![](dayone-moment:/video/VGONE)\n\n"
                "![](dayone-moment://GONE1)"
            ),
            "videos": [{"identifier": "V1", "md5": "0f0f0f", "type": "mov"}],
            "audios": [{"identifier": "A1", "md5": "a1a1a1", "format": "aac"}],
            "pdfAttachments": [{"identifier": "D1", "md5": "d1d1d1"}],
        },
    ]
    files = {
        f"photos/{md5(shared)}.jpeg": shared,
        "videos/0f0f0f.mov": b"video",
        "audios/a1a1a1.m4a": b"audio",
        "pdfs/d1d1d1.pdf": b"%PDF-1.4",
    }
    result = run(
        "import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": entries}, files))
    )
    where = "../Export.zip:Us.json: entry 2 (MEDIA021)"
    problems = [line for line in result.output.splitlines() if "MEDIA021" in line]
    assert problems == [
        f"{where}: warning: photo dayone-moment://GONE1, placed in the text, is not in the "
        "export; imported without it",
        f"{where}: warning: video dayone-moment:/video/VGONE, placed in the text, is not in the "
        "export",
        f"{where}: warning: audio recording audios/a1a1a1.m4a not imported: memorybook keeps "
        "photos only",
        f"{where}: warning: PDF pdfs/d1d1d1.pdf not imported: memorybook keeps photos only",
        f"{where}: error: video videos/0f0f0f.mov cannot be read as a clip (it is not an MP4, "
        "QuickTime or WebM file); imported without it",
    ], result.output
    # A photo of another entry, placed here too, is brought here as well.
    _, body = read_entry(project.journal / "2024" / "2024-05-11-media.md")
    assert body == "![](2024-05-11-media/media-1.jpg)\n"
    assert "imported 2 entries and 3 photos" in result.output


def test_media_missing_from_the_export_are_named_by_their_folder_and_md5(
    project: ScratchJournal, tmp_path: Path
) -> None:
    entry = {
        **_dated("GONE0022", "2024-05-12T12:00:00Z", text="# Gone"),
        "audios": [{"identifier": "A1", "md5": "a2a2a2", "format": "aac"}],
        "pdfAttachments": [{"identifier": "D1", "md5": "d2d2d2"}],
    }
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": [entry]})))
    assert (
        "warning: audio recording audios/a2a2a2 is not in the export (nor imported: memorybook "
        "keeps photos only)"
    ) in result.output
    assert "warning: PDF pdfs/d2d2d2 is not in the export" in result.output


# -- links between entries, and only what check --strict passes -----------------


def test_links_between_entries_of_an_export_lead_to_the_imported_entries(
    project: ScratchJournal, tmp_path: Path
) -> None:
    earlier = _dated("EARLY023", "2022-03-01T12:00:00Z", text="# Our first date\n\nCoffee.")
    run("import", "dayone", str(dayone_zip(tmp_path / "old.zip", {"Us": [earlier]})))
    entries = [
        _dated("HIKE0024", "2024-06-14T12:00:00Z", text="# Our first hike\n\nUp the hill."),
        _dated(
            "BACK0025",
            "2025-06-14T12:00:00Z",
            text=(
                "# A year later\n\nWe did [the hike](dayone2://view?entryId=HIKE0024) again, "
                "a year after [that](dayone://view?journalId=J1&entryId=HIKE0024) and long "
                "after [our first date](dayone2://view?entryId=EARLY023); see also "
                "dayone2://view?entryId=HIKE0024 and [a lost one](dayone2://view?entryId=LOST0026)."
            ),
        ),
    ]
    result = run("import", "dayone", str(dayone_zip(tmp_path / "new.zip", {"Us": entries})))
    assert (
        "new.zip:Us.json: entry 2 (BACK0025): warning: links to the Day One entry LOST0026, "
        "which is neither in this export nor imported: its words are kept, without the link"
    ) in result.output
    _, body = read_entry(project.journal / "2025" / "2025-06-14-a-year-later.md")
    assert body == (
        "We did [the hike](../2024/2024-06-14-our-first-hike.md) again, a year after "
        "[that](../2024/2024-06-14-our-first-hike.md) and long after "
        "[our first date](../2022/2022-03-01-our-first-date.md); see also "
        "[Our first hike](../2024/2024-06-14-our-first-hike.md) and a lost one.\n"
    )
    build(project.root / "mkdocs.yml", strict=True)  # MkDocs finds every linked page
    page = (project.root / "site/2025/2025-06-14-a-year-later/index.html").read_text("utf-8")
    hike = '<a href="../../2024/2024-06-14-our-first-hike/">'
    for words in ("the hike", "that", "Our first hike"):
        assert f"{hike}{words}</a>" in page
    assert '<a href="../../2022/2022-03-01-our-first-date/">our first date</a>' in page


def _many_words(size: int) -> str:
    """Text of about `size` characters that compresses as text does (a zip of the same word
    over and over would be refused as a bomb)."""
    words = random.Random(19).choices(
        ["we", "walked", "to", "the", "lake", "and", "back"], k=size // 5
    )
    return " ".join(words)


def test_an_entry_check_strict_would_refuse_is_not_written_and_said_why(
    project: ScratchJournal, tmp_path: Path
) -> None:
    huge = _many_words(3_000_000)  # over the 2 MiB an entry may be
    entries = [
        _dated("HUGE0027", "2024-05-13T12:00:00Z", text=f"# Huge\n\n{huge}"),
        _dated("SMALL028", "2024-05-14T12:00:00Z", text="# Small\n\nFine."),
    ]
    result = run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": entries})))
    assert result.exit_code == 1
    assert (
        "Export.zip:Us.json: entry 1 (HUGE0027): error: not imported: as "
        "journal/2024/2024-05-13-huge.md it would not pass `check --strict`: line 1: the file is "
        "larger than 2112 KiB, so it is left out"
    ) in result.output
    assert [p.name for p in project.journal.rglob("*.md")] == ["2024-05-14-small.md"]
    assert run("check", "--strict").exit_code == 0


def test_a_name_another_entry_of_the_journal_has_is_not_taken_twice(
    project: ScratchJournal, tmp_path: Path
) -> None:
    """Pages are named by their file name: the same name in another folder is a duplicate."""
    project.write("trips/2024-05-15-lake.md", "---\ndate: 2024-05-15\ntitle: Lake\n---\nOurs.\n")
    entries = [_dated("LAKE0029", "2024-05-15T12:00:00Z", text="# Lake\n\nImported.")]
    run("import", "dayone", str(dayone_zip(tmp_path / "Export.zip", {"Us": entries})))
    assert (project.journal / "2024" / "2024-05-15-lake-2.md").is_file()
    assert run("check", "--strict").exit_code == 0


FIXTURE_EXPORTS: dict[str, Callable[[Path], Path]] = {
    "dayone": lambda tmp: dayone_zip(tmp / "Export.zip"),
    "odd ids": lambda tmp: dayone_zip(
        tmp / "Export.zip",
        {
            "Us": [
                _dated(uuid, "2024-05-16T12:00:00Z")
                for uuid in ("\ud800", "a\x1bb", "x: y", "#1", "é")
            ]
        },
    ),
    "jrnl": lambda tmp: jrnl_export(tmp / "jrnl.json"),
    "jrnl text": lambda tmp: jrnl_export(
        tmp / "jrnl.json",
        [
            {
                "title": "Half \ud83d",
                "body": "\u200bok\ufffc",
                "date": "2023-01-01",
                "time": "10:00",
            },
            {"title": "Walked", "body": "Far.", "date": "2023-01-02", "time": "10:00"},
        ],
    ),
    "calendar ends": lambda tmp: dayone_zip(
        tmp / "Export.zip",
        {
            "Us": [
                _dated("EDGE0030", "0001-01-01T00:00:00Z", "UTC"),
                _dated("EDGE0031", "9999-12-31T23:59:00Z", "UTC"),
                _dated("EDGE0032", "0001-01-01T02:00:00Z", "America/New_York"),
            ]
        },
    ),
    "hidden gps": lambda tmp: dayone_zip(
        tmp / "Export.zip",
        {
            "Us": [
                {**_dated("GPS00033", "2024-05-04T12:00:00Z"), "photos": [photo_ref(n, d, i)]}
                for i, (n, d) in enumerate(HIDDEN_GPS.items())
            ]
        },
        {f"photos/{md5(d)}.jpeg": d for d in HIDDEN_GPS.values()},
    ),
    "text": lambda tmp: dayone_zip(
        tmp / "Export.zip",
        {
            "Us": [
                _dated(f"TEXT{n:04d}", "2024-05-09T12:00:00Z", text=text)
                for n, text in enumerate(
                    (
                        "Movie night",
                        "\ufeff\u200b",
                        "{{ not a template }}\n\n<script>alert(1)</script>",
                        "---\ndate: 1999-01-01\nprivate: true\n---\nFront-matter in the text",
                        "# ---\n\n...",
                        "- a\n  - b\n    - c\n" * 3,
                        ">" * 300 + " deep",
                        "[" * 500 + "x" + "]" * 500,
                        "# Answer\n\nYour answer, in your own words.",
                        "# Pictures\n\n![](missing.jpg) and ![[wiki.jpg]]",
                        "# Big\n\n" + _many_words(3_000_000),
                        "# Half an emoji \ud83d\n\nand \udc4d half",
                    )
                )
            ]
        },
    ),
}
"""Every kind of export the tests build: importing any of them leaves a journal that
`check --strict` passes (whatever the import could not bring, it said)."""


@pytest.mark.parametrize("kind", FIXTURE_EXPORTS)
def test_whatever_an_import_writes_passes_check_strict(
    project: ScratchJournal, tmp_path: Path, kind: str
) -> None:
    export = FIXTURE_EXPORTS[kind](tmp_path)
    command = "jrnl" if kind.startswith("jrnl") else "dayone"
    result = run("import", command, str(export), "--author", "sam")
    assert "Traceback" not in result.output
    assert list(project.journal.rglob("*.md")), result.output
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output
