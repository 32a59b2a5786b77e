"""Reading a locked site as someone who downloads it would: every file, .gz opened."""

from __future__ import annotations

import contextlib
import gzip
import re
from collections.abc import Mapping
from pathlib import Path

import material

from memorybook.lock import crypto
from memorybook.resources import theme_dir
from tests.conftest import QuietHandler

UNLOCK_FILES = {
    ".memorybook-site",
    "index.html",
    "404.html",
    "robots.txt",
    "sw.js",
    "lock/keys.json",
    "lock/lock.css",
    "lock/session.js",
    "lock/unlock.js",
}
"""What a locked site holds in the clear besides the theme's own assets."""
THEMES = [Path(str(material.__file__)).parent / "templates", theme_dir() / "overrides"]


def readable(data: bytes) -> bytes:
    """A file's bytes as a reader would see them: a gzip file opened."""
    if data.startswith(b"\x1f\x8b"):
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return data
    return data


def theme_file(rel: str) -> bool:
    """A file of the theme (Material's or memorybook's), byte for byte, is public."""
    return rel.startswith("assets/") and any((root / rel).is_file() for root in THEMES)


def public_leftover(rel: str) -> bool:
    """The temporary file of an atomic write of an unlock or theme file (`lock/.keys.json.
    x1y2.tmp`), which only SIGKILL leaves behind; the next build removes it."""
    match = re.fullmatch(r"(?P<dir>(?:.*/)?)\.(?P<name>[^/]+)\.[^./]+\.tmp", rel)
    if match is None:
        return False
    original = match["dir"] + match["name"]
    return original in UNLOCK_FILES or theme_file(original)


def assert_nothing_plain(site: Path, canaries: Mapping[str, str], *, killed: bool = False) -> None:
    """Every file in a locked site/ is one of the unlock page's, a theme asset, or ciphertext
    (MBL1, not text); no canary word is in any file's name or bytes (.gz opened). After a
    SIGKILL, a temporary file of an unlock or theme file may be there too."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = readable(path.read_bytes())
        for what, word in canaries.items():
            assert word.lower().encode() not in (rel.encode() + data).lower(), (
                f"the {what} is readable in site/{rel}"
            )
        if killed and public_leftover(rel):
            continue
        if rel in UNLOCK_FILES or theme_file(rel):
            if theme_file(rel):
                assert any(
                    (root / rel).is_file() and (root / rel).read_bytes() == path.read_bytes()
                    for root in THEMES
                ), f"site/{rel} is not the theme's own file"
            continue
        assert rel.startswith("x/"), f"site/{rel} is not ciphertext"
        sealed = data.startswith((crypto.MAGIC, crypto.CHUNKED_MAGIC))
        assert sealed, f"site/{rel} is not ciphertext"
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        assert "<html" not in text.lower(), f"site/{rel} is a plain page"


def write_test_clip(path: Path, *, seconds: int = 8, fps: int = 24) -> Path:
    """A small H.264 MP4 (640x360, moov first, a keyframe a second) that browsers play, of
    about 3 MB, so that a locked site seals it in chunks. Frames are made one at a time.
    (The clips work brings its own generator, tests/clip_files.py; this one only needs to
    be big enough and seekable.)"""
    import av
    import numpy as np

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


class RangeHandler(QuietHandler):
    """A static host as nginx, Apache, GitHub Pages are: it answers `Range: bytes=a-b` (and
    `a-`) with 206 and the slice; Python's http.server sends the whole file. Every GET is
    noted in `asked` as (path, Range header or None, bytes sent)."""

    asked: list[tuple[str, str | None, int]] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        with contextlib.suppress(ConnectionError):  # a reader that stops early (a seek)
            self._answer()

    def _answer(self) -> None:
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if wanted is None or not path.is_file():
            size = path.stat().st_size if path.is_file() else 0
            self.asked.append((self.path, self.headers.get("Range"), size))
            super().do_GET()
            return
        data = path.read_bytes()
        start, last = int(wanted[1]), int(wanted[2] or len(data) - 1)
        body = data[start : min(last, len(data) - 1) + 1]
        self.asked.append((self.path, self.headers["Range"], len(body)))
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{start + len(body) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.write(body)
