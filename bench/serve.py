"""Benchmark: `memorybook serve` against a full warm `build` of the same journal, in one run.

    .venv/bin/python bench/serve.py                          # 2000 entries, text and photos
    .venv/bin/python bench/serve.py --sizes 1000 --variants photos --saves 6 --photos 2

For each variant of bench/site.py's journal (text: no photos; photos: two photos an entry,
4,000 photo references at 2,000 entries) it writes the project, makes the renditions once
(a cold `memorybook build`), then times, on the same machine in the same run:

- build: a full warm `memorybook build` (a fresh process, as a person runs it; the best of
  --builds), the yardstick: issue #22's targets are ratios to it, since the machines here
  are noisy;
- first page: from starting `memorybook serve` to an entry's page served (warm cache: the
  build above has run; the preview's own first build has run before too, in an earlier
  `serve`, so a preview that keeps its last site finds it);
- save to served: an entry saved with a new sentence until its page shows it (median of
  --saves saves of different entries), and the server's own rebuild time ("preview built in");
- new photo: a phone-sized JPEG (4032x3024, bench/photos.py) copied into an entry's folder,
  the rebuild that copy sets off let finish, then the entry saved with the photo added to its
  `photos:`; the time runs from that save to its page served with an <img> whose src is a new
  rendition under photos/ and that rendition answering 200 (the renditions are made then).

It prints one row per variant with seconds and each figure's ratio to the warm build.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
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
TARGETS = {"text": 1 / 20, "photos": 1 / 10}
"""Save to served, as a share of the warm build (issue #22)."""
FIRST_PAGE_TARGET = 1 / 4
NEW_PHOTO_TARGET = 1 / 5


def _bench_module(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


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


def wait_builds(log: Path, count: int, timeout: float = 600.0) -> None:
    started = time.perf_counter()
    while len(builds_in(log)) < count:
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"fewer than {count} builds:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)


def settle(log: Path, before: int, timeout: float = 30.0, quiet: float = 1.0) -> None:
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
    """The entry's text with `src` added to the photos of its front matter."""
    front, body = text.split("\n---\n", 1)
    if "\nphotos:\n" in front:
        front = front.replace("\nphotos:\n", f"\nphotos:\n  - src: {src}\n    caption: New\n", 1)
        return f"{front}\n---\n{body}"
    return f"{front}\nphotos:\n  - src: {src}\n    caption: A new photo\n---\n{body}"


@dataclass
class Measured:
    build: float = 0.0
    """A full warm `memorybook build`, process start to exit."""
    first_page: float = 0.0
    """`memorybook serve` started to an entry's page served."""
    served: list[float] = field(default_factory=list)
    """Save to served, one per save of a sentence."""
    builds: list[float] = field(default_factory=list)
    """The server's rebuild after each of those saves."""
    photo_served: list[float] = field(default_factory=list)
    """Save (with a new photo) to page and rendition served."""


def timed_build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "memorybook", "build"],
        cwd=project,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


class Server:
    """A `memorybook serve` of the project on a free port, its output in a log."""

    def __init__(self, project: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = log
        command = [sys.executable, "-m", "memorybook", "serve", "-a", f"127.0.0.1:{self.port}"]
        with log.open("w") as out:
            self.started = time.perf_counter()
            self.process = subprocess.Popen(command, cwd=project, stdout=out, stderr=out)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def first_page(project: Path, entry: Path, log: Path) -> float:
    """A preview's first page after starting, then its fresh build let land."""
    server = Server(project, log)
    try:
        wait_for(server.base + url_of(project, entry), "<html", timeout=900)
        seconds = time.perf_counter() - server.started
        wait_builds(log, 1)
        return seconds
    finally:
        server.stop()


def saves(project: Path, entries: list[Path], server: Server, count: int, m: Measured) -> None:
    for index in range(count):
        entry = entries[(index * 7919) % len(entries)]
        token = f"Saved for the benchmark, edit {index}."
        text = entry.read_text(encoding="utf-8")
        url = server.base + url_of(project, entry)
        fetch(url)  # the page as it was
        done = len(builds_in(server.log))
        written = time.perf_counter()
        entry.write_text(text + f"\n{token}\n", encoding="utf-8")
        wait_for(url, token)
        m.served.append(time.perf_counter() - written)
        settle(server.log, done)
        m.builds.extend(builds_in(server.log)[done:])
        time.sleep(0.3)


def new_photos(
    project: Path, entries: list[Path], server: Server, photos: list[Path], m: Measured
) -> None:
    for index, photo in enumerate(photos):
        entry = entries[(index * 7919 + 4001) % len(entries)]
        folder_of_photos = entry.with_suffix("")
        url = server.base + url_of(project, entry)
        before = set(RENDITION_SRC.findall(fetch(url)))
        done = len(builds_in(server.log))
        folder_of_photos.mkdir(exist_ok=True)
        shutil.copyfile(photo, folder_of_photos / photo.name)
        settle(server.log, done)  # the copy's own rebuild (the photo is not on a page yet)
        text = entry.read_text(encoding="utf-8")
        written = time.perf_counter()
        entry.write_text(with_photo(text, f"{entry.stem}/{photo.name}"), encoding="utf-8")
        wait_for_photo(url, before)
        m.photo_served.append(time.perf_counter() - written)
        time.sleep(0.3)


def measure(variant: str, n: int, count: int, photos: list[Path], builds: int) -> Measured:
    site = _bench_module("site")
    with tempfile.TemporaryDirectory(prefix="memorybook-bench-serve-") as folder:
        with_photos = variant == "photos"
        pool = site.make_pool(Path(folder) / "pool", random.Random(7)) if with_photos else []
        project, _blog = site.write_projects(Path(folder), n, with_photos, pool)
        entries = sorted((project / "journal").rglob("*.md"))
        timed_build(project)  # the renditions made: every later build finds them cached
        m = Measured(build=min(timed_build(project) for _ in range(builds)))
        first_page(project, entries[len(entries) // 2], Path(folder) / "serve-0.log")
        m.first_page = first_page(project, entries[len(entries) // 3], Path(folder) / "serve-1.log")
        server = Server(project, Path(folder) / "serve.log")
        try:
            wait_builds(server.log, 1)
            wait_for(server.base + url_of(project, entries[0]), "<html")
            saves(project, entries, server, count, m)
            new_photos(project, entries, server, photos, m)
        finally:
            server.stop()
        return m


def url_of(project: Path, entry: Path) -> str:
    return entry.relative_to(project / "journal").with_suffix("").as_posix() + "/"


def report(variant: str, n: int, m: Measured) -> None:
    def share(seconds: float) -> str:
        return f"{seconds:.2f} s ({seconds / m.build:.2f})"

    saved = statistics.median(m.served)
    photo = statistics.median(m.photo_served) if m.photo_served else float("nan")
    rebuild = statistics.median(m.builds) if m.builds else float("nan")
    print(
        f"| {variant} | {n} | {m.build:.2f} s | {share(m.first_page)} "
        f"| {share(saved)} [{min(m.served):.2f}-{max(m.served):.2f}] | {share(rebuild)} "
        f"| {share(photo)} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--variants", nargs="+", default=["text", "photos"])
    parser.add_argument("--saves", type=int, default=6)
    parser.add_argument("--photos", type=int, default=3, help="new photos, one a save")
    parser.add_argument("--builds", type=int, default=2, help="warm builds, the best kept")
    args = parser.parse_args()
    bench_photos = _bench_module("photos")
    made = len(list(bench_photos.PHOTOS.glob("IMG_*.jpg"))) if bench_photos.PHOTOS.is_dir() else 0
    photos = bench_photos.ensure_photos(args.photos)
    sys.stderr.write("\n" if made < args.photos else "")  # after its progress line
    print(
        "Seconds, and in brackets the share of the warm build; targets (issue #22): first page "
        f"<= {FIRST_PAGE_TARGET}, save to served <= {TARGETS['text']} (text) and "
        f"{TARGETS['photos']} (photos), new photo <= {NEW_PHOTO_TARGET}."
    )
    print(
        "| variant | entries | warm build | first page | save to served (median) [range] "
        "| server's rebuild (median) | new photo to served (median) |"
    )
    print("|---|---|---|---|---|---|---|")
    for variant in args.variants:
        for n in args.sizes:
            report(variant, n, measure(variant, n, args.saves, photos, args.builds))


if __name__ == "__main__":
    main()
