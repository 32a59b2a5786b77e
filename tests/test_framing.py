"""Face-aware framing: a crop to a frame of another shape never loses a head.

The photos are real (tests/photos/LICENSES.md): two women on the telephone, the larger face
near the top edge and off centre, where a centred crop cuts it; an astronaut's portrait;
a pier at sunset with nobody in it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import weasyprint
from PIL import Image
from pypdf import PdfReader

from memorybook import framing, imaging
from memorybook.book import BookOptions, make_book
from memorybook.book.cover import cover_path
from memorybook.book.extras import tile_position
from memorybook.book.layout import Placement
from memorybook.framing import Box, crop_for, object_position
from memorybook.html import html
from memorybook.model import Photo
from memorybook.photos import PhotoStage, PrintRequest
from tests.conftest import TESTS, ScratchJournal
from tests.test_photos import difference, photo_at

PHOTOS = TESTS / "photos"
FRIENDS = PHOTOS / "friends-two-women-phones.jpg"
PORTRAIT, WIDE, SQUARE = 4 / 5, 2.0, 1.0


@pytest.fixture(scope="module")
def friends_keep() -> Box:
    keep = framing.keep_box(FRIENDS)
    assert keep is not None
    return keep


def inside(keep: Box, crop: tuple[int, int, int, int], size: tuple[int, int]) -> bool:
    left, top, right, bottom = keep.pixels(size)
    return crop[0] <= left and crop[1] <= top and right <= crop[2] and bottom <= crop[3]


def test_the_large_face_near_the_top_is_found(friends_keep: Box) -> None:
    # The laughing woman on the right: her face fills x 0.63-0.83, y 0.04-0.33 of the photo.
    assert 0.55 < friends_keep.left < 0.65 and 0.8 < friends_keep.right < 0.9
    assert friends_keep.top < 0.04 and 0.35 < friends_keep.bottom < 0.5


def test_a_portrait_is_found_and_nothing_in_a_landscape() -> None:
    astronaut = framing.keep_box(PHOTOS / "astronaut.png")
    assert astronaut is not None and 0.3 < (astronaut.left + astronaut.right) / 2 < 0.6
    assert framing.keep_box(PHOTOS / "sunset-pier.jpg") is None
    assert framing.keep_box(PHOTOS / "orientation" / "Landscape_1.jpg") is None


def test_the_exif_orientation_is_applied_before_looking(tmp_path: Path, friends_keep: Box) -> None:
    with Image.open(FRIENDS) as im:
        small = im.resize((900, 594))
    path = tmp_path / "turned.jpg"
    # Stored a quarter turn anticlockwise, with the tag (6) that turns it back upright.
    small.transpose(Image.Transpose.ROTATE_90).save(path, "JPEG", exif=_orientation(6))
    upright = framing.keep_box(path)
    assert upright is not None
    assert upright.left == pytest.approx(friends_keep.left, abs=0.03)
    assert upright.top == pytest.approx(friends_keep.top, abs=0.03)


@pytest.mark.parametrize("aspect", [PORTRAIT, WIDE, SQUARE])
def test_a_centred_crop_cuts_the_face_and_crop_for_keeps_it(
    friends_keep: Box, aspect: float
) -> None:
    size = (3000, 1980)
    assert not inside(friends_keep, imaging.centre_crop(size, aspect), size)
    crop = crop_for(size, aspect, friends_keep)
    assert inside(friends_keep, crop, size)
    width, height = crop[2] - crop[0], crop[3] - crop[1]
    assert max(abs(width - round(height * aspect)), abs(height - round(width / aspect))) <= 1
    assert width == size[0] or height == size[1]  # the largest crop of that shape


def test_a_crop_too_small_for_the_faces_keeps_their_tops() -> None:
    keep = Box(0.1, 0.2, 0.9, 0.9)  # two heads far apart in a very wide frame
    left, top, right, bottom = crop_for((1000, 1000), 4.0, keep)
    assert (right - left, bottom - top) == (1000, 250)
    assert top == 200  # hair and eyes kept, chins lost


def test_keeps_whole_says_when_a_frame_cannot_hold_every_face(friends_keep: Box) -> None:
    size = (3000, 1980)
    assert framing.keeps_whole(size, PORTRAIT, friends_keep)
    assert not framing.keeps_whole(size, 4.0, friends_keep)  # a strip: the heads do not fit
    assert framing.keeps_whole(size, 4.0, None)


def test_without_faces_the_crop_follows_the_focus_or_the_centre() -> None:
    assert crop_for((2000, 1000), 1.0, None) == imaging.centre_crop((2000, 1000), 1.0)
    assert crop_for((2000, 1000), 1.0, None, (0.2, 0.5)) == (0, 0, 1000, 1000)
    assert crop_for((2000, 1000), 1.0, None, (0.6, 0.5)) == (700, 0, 1700, 1000)


def test_a_photo_without_faces_falls_back_to_its_salient_part() -> None:
    found = framing.analyse(PHOTOS / "sunset-pier.jpg")
    assert found.keep is None
    assert 0.25 < found.focus[0] < 0.75 and 0.25 < found.focus[1] < 0.75
    flat = Image.new("RGB", (400, 300), (120, 140, 160))
    assert framing.analyse(flat) == framing.Framing(None, (0.5, 0.5))


@pytest.mark.parametrize("aspect", [PORTRAIT, WIDE, 3.0])
def test_object_position_shows_the_same_crop(friends_keep: Box, aspect: float) -> None:
    """What CSS does with `object-fit: cover` and `object-position: x% y%`: the image scaled
    to cover the frame, its (x%, y%) point on the frame's (x%, y%) point."""
    size = (3000, 1980)
    x, y = object_position(size, aspect, friends_keep)
    crop_w, crop_h = min(size[0], size[1] * aspect), min(size[1], size[0] / aspect)
    left = x / 100 * (size[0] - crop_w)
    top = y / 100 * (size[1] - crop_h)
    expected = crop_for(size, aspect, friends_keep)
    assert left == pytest.approx(expected[0], abs=1) and top == pytest.approx(expected[1], abs=1)
    style = framing.frame_style(size, aspect, framing.Framing(friends_keep))
    assert style == f"object-fit: cover; object-position: {x:g}% {y:g}%"


