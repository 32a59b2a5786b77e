"""Reading a locked site as someone who downloads it would: every file, .gz opened."""

from __future__ import annotations

import gzip
import re
from collections.abc import Mapping
from pathlib import Path

import material

from memorybook.lock import crypto
from memorybook.resources import theme_dir

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
