"""The photo stage: renditions read upright, in sRGB, without metadata; bad photos are located
problems; the cache makes a rebuild free and never trusts a half-written file."""

from __future__ import annotations

import dataclasses
import io
import multiprocessing
import os
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageStat

from memorybook import cicp, imaging, photo_jobs, photo_pool
from memorybook.journal import Photo, load_journal
from memorybook.photos import PhotoStage, PrintRequest, WebPhotos
from memorybook.settings import Settings
from tests.conftest import TESTS, ScratchJournal
from tests.photo_files import (
    P3_COLORANTS,
    SECRET,
    XMP_SECRET,
    animated,
    display_p3_icc,
    flat,
    gps_jpeg,
    jpeg,
    p3_to_srgb,
    png_header_only,
    sixteen_bit_grey,
)

ORIENTATION = TESTS / "photos" / "orientation"


def with_photos(settings: Settings, **changes: object) -> Settings:
    return dataclasses.replace(settings, photos=dataclasses.replace(settings.photos, **changes))


@pytest.fixture
def settings(scratch: ScratchJournal) -> Settings:
    """Small widths keep the tests fast; the maths is the same at 1600."""
    return with_photos(scratch.settings(), widths=(48, 96))


def photo_at(scratch: ScratchJournal, rel: str, data: bytes, line: int = 5) -> Photo:
    path = scratch.write(rel, data)
    return Photo(path=path, entry=scratch.journal / "entry.md", rel=rel, line=line)


def web(settings: Settings, *items: Photo, jobs: int = 1) -> WebPhotos:
    return PhotoStage(settings, jobs=jobs).web(items)


def opened(result: WebPhotos, rel: str, index: int = -1) -> Image.Image:
    rendition = result.photos[rel].renditions[index]
    im = Image.open(result.files[rendition.url])
    im.load()
    return im


def difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute pixel difference (0-255) of two images compared at 32x32."""
    small = [im.convert("RGB").resize((32, 32), Image.Resampling.BOX) for im in (a, b)]
    return sum(ImageStat.Stat(ImageChops.difference(*small)).mean) / 3


# -- sizes and the <img> attributes -------------------------------------------------------


def test_renditions_have_the_configured_widths_and_never_upscale(scratch: ScratchJournal) -> None:
    settings = scratch.settings()  # 480 / 960 / 1600
    big = photo_at(scratch, "a/big.jpg", jpeg((2000, 1500)))
    narrow = photo_at(scratch, "a/narrow.jpg", jpeg((640, 480)))
    result = web(settings, big, narrow)
    assert [(r.width, r.height) for r in result.photos["a/big.jpg"].renditions] == [
        (480, 360),
        (960, 720),
        (1600, 1200),
    ]
    assert [r.width for r in result.photos["a/narrow.jpg"].renditions] == [480, 640]
    for url, path in result.files.items():
        with Image.open(path) as im:
            assert im.format == "WEBP"
            assert im.width == int(url.rsplit("/", 1)[1].split(".")[0])


def test_img_attributes_for_the_site(scratch: ScratchJournal, settings: Settings) -> None:
    result = web(settings, photo_at(scratch, "p.jpg", jpeg((640, 480))))
    photo = result.photos["p.jpg"]
    assert (photo.width, photo.height) == (96, 72)
    assert photo.src.endswith("/96.webp")
    first, second = photo.srcset("../").split(", ")
    assert first.startswith("../photos/") and first.endswith("/48.webp 48w")
    assert second.endswith("/96.webp 96w")
    assert photo.placeholder.startswith("#") and len(photo.placeholder) == 7
    assert photo.placeholder != "#000000"


def test_format_follows_the_settings(scratch: ScratchJournal, settings: Settings) -> None:
    for fmt, name in (("jpeg", "JPEG"), ("avif", "AVIF")):
        result = web(with_photos(settings, format=fmt), photo_at(scratch, "p.jpg", jpeg()))
        assert opened(result, "p.jpg").format == name


# -- correctness ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["Landscape", "Portrait"])
def test_every_exif_orientation_reads_upright(scratch: ScratchJournal, kind: str) -> None:
    settings = with_photos(scratch.settings(), widths=(96,))
    items = [
        photo_at(scratch, f"{kind}_{n}.jpg", (ORIENTATION / f"{kind}_{n}.jpg").read_bytes())
        for n in range(9)
    ]
    result = web(settings, *items)
    reference = opened(result, f"{kind}_1.jpg")
    assert (reference.width > reference.height) == (kind == "Landscape")
    for n in range(9):
        im = opened(result, f"{kind}_{n}.jpg")
        assert im.size == reference.size, n
        assert difference(im, reference) < 6, n
        assert difference(im, reference.transpose(Image.Transpose.ROTATE_180)) > 20, n


def test_display_p3_is_converted_to_srgb_not_relabelled(
    scratch: ScratchJournal, settings: Settings
) -> None:
    colour = (200, 80, 80)
    data = flat("RGB", colour, "PNG", icc_profile=display_p3_icc())
    result = web(settings, photo_at(scratch, "p3.png", data))
    expected = p3_to_srgb(colour)
    assert expected[0] - colour[0] > 10  # the test means something: P3 differs from sRGB here
    got = opened(result, "p3.png").convert("RGB").getpixel((10, 10))
    assert all(abs(g - e) <= 4 for g, e in zip(got, expected, strict=True)), (got, expected)


def test_cmyk_becomes_rgb_with_the_right_colour(
    scratch: ScratchJournal, settings: Settings
) -> None:
    data = flat("CMYK", (0, 255, 255, 0), "JPEG", quality=95)  # red ink: magenta + yellow
    result = web(settings, photo_at(scratch, "cmyk.jpg", data))
    r, g, b = opened(result, "cmyk.jpg").convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert r > 220 and g < 40 and b < 40


def test_sixteen_bit_is_scaled_to_eight_not_clipped(
    scratch: ScratchJournal, settings: Settings
) -> None:
    result = web(settings, photo_at(scratch, "deep.png", sixteen_bit_grey()))
    value = opened(result, "deep.png").convert("L").getpixel((10, 10))
    assert isinstance(value, int) and abs(value - 191) <= 4


def test_transparency_kept_in_webp_and_flattened_on_white_in_jpeg(
    scratch: ScratchJournal, settings: Settings
) -> None:
    im = Image.new("RGBA", (64, 48), (0, 0, 255, 255))
    im.paste((0, 0, 0, 0), (0, 0, 32, 48))
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    photo = photo_at(scratch, "cut.png", buffer.getvalue())
    webp = opened(web(settings, photo), "cut.png")
    assert webp.mode == "RGBA" and webp.getpixel((2, 10))[3] == 0  # type: ignore[index]
    as_jpeg = opened(web(with_photos(settings, format="jpeg"), photo), "cut.png")
    assert as_jpeg.mode == "RGB"
    assert min(as_jpeg.getpixel((2, 10))) > 245  # type: ignore[arg-type]


def test_opaque_png_has_no_alpha_channel(scratch: ScratchJournal, settings: Settings) -> None:
    result = web(settings, photo_at(scratch, "shot.png", flat("RGBA", (9, 9, 9, 255), "PNG")))
    assert opened(result, "shot.png").mode == "RGB"


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animation_gives_its_first_frame(
    scratch: ScratchJournal, settings: Settings, fmt: str
) -> None:
    rel = f"moving.{fmt.lower()}"
    result = web(settings, photo_at(scratch, rel, animated(fmt)))
    r, g, b = opened(result, rel).convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert r > 200 and g < 60 and b < 60
    with Image.open(result.files[result.photos[rel].src]) as im:
        assert getattr(im, "n_frames", 1) == 1


def test_heic_and_upper_case_extensions(scratch: ScratchJournal, settings: Settings) -> None:
    heic = photo_at(scratch, "IMG_0001.HEIC", flat("RGB", (30, 160, 60), "HEIF", quality=90))
    upper = photo_at(scratch, "DSC_0002.JPG", jpeg())
    result = web(settings, heic, upper)
    assert not result.problems
    r, g, b = opened(result, "IMG_0001.HEIC").convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert abs(r - 30) < 12 and abs(g - 160) < 12 and abs(b - 60) < 12
    assert opened(result, "DSC_0002.JPG").width == 96


# -- privacy --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["webp", "jpeg", "avif"])
def test_no_location_or_camera_metadata_reaches_any_output(
    scratch: ScratchJournal, settings: Settings, fmt: str
) -> None:
    original = gps_jpeg()
    assert SECRET in original and XMP_SECRET in original and b"GPS" in original
    photo = photo_at(scratch, "where.jpg", original)
    stage = PhotoStage(with_photos(settings, format=fmt), jobs=1)
    outputs = list(stage.web([photo]).files.values())
    printed, _ = stage.print([PrintRequest(photo, 1, 1)])
    outputs.append(printed[0].path)
    for path in outputs:
        data = path.read_bytes()
        for secret in (SECRET, XMP_SECRET, b"GPS", b"xmpmeta", b"ns.adobe.com", b"Exif\0\0"):
            assert secret not in data, (path.name, secret)
        with Image.open(path) as im:
            assert not im.getexif(), path.name
            assert "xmp" not in im.info and "exif" not in im.info


# -- bad input ------------------------------------------------------------------------------


def broken_journal(scratch: ScratchJournal) -> Path:
    good = jpeg()
    scratch.write("2024/day/good.jpg", good)
    scratch.write("2024/day/cut.jpg", good[: len(good) // 2])
    scratch.write("2024/day/text.jpg", b"these are not the pixels you are looking for")
    scratch.write("2024/day/bomb.png", png_header_only(12000, 12000))
    scratch.write("2024/day/huge.png", png_header_only(30000, 30000))
    return scratch.write(
        "2024/day.md",
        """
        ---
        title: A day
        date: 2024-06-01
        photos:
          - day/good.jpg
          - day/cut.jpg
          - day/text.jpg
          - day/bomb.png
          - day/huge.png
        ---
        Words.
        """,
    )


def test_bad_photos_are_problems_at_their_line_and_the_rest_goes_on(
    scratch: ScratchJournal, settings: Settings
) -> None:
    entry = broken_journal(scratch)
    journal = load_journal(dataclasses.replace(settings))
    assert not journal.problems
    result = PhotoStage(settings, jobs=2).web(journal.photos())
    assert set(result.photos) == {"2024/day/good.jpg"}
    found = {p.line: p for p in result.problems}
    assert set(found) == {6, 7, 8, 9}  # the lines naming cut, text, bomb and huge
    assert all(p.path == entry and p.is_error for p in result.problems)
    assert "day/cut.jpg is damaged or incomplete" in found[6].message
    assert "day/text.jpg is not an image" in found[7].message
    assert "day/bomb.png is suspiciously large" in found[8].message
    assert "day/huge.png is too large" in found[9].message
    assert found[9].format(scratch.root).startswith("journal/2024/day.md:9: error: photo")


def test_bad_photos_are_reported_again_without_decoding_them_again(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken_journal(scratch)
    journal = load_journal(settings)
    first = PhotoStage(settings, jobs=1).web(journal.photos())
    forbid_decoding(monkeypatch)
    stage = PhotoStage(settings, jobs=1)
    again = stage.web(journal.photos())
    assert again.problems == first.problems and len(again.problems) == 4
    assert (stage.stats.rendered, stage.stats.failed) == (0, 4)


def test_truncated_file_is_never_half_loaded(scratch: ScratchJournal, settings: Settings) -> None:
    from PIL import ImageFile

    assert not ImageFile.LOAD_TRUNCATED_IMAGES
    data = jpeg()
    result = web(settings, photo_at(scratch, "cut.jpg", data[: len(data) - 200]))
    assert not result.photos and len(result.problems) == 1


def test_a_photo_deleted_since_loading_is_a_problem(
    scratch: ScratchJournal, settings: Settings
) -> None:
    photo = photo_at(scratch, "gone.jpg", jpeg(), line=12)
    photo.path.unlink()
    result = web(settings, photo)
    assert [(p.line, "gone.jpg" in p.message) for p in result.problems] == [(12, True)]


def test_dimensions_are_oriented_and_skip_unreadable(
    scratch: ScratchJournal, settings: Settings
) -> None:
    portrait = photo_at(scratch, "p6.jpg", (ORIENTATION / "Landscape_6.jpg").read_bytes())
    bad = photo_at(scratch, "bad.jpg", b"nope")
    stage = PhotoStage(settings)
    assert stage.dimensions([portrait, bad]) == {"p6.jpg": (1800, 1200)}
    assert imaging.oriented((1200, 1800), 6) == (1800, 1200)


# -- cache ------------------------------------------------------------------------------


def forbid_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a photo was opened")

    monkeypatch.setattr(imaging, "open_photo", refuse)
    monkeypatch.setattr(photo_jobs, "file_sha", refuse)


def test_a_rebuild_with_nothing_changed_does_no_image_work(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [photo_at(scratch, f"{n}.jpg", jpeg((100 + n, 80))) for n in range(3)]
    first = web(settings, *items)
    forbid_decoding(monkeypatch)
    stage = PhotoStage(settings, jobs=1)
    again = stage.web(items)
    assert again.files == first.files and again.photos == first.photos
    assert (stage.stats.rendered, stage.stats.hashed) == (0, 0)


def test_an_edited_photo_is_redone_and_a_touched_one_only_rehashed(
    scratch: ScratchJournal, settings: Settings
) -> None:
    photo = photo_at(scratch, "p.jpg", jpeg())
    before = web(settings, photo).photos["p.jpg"]
    os.utime(photo.path, ns=(1, 1))  # same bytes, new time: e.g. copied back from a backup
    stage = PhotoStage(settings, jobs=1)
    assert stage.web([photo]).photos["p.jpg"] == before
    assert (stage.stats.hashed, stage.stats.rendered) == (1, 0)
    photo.path.write_bytes(jpeg((320, 240)))
    after = stage.web([photo]).photos["p.jpg"]
    assert stage.stats.rendered == 1
    assert after.src != before.src and after.height == 72


def test_changed_settings_give_new_renditions(scratch: ScratchJournal, settings: Settings) -> None:
    photo = photo_at(scratch, "p.jpg", jpeg())
    low = web(with_photos(settings, quality=40), photo).photos["p.jpg"]
    high = web(with_photos(settings, quality=90), photo).photos["p.jpg"]
    assert low.src != high.src


def test_prune_removes_renditions_no_longer_used(
    scratch: ScratchJournal, settings: Settings
) -> None:
    keep, drop = (
        photo_at(scratch, "keep.jpg", jpeg()),
        photo_at(scratch, "drop.jpg", jpeg((90, 90))),
    )
    old = PhotoStage(settings, jobs=1)
    old_files = old.web([keep, drop]).files
    old.print([PrintRequest(drop, 1, 1)])
    stage = PhotoStage(settings, jobs=1)
    files = stage.web([keep]).files
    assert stage.prune() == 1
    assert all(path.exists() for path in files.values())
    gone = set(old_files.values()) - set(files.values())
    assert gone and not any(path.exists() for path in gone)
    assert len(list((settings.cache_dir / "print").iterdir())) == 1  # not this build's business


def test_a_half_written_rendition_is_never_trusted(
    scratch: ScratchJournal, settings: Settings
) -> None:
    photo = photo_at(scratch, "p.jpg", jpeg())
    files = web(settings, photo).files
    biggest = max(files.values(), key=lambda path: path.stat().st_size)
    complete = biggest.read_bytes()
    biggest.write_bytes(complete[:100])  # as if the machine died mid-write
    (biggest.parent / f".{biggest.name}.x1.tmp").write_bytes(b"partial")
    stage = PhotoStage(settings, jobs=1)
    assert stage.web([photo]).files == files
    assert stage.stats.rendered == 1 and biggest.read_bytes() == complete


def test_a_folder_without_its_manifest_is_redone(
    scratch: ScratchJournal, settings: Settings
) -> None:
    photo = photo_at(scratch, "p.jpg", jpeg())
    files = web(settings, photo).files
    folder = next(iter(files.values())).parent
    (folder / photo_jobs.MANIFEST).unlink()  # killed after the pixels, before the manifest
    stage = PhotoStage(settings, jobs=1)
    stage.web([photo])
    assert stage.stats.rendered == 1 and (folder / photo_jobs.MANIFEST).exists()


def test_parallel_and_serial_runs_agree(scratch: ScratchJournal, settings: Settings) -> None:
    items = [photo_at(scratch, f"{n}.jpg", jpeg((200 + n, 150))) for n in range(4)]
    parallel = web(settings, *items, jobs=2)
    for folder in (settings.cache_dir / "web").iterdir():
        (folder / photo_jobs.MANIFEST).unlink()
    assert web(settings, *items, jobs=1).photos == parallel.photos


def test_the_journal_is_never_written(scratch: ScratchJournal, settings: Settings) -> None:
    photo = photo_at(scratch, "p.jpg", jpeg())
    before = sorted(p.relative_to(scratch.journal) for p in scratch.journal.rglob("*"))
    stage = PhotoStage(settings, jobs=1)
    stage.web([photo])
    stage.print([PrintRequest(photo, 2, 2)])
    stage.prune()
    assert sorted(p.relative_to(scratch.journal) for p in scratch.journal.rglob("*")) == before
    assert settings.cache_dir.is_relative_to(scratch.root)


def test_workers_start_safely_beside_other_threads(
    scratch: ScratchJournal, settings: Settings
) -> None:
    """mkdocs serve has threads: forking then could copy a held lock, so a fork server is used."""
    items = [photo_at(scratch, f"{n}.jpg", jpeg((200 + n, 150))) for n in range(3)]
    serial = web(settings, *items, jobs=1)
    for folder in (settings.cache_dir / "web").iterdir():
        (folder / photo_jobs.MANIFEST).unlink()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert photo_pool.pool_context().get_start_method() == "forkserver"
        stage = PhotoStage(settings, jobs=2)
        assert stage.web(items).photos == serial.photos
        assert stage.stats.rendered == 3
    finally:
        stop.set()
        other.join()


def test_an_interrupted_build_resumes_where_it_stopped(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [photo_at(scratch, f"{n}.jpg", jpeg((200 + n, 150))) for n in range(4)]
    real_write = photo_jobs.write_atomic
    writes = []

    def dies_on_the_fifth_write(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) == 5:
            raise KeyboardInterrupt  # Ctrl-C (or a kill) in the middle of the second photo
        real_write(path, data)

    monkeypatch.setattr(photo_jobs, "write_atomic", dies_on_the_fifth_write)
    with pytest.raises(KeyboardInterrupt):
        PhotoStage(settings, jobs=1).web(items)
    monkeypatch.setattr(photo_jobs, "write_atomic", real_write)
    stage = PhotoStage(settings, jobs=1)
    result = stage.web(items)
    assert stage.stats.rendered == 3  # the first photo was complete and is trusted
    assert not list(settings.cache_dir.rglob("*.tmp"))
    mask = os.umask(0)
    os.umask(mask)
    for rel, photo in result.photos.items():
        for rendition in photo.renditions:
            with Image.open(result.files[rendition.url]) as im:
                im.load()
                assert im.width == rendition.width, rel
            # readable by a web server running as another user, not private like mkstemp's
            assert result.files[rendition.url].stat().st_mode & 0o777 == 0o666 & ~mask


def test_progress_is_shown_on_a_terminal_for_long_runs(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    items = [photo_at(scratch, f"{n}.png", flat("RGB", (n, 0, 0), "PNG")) for n in range(15)]
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    PhotoStage(settings, jobs=1, progress=True).web(items[12:])
    assert terminal.getvalue() == ""  # three photos take no time worth showing
    PhotoStage(settings, jobs=1, progress=True).web(items[:12])
    lines = terminal.getvalue().split("\r")[1:]
    assert len(lines) == 12
    assert lines[0].startswith("photos [##----------------------]  1/12  0:")
    assert lines[0].rstrip().endswith(" left")
    assert lines[-1].startswith("photos [########################] 12/12  done in 0:")
    assert lines[-1].endswith("\n")
    quiet = io.StringIO()  # not a terminal: a log file or CI
    monkeypatch.setattr(sys, "stderr", quiet)
    for folder in (settings.cache_dir / "web").iterdir():
        (folder / photo_jobs.MANIFEST).unlink()
    PhotoStage(settings, jobs=1, progress=True).web(items[:12])
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("fmt", ["JPEG", "HEIF"])
def test_display_p3_from_a_camera_or_an_iphone(
    scratch: ScratchJournal, settings: Settings, fmt: str
) -> None:
    colour = (200, 80, 80)
    data = flat("RGB", colour, fmt, icc_profile=display_p3_icc(), quality=95)
    rel = f"p3.{fmt.lower()}"
    got = opened(web(settings, photo_at(scratch, rel, data)), rel).convert("RGB").getpixel((9, 9))
    expected = p3_to_srgb(colour)
    assert all(abs(g - e) <= 5 for g, e in zip(got, expected, strict=True)), (got, expected)  # type: ignore[arg-type]


def test_an_unusable_cache_folder_gives_problems_not_a_traceback(
    scratch: ScratchJournal, settings: Settings
) -> None:
    settings.cache_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.cache_dir.write_text("not a folder")  # e.g. a stray file where the cache goes
    result = web(settings, photo_at(scratch, "p.jpg", jpeg(), line=4))
    assert not result.photos
    assert [(p.line, "saved in the cache" in p.message) for p in result.problems] == [(4, True)]
    assert "cache_dir" in result.problems[0].hint


FAULTS_SCRIPT = """
import io, resource, sys
from PIL import Image
from memorybook import imaging
if sys.argv[1] == "tuned":
    imaging.tune_allocator()
