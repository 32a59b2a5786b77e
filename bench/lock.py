"""Benchmark: a warm locked rebuild against a warm unlocked one, on the same journal.

    .venv/bin/python bench/lock.py                 # 500 entries, two photos each
    .venv/bin/python bench/lock.py --entries 1000 --repeat 3

Each build runs `memorybook build` (as a library) in a fresh process and the time is
building.build() alone, best of --repeat. Photo renditions are made once before timing.
"Warm locked" is a rebuild where nothing changed: every ciphertext comes from the
cache (a SHA-256 of each file and a hard link), plus two PBKDF2 derivations that
check both passphrases. "One entry edited" re-encrypts only the files that changed.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("bench_site", Path(__file__).with_name("site.py"))
assert _SPEC is not None and _SPEC.loader is not None
bench_site = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_site)

PASSPHRASES = {
    "MEMORYBOOK_PASSPHRASE_SAM": "dispense untold upwind untamed goggles canopy",
    "MEMORYBOOK_PASSPHRASE_ALEX": "glancing glisten sprig snagged labored ferret",
}
TIMER = """\
import os, sys, time, logging
logging.disable(logging.WARNING)
from pathlib import Path
from memorybook.building import build
start, cpu = time.perf_counter(), time.process_time()
build(Path(sys.argv[1]), lock=sys.argv[2] == "lock")
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def timed(project: Path, lock: bool, repeat: int) -> tuple[float, float]:
    """Best wall and CPU seconds of `repeat` builds, each in a fresh process."""
    times = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", TIMER, str(project / "mkdocs.yml"), "lock" if lock else ""],
            capture_output=True,
            text=True,
            check=False,
            cwd=project,
            env={**os.environ, **PASSPHRASES},
        )
        if result.returncode != 0:
            raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
        wall, cpu = result.stdout.strip().splitlines()[-1].split()
        times.append((float(wall), float(cpu)))
    return min(t[0] for t in times), min(t[1] for t in times)


def site_size(site: Path) -> tuple[int, int]:
    files = [path for path in site.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def run(entries: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="memorybook-bench-lock-") as tmp:
        pool = bench_site.make_pool(Path(tmp) / "pool", random.Random(7))
        project, _blog = bench_site.write_projects(Path(tmp) / "p", entries, True, pool)
        timed(project, False, 1)  # the renditions, once
        plain = timed(project, False, repeat)
        plain_files, plain_bytes = site_size(project / "site")
        first = timed(project, True, 1)
        warm = timed(project, True, repeat)
        locked_files, locked_bytes = site_size(project / "site")
        edited = next((project / "journal").rglob("*.md"))
        edited.write_text(edited.read_text() + "\nOne more line.\n")
        one = timed(project, True, 1)
        print(f"{entries} entries, {plain_files} files, {plain_bytes / 1e6:.1f} MB unlocked")
        print(f"{'build':28} {'wall s':>7} {'cpu s':>7}")
        for name, (wall, cpu) in (
            ("warm unlocked", plain),
            ("first locked (all encrypted)", first),
            ("warm locked (nothing changed)", warm),
            ("locked, one entry edited", one),
        ):
            print(f"{name:28} {wall:>7.2f} {cpu:>7.2f}")
        print(
            f"warm locked / warm unlocked: {warm[0] / plain[0]:.2f}x wall, "
            f"{warm[1] / plain[1]:.2f}x cpu; locked site {locked_files} files, "
            f"{locked_bytes / 1e6:.1f} MB (padding {locked_bytes / plain_bytes - 1:+.0%})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    run(args.entries, args.repeat)


if __name__ == "__main__":
    main()
