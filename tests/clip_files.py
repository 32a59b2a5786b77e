"""Clips made on the fly with PyAV, like a phone's: HEVC or H.264 in a QuickTime `.mov`, turned
by a display matrix, with the place and the phone in every QuickTime spot (`©xyz` in `udta`,
`com.apple.quicktime.*` `mdta` keys, XMP through exiftool), a tone, and a first moment of black
(a phone still in a pocket) that a poster must not show. The one place test clips come from.

Small by default (320x240, about a second and a half) so tests stay quick; the benchmark asks
for phone sizes.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

from tests.photo_files import jpeg

ISO6709 = "+48.8584+002.2945+035.000/"
"""Where the clip was made, as an iPhone writes it (the Eiffel Tower)."""
MAKE = "SecretMaker"
MODEL = "SecretPhone 15 Pro"
SOFTWARE = "SecretOS 17.4"
CREATED = "2024-06-14T18:30:00.000000Z"
OWNER = "Maya Secretowner"

SECRETS = (
    b"+48.85",
    b"48.858",
    b"+002.29",
    b"2.2945",
    b"ISO6709",
    b"\xa9xyz",
    b"com.apple.quicktime",
    MAKE.encode(),
    MODEL.encode(),
    SOFTWARE.encode(),
    OWNER.encode(),
    b"2024-06-14",
)
"""Bytes that give away where, when, on what and by whom a clip was made: none may be in any
file a build writes."""

Pixels = np.ndarray[Any, np.dtype[np.uint8]]
Scene = Callable[[int, tuple[int, int]], Pixels]
"""Draws frame `index` of a clip, upright, at (width, height): RGB pixels, rows first."""

BLACK_SECONDS = 0.25
"""Each clip starts black this long, as a phone in a pocket does: no poster shows it."""
TONE_HZ = 440


def clip(
    codec: str = "h264",
    size: tuple[int, int] = (320, 240),
    seconds: float = 1.5,
    *,
    rotation: int = 0,
    fps: int = 30,
    audio: bool = True,
    tagged: bool = True,
    container: str = "mov",
    scene: Scene | None = None,
    bitrate: int | None = None,
) -> bytes:
    """A clip as a phone makes it: `codec` `h264` or `hevc`, `size` as stored (a `rotation` of
    90 or -90 degrees, counter-clockwise, shows it the other way round, as an iPhone's
    portrait video: the picture is upright only once turned), a tone, the
    place and phone in QuickTime's `©xyz` and `mdta` keys when `tagged`. A `scene` draws each
    upright frame instead of the test picture (the benchmark pans across a photo, so that an
    encoder works as on a real clip), and `bitrate` (bits a second) makes it as heavy as a
    phone's."""
    buffer = io.BytesIO()
    options = {"movflags": "use_metadata_tags"} if tagged else {}
    with av.open(buffer, "w", format=container, options=options) as out:
        if tagged:
            out.metadata.update(_phone_tags())
        video = _video_stream(out, codec, size, fps)
        if bitrate:
            video.bit_rate = bitrate
        if rotation:
            video.set_display_rotation(rotation)
        sound = out.add_stream("aac", rate=44100, layout="stereo") if audio else None
        frames = round(seconds * fps)
        shown = size[::-1] if rotation % 180 else size
        draw = scene or _picture
        for index in range(frames):
            out.mux(video.encode(_stored(draw(index, shown), rotation, index, fps)))
        out.mux(video.encode(None))
        if sound is not None:
            for frame in _tone(seconds, 44100):
                out.mux(sound.encode(frame))
            out.mux(sound.encode(None))
    data = buffer.getvalue()
    return with_udta_xyz(data) if tagged and container == "mov" else data


def hevc_portrait(seconds: float = 1.5, size: tuple[int, int] = (320, 240)) -> bytes:
    """An iPhone's portrait video: HEVC (`hvc1`) stored landscape (`size`), turned a quarter
    clockwise on show (a display matrix of -90 degrees), upright only once turned."""
    return clip("hevc", size, seconds, rotation=-90)


def h264_landscape(seconds: float = 1.5, size: tuple[int, int] = (320, 240)) -> bytes:
    return clip("h264", size, seconds)


