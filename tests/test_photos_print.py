"""Print renditions: sized for the placed box at 300 ppi, never upscaled, capped, JPEG q92 4:4:4
in sRGB, and cached like the web ones."""

from __future__ import annotations

import io
import os
import random

import pytest
from PIL import Image, ImageCms, JpegImagePlugin

from memorybook import imaging
from memorybook.imaging import print_pixels, print_plan, stored_box, web_sizes
from memorybook.photos import PhotoStage, PrintPhoto, PrintRequest
from memorybook.settings import Settings
from tests.conftest import ScratchJournal
from tests.photo_files import display_p3_icc, flat, jpeg, p3_to_srgb
from tests.test_photos import ORIENTATION, difference, photo_at, with_photos


def printed(settings: Settings, *requests: PrintRequest) -> list[PrintPhoto]:
    done, problems = PhotoStage(settings, jobs=1).print(requests)
    assert not problems
    return done


def test_placed_size_at_300_ppi(scratch: ScratchJournal) -> None:
    photo = photo_at(scratch, "big.jpg", jpeg((2000, 1500)))
    (result,) = printed(scratch.settings(), PrintRequest(photo, 4, 3))
    assert (result.pixel_width, result.pixel_height) == (1200, 900)
    assert result.effective_ppi == pytest.approx(300)
    with Image.open(result.path) as im:
        assert im.size == (1200, 900)


def test_fit_keeps_the_whole_photo_inside_the_box(scratch: ScratchJournal) -> None:
    photo = photo_at(scratch, "big.jpg", jpeg((2000, 1500)))
    (result,) = printed(scratch.settings(), PrintRequest(photo, 3, 3))
    assert (result.pixel_width, result.pixel_height) == (900, 675)
    assert result.effective_ppi == pytest.approx(300)


def test_denser_requests_are_capped_at_max_print_ppi(scratch: ScratchJournal) -> None:
    photo = photo_at(scratch, "big.jpg", jpeg((3000, 2250)))
    (result,) = printed(scratch.settings(), PrintRequest(photo, 2, 1.5, ppi=1200))
    assert (result.pixel_width, result.effective_ppi) == (1200, pytest.approx(600))


def test_a_small_photo_is_not_upscaled_and_reports_its_real_ppi(scratch: ScratchJournal) -> None:
    photo = photo_at(scratch, "small.jpg", jpeg((640, 480)))
    (result,) = printed(scratch.settings(), PrintRequest(photo, 8, 6))
    assert (result.pixel_width, result.pixel_height) == (640, 480)
    assert result.effective_ppi == pytest.approx(80)


def test_crop_covers_the_box_and_keeps_the_centre(scratch: ScratchJournal) -> None:
    im = Image.new("RGB", (2000, 1500), (0, 160, 0))
    im.paste((255, 0, 0), (0, 0, 200, 1500))
    im.paste((0, 0, 255), (1800, 0, 2000, 1500))
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=95)
    photo = photo_at(scratch, "bands.jpg", buffer.getvalue())
    (result,) = printed(scratch.settings(), PrintRequest(photo, 2, 2, crop=True))
    assert (result.pixel_width, result.pixel_height) == (600, 600)
    with Image.open(result.path) as out:
        for x in (1, 599):
            r, g, b = out.convert("RGB").getpixel((x, 300))  # type: ignore[misc]
            assert g > 120 and r < 40 and b < 40, x


def test_rotated_photo_prints_upright_in_a_cropped_box(scratch: ScratchJournal) -> None:
    settings = scratch.settings()
    sideways = photo_at(scratch, "p6.jpg", (ORIENTATION / "Portrait_6.jpg").read_bytes())
    upright = photo_at(scratch, "p1.jpg", (ORIENTATION / "Portrait_1.jpg").read_bytes())
    a, b = printed(
        settings,
        PrintRequest(sideways, 1, 1.2, crop=True),
        PrintRequest(upright, 1, 1.2, crop=True),
    )
    assert (a.pixel_width, a.pixel_height) == (b.pixel_width, b.pixel_height) == (300, 360)
    with Image.open(a.path) as one, Image.open(b.path) as two:
        assert difference(one, two) < 6


def test_print_pixels_come_from_a_full_size_decode(scratch: ScratchJournal) -> None:
    """A reduced-scale JPEG decode (right for screens) is measurably softer on paper: the print
    pixels are exactly a full decode resized once with Lanczos."""
    photo = photo_at(scratch, "big.jpg", jpeg((2400, 1800)))
    got, plan = print_pixels(photo.path, (2, 1.5), 300, crop=False)
    with Image.open(photo.path) as im:
        reference = im.convert("RGB").resize(plan.size, Image.Resampling.LANCZOS)
    assert got.size == (600, 450)
    assert got.tobytes() == reference.tobytes()


@pytest.mark.parametrize("orientation", range(1, 9))
def test_a_crop_of_the_upright_photo_maps_to_the_same_pixels_as_stored(orientation: int) -> None:
    """Print crops are resized straight from the stored pixels (no full-size copy turned
    upright first), so the box must land on the same pixels for all eight orientations."""
    stored = Image.frombytes("L", (7, 5), random.Random(orientation).randbytes(35))
    op = imaging._ORIENTATION_OPS.get(orientation)
    upright = stored.transpose(op) if op is not None else stored
    for box in [(0, 0, *upright.size), (1, 0, 4, 3), (0, 2, 3, upright.size[1]), (2, 1, 4, 4)]:
        region = stored.crop(stored_box(box, upright.size, orientation))
        region = region.transpose(op) if op is not None else region
        assert region.tobytes() == upright.crop(box).tobytes(), box