def test_print_renditions_keep_the_face_whole(scratch: ScratchJournal, friends_keep: Box) -> None:
    """Pixel-true: the cropped rendition the book prints is the part of the photo that holds
    the face (compared with the original), and the face is found in it, whole."""
    photo = photo_at(scratch, "friends.jpg", FRIENDS.read_bytes())
    stage = PhotoStage(scratch.settings(), jobs=1)
    (done,), problems = stage.print([PrintRequest(photo, 4, 5, crop=True, ppi=100)])
    assert not problems
    with Image.open(FRIENDS) as original, Image.open(done.path) as printed:
        crop = crop_for(original.size, PORTRAIT, friends_keep)
        assert difference(printed, original.crop(crop)) < 3
        assert difference(printed, original.crop(imaging.centre_crop(original.size, PORTRAIT))) > 10
        found = framing.keep_box(printed.copy())
    # Whole across (the photo's own top edge is the hair's limit, in the crop too).
    assert found is not None and 0 < found.left and found.right < 1 and found.bottom < 1


def test_framings_are_cached_by_content(scratch: ScratchJournal) -> None:
    photo = photo_at(scratch, "a/friends.jpg", FRIENDS.read_bytes())
    copy = photo_at(scratch, "b/same.jpg", FRIENDS.read_bytes())
    stage = PhotoStage(scratch.settings(), jobs=1)
    first = stage.framings([photo])
    assert stage.stats.rendered == 1
    again = PhotoStage(scratch.settings(), jobs=1)
    assert again.framings([photo, copy]) == {
        "a/friends.jpg": first["a/friends.jpg"],
        "b/same.jpg": first["a/friends.jpg"],
    }
    assert again.stats.rendered == 0  # the same bytes elsewhere are not looked at again


