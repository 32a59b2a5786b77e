"""ICC profiles for photos that describe their colour with code points instead of a profile.

HEIF files (phones other than iPhones, some iPhone exports) may carry an `nclx` colour box:
numbers for the primaries and the transfer curve (ITU-T H.273, "CICP") and no ICC profile. A
Display P3 photo described that way would be read as sRGB and lose its saturation, so this
module turns the description into the small matrix profile it stands for, which the usual
ICC conversion to sRGB then uses.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from functools import lru_cache

Matrix = tuple[tuple[float, ...], ...]
Vector = tuple[float, ...]

SRGB_PRIMARIES = {1}
"""BT.709, the primaries of sRGB: nothing to convert."""
UNSPECIFIED = {0, 2}
SRGB_LIKE_TRANSFERS = {1, 6, 13, 14, 15}
"""sRGB (13) and the BT.709 family, which phones use with the sRGB curve in practice. Others
(PQ and HLG for HDR, linear, gamma 2.2 or 2.8) are left alone rather than guessed at."""
D50: Vector = (0.9642, 1.0, 0.8249)
"""The ICC profile connection space's white."""
BRADFORD: Matrix = (
    (0.8951, 0.2664, -0.1614),
    (-0.7502, 1.7135, 0.0367),
    (0.0389, -0.0685, 1.0296),
)


def icc_for(nclx: Mapping[str, object]) -> bytes | None:
    """An ICC profile for pillow-heif's `nclx_profile` info, or None when the photo is sRGB,
    says nothing, or uses a curve this cannot express (then it is treated as sRGB)."""
    primaries = nclx.get("color_primaries")
    transfer = nclx.get("transfer_characteristics")
    if primaries in SRGB_PRIMARIES | UNSPECIFIED or transfer not in SRGB_LIKE_TRANSFERS:
        return None
    names = ("red", "green", "blue", "white")
    try:
        xy = tuple(
            (float(nclx[f"color_primary_{n}_x"]), float(nclx[f"color_primary_{n}_y"]))  # type: ignore[arg-type]
            for n in names
        )
    except (KeyError, TypeError, ValueError):
        return None
    if any(y <= 0 for _, y in xy):
        return None
    return _matrix_profile(tuple(round(v, 4) for pair in xy for v in pair))


@lru_cache(maxsize=8)
def _matrix_profile(xy: tuple[float, ...]) -> bytes | None:
    """An ICC v2 RGB profile: the primaries adapted to D50 (Bradford) and the sRGB curve."""
    red, green, blue, white = ((xy[i], xy[i + 1]) for i in range(0, 8, 2))
    columns = _transpose(tuple(_xyz(x, y) for x, y in (red, green, blue)))
    inverse = _inverse(columns)
    if inverse is None:
        return None
    scale = _apply(inverse, _xyz(*white))
    to_xyz = tuple(tuple(row[i] * scale[i] for i in range(3)) for row in columns)
    adapted = _multiply(_adaptation(_xyz(*white)), to_xyz)
    colorants = _transpose(adapted)
    return matrix_profile(colorants, description=f"CICP primaries {xy}")


def _xyz(x: float, y: float) -> Vector:
    return (x / y, 1.0, (1 - x - y) / y)


def _adaptation(source_white: Vector) -> Matrix:
    """Bradford chromatic adaptation from `source_white` to D50."""
    inverse = _inverse(BRADFORD)
    assert inverse is not None  # a fixed, invertible matrix
    src, dst = _apply(BRADFORD, source_white), _apply(BRADFORD, D50)
    gain = tuple(tuple(BRADFORD[r][c] * dst[r] / src[r] for c in range(3)) for r in range(3))
    return _multiply(inverse, gain)


def _apply(m: Matrix, v: Vector) -> Vector:
    a, b, c = (sum(m[r][i] * v[i] for i in range(3)) for r in range(3))
    return (a, b, c)


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return tuple(
        tuple(sum(a[r][i] * b[i][c] for i in range(3)) for c in range(3)) for r in range(3)
    )


def _transpose(m: Matrix) -> Matrix:
    return tuple(tuple(m[r][c] for r in range(3)) for c in range(3))


def _inverse(m: Matrix) -> Matrix | None:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    if abs(det) < 1e-12:
        return None
    cofactors = (
        (e * i - f * h, c * h - b * i, b * f - c * e),
        (f * g - d * i, a * i - c * g, c * d - a * f),
        (d * h - e * g, b * g - a * h, a * e - b * d),
    )
    return tuple(tuple(value / det for value in row) for row in cofactors)


# -- writing the profile ------------------------------------------------------------------


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: Vector) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def _srgb_curve() -> bytes:
    def linear(i: int) -> float:
        v = i / 1023
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    points = [round(linear(i) * 65535) for i in range(1024)]
    return b"curv\0\0\0\0" + struct.pack(f">I{len(points)}H", len(points), *points)


def matrix_profile(colorants: Matrix, description: str) -> bytes:
    """An ICC v2 RGB profile from the primaries' XYZ (adapted to D50) and the sRGB curve."""
    text = description.encode("ascii") + b"\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * (12 + 67)
    curve = _srgb_curve()
    tags = [
        (b"desc", desc),
        (b"wtpt", _xyz_tag(D50)),
        (b"rXYZ", _xyz_tag(colorants[0])),
        (b"gXYZ", _xyz_tag(colorants[1])),
        (b"bXYZ", _xyz_tag(colorants[2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + b"\0" * 4  # preferred CMM: none
        + bytes([2, 0x10, 0, 0])  # version 2.1
        + b"mntrRGB XYZ "
        + b"\0" * 12  # creation date: none, so the same photo gives the same bytes
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)  # perceptual intent
        + b"".join(_s15(v) for v in D50)
        + b"\0" * 48
    )
    return header + struct.pack(">I", len(tags)) + table + data
