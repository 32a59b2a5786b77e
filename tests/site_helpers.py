"""Building sites for tests (the sample project copied to a temporary folder, built once) and
reading back every file a command wrote, to look for what must not be there."""

from __future__ import annotations

import contextlib
import gzip
import io
import re
import shutil
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import StreamObject

import memorybook.imaging  # noqa: F401  (registers HEIC and AVIF with Pillow)
from memorybook.building import build
from tests.conftest import REPO, SCRATCH_MKDOCS_YML

PRIVATE_PHRASE = "never about the dishwasher"
"""Words only the sample's private entry contains."""

# A reference the browser would fetch or follow: attribute, CSS url() or @import, or a JS
# fetch/import/worker; `data:` URLs, fragments and relative paths are local.
_FETCHED = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster|data|content)\s*=\s*["']?\s*"""
    r"""|url\(\s*["']?|@import\s+["']|\bfetch\(\s*["'`]|\bimport\(\s*["'`]"""
    r"""|importScripts\(\s*["'`]|new\s+Worker\(\s*["'`])"""
    r"""(?P<url>(?:https?:)?//[^\s"'`)<>]+)""",
    re.IGNORECASE,
)
# A quoted absolute URL in a script, which code could load.
_QUOTED = re.compile(r"""["'`](?P<url>https?://[a-z0-9$][^"'`\s]*)""", re.IGNORECASE)
# Material's bundle can load these, but never for this site: repository facts need repo_url
# (the plugin drops it), mermaid needs a mermaid fence set up in superfences (ours has none),
# and the polyfill only runs in browsers without ResizeObserver (all current ones have it).
MATERIAL_CONDITIONAL = (
    "https://api.github.com/",
    "https://${e}/api/v4/projects/",
    "https://unpkg.com/mermaid@",
    "https://unpkg.com/resize-observer-polyfill",
)
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".webmanifest", ""}