def _orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def test_the_cover_photo_keeps_the_face(scratch: ScratchJournal) -> None:
    """The book end to end: the front cover's photo (cropped to the cover's shape) is the
    part of the photo that holds the face, read back from the cover PDF."""
    scratch.config.write_text(
        scratch.config.read_text(encoding="utf-8") + "      book: {size: 6x9in}\n",
        encoding="utf-8",
    )
    scratch.write("2023/2023-07-01-calls/friends.jpg", FRIENDS.read_bytes())
    scratch.write(
        "2023/2023-07-01-calls.md",
        "---\ntitle: Calls\ndate: 2023-07-01\nkind: milestone\nphotos: [friends.jpg]\n---\n"
        "We called each other from across the field.\n",
    )
    out = scratch.root / "book.pdf"
    make_book(scratch.settings(), BookOptions(year=1, output=out, today=dt.date(2024, 7, 1)))
    (page,) = PdfReader(cover_path(out)).pages
    shown = max((image.image for image in page.images), key=lambda im: im.width * im.height)
    with Image.open(FRIENDS) as original:
        aspect = shown.width / shown.height
        faces = original.crop(crop_for(original.size, aspect, framing.keep_box(FRIENDS)))
        centred = original.crop(imaging.centre_crop(original.size, aspect))
        assert difference(shown, faces) < 3
        assert difference(shown, centred) > 10


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_weasyprint_shows_the_crop_that_frame_style_names(
    tmp_path: Path, friends_keep: Box
) -> None:
    """A template can crop with CSS instead of a new rendition: WeasyPrint, given
    `frame_style`, shows exactly `crop_for`'s part of the photo (read back from the PDF)."""
    with Image.open(FRIENDS) as im:
        small = im.resize((600, 396))
    small.save(tmp_path / "friends.png")
    style = framing.frame_style(small.size, PORTRAIT, framing.Framing(friends_keep))
    page = html(
        "<style>@page {{ size: 2in 2.5in; margin: 0 }} body {{ margin: 0 }}</style>"
        '<img src="friends.png" style="display: block; width: 2in; height: 2.5in; {}">',
        style,
    )
    weasyprint.HTML(string=str(page), base_url=str(tmp_path) + "/").write_pdf(tmp_path / "f.pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "96", str(tmp_path / "f.pdf"), str(tmp_path / "f")], check=True
    )
    (png,) = tmp_path.glob("f-*.png")
    with Image.open(png) as shown:
        wanted = small.crop(crop_for(small.size, PORTRAIT, friends_keep))
        centred = small.crop(imaging.centre_crop(small.size, PORTRAIT))
        assert difference(shown, wanted) < 4
        assert difference(shown, centred) > 10


def test_pruning_keeps_the_framings_of_cropped_photos_only(scratch: ScratchJournal) -> None:
    cropped = photo_at(scratch, "a/friends.jpg", FRIENDS.read_bytes())
    other = photo_at(scratch, "b/pier.jpg", (PHOTOS / "sunset-pier.jpg").read_bytes())
    PhotoStage(scratch.settings(), jobs=1).framings([cropped, other])
    folder = scratch.root / ".cache" / "memorybook" / "framing"
    assert len(list(folder.iterdir())) == 2
    stage = PhotoStage(scratch.settings(), jobs=1)
    stage.print([PrintRequest(cropped, 2, 2, crop=True, ppi=50), PrintRequest(other, 2, 2)])
    assert stage.prune() == 1
    (kept,) = folder.iterdir()
    again = PhotoStage(scratch.settings(), jobs=1)
    assert again.framings([cropped]) and again.stats.rendered == 0  # the kept one, found again
    assert [p.name for p in folder.iterdir()] == [kept.name]


def test_without_opencvs_cascades_crops_follow_the_focus(monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenCV 5 ships no Haar cascades: a photo is then cropped by its salient part, and
    nothing fails (pyproject pins < 5; this is the safety net)."""
    import cv2

    framing._cascade.cache_clear()
    monkeypatch.delattr(cv2, "data")
    try:
        found = framing.analyse(FRIENDS)
    finally:
        framing._cascade.cache_clear()
    assert found.keep is None and found.focus != (0.5, 0.5)


def test_the_year_mosaic_keeps_the_faces_in_its_square_tiles(friends_keep: Box) -> None:
    """The mosaic's tiles are square crops by CSS (`object-fit: cover`): the tile shows the
    crop `framing` chose (before: every tile kept its middle, which cuts the laughing woman's
    face at the right edge of this photo)."""
    size = (3000, 1980)
    photo = Photo(path=FRIENDS, entry=FRIENDS, rel="friends.jpg")
    whole = Placement(photo, 4.0, 2.64)
    position = tile_position(
        whole, {"friends.jpg": size}, {"friends.jpg": framing.Framing(friends_keep)}
    )
    x, y = (float(part.rstrip("%")) for part in position.split())
    left = round(x / 100 * (size[0] - size[1]))  # CSS puts the image's x % at the frame's x %
    assert inside(friends_keep, (left, 0, left + size[1], size[1]), size), position
    assert not inside(friends_keep, imaging.centre_crop(size, 1.0), size)
    cropped = Placement(photo, 8.75, 8.75, crop=True)  # a full-bleed rendition, cut already
    assert tile_position(cropped, {"friends.jpg": size}, {}) == "50% 50%"
