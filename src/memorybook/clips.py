"""Clips for the web with PyAV (FFmpeg bundled: no system binary): what a clip is (probe),
its web MP4 (transcode) and its poster frame (poster).

The web MP4 is what every browser plays: H.264 (yuv420p) and AAC, at most 1920x1080 (or
1080x1920 upright), the phone's rotation applied to the pixels (the file carries none),
`faststart` (the index first, so a page can start playing before the download ends), and no
metadata at all: no place, no phone, no owner, no creation time, no encoder string. Frames are
streamed (decode, filter, encode one at a time), never held. The same clip gives the same
bytes (no clock, no thread-dependent encoding), so rebuilds are stable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.container
import av.error
import av.filter
import numpy as np
from av.audio.stream import AudioStream
from av.codec.context import Flags
from av.video.frame import VideoFrame
from av.video.stream import VideoStream
from PIL import Image

VERSION = 1
"""Bump when a web MP4 or a poster changes for the same clip: their cache keys include it."""

MAX_BOX = (1920, 1080)
"""The largest web rendition: long side, short side (1080p, either way up)."""
CRF = 23
"""x264's constant quality (lower is better and larger); 23 is its default, good on screens."""
PRESET = "veryfast"
"""x264's speed for size trade-off: on bench/video.py's clips `faster` and `medium` took 2.7
to 4.6 times as long for files no smaller at the same CRF."""
ENCODER_THREADS = 1
"""One x264 thread: with its frame threads the same clip gave other bytes now and then (a
stable rebuild needs the same bytes); the pool encodes one clip per core instead."""
AUDIO_BITRATE = 128_000
MAX_PIXELS = 8192 * 4352
"""Larger frames (beyond 8K) are refused like a decompression bomb: no phone makes them."""
POSTER_SECONDS = 3.0
"""The poster is chosen among frames of the first seconds (the moment the clip is about)."""
POSTER_CANDIDATES = 12
SETTINGS = f"{MAX_BOX}:{CRF}:{PRESET}:{AUDIO_BITRATE}"
"""What a cache key must include besides the clip's bytes and VERSION."""

_TRANSPOSE = {90: ["transpose=cclock"], 180: ["hflip", "vflip"], 270: ["transpose=clock"]}
"""FFmpeg filters that turn stored pixels upright, by the display matrix's counter-clockwise
rotation."""


class BadClip(Exception):
    """A clip that cannot be used; the message says why in words ("is damaged or
    incomplete (...)"), completed by the caller with the clip's name."""


@dataclass(frozen=True)
class ClipInfo:
    """What a clip is, read from its header and first frame."""

    stored: tuple[int, int]
    """Width and height of the frames as stored (before the rotation)."""
    rotation: int
    """Counter-clockwise degrees the display matrix turns the frames: 0, 90, 180 or 270."""
    aspect: Fraction
    """The pixels' shape (sample aspect ratio); 1 for square pixels."""
    duration: float
    """Seconds."""
    has_audio: bool

    @property
    def size(self) -> tuple[int, int]:
        """Displayed width and height: square pixels, the rotation applied."""
        width, height = round(self.stored[0] * self.aspect), self.stored[1]
        return (height, width) if self.rotation in (90, 270) else (width, height)


@dataclass(frozen=True)
class Made:
    """A web MP4 written: its size (upright), length and whether it has sound."""

    size: tuple[int, int]
    duration: float
    has_audio: bool


# -- reading ---------------------------------------------------------------------------------


@contextmanager
def open_clip(path: Path) -> Iterator[av.container.InputContainer]:
    """Open a clip for reading; every failure is a `BadClip` in words."""
    try:
        container = av.open(str(path), "r")
    except FileNotFoundError:
        raise BadClip("does not exist") from None
    except PermissionError:
        raise BadClip("cannot be read (permission denied)") from None
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise BadClip(_damaged(exc)) from None
    try:
        yield container
    except OSError:
        raise  # the disk's or the cache's failure (writing), never the clip's
    except av.error.DecoderNotFoundError:
        raise BadClip("is in a format this program cannot decode") from None
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError, EOFError) as exc:
        raise BadClip(_damaged(exc)) from None
    finally:
        container.close()