photo = io.BytesIO()
Image.radial_gradient("L").resize((3000, 2000)).convert("RGB").save(photo, "JPEG")
path = sys.argv[2]
open(path, "wb").write(photo.getvalue())
imaging.render_web(imaging.Path(path), (480, 1600), "jpeg", 80)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(3):
    imaging.render_web(imaging.Path(path), (480, 1600), "jpeg", 80)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_workers_reuse_image_memory_instead_of_faulting_in_fresh_pages(tmp_path: Path) -> None:
    """Page faults, not time: a count that a busy machine does not change."""
    import subprocess

    def faults(mode: str) -> int:
        command = [sys.executable, "-c", FAULTS_SCRIPT, mode, str(tmp_path / f"{mode}.jpg")]
        return int(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    assert faults("tuned") * 4 < faults("plain")


P3_CODE_POINTS = {"color_primaries": 12, "transfer_characteristic": 13, "matrix_coefficients": 6}


def test_heic_that_names_display_p3_by_code_points_is_converted_too(
    scratch: ScratchJournal, settings: Settings
) -> None:
    """Many HEIFs say "Display P3" with nclx numbers and carry no ICC profile."""
    colour = (200, 80, 80)
    data = flat("RGB", colour, "HEIF", quality=95, full_range_flag=1, **P3_CODE_POINTS)
    assert "icc_profile" not in Image.open(io.BytesIO(data)).info
    got = opened(web(settings, photo_at(scratch, "p3.heic", data)), "p3.heic").getpixel((9, 9))
    expected = p3_to_srgb(colour)
    assert all(abs(g - e) <= 5 for g, e in zip(got, expected, strict=True)), (got, expected)  # type: ignore[arg-type]


def test_colour_code_points_give_apples_display_p3_colourants() -> None:
    heif = Image.open(io.BytesIO(flat("RGB", 0, "HEIF", full_range_flag=1, **P3_CODE_POINTS)))
    icc = cicp.icc_for(heif.info["nclx_profile"])
    assert icc is not None
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile
    got = (profile.red_colorant[0], profile.green_colorant[0], profile.blue_colorant[0])
    for mine, apples in zip(got, P3_COLORANTS, strict=True):
        assert all(abs(a - b) < 2e-3 for a, b in zip(mine, apples, strict=True)), (mine, apples)


@pytest.mark.parametrize(("primaries", "transfer"), [(1, 13), (2, 13), (12, 16), (12, 18), (9, 8)])
def test_srgb_unspecified_and_hdr_code_points_are_left_alone(primaries: int, transfer: int) -> None:
    nclx = {"color_primaries": primaries, "transfer_characteristics": transfer}
    nclx |= {f"color_primary_{c}_{a}": 0.3 for c in ("red", "green", "blue", "white") for a in "xy"}
    assert cicp.icc_for(nclx) is None


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_photo_that_kills_its_worker_is_a_problem_and_the_rest_are_made(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decoder crash or the kernel's out-of-memory killer ends a worker process: that photo
    is a located problem, never a traceback, and every other photo still gets renditions."""
    render = imaging.render_web

    def crashing(path: Path, *args: object) -> object:
        if path.name == "crash.jpg":
            os._exit(9)
        return render(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(imaging, "render_web", crashing)
    monkeypatch.setattr(photo_pool, "pool_context", lambda: multiprocessing.get_context("fork"))
    items = [photo_at(scratch, f"{n}.jpg", jpeg((200 + n, 150))) for n in range(5)]
    items.insert(2, photo_at(scratch, "crash.jpg", jpeg(), line=7))
    result = web(settings, *items, jobs=2)
    assert sorted(result.photos) == sorted(item.rel for item in items if item.rel != "crash.jpg")
    assert [(p.line, p.message) for p in result.problems] == [
        (7, f"photo crash.jpg {photo_pool.CRASHED}")
    ]
