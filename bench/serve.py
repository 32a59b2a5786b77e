"""Benchmark: from saving an entry to the preview serving the new page, with `memorybook serve`.

    .venv/bin/python bench/serve.py                  # N = 1000 and 2000 entries
    .venv/bin/python bench/serve.py --sizes 2000 --saves 10

Starts a real `memorybook serve` on a free port over a synthetic journal (bench/site.py's
text variant), then edits one entry at a time (a new sentence in its body) and asks the
server for that entry's page until the sentence is there. The time measured runs from the
moment the file is written to the moment the new page is served, and so includes noticing
the save, the rebuild and the answer. Beside it: the preview's first, full build, as every
save cost before builds became incremental.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _bench_site() -> object:
    spec = importlib.util.spec_from_file_location("bench_site", HERE / "site.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
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


def wait_for(url: str, text: str, timeout: float = 120.0) -> float:
    """Seconds until `url` serves a page holding `text`."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"{url} never showed {text!r}")


def measure(n: int, saves: int) -> tuple[float, list[float], list[float]]:
    """(full build, save-to-served times, incremental build times) for a journal of N."""
    with tempfile.TemporaryDirectory() as folder:
        project, _blog = _bench_site().write_projects(Path(folder), n, False, [])  # type: ignore[attr-defined]
        entries = sorted((project / "journal").rglob("*.md"))
        port = free_port()
        log = Path(folder) / "serve.log"
        env = {**os.environ, "MEMORYBOOK_SERVE_TIMES": "1"}
        command = [sys.executable, "-m", "memorybook", "serve", "-a", f"127.0.0.1:{port}"]
        with log.open("w") as out:
            server = subprocess.Popen(command, cwd=project, stdout=out, stderr=out, env=env)
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
        finally:
            server.terminate()
            server.wait(timeout=30)
        builds = [float(t) for t in re.findall(r"preview built in ([\d.]+) s", log.read_text())]
        return builds[0], served, builds[1:]


def url_of(project: Path, entry: Path) -> str:
    return entry.relative_to(project / "journal").with_suffix("").as_posix() + "/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    print("| entries | full build | save to served (median, max) | incremental build (median) |")
    print("|---|---|---|---|")
    for n in args.sizes:
        full, served, builds = measure(n, args.saves)
        print(
            f"| {n} | {full:.2f} s | {statistics.median(served):.2f} s, {max(served):.2f} s "
            f"| {statistics.median(builds):.2f} s |",
            flush=True,
        )


if __name__ == "__main__":
    main()