def probe(path: Path) -> ClipInfo:
    """Size, rotation, length and sound of a clip, decoding only its first frame."""
    with open_clip(path) as source:
        stream = _picture_stream(source)
        first = next(_frames(source, stream), None)
        if first is None:
            raise BadClip("holds no picture that can be decoded (is it damaged?)")
        return ClipInfo(
            stored=(first.width, first.height),
            rotation=_quarter_turns(first),
            aspect=_pixel_aspect(stream),
            duration=_duration(source, stream),
            has_audio=bool(source.streams.audio),
        )


def web_size(size: tuple[int, int], box: tuple[int, int] = MAX_BOX) -> tuple[int, int]:
    """The web MP4's size for a clip displayed at `size`: inside the box either way up, the
    shape kept, never enlarged, both sides even (yuv420p halves the colour planes)."""
    width, height = size
    scale = min(1.0, box[0] / max(width, height), box[1] / min(width, height))
    return _even(width * scale), _even(height * scale)


def _picture_stream(source: av.container.InputContainer) -> VideoStream:
    if not source.streams.video:
        raise BadClip("holds no picture (is it a sound recording?)")
    stream = source.streams.video[0]
    width, height = stream.codec_context.width, stream.codec_context.height
    if width * height > MAX_PIXELS:
        raise BadClip(f"is too large to read safely ({width}x{height} pixels a frame)")
    # Slices, not frames: decoded by frame threads (or encoded by x264's), the same clip gave
    # other bytes now and then, and a stable rebuild needs the same bytes.
    stream.thread_type = "SLICE"
    return stream


def _frames(source: av.container.InputContainer, stream: VideoStream) -> Iterator[VideoFrame]:
    yield from source.decode(stream)


def _quarter_turns(frame: VideoFrame) -> int:
    """The display matrix's rotation to the nearest quarter turn (phones only use those)."""
    return round((frame.rotation or 0) / 90) % 4 * 90


def _pixel_aspect(stream: VideoStream) -> Fraction:
    ratio = stream.sample_aspect_ratio or stream.codec_context.sample_aspect_ratio
    return Fraction(ratio) if ratio and 0.25 <= ratio <= 4 else Fraction(1)


