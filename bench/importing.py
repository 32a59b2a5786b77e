"""Benchmark: importing a Day One export of 2,000 entries and 3,000 photos.

Run by hand: `.venv/bin/python bench/importing.py [ENTRIES PHOTOS KIB]` (default 2000 3000
40). It writes a deterministic export under bench/out/ (photos of KIB KiB each, distinct
bytes, with GPS in EXIF and XMP as a phone writes it, stored as Day One stores them),
imports it into a fresh project under bench/out/import-N/, then imports it again (which
must write nothing), checks that no photo copied keeps its location, and prints both
times, the throughput and the time `check` takes on the result.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import sys
import time
import zipfile
from pathlib import Path

from PIL import Image

from memorybook.checking import check_journal
from memorybook.importers import import_dayone
from memorybook.settings import load_settings

OUT = Path(__file__).resolve().parent / "out"
WORDS = (
    "we walked along the river and talked about everything and nothing until the "
    "light went gold over the rooftops and the city slowly went quiet"
).split()
ZONES = ("Europe/Lisbon", "Asia/Tokyo", "America/New_York", "UTC")
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/'
    b'1.0/" exif:GPSLatitude="38,47.858N" exif:GPSLongitude="9,23.406W"/></rdf:RDF>'
    b"</x:xmpmeta>"
)


def base_jpeg(kib: int) -> bytes:
    """A noisy JPEG of about `kib` KiB (noise does not compress, like a real photo) that
    says where it was taken, as a phone's does: EXIF with a GPS IFD, and XMP."""
    rng = random.Random(kib)
    side = 64
    exif = Image.Exif()
    exif.update({0x010F: "Apple", 0x0110: "iPhone 15", 0x0112: 6})
    exif.get_ifd(0x8825).update({1: "N", 2: (38.0, 47.0, 51.5), 3: "W", 4: (9.0, 23.0, 24.4)})
    while True:
        pixels = bytes(rng.getrandbits(8) for _ in range(side * side * 3))
        out = io.BytesIO()
        image = Image.frombytes("RGB", (side, side), pixels)
        image.save(out, "JPEG", quality=90, exif=exif, xmp=XMP)
        if out.tell() >= kib * 1024:
            return out.getvalue()
        side = side * 3 // 2


def make_export(entries: int, photos: int, kib: int) -> Path:
    path = OUT / f"dayone-{entries}-{photos}-{kib}-gps.zip"  # -gps: older ones had none
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(entries)
    jpeg = base_jpeg(kib)
    items = []
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(entries):
            refs = []
            for number in range(photos * (index + 1) // entries - photos * index // entries):
                data = jpeg + f"{index}-{number}".encode()  # bytes after EOI: distinct files
                digest = hashlib.md5(data).hexdigest()
                archive.writestr(f"photos/{digest}.jpeg", data, zipfile.ZIP_STORED)
                refs.append(
                    {
                        "identifier": f"P{index}N{number}",
                        "md5": digest,
                        "type": "jpeg",
                        "orderInEntry": number,
                    }
                )
            text = "\n\n".join(" ".join(rng.choices(WORDS, k=60)) for _ in range(3))
            text += "".join(f"\n\n![](dayone-moment://{ref['identifier']})" for ref in refs)
            items.append(
                {
                    "uuid": f"{index:032X}",
                    "creationDate": f"{2000 + index * 25 // entries}-{1 + index % 12:02d}-"
                    f"{1 + index % 28:02d}T{index % 24:02d}:30:00Z",
                    "timeZone": ZONES[index % len(ZONES)],
                    "text": f"# Memory number {index}\n\n{text}",
                    "tags": ["travel"],
                    "photos": refs,
                    "location": {
                        "placeName": "Clay Studio",
                        "localityName": "Lisbon",
                        "latitude": 38.7,
                        "longitude": -9.1,
                    },
                }
            )
        document = {"metadata": {"version": "1.0"}, "entries": items}
        archive.writestr("Journal.json", json.dumps(document), zipfile.ZIP_DEFLATED)
    return path


def located_photos(journal: Path) -> list[Path]:
    """The imported photos that still say where they were taken (EXIF GPS or XMP GPS)."""
    found = []
    for path in sorted(journal.rglob("*.jpg")):
        with Image.open(path) as image:
            if 0x8825 in image.getexif() or b"GPSLatitude" in path.read_bytes():
                found.append(path)
    return found


def main(entries: int, photos: int, kib: int) -> None:
    export = make_export(entries, photos, kib)
    project = OUT / f"import-{entries}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "journal").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "docs_dir: journal\nplugins:\n  - memorybook:\n      people:\n"
        "        sam: {name: Sam}\n        alex: {name: Alex}\n",
        encoding="utf-8",
    )
    settings = load_settings(project / "mkdocs.yml")
    start, cpu = time.perf_counter(), time.process_time()
    report = import_dayone(settings, export, author="sam")
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(report.written) == entries and not report.notices, report.lines()[-3:]
    start = time.perf_counter()
    again = import_dayone(settings, export)
    second = time.perf_counter() - start
    assert not again.written and again.already == entries
    start = time.perf_counter()
    checked = check_journal(settings, strict=True)
    check_time = time.perf_counter() - start
    assert not checked.failed, checked.lines()[:3]
    located = located_photos(project / "journal")
    assert not located, f"{len(located)} photos keep their location, e.g. {located[0]}"
    megabytes = export.stat().st_size / 2**20
    print(
        f"{entries} entries, {photos} photos ({megabytes:.0f} MiB export): import {first:.1f} s "
        f"({first_cpu:.1f} s CPU; {megabytes / first:.0f} MiB/s, "
        f"{first / entries * 1000:.1f} ms/entry), "
        f"second run {second:.1f} s (writes nothing), check --strict {check_time:.1f} s"
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]] or [2000, 3000, 40]
    main(*args)