def silent(seconds: float = 1.0) -> bytes:
    """A clip without sound (a screen recording, a GIF made into a video)."""
    return clip("h264", seconds=seconds, audio=False)


def truncated(data: bytes | None = None) -> bytes:
    """A clip cut off halfway through copying: its index (`moov`, written last) is gone."""
    data = data if data is not None else h264_landscape()
    return data[: len(data) // 2]


def not_a_clip() -> bytes:
    return b"this is a shopping list, not a video\n" * 20


def live_photo() -> tuple[bytes, bytes]:
    """A Live Photo's two halves: the still (JPEG) and the motion (`.mov`, HEVC, tagged)."""
    return jpeg((320, 240)), clip("hevc", (320, 240), 1.5)


def add_xmp(path: Path) -> bool:
    """Write the place, the phone and the owner into the clip's XMP with exiftool (as Photos
    and Lightroom do); False when exiftool is not installed."""
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        return False
    subprocess.run(
        [
            exiftool,
            "-q",
            "-overwrite_original",
            "-XMP-exif:GPSLatitude=48.858370",
            "-XMP-exif:GPSLongitude=2.294481",
            f"-XMP-tiff:Make={MAKE}",
            f"-XMP-tiff:Model={MODEL}",
            f"-XMP-dc:Creator={OWNER}",
            str(path),
        ],
        check=True,
        capture_output=True,
    )
    return True


def exiftool_report(path: Path) -> str:
    """Everything exiftool finds in a file (`-a -G1`), or "" without exiftool."""
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        return ""
    found = subprocess.run(
        [exiftool, "-a", "-G1", "-s", str(path)], check=True, capture_output=True, text=True
    )
    return found.stdout


def with_udta_xyz(data: bytes, place: str = ISO6709) -> bytes:
    """The clip with the place also in `moov/udta/©xyz`, where an iPhone puts it (FFmpeg's
    muxer writes it elsewhere). The `moov` box comes after `mdat`, so growing it moves no
    sample and no offset needs fixing."""
    start, end = _box(data, 0, len(data), b"moov")
    assert end == len(data), "moov is not the last box: offsets would move"
    text = place.encode()
    xyz = _make_box(b"\xa9xyz", len(text).to_bytes(2, "big") + b"\x15\xc7" + text)
    found = _box(data, start + 8, end, b"udta", missing_ok=True)
    if found is None:
        return data[:start] + _make_box(b"moov", data[start + 8 : end] + _make_box(b"udta", xyz))
    udta_start, udta_end = found
    udta = _make_box(b"udta", data[udta_start + 8 : udta_end] + xyz)
    moov_body = data[start + 8 : udta_start] + udta + data[udta_end:end]
    return data[:start] + _make_box(b"moov", moov_body)


def _box(
    data: bytes, start: int, end: int, kind: bytes, *, missing_ok: bool = False
) -> tuple[int, int] | None:
    """Where the first `kind` box between `start` and `end` begins and ends."""
    at = start
    while at + 8 <= end:
        size = int.from_bytes(data[at : at + 4], "big")
        if data[at + 4 : at + 8] == kind:
            return at, at + size
        at += size
    if missing_ok:
        return None
    raise AssertionError(f"no {kind!r} box")


def _make_box(kind: bytes, body: bytes) -> bytes:
    return (len(body) + 8).to_bytes(4, "big") + kind + body


TELLING = ("gps", "location", "make", "model", "author", "artist", "creator", "software")
TELLING += ("encoder", "creationdate", "creationtime", "contentcreatedate", "xmp", "owner")


def telling_tags(report: str) -> list[str]:
    """The lines of an `exiftool_report` that say where, when, on what or by whom: a tag whose
    name holds one of `TELLING`, or a date that is not QuickTime's zero (0000:00:00)."""
    found = []
    for line in report.splitlines():
        group, _, rest = line.partition("]")
        tag, _, value = rest.partition(":")
        name = tag.strip().lower()
        if group.startswith(("[ExifTool", "[System", "[File")):
            continue  # about the file on this disk, not from inside it
        dated = "date" in name and not value.strip().startswith("0000:00:00")
        if dated or any(word in name for word in TELLING):
            found.append(line)
    return found


def _phone_tags() -> dict[str, str]:
    """The tags an iPhone writes; FFmpeg's muxer puts `location` in `udta` as `©xyz` and,
    with `use_metadata_tags`, every key in the `mdta` list as well."""
    return {
        "location": ISO6709,
        "com.apple.quicktime.location.ISO6709": ISO6709,
        "com.apple.quicktime.make": MAKE,
        "com.apple.quicktime.model": MODEL,
        "com.apple.quicktime.software": SOFTWARE,
        "com.apple.quicktime.creationdate": "2024-06-14T20:30:00+0200",
        "com.apple.quicktime.author": OWNER,
        "make": MAKE,
        "model": MODEL,
        "artist": OWNER,
        "creation_time": CREATED,
    }


def _video_stream(
    out: av.container.OutputContainer, codec: str, size: tuple[int, int], fps: int
) -> av.video.stream.VideoStream:
    name = {"h264": "libx264", "hevc": "libx265"}[codec]
    stream = out.add_stream(name, rate=fps)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.options = {"preset": "ultrafast"} | (
        {"x265-params": "log-level=none"} if codec == "hevc" else {}
    )
    if codec == "hevc":
        stream.codec_tag = "hvc1"  # as Apple tags it (Safari plays only this one)
    stream.time_base = Fraction(1, fps)
    return stream


def _stored(upright: Pixels, rotation: int, index: int, fps: int) -> av.VideoFrame:
    """The frame as stored: the upright picture turned back against the display matrix's
    (counter-clockwise) `rotation`, black for the first `BLACK_SECONDS`."""
    pixels = np.ascontiguousarray(np.rot90(upright, k=-(rotation // 90) % 4))
    if index < BLACK_SECONDS * fps:
        pixels[:] = 0
    frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
    frame.pts = index
    frame.time_base = Fraction(1, fps)
    return frame


def _picture(index: int, size: tuple[int, int]) -> Pixels:
    """An upright picture with detail: a gradient, a red block that moves, and a white bar
    along the top (which shows which way is up)."""
    width, height = size
    ramp = np.linspace(40, 220, width, dtype=np.uint8)
    pixels = np.repeat(np.repeat(ramp[None, :, None], height, 0), 3, 2)
    pixels[:, :, 2] = np.linspace(30, 200, height, dtype=np.uint8)[:, None]
    x = (index * 4) % max(width - width // 4, 1)
    pixels[height // 3 : height // 3 * 2, x : x + width // 4] = (200, 40, 30)
    pixels[: max(height // 12, 2), :] = 255
    pixels[height // 2 :: 8, ::8] = 0  # fine detail: a sharp frame has high variance
    return pixels


def _tone(seconds: float, rate: int) -> list[av.AudioFrame]:
    frames = []
    samples_per_frame = 1024
    total = round(seconds * rate)
    for start in range(0, total, samples_per_frame):
        count = min(samples_per_frame, total - start)
        t = (np.arange(start, start + count) / rate).astype(np.float32)
        wave = (0.3 * np.sin(2 * math.pi * TONE_HZ * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([wave, wave]), format="fltp", layout="stereo")
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        frames.append(frame)
    return frames


def seekable_mp4(path: Path, *, seconds: int = 8, fps: int = 24) -> Path:
    """A small H.264 MP4 (640x360, moov first, a keyframe a second) that browsers play, of
    about 3 MB, so that a locked site seals it in chunks. Frames are made one at a time.
    Noise in every frame keeps it from compressing to nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    noise = np.random.default_rng(1)
    y, x = np.mgrid[0:360, 0:640]
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.bit_rate = 3_000_000
        stream.options = {"preset": "ultrafast", "g": str(fps)}
        for i in range(seconds * fps):
            picture = np.stack([(x + 7 * i) % 256, (y + 3 * i) % 256, np.full_like(x, 5 * i % 256)])
            picture = picture.transpose(1, 2, 0) + noise.integers(0, 40, (360, 640, 3))
            frame = av.VideoFrame.from_ndarray(picture.clip(0, 255).astype(np.uint8), "rgb24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path