def _duration(source: av.container.InputContainer, stream: VideoStream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return source.duration / 1_000_000 if source.duration else 0.0


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def _damaged(exc: BaseException) -> str:
    detail = str(getattr(exc, "strerror", None) or exc).strip() or type(exc).__name__
    return f"is damaged, incomplete or not a clip this program can read ({detail})"


# -- the web MP4 -----------------------------------------------------------------------------


def transcode(path: Path, target: Path, size: tuple[int, int]) -> Made:
    """Write the web MP4 of the clip at `path` to `target`, at `size` (upright, even):
    streamed frame by frame, the rotation applied, nothing of the original's metadata."""
    with open_clip(path) as source:
        stream = _picture_stream(source)
        sound = source.streams.audio[0] if source.streams.audio else None
        with _output(target) as out:
            video = _Video(out, stream, size)
            audio = _Audio(out, sound) if sound is not None else None
            wanted = [s for s in (stream, sound) if s is not None]
            for packet in source.demux(wanted):
                for frame in packet.decode():
                    if isinstance(frame, VideoFrame):
                        video.add(frame)
                    elif audio is not None and isinstance(frame, av.AudioFrame):
                        audio.add(frame)
            video.finish()
            if audio is not None:
                audio.finish()
    if not video.count:
        raise BadClip("holds no picture that can be decoded (is it damaged?)")
    return Made(size, video.duration(), audio is not None and audio.count > 0)


@contextmanager
def _output(target: Path) -> Iterator[av.container.OutputContainer]:
    """An MP4 with its index first and nothing that tells who, where, when or with what:
    `bitexact` leaves out the muxer's version and every clock."""
    options = {"movflags": "+faststart", "fflags": "+bitexact"}
    with av.open(str(target), "w", format="mp4", container_options=options) as out:
        out.metadata.clear()
        yield out


class _Video:
    """Frames in (any size, format, rotation), upright H.264 out, one frame at a time."""

    def __init__(
        self, out: av.container.OutputContainer, stream: VideoStream, size: tuple[int, int]
    ):
        self.out = out
        self.source = stream
        self.size = size
        self.time_base = stream.time_base or Fraction(1, 90000)
        self.rate = Fraction(stream.average_rate or stream.guessed_rate or 30).limit_denominator(
            1001
        )
        self.stream = out.add_stream("libx264", rate=self.rate)
        self.stream.width, self.stream.height = size
        self.stream.pix_fmt = "yuv420p"
        self.stream.codec_context.time_base = self.time_base
        options: dict[str, object] = {
            "crf": str(CRF),
            "preset": PRESET,
            "profile": "high",
            "threads": str(ENCODER_THREADS),
        }
        self.stream.options = options
        self.stream.codec_context.flags |= Flags.bitexact
        self.strip = av.bitstream.BitStreamFilterContext("filter_units=remove_types=6", "h264")
        self.graph: av.filter.Graph | None = None
        self.shape: tuple[int, int, str] | None = None
        self.start: int | None = None
        self.last = -1
        self.count = 0

    def add(self, frame: VideoFrame) -> None:
        shape = (frame.width, frame.height, frame.format.name)
        if self.graph is None or shape != self.shape:
            self._drain(None)
            self.graph, self.shape = self._graph(frame), shape
        self._drain(frame)

    def finish(self) -> None:
        if self.graph is not None:
            self._drain(None)
        self._mux(self.stream.encode(None))
        self._mux_filtered(self.strip.filter(None))

    def duration(self) -> float:
        """From the first frame's start to the last one's end."""
        return float(self.last * self.time_base + 1 / self.rate) if self.count else 0.0

    def _graph(self, frame: VideoFrame) -> av.filter.Graph:
        """buffer -> scale (in the stored orientation: fewer pixels to turn) -> turn -> yuv420p."""
        turns = _quarter_turns(frame)
        width, height = self.size if turns in (0, 180) else self.size[::-1]
        steps = [f"scale={width}:{height}:flags=bicubic", *_TRANSPOSE.get(turns, [])]
        steps += ["setsar=1", "format=yuv420p"]
        graph = av.filter.Graph()
        node = graph.add_buffer(
            width=frame.width, height=frame.height, format=frame.format, time_base=self.time_base
        )
        for step in steps:
            name, _, args = step.partition("=")
            following = graph.add(name, args or None)
            node.link_to(following)
            node = following
        node.link_to(graph.add("buffersink"))
        graph.configure()
        return graph

    def _drain(self, frame: VideoFrame | None) -> None:
        """Push a frame (None: the end) through the filters and encode what comes out."""
        if self.graph is None:
            return
        self.graph.vpush(frame)
        while True:
            try:
                out = self.graph.vpull()
            except (BlockingIOError, EOFError, av.error.BlockingIOError, av.error.EOFError):
                break
            self._encode(out)
        if frame is None:
            self.graph = None

    def _encode(self, frame: VideoFrame) -> None:
        pts = frame.pts if frame.pts is not None else self.last + 1
        if self.start is None:
            self.start = pts
        pts = max(pts - self.start, self.last + 1)  # strictly increasing, starting at 0
        frame.pts, frame.time_base = pts, self.time_base
        self.last = pts
        self.count += 1
        self._mux(self.stream.encode(frame))

    def _mux(self, packets: list[Any]) -> None:
        for packet in packets:
            self._mux_filtered(self.strip.filter(packet))

    def _mux_filtered(self, packets: list[Any]) -> None:
        """Packets without their SEI units: x264 writes its version and every option there."""
        for packet in packets:
            packet.stream = self.stream
            self.out.mux(packet)


class _Audio:
    """Any sound in, AAC out (stereo or mono, 48 or 44.1 kHz), one frame at a time."""

    def __init__(self, out: av.container.OutputContainer, stream: AudioStream) -> None:
        channels = stream.codec_context.channels or 2
        layout = "mono" if channels == 1 else "stereo"
        rate = stream.codec_context.sample_rate or 48000
        self.rate = rate if rate in (44100, 48000) else 48000
        self.stream = out.add_stream("aac", rate=self.rate)
        self.stream.layout = layout
        self.stream.bit_rate = AUDIO_BITRATE if layout == "stereo" else AUDIO_BITRATE // 2
        self.stream.codec_context.flags |= Flags.bitexact
        self.resampler = av.AudioResampler(
            format="fltp", layout=layout, rate=self.rate, frame_size=1024
        )
        self.out = out
        self.samples = 0
        self.count = 0

    def add(self, frame: av.AudioFrame | None) -> None:
        for resampled in self.resampler.resample(frame):
            resampled.pts = self.samples  # from 0, gap-free: sound stays with the pictures
            resampled.time_base = Fraction(1, self.rate)
            self.samples += resampled.samples
            self.count += 1
            self.out.mux(self.stream.encode(resampled))

    def finish(self) -> None:
        self.add(None)
        self.out.mux(self.stream.encode(None))


# -- the poster ------------------------------------------------------------------------------


def poster(path: Path) -> Image.Image:
    """The clip's poster: among frames of its first seconds, the one with most detail and
    contrast (not the black of a phone leaving a pocket, nor a blur), upright, in RGB at the
    displayed size."""
    with open_clip(path) as source:
        stream = _picture_stream(source)
        aspect = _pixel_aspect(stream)
        span = min(POSTER_SECONDS, max(_duration(source, stream), 0.1))
        step = span / POSTER_CANDIDATES
        best: VideoFrame | None = None
        best_score = -1.0
        due = 0.0
        for frame in _frames(source, stream):
            when = float(frame.time) if frame.time is not None else due
            if when > span and best is not None:
                break
            if when + 1e-6 < due:
                continue
            due = when + step
            score = liveliness(frame)
            if score > best_score:
                best, best_score = frame, score
        if best is None:
            raise BadClip("holds no picture that can be decoded (is it damaged?)")
        return _upright(best, aspect)


def liveliness(frame: VideoFrame) -> float:
    """How much a frame shows, from a small grey copy: contrast plus edges, a tenth of it for a
    frame nearly black, nearly white or flat."""
    width = 96
    height = max(2, round(width * frame.height / max(frame.width, 1)))
    grey = frame.reformat(width=width, height=height, format="gray").to_ndarray().astype(float)
    contrast = float(grey.std())
    edges = float(np.abs(np.diff(grey, axis=0)).mean() + np.abs(np.diff(grey, axis=1)).mean())
    brightness = float(grey.mean())
    score = contrast + 2 * edges
    return score / 10 if brightness < 24 or brightness > 235 or contrast < 6 else score


def _upright(frame: VideoFrame, aspect: Fraction) -> Image.Image:
    image: Image.Image = frame.to_image()  # type: ignore[no-untyped-call]
    if aspect != 1:
        image = image.resize((round(image.width * aspect), image.height), Image.Resampling.LANCZOS)
    turns = _quarter_turns(frame)
    if turns:
        image = image.rotate(turns, expand=True)  # PIL turns counter-clockwise, as the matrix
    image.info = {}
    return image