def test_a_sideways_photo_prints_the_same_crop_as_its_upright_twin(
    scratch: ScratchJournal,
) -> None:
    """The Lanczos resize is done before the rotation; only rounding may differ."""
    for orientation in (6, 8):
        sideways = photo_at(
            scratch,
            f"p{orientation}.jpg",
            (ORIENTATION / f"Landscape_{orientation}.jpg").read_bytes(),
        )
        upright = photo_at(scratch, "p1.jpg", (ORIENTATION / "Landscape_1.jpg").read_bytes())
        a, _ = print_pixels(sideways.path, (1, 1), 300, crop=True)
        b, _ = print_pixels(upright.path, (1, 1), 300, crop=True)
        assert a.size == b.size and difference(a, b) < 6


def test_print_jpeg_is_high_quality_444_srgb_and_metadata_free(scratch: ScratchJournal) -> None:
    photo = photo_at(
        scratch, "p3.png", flat("RGB", (200, 80, 80), "PNG", icc_profile=display_p3_icc())
    )
    (result,) = printed(scratch.settings(), PrintRequest(photo, 0.2, 0.2))
    with Image.open(result.path) as im:
        assert im.format == "JPEG"
        assert JpegImagePlugin.get_sampling(im) == 0  # 4:4:4
        assert im.quantization[0][0] <= 3  # luminance DC step of quality 90 or better
        profile = ImageCms.ImageCmsProfile(io.BytesIO(im.info["icc_profile"]))
        assert "sRGB" in ImageCms.getProfileDescription(profile)
        assert not im.getexif() and "xmp" not in im.info
        got = im.convert("RGB").getpixel((5, 5))
    expected = p3_to_srgb((200, 80, 80))
    assert all(abs(g - e) <= 3 for g, e in zip(got, expected, strict=True)), (got, expected)  # type: ignore[arg-type]


def test_unused_print_renditions_go_only_after_the_grace_period(scratch: ScratchJournal) -> None:
    """Another year's book stays warm for a while; renditions nothing used for long go."""
    settings = scratch.settings()
    this_year = photo_at(scratch, "a.jpg", jpeg((400, 300)))
    last_year = photo_at(scratch, "b.jpg", jpeg((410, 300)))
    (old,) = printed(settings, PrintRequest(last_year, 1, 1))
    stage = PhotoStage(settings, jobs=1)
    stage.print([PrintRequest(this_year, 1, 1)])
    assert stage.prune(grace_days=60) == 0 and old.path.exists()
    long_ago = old.path.parent.stat().st_mtime - 61 * 86400
    os.utime(old.path.parent, (long_ago, long_ago))
    stage = PhotoStage(settings, jobs=1)
    (kept,), _ = stage.print([PrintRequest(this_year, 1, 1)])
    assert stage.prune(grace_days=60) == 1
    assert not old.path.exists() and kept.path.exists()


def test_print_renditions_are_cached(scratch: ScratchJournal) -> None:
    settings = with_photos(scratch.settings(), print_ppi=150)
    photo = photo_at(scratch, "p.jpg", jpeg((1000, 750)))
    (first,) = printed(settings, PrintRequest(photo, 2, 2))
    stage = PhotoStage(settings, jobs=1)
    (second,), _ = stage.print([PrintRequest(photo, 2, 2)])
    assert second == first and stage.stats.rendered == 0
    assert first.pixel_width == 300


def test_a_bad_photo_is_a_problem_at_its_line(scratch: ScratchJournal) -> None:
    good = photo_at(scratch, "good.jpg", jpeg())
    bad = photo_at(scratch, "bad.jpg", jpeg()[:500], line=9)
    done, problems = PhotoStage(scratch.settings()).print(
        [PrintRequest(good, 1, 1), PrintRequest(bad, 1, 1), PrintRequest(good, 2, 2)]
    )
    assert [d.request.width_in for d in done] == [1, 2]
    assert [(p.line, "bad.jpg" in p.message) for p in problems] == [(9, True)]


@pytest.mark.parametrize(
    ("size", "box", "crop", "pixels", "ppi"),
    [
        ((3000, 2000), (4, 4), False, (1200, 800), 300),  # landscape fits the width
        ((2000, 3000), (4, 4), False, (800, 1200), 300),  # portrait fits the height
        ((3000, 2000), (4, 4), True, (1200, 1200), 300),  # covered: the sides are cut off
        ((3000, 2000), (10, 10), True, (2000, 2000), 200),  # too small: all it has, 200 ppi
        ((600, 400), (8, 2), False, (600, 400), 200),  # fits a wide box by its height
    ],
)
def test_print_plan(
    size: tuple[int, int],
    box: tuple[float, float],
    crop: bool,
    pixels: tuple[int, int],
    ppi: float,
) -> None:
    plan = print_plan(size, box, 300, crop=crop)
    assert plan.size == pixels
    assert plan.effective_ppi == pytest.approx(ppi)


def test_web_sizes_never_upscale_or_repeat() -> None:
    assert web_sizes((4032, 3024), (480, 960, 1600)) == ((480, 360), (960, 720), (1600, 1200))
    assert web_sizes((1000, 500), (480, 960, 1600)) == ((480, 240), (960, 480), (1000, 500))
    assert web_sizes((300, 3000), (480, 960)) == ((300, 3000),)
    assert web_sizes((960, 720), (480, 960)) == ((480, 360), (960, 720))
