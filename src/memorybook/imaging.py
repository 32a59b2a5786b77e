"""Image maths and pixel work for renditions: pure sizing functions, decode, colour, encode.

Everything here runs inside worker processes, so it takes and returns plain
values and never touches the journal model; `photos.py` does the bookkeeping.
"""

from __future__ import annotations

import ctypes
import io
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pillow_heif
from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

from memorybook import cicp

pillow_heif.register_heif_opener()

WEB_EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
MAX_SIDE = {"jpeg": 65500, "webp": 16383, "avif": 16384}
"""The longest side each encoder can write (libjpeg 65,500, libwebp 16,383); for AVIF, which
could write more, what libavif's decoders (browsers' too) accept by default. A taller photo
(a long screenshot) is made smaller to fit instead of refused."""
PRINT_QUALITY = 92
"""High enough that a print shows no JPEG artefacts; with 4:4:4 chroma."""
WHITE = (255, 255, 255)
WEB_RESAMPLE = Image.Resampling.HAMMING
"""From a JPEG decoded at reduced scale (at most 2x too big), Hamming is within 41 dB of a
full-size Lanczos reduction, invisible under q80 compression (~36 dB), at 40% of its cost."""
REDUCING_GAP = 2.0
WEB_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    # Baseline JPEG with optimised Huffman tables: progressive would cost 2-3x the encoding
    # time for a few percent, and srcset already sends small files to small screens.
    "jpeg": {"optimize": True},
    # libwebp effort 1 of 6: a third of the time of the default 4 for ~8% more bytes at equal
    # fidelity; effort 2 takes 30% longer for the same bytes (bench/photos.py --formats).
    "webp": {"method": 1, "xmp": b""},
    # libavif's default speed 6 takes ~4x as long as 8 for ~3% fewer bytes.
    "avif": {"speed": 8, "xmp": b""},
}
"""Encoder options besides quality (the benchmark gives sigal exactly these too)."""
LANCZOS = Image.Resampling.LANCZOS
"""Print renditions are made once per book and looked at closely: the sharpest filter."""
_ORIENTATION_OPS: dict[int, Image.Transpose] = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_STAMPED = _SRGB.tobytes()
SRGB_ICC: bytes = _STAMPED[:24] + bytes(12) + _STAMPED[36:]
"""The sRGB profile print renditions carry, without the creation date and time littleCMS
stamps in bytes 24 to 35 of its header (its profile ID stays zero, "not computed"), so the
same photo gives the same bytes at any hour."""


