"""Clips in the book: a poster frame with a QR code that opens the clip on the couple's site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse
from pathlib import Path

import cv2
import numpy as np
import pymupdf
import pytest
import weasyprint

from memorybook.book import BookOptions, make_book
from memorybook.book.clips import QR_IN, clip_address, clip_note, qr_image
from memorybook.journal import Entry, Photo, load_journal
from memorybook.settings import LockSettings, Settings, settings_from_options
from tests.clip_files import h264_landscape
from tests.conftest import ScratchJournal
from tests.photo_files import jpeg

JOURNAL = Path("/j")


def _entry(rel: str, *clips: str) -> Entry:
    source = JOURNAL / rel
    photos = tuple(Photo(JOURNAL / c, source, c) for c in clips)
    return Entry(
        source=source,
        rel=rel,
        slug=Path(rel).stem,
        date=dt.date(2025, 6, 14),
        time=None,
        kind="experience",
        title="Our first dance",
        body="",
        body_line=3,
        photos=photos,
    )


def _settings(site_url: str | None, **site: object) -> Settings:
    written = {"site_url": site_url, **site} if site_url is not None else dict(site)
    return settings_from_options({}, config_file=None, site=written)


def test_a_clip_code_opens_its_figure_on_its_entry_page() -> None:
    entry = _entry("2025/2025-06-14-first-dance.md", "2025/First Dance.MP4")
    settings = _settings("https://example.org/our-journal")
    address = clip_address(settings, entry, entry.photos[0])
    assert address == (
        "https://example.org/our-journal/2025/2025-06-14-first-dance/#clip-first-dance"
    )
    flat = _settings("https://example.org/j/", use_directory_urls=False)
    assert clip_address(flat, entry, entry.photos[0]) == (
        "https://example.org/j/2025/2025-06-14-first-dance.html#clip-first-dance"
    )


def test_a_locked_site_s_code_opens_the_unlock_page_which_goes_on_to_the_clip() -> None:
    entry = _entry("2025/2025-06-14-first-dance.md", "2025/dance.mov")
    plain = _settings("https://example.org/j/")
    locked = dataclasses.replace(plain, lock=LockSettings(enabled=True))
    address = clip_address(locked, entry, entry.photos[0])
    assert address is not None
    page, _, after = address.partition("#")
    assert page == "https://example.org/j/"  # the unlock page, the one address not encrypted
    # unlock.js: `new URL(decodeURIComponent(location.hash.slice(1)), scope)`
    wanted = urllib.parse.urljoin(page, urllib.parse.unquote(after))
    assert wanted == clip_address(plain, entry, entry.photos[0])


def test_without_site_url_no_code_and_the_report_says_how_to_add_one() -> None:
    entry = _entry("2025/2025-06-14-first-dance.md", "2025/dance.mp4")
    assert clip_address(_settings(None), entry, entry.photos[0]) is None
    with pytest.raises(Exception, match="site_url 'example.org' is not a web address"):
        _settings("example.org")


def test_the_report_counts_the_clips_it_prints() -> None:
    from memorybook.photos import PrintPhoto, PrintRequest

    clip = Photo(JOURNAL / "a.mp4", JOURNAL / "e.md", "a.mp4")
    still = Photo(JOURNAL / "b.jpg", JOURNAL / "e.md", "b.jpg")
    file = Path("/cache/print.jpg")
    placed = [PrintPhoto(PrintRequest(p, 3, 2), file, 900, 600, 300) for p in (clip, still)]
    assert clip_note([placed[1]], {}, "") is None
    assert clip_note(placed, {}, "") == (
        "1 clip prints as a poster frame without a QR code: "
        "set site_url in mkdocs.yml to add codes to your site"
    )
    assert clip_note(placed, {clip: "https://x.org/e/#clip-a"}, "https://x.org/") == (
        "1 clip prints as a poster frame with a QR code that opens it on https://x.org/"
    )


def decode_qr_codes(png: bytes) -> list[str]:
    """Every QR code OpenCV finds in a page image, decoded."""
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    found, texts, _, _ = cv2.QRCodeDetector().detectAndDecodeMulti(image)
    return [t for t in texts if t] if found else []


def test_the_printed_code_decodes_at_its_printed_size(tmp_path: Path) -> None:
    address = "https://example.org/our-journal/2025/2025-06-14-our-first-dance-at-the-wedding/#clip-first-dance"
    html = (
        "<style>@page { size: 3in 3in; margin: 0.5in }</style>"
        f'<img src="{qr_image(address)}" style="width: {QR_IN}in; height: {QR_IN}in">'
    )
    pdf = tmp_path / "qr.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    page = pymupdf.open(pdf)[0]
    assert not page.get_images(), "the code is drawn as vectors, not a bitmap"
    # as a 300 dpi print would hold it
    assert decode_qr_codes(page.get_pixmap(dpi=300).tobytes("png")) == [address]


def _clip_journal(scratch: ScratchJournal, site_url: str | None) -> None:
    config = scratch.config.read_text(encoding="utf-8")
    config += "      book: {size: 6x6in, min_pages: 8, page_multiple: 2}\n"
    if site_url:
        config = f"site_url: {site_url}\n{config}"
    scratch.config.write_text(config, encoding="utf-8")
    scratch.write("2023/first-dance/First Dance.mov", h264_landscape(2.0, (1280, 720)))
    scratch.write("2023/first-dance/hall.jpg", jpeg((2400, 1600)))
    scratch.write(
        "2023/2023-07-01-first-dance.md",
        """
        ---
        title: Our first dance
        date: 2023-07-01
        authors: [sam, alex]
        photos:
          - src: first-dance/hall.jpg
            caption: The hall before anyone came
          - src: first-dance/First Dance.mov
            caption: The first dance, filmed by Rui
        ---
        We had practised in the kitchen for a month, and still laughed all the way through.
        """,
    )


def _codes(pdf: Path) -> list[str]:
    """Every QR code on every page of the PDF, as a 300 dpi print would hold it."""
    with pymupdf.open(pdf) as document:
        return [
            text
            for page in document
            for text in decode_qr_codes(page.get_pixmap(dpi=300).tobytes("png"))
        ]


def test_a_clip_prints_as_its_poster_with_a_code_that_opens_it(tmp_path: Path) -> None:
    scratch = ScratchJournal(tmp_path / "project")
    _clip_journal(scratch, "https://example.org/our-journal")
    settings = scratch.settings()
    report = make_book(settings, BookOptions(year=1, output=tmp_path / "book.pdf"))
    entry = next(e for e in load_journal(settings).entries if e.title == "Our first dance")
    clip = next(p for p in entry.photos if p.is_clip)
    address = clip_address(settings, entry, clip)
    assert (
        address == "https://example.org/our-journal/2023/2023-07-01-first-dance/#clip-first-dance"
    )
    assert _codes(report.pdf) == [address]
    assert [p.request.photo.rel for p in report.photos if p.request.photo.is_clip]
    assert report.clips == (
        "1 clip prints as a poster frame with a QR code that opens it on "
        "https://example.org/our-journal/"
    )
    assert f"  clips: {report.clips}" in report.lines()
    # printed at about 270 ppi, as large as a 720p frame may: nothing the couple could fix
    assert not report.low_resolution


def test_without_site_url_a_clip_prints_without_a_code_and_the_report_says_so(
    tmp_path: Path,
) -> None:
    scratch = ScratchJournal(tmp_path / "project")
    _clip_journal(scratch, None)
    report = make_book(scratch.settings(), BookOptions(year=1, output=tmp_path / "book.pdf"))
    assert _codes(report.pdf) == []
    assert report.clips is not None and "without a QR code: set site_url" in report.clips
