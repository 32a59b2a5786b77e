"""Photos made on the fly for the photo tests: awkward inputs a phone or a friend might send."""

from __future__ import annotations

import io
import math
import struct
import zlib

from PIL import Image

from memorybook import cicp

# Apple's Display P3 colourants (adapted to D50, as ICC wants).
P3_COLORANTS = (
    (0.515121, 0.241196, -0.001053),
    (0.291977, 0.692245, 0.041885),
    (0.157104, 0.066574, 0.784073),
)
# Display P3 (linear) to sRGB (linear), both D65: the textbook matrix.
P3_TO_SRGB = (
    (1.224940, -0.224940, 0.0),
    (-0.042057, 1.042057, 0.0),
    (-0.019638, -0.078636, 1.098274),
)
GPS_LATITUDE = (51.0, 30.0, 12.34)
SECRET = b"SecretPhone 15"
XMP_SECRET = b"48.858370"


def srgb_decode(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def srgb_encode(linear: float) -> int:
    linear = min(1.0, max(0.0, linear))
    v = linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return round(v * 255)


def p3_to_srgb(rgb: tuple[int, int, int]) -> tuple[int, ...]:
    """The sRGB value a Display P3 colour must become (computed without ImageCms)."""
    linear = [srgb_decode(c) for c in rgb]
    return tuple(
        srgb_encode(sum(m * c for m, c in zip(row, linear, strict=True))) for row in P3_TO_SRGB
    )


def display_p3_icc() -> bytes:
    """A Display P3 profile made from Apple's published colourants (not from code points)."""
    return cicp.matrix_profile(P3_COLORANTS, "Display P3 (test)")


def jpeg(size: tuple[int, int] = (640, 480), **save: object) -> bytes:
    """A photo-like JPEG (a gradient with some structure, so resizing is measurable)."""
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    im.paste((200, 60, 40), (size[0] // 8, size[1] // 8, size[0] // 3, size[1] // 2))
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=90, **save)
    return buffer.getvalue()


def flat(
    mode: str, colour: object, fmt: str, size: tuple[int, int] = (64, 48), **save: object
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **save)  # type: ignore[arg-type]
    return buffer.getvalue()


def gps_jpeg() -> bytes:
    """A JPEG that gives away where it was taken, in EXIF (GPS IFD) and in XMP."""
    im = Image.open(io.BytesIO(jpeg()))
    exif = im.getexif()
    exif[0x010F] = SECRET.decode()  # Make
    exif[0x0112] = 1
    exif.get_ifd(0x8825).update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (2.0, 17.0, 40.0)})
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'exif:GPSLatitude="' + XMP_SECRET + b'N"/></rdf:RDF></x:xmpmeta>'
    )
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", exif=exif, xmp=xmp, quality=90)
    return buffer.getvalue()


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "lime", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be huge: a decompression bomb as far as any reader is concerned."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def sixteen_bit_grey(size: tuple[int, int] = (64, 48)) -> bytes:
    """A 16-bit greyscale PNG at 3/4 of full scale (clipping instead of scaling gives white)."""
    im = Image.new("I;16", size, math.floor(65535 * 0.75))
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()