def tune_allocator() -> None:
    """Make glibc keep freed image memory for the next photo instead of handing it back.

    Pillow allocates each image in blocks of up to 16 MB. glibc serves blocks that large with
    mmap and unmaps them on free, so every photo faulted in ~30 MB of fresh zeroed pages: 15 ms
    of kernel time per 12 MP photo, a sixth of the whole. Serving them from the heap and not
    trimming it brings that under 1 ms, with the same peak (it is reused, not grown). Called in
    worker processes only; a no-op off glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return
    mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)  # glibc's maximum, above Pillow's 16 MB blocks
    mallopt(_M_TRIM_THRESHOLD, 128 * 1024 * 1024)


_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


class BadPhoto(Exception):
    """A photo that cannot be made into renditions; the message says why, for the user."""


# -- pure sizing ------------------------------------------------------------


def oriented(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """The size as a person sees it: EXIF orientations 5-8 swap width and height."""
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def scaled(size: tuple[int, int], width: int) -> tuple[int, int]:
    """`size` scaled to `width`, keeping the aspect ratio (height at least 1)."""
    return width, max(1, round(size[1] * width / size[0]))


def web_sizes(
    size: tuple[int, int], widths: tuple[int, ...], max_side: int = MAX_SIDE["jpeg"]
) -> tuple[tuple[int, int], ...]:
    """Rendition sizes for an (oriented) photo: every configured width narrower than the photo,
    then the photo's own width once if a configured width reaches it: never upscaled, and
    never a side longer than `max_side` (the encoder's limit)."""
    smaller = [w for w in sorted(set(widths)) if w < size[0]]
    if len(smaller) < len(set(widths)):
        smaller.append(size[0])
    fitting = dict.fromkeys(min(w, _widest(size, max_side)) for w in smaller)
    return tuple(scaled(size, w) for w in fitting)


def _widest(size: tuple[int, int], max_side: int) -> int:
    """The widest rendition of a photo whose height stays within `max_side`."""
    width = min(size[0], max_side, max(1, size[0] * max_side // size[1]))
    while width > 1 and scaled(size, width)[1] > max_side:
        width -= 1
    return width


@dataclass(frozen=True)
class PrintPlan:
    """Where a print rendition comes from and how big it is."""

    crop: tuple[int, int, int, int]
    """The box of the oriented original that is used (left, top, right, bottom)."""
    size: tuple[int, int]
    """Output pixels."""
    effective_ppi: float
    """Output pixels per inch at the placed size."""


Placer = Callable[[tuple[int, int], float], tuple[int, int, int, int]]
"""Where the crop of a given aspect (width / height) goes in a photo of a given size: the
largest crop of that aspect, in pixels (left, top, right, bottom); `framing.crop_for` keeps
faces whole."""


def centre_crop(size: tuple[int, int], aspect: float) -> tuple[int, int, int, int]:
    """The largest crop of `aspect` around the photo's centre."""
    width, height = size
    use_w, use_h = min(width, round(height * aspect)), min(height, round(width / aspect))
    left, top = (width - use_w) // 2, (height - use_h) // 2
    return left, top, left + use_w, top + use_h


def print_plan(
    size: tuple[int, int],
    box_in: tuple[float, float],
    ppi: int,
    *,
    crop: bool,
    place: Placer = centre_crop,
) -> PrintPlan:
    """Size a print rendition for a box in inches at `ppi`, never upscaling; with `crop` the
    photo covers the box (the part `place` chooses), otherwise it fits inside it."""
    width, height = size
    if crop:
        box = place(size, box_in[0] / box_in[1])
        use_w, use_h = box[2] - box[0], box[3] - box[1]
        placed_w = box_in[0]
    else:
        use_w, use_h = width, height
        box = (0, 0, width, height)
        placed_w = min(box_in[0], box_in[1] * width / height)
    wanted = round(placed_w * ppi)
    out_w = max(1, min(use_w, wanted))
    out_h = max(1, round(use_h * out_w / use_w))
    # Made at the target, the rendition has its ppi: the half pixel that rounding the width
    # costs is no shortfall (it read as "299 ppi, use a larger original"). Short of pixels,
    # the photo has what it has.
    effective = float(ppi) if out_w == wanted else out_w / placed_w
    return PrintPlan(crop=box, size=(out_w, out_h), effective_ppi=effective)


# -- decode -------------------------------------------------------------------


@contextmanager
def open_photo(path: Path) -> Iterator[ImageFile.ImageFile]:
    """Open a photo with decompression-bomb warnings as errors; every failure is a `BadPhoto`."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as im:
                yield im
        except BadPhoto:
            raise
        except Image.DecompressionBombWarning as exc:
            raise BadPhoto(f"is suspiciously large ({exc})") from None
        except Image.DecompressionBombError as exc:
            raise BadPhoto(f"is too large to open safely ({exc})") from None
        except UnidentifiedImageError:
            raise BadPhoto("is not an image this program can read") from None
        except FileNotFoundError:
            raise BadPhoto("does not exist") from None
        except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as exc:
            raise BadPhoto(f"is damaged or incomplete ({exc})") from None


def orientation_of(im: Image.Image) -> int:
    """The EXIF (or XMP) orientation, 1 when absent or nonsense."""
    try:
        value = im.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not lose the photo; assume upright
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def decode(im: ImageFile.ImageFile, draft: tuple[int, int] | None) -> Image.Image:
    """The first frame's pixels, decoded at reduced scale when `draft` allows (JPEG only)."""
    if draft and im.format == "JPEG":
        im.draft("RGB", draft)
    im.seek(0)
    im.load()
    return im


def to_8bit(im: Image.Image) -> Image.Image:
    """Any mode as L, LA, RGB, RGBA or CMYK, with 16-bit and float scaled (not clipped) to 8."""
    if im.mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        top = 65535 if im.mode.startswith("I;16") or im.getextrema()[1] > 255 else 255  # type: ignore[operator]
        return im.convert("I").point(lambda v: v * (255 / top)).convert("L")
    if im.mode == "F":
        return im.convert("L")
    if im.mode in ("P", "PA") or "transparency" in im.info:
        return im.convert("RGBA")
    if im.mode in ("1",):
        return im.convert("L")
    return im.convert("RGB")


# -- colour -------------------------------------------------------------------


@lru_cache(maxsize=16)
def _transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform from the embedded profile to sRGB, or None when none is needed or possible."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        return None
    description = ImageCms.getProfileDescription(profile) or ""
    if mode != "CMYK" and "srgb" in description.lower():
        return None  # already sRGB: converting would cost time and change nothing
    out_mode = "RGBA" if mode == "RGBA" else "RGB"
    try:
        return ImageCms.buildTransform(profile, _SRGB, mode, out_mode, ImageCms.Intent.PERCEPTUAL)
    except ImageCms.PyCMSError:
        return None  # e.g. a grey profile on colour pixels: fall back to plain conversion


def colour_profile(im: Image.Image) -> bytes | None:
    """The embedded ICC profile, or for a HEIF that only gives colour code points (nclx),
    the profile they stand for; None means sRGB."""
    icc = im.info.get("icc_profile")
    if isinstance(icc, bytes) and icc:
        return icc
    nclx = im.info.get("nclx_profile")
    return cicp.icc_for(nclx) if isinstance(nclx, Mapping) else None


def to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB or RGBA pixels in sRGB, converting from the embedded profile (Display P3, CMYK...)."""
    transform = _transform(icc, im.mode) if icc and im.mode in ("RGB", "RGBA", "CMYK") else None
    if transform is not None:
        converted = ImageCms.applyTransform(im, transform)
        assert converted is not None  # applyTransform returns None only with inPlace=True
        im = converted
    if im.mode == "LA":
        return im.convert("RGBA")
    if im.mode not in ("RGB", "RGBA"):
        return im.convert("RGB")
    return im


def has_alpha(im: Image.Image) -> bool:
    """True when the photo has any pixel that is not fully opaque."""
    return im.mode == "RGBA" and im.getchannel("A").getextrema()[0] < 255  # type: ignore[operator]


def flatten(im: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and a black background would look broken."""
    if im.mode != "RGBA":
        return im.convert("RGB") if im.mode != "RGB" else im
    background = Image.new("RGB", im.size, WHITE)
    background.paste(im, mask=im.getchannel("A"))
    return background


def average_colour(im: Image.Image) -> str:
    """The photo's average colour as `#rrggbb`, the placeholder shown while it loads."""
    r, g, b = flatten(im).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    return f"#{r:02x}{g:02x}{b:02x}"


# -- prepare ------------------------------------------------------------------


def upright(
    im: Image.Image,
    size: tuple[int, int],
    orientation: int,
    icc: bytes | None,
    resample: Image.Resampling = WEB_RESAMPLE,
    box: tuple[int, int, int, int] | None = None,
) -> Image.Image:
    """The decoded photo (or the `box` of it, as stored) at oriented `size`, upright, 8-bit
    sRGB: resized before the colour conversion and rotation, which are then done on fewer
    pixels."""
    im = to_8bit(im)
    stored = oriented(size, orientation)
    if im.size != stored or (box and box != (0, 0, *im.size)):
        gap = REDUCING_GAP if resample == WEB_RESAMPLE else None
        im = im.resize(stored, resample, reducing_gap=gap, box=box)
    im = to_srgb(im, icc)
    if orientation in _ORIENTATION_OPS:
        im = im.transpose(_ORIENTATION_OPS[orientation])
    im.info = {}  # nothing from the original (EXIF, XMP, ICC, comments) may reach an output
    return im


def smaller(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A smaller rendition derived from a larger one (cheaper than from the original); for
    large steps a box reduction first, which `reducing_gap` keeps invisible."""
    out = im.resize(size, WEB_RESAMPLE, reducing_gap=REDUCING_GAP)
    out.info = {}
    return out


# -- encode -------------------------------------------------------------------


def encode_web(im: Image.Image, fmt: str, quality: int) -> bytes:
    """Web rendition bytes; alpha kept where the format has it; no metadata at all."""
    buffer = io.BytesIO()
    im = im if fmt != "jpeg" and has_alpha(im) else flatten(im)
    im.info = {}
    im.save(buffer, fmt.upper(), quality=quality, exif=b"", **WEB_SAVE_OPTIONS[fmt])
    return buffer.getvalue()


def encode_print(im: Image.Image) -> bytes:
    """A print rendition: JPEG q92, 4:4:4 chroma, tagged sRGB, no other metadata."""
    buffer = io.BytesIO()
    im = flatten(im)
    im.info = {}
    im.save(
        buffer,
        "JPEG",
        quality=PRINT_QUALITY,
        subsampling=0,
        optimize=True,
        icc_profile=SRGB_ICC,
        exif=b"",
    )
    return buffer.getvalue()


# -- whole renditions ---------------------------------------------------------


@dataclass(frozen=True)
class Encoded:
    """One encoded rendition, still in memory."""

    size: tuple[int, int]
    data: bytes


def render_web(
    path: Path, widths: tuple[int, ...], fmt: str, quality: int
) -> tuple[list[Encoded], str]:
    """Every web rendition of a photo (ascending width) and its placeholder colour."""
    with open_photo(path) as im:
        orientation = orientation_of(im)
        sizes = web_sizes(oriented(im.size, orientation), widths, MAX_SIDE[fmt])
        icc = colour_profile(im)
        largest = upright(decode(im, oriented(sizes[-1], orientation)), sizes[-1], orientation, icc)
    images = [largest]
    for size in reversed(sizes[:-1]):
        images.append(smaller(images[-1], size))
    images.reverse()
    encoded = [Encoded(image.size, encode_web(image, fmt, quality)) for image in images]
    return encoded, average_colour(images[0])


def render_print(
    path: Path, box_in: tuple[float, float], ppi: int, *, crop: bool, place: Placer = centre_crop
) -> tuple[Encoded, float]:
    """A print rendition for a box in inches, and its effective ppi there."""
    image, plan = print_pixels(path, box_in, ppi, crop=crop, place=place)
    return Encoded(plan.size, encode_print(image)), plan.effective_ppi


def print_pixels(
    path: Path, box_in: tuple[float, float], ppi: int, *, crop: bool, place: Placer = centre_crop
) -> tuple[Image.Image, PrintPlan]:
    """A print rendition's pixels: decoded at full size (never at reduced scale: paper shows
    what a screen hides), then one Lanczos resize straight from the cropped region (no copy of
    the full-size photo), the colour conversion and the rotation on the smaller result."""
    with open_photo(path) as im:
        orientation = orientation_of(im)
        full = oriented(im.size, orientation)
        plan = print_plan(full, box_in, ppi, crop=crop, place=place)
        icc = colour_profile(im)
        box = stored_box(plan.crop, full, orientation)
        return upright(decode(im, None), plan.size, orientation, icc, LANCZOS, box=box), plan


def stored_box(
    box: tuple[int, int, int, int], size: tuple[int, int], orientation: int
) -> tuple[int, int, int, int]:
    """A box of the upright photo (of oriented `size`) as a box of the pixels as stored."""
    (x0, y0), (x1, y1) = (
        _stored_point(box[0], box[1], size, orientation),
        _stored_point(box[2], box[3], size, orientation),
    )
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _stored_point(x: int, y: int, size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """Where a corner of the upright photo is in the stored pixels."""
    width, height = size
    if orientation in (5, 6, 7, 8):  # stored sideways: swap, then flip as the rotation needs
        x, y = y, x
        width, height = height, width
        flip_x, flip_y = orientation in (7, 8), orientation in (6, 7)
    else:
        flip_x, flip_y = orientation in (2, 3), orientation in (3, 4)
    return (width - x if flip_x else x), (height - y if flip_y else y)
