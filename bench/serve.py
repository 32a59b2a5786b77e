"""Benchmark: from saving an entry to the preview serving the new page, with `memorybook serve`.

    .venv/bin/python bench/serve.py                  # N = 1000 and 2000 entries
    .venv/bin/python bench/serve.py --sizes 2000 --saves 10 --photos 3

Starts a real `memorybook serve` on a free port over a synthetic journal (bench/site.py's
text variant), then edits one entry at a time (a new sentence in its body) and asks the
server for that entry's page until the sentence is there. The time measured runs from the
moment the file is written to the moment the new page is served, and so includes noticing
the save, the rebuild and the answer. Beside it: the preview's first, full build, as every
save cost before builds became incremental.

Then a new photo, one entry at a time: a phone-sized JPEG (4032x3024, about 2 MB, made by
bench/photos.py) is copied into the entry's photo folder, the rebuild that copy sets off is
let finish, and the entry is saved with the photo added to its `photos:` list. The time runs
from writing the entry to the moment its page is served with an <img> whose src is a new
rendition under photos/ and that rendition itself answers 200; it includes making the
photo's renditions, which the server does in that rebuild. Beside it: the renditions alone
(imaging.render_web on the same photo with the default photo settings, in this process).
The server's own rebuild times cannot be told apart here: once a save has been rebuilt,
each rebuild reads mkdocs.yml, which the server watches, and with watchdog 7's inotify
observer that opening alone starts the next rebuild, so the preview rebuilds without end.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BUILT = re.compile(r"preview built in ([\d.]+) s")
RENDITION_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]*photos/[^"]+)"')


def _bench_module(name: str) -> object:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def _bench_site() -> object:
    return _bench_module("site")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def status(url: str) -> int:
    """The HTTP status `url` answers with, its body read to the end (0: no answer)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def wait_for(url: str, text: str, timeout: float = 120.0) -> float:
    """Seconds until `url` serves a page holding `text`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"{url} never showed {text!r}")


def wait_for_photo(url: str, before: set[str], timeout: float = 120.0) -> str:
    """The URL of a rendition new to the page at `url`, once the page shows it and it is
    served itself."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        for src in RENDITION_SRC.findall(fetch(url)):
            if src not in before and status(urllib.parse.urljoin(url, src)) == 200:
                return urllib.parse.urljoin(url, src)
        time.sleep(0.005)
    raise TimeoutError(f"{url} never showed a new photo")


def builds_in(log: Path) -> list[float]:
    return [float(t) for t in BUILT.findall(log.read_text())]


def settle(log: Path, before: int, timeout: float = 10.0, quiet: float = 1.0) -> None:
    """Wait for the rebuilds a change sets off (after `before` builds) to be over."""
    started = last = time.perf_counter()
    count = before
    while time.perf_counter() - started < timeout:
        now = len(builds_in(log))
        if now != count:
            count, last = now, time.perf_counter()
        elif count > before and time.perf_counter() - last >= quiet:
            return
        time.sleep(0.05)


def with_photo(text: str, src: str) -> str:
    """The entry's text with `src` added to the photos of its front matter (it has none)."""
    front, body = text.split("\n---\n", 1)
    return f"{front}\nphotos:\n  - src: {src}\n    caption: A new photo\n---\n{body}"


def renditions_alone(photo: Path) -> float:
    """Seconds memorybook takes to make the web renditions of `photo` (default settings)."""
    from memorybook import imaging
    from memorybook.settings import PhotoSettings

    spec = PhotoSettings()
    started = time.perf_counter()
    imaging.render_web(photo, spec.widths, spec.format, spec.quality)
    return time.perf_counter() - started


@dataclass
class Measured:
    full: float
    served: list[float] = field(default_factory=list)
    """Save to served, one per save of a sentence."""
    builds: list[float] = field(default_factory=list)
    """The server's rebuild after each of those saves."""
    photo_served: list[float] = field(default_factory=list)
    """Save (with a new photo) to page and rendition served."""
    renditions: list[float] = field(default_factory=list)
    """Making each new photo's renditions, alone."""


def measure(n: int, saves: int, photos: list[Path]) -> Measured:
    """Saves of a sentence, then of a new photo each, in a preview of a journal of N."""
    with tempfile.TemporaryDirectory() as folder:
        project, _blog = _bench_site().write_projects(Path(folder), n, False, [])  # type: ignore[attr-defined]
        entries = sorted((project / "journal").rglob("*.md"))
        port = free_port()
        log = Path(folder) / "serve.log"
        command = [sys.executable, "-m", "memorybook", "serve", "-a", f"127.0.0.1:{port}"]
        with log.open("w") as out:
            server = subprocess.Popen(command, cwd=project, stdout=out, stderr=out)
        base = f"http://127.0.0.1:{port}/"
        try:
            first = entries[len(entries) // 2]
            wait_for(base + url_of(project, first), "<html", timeout=600)
            served = []
            for index in range(saves):
                entry = entries[(index * 7919) % len(entries)]
                token = f"Saved for the benchmark, edit {index}."
                text = entry.read_text(encoding="utf-8")
                url = base + url_of(project, entry)
                fetch(url)  # the page as it was
                written = time.perf_counter()
                entry.write_text(text + f"\n{token}\n", encoding="utf-8")
                wait_for(url, token)
                served.append(time.perf_counter() - written)
                time.sleep(0.3)
            settle(log, saves)  # every save's rebuild reported
            builds = builds_in(log)
            result = Measured(builds[0], served, builds[1:])
            for index, photo in enumerate(photos):
                entry = entries[(index * 7919 + 4001) % len(entries)]
                folder_of_photos = entry.with_suffix("")
                url = base + url_of(project, entry)
                before = set(RENDITION_SRC.findall(fetch(url)))
                done = len(builds_in(log))
                folder_of_photos.mkdir(exist_ok=True)
                shutil.copyfile(photo, folder_of_photos / photo.name)
                settle(log, done)  # the copy's own rebuild (the photo is not on a page yet)
                text = entry.read_text(encoding="utf-8")
                written = time.perf_counter()
                entry.write_text(with_photo(text, f"{entry.stem}/{photo.name}"), encoding="utf-8")
                wait_for_photo(url, before)
                result.photo_served.append(time.perf_counter() - written)
                result.renditions.append(renditions_alone(photo))
                time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=30)
        return result


def url_of(project: Path, entry: Path) -> str:
    return entry.relative_to(project / "journal").with_suffix("").as_posix() + "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--photos", type=int, help="new photos, one a save (default: --saves)")
    args = parser.parse_args()
    count = args.saves if args.photos is None else args.photos
    bench_photos: Any = _bench_module("photos")
    made = len(list(bench_photos.PHOTOS.glob("IMG_*.jpg"))) if bench_photos.PHOTOS.is_dir() else 0
    photos = bench_photos.ensure_photos(count)
    sys.stderr.write("\n" if made < count else "")  # after its progress line
    print(
        "| entries | full build | save to served (median, slowest) | incremental build (median) | "
        "new photo to served (median, slowest) | renditions alone (median) |"
    )
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        m = measure(n, args.saves, photos)
        print(
            f"| {n} | {m.full:.2f} s | {statistics.median(m.served):.2f} s, {max(m.served):.2f} s "
            f"| {statistics.median(m.builds):.2f} s "
            f"| {statistics.median(m.photo_served):.2f} s, {max(m.photo_served):.2f} s "
            f"| {statistics.median(m.renditions):.2f} s |",
            flush=True,
        )


if __name__ == "__main__":
    main()