def build_sample(target: Path, *, offline: bool = False) -> Path:
    """Copy mkdocs.yml and the sample journal to `target`, build there, return the site folder."""
    project = target / "project"
    project.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if offline:
        config = config.replace("  - memorybook:\n", "  - memorybook:\n      offline: true\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "journal", project / "journal")
    build(project / "mkdocs.yml", strict=True)
    return project / "site"


def external_references(site: Path) -> list[str]:
    """Every `FILE: URL` in the site that points away from the site itself."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = [m["url"] for m in _FETCHED.finditer(text)]
        if path.suffix == ".js":
            urls += [m["url"] for m in _QUOTED.finditer(text)]
        found += [f"{path.relative_to(site)}: {url}" for url in urls if _flagged(url)]
    return found


def _flagged(url: str) -> bool:
    return not url.startswith(MATERIAL_CONDITIONAL)


# -- what a command wrote, read whole ----------------------------------------------------
# One reader for every test that looks for a leak (private entries, capsules, GPS): it reads
# every file a command wrote as bytes, opens what hides words from a plain search (gzip, an
# iCalendar file's folded lines, a PDF's compressed objects and text) and decodes every image,
# so that a leak cannot hide in a file type a test forgot.

GPS_IFD = 0x8825
PDF_TEXT = "#text"
"""Suffix of the entry holding a PDF's extracted text, its outline, metadata and objects."""


def written_files(*roots: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file below each root (or the root, if it is a file) as bytes, by its path from the
    root's parent (`site/sitemap.xml.gz`): `.gz` decompressed, `.ics` lines unfolded, and each
    PDF's text, outline and objects added as `NAME#text`, each of its images as `NAME#image-N`.
    Paths starting with one of `skip` (such as `project/journal`) are left out."""
    files: dict[str, bytes] = {}
    for root in roots:
        paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in paths:
            name = path.relative_to(root.parent).as_posix()
            if not name.startswith(skip):
                files.update(_opened(name, path.read_bytes()))
    return files


def _opened(name: str, data: bytes) -> dict[str, bytes]:
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    if name.endswith(".ics"):
        data = data.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    if data.startswith(b"%PDF"):
        return {name: data, **_pdf_contents(name, data)}
    return {name: data}


def _pdf_contents(name: str, data: bytes) -> dict[str, bytes]:
    """A PDF's words as a reader finds them: each page's text, the outline, the metadata and
    every object (streams decoded), and each embedded image as its own file."""
    reader = PdfReader(io.BytesIO(data))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [repr(reader.metadata), repr(reader.outline)]
    for number in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject) and obj.get("/Subtype") != "/Image":
            with contextlib.suppress(Exception):  # a font program, say: not text
                parts.append(obj.get_data().decode("latin-1"))
        elif obj is not None:
            parts.append(repr(obj))
    found = {name + PDF_TEXT: "\n".join(parts).encode("utf-8", "replace")}
    images = (image for page in reader.pages for image in page.images)
    found |= {f"{name}#image-{n}": image.data for n, image in enumerate(images)}
    return found


def containing(files: dict[str, bytes], *words: str) -> list[str]:
    """The files whose path or bytes hold any of `words`, in any case."""
    wanted = [word.lower() for word in words]
    found = []
    for name, data in files.items():
        text = (name + "\n" + data.decode("latin-1")).lower()
        utf8 = data.decode("utf-8", "replace").lower()
        if any(word in text or word in utf8 for word in wanted):
            found.append(name)
    return found


def decoded_images(files: dict[str, bytes]) -> dict[str, Image.Image]:
    """Every file that is an image, whatever its name, decoded; an image file (by its suffix)
    that cannot be decoded fails the test, since its pixels could not be checked."""
    found = {}
    for name, data in files.items():
        try:
            with Image.open(io.BytesIO(data)) as im:
                im.load()
                found[name] = im.copy()  # keeps `info`: EXIF, XMP
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            if Path(name).suffix.lower() in IMAGE_SUFFIXES or "#image-" in name:
                raise AssertionError(f"{name}: an image that cannot be decoded") from None
    return found


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".heic", ".tif", ".tiff"}


def fingerprint(im: Image.Image) -> int:
    """A difference hash of the picture (64 bits): the same photo at any size or in any
    encoding gives the same bits, give or take a few; another photo, about half of them."""
    grey = ImageOps.exif_transpose(im).convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = grey.tobytes()
    bits = 0
    for row in range(8):
        for col in range(8):
            bits = bits << 1 | (pixels[row * 9 + col] < pixels[row * 9 + col + 1])
    return bits


def showing(files: dict[str, bytes], photo: bytes, *, tolerance: int = 10) -> list[str]:
    """The images among `files` whose decoded, downscaled pixels are `photo`'s: a rendition of
    it at any size and in any format, whole or cut to fill a frame of another shape (as the
    book's photos are). Other photos differ in 15 or more of the 64 bits."""
    with Image.open(io.BytesIO(photo)) as opened:
        original = ImageOps.exif_transpose(opened)
    found = []
    for name, im in decoded_images(files).items():
        shown = fingerprint(im)
        candidates = (original, *_cuts(original, im.size))  # whole, or cut to its shape
        if any((shown ^ fingerprint(c)).bit_count() <= tolerance for c in candidates):
            found.append(name)
    return found


def _cuts(photo: Image.Image, size: tuple[int, int]) -> list[Image.Image]:
    """`photo` cut to the shape of `size` as a frame may cut it: centred, or slid towards
    either end (a crop that keeps faces whole, or the salient part, need not be centred)."""
    return [ImageOps.fit(photo, size, centering=(at, at)) for at in (0.0, 0.25, 0.5, 0.75, 1.0)]


def locations(files: dict[str, bytes], *secrets: bytes) -> list[str]:
    """What of a photo's location or camera is in `files`: an image with EXIF (a GPS IFD
    above all) or XMP, and any file holding one of `secrets` (coordinates, a camera's name)."""
    found = [
        f"{name}: {secret!r}"
        for name, data in files.items()
        for secret in secrets
        if secret in data
    ]
    for name, im in decoded_images(files).items():
        exif = im.getexif()
        if GPS_IFD in exif or exif.get_ifd(GPS_IFD):
            found.append(f"{name}: EXIF GPS {exif.get_ifd(GPS_IFD)}")
        for key in ("exif", "xmp", "XML:com.adobe.xmp"):
            if im.info.get(key):
                found.append(f"{name}: {key} metadata")
        for marker in (b"GPS", b"xmpmeta", b"Exif\0\0"):
            if marker in files[name]:
                found.append(f"{name}: {marker!r}")
    return found


def journal_state(journal: Path) -> dict[str, tuple[int, int, bytes | None]]:
    """Every file and folder of the journal: its modification time (ns), mode and bytes
    (folders: None). A folder's time changes when a file is made or removed in it, even a
    temporary one, so equal states mean the command left the journal as it found it."""
    state = {}
    for path in [journal, *sorted(journal.rglob("*"))]:
        info = path.lstat()
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        state[path.relative_to(journal).as_posix()] = (info.st_mtime_ns, info.st_mode, data)
    return state


PUBLIC_ENTRY = "---\ntitle: Hike\ndate: 2024-01-01\n---\nA public entry: public-words.\n"


def make_project(root: Path, files: dict[str, str | bytes], config: str = "") -> Path:
    """A project in `root`: mkdocs.yml (the scratch one, or `config`) and journal `files`."""
    project = root / "project"
    (project / "journal").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(config or SCRATCH_MKDOCS_YML, encoding="utf-8")
    for rel, content in files.items():
        path = project / "journal" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site as `written_files` reads it, by its path in the site."""
    prefix = site.name + "/"
    return {name.removeprefix(prefix): data for name, data in written_files(site).items()}


def carrying(site: Path, word: str) -> list[str]:
    """Files of the built site (every one, `.gz` opened) whose name or bytes hold `word`."""
    return [
        name for name, data in site_files(site).items() if word.encode() in name.encode() + data
    ]
