"""Benchmark: how long `memorybook book` takes for a full year (100 entries, 300 phone photos).

Run by hand from the repository root:
`.venv/bin/python bench/book.py [--entries N --photos N] [--service lulu-paperback]`.

It writes a deterministic journal under bench/out/book-journal/ (entries of every kind
over one year together; its photos are hard links to bench/photos.py's 4032x3024 JPEGs,
made once), then times `memorybook book` as a person waits for it, each run in a fresh
process: cold (empty photo cache) and warm (nothing changed), then each again for its peak
memory (PSS of the process and its workers, sampled). Target on a 2-core machine: under 60 s
cold and under 15 s warm.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from photos import OUT, ensure_photos, measure  # noqa: E402 - bench/photos.py makes the photos

ROOT = OUT / "book-journal"
START = dt.date(2023, 6, 14)
MEMORYBOOK = Path(sys.executable).parent / "memorybook"
KINDS = ("experience", "experience", "experience", "gratitude", "milestone", "letter")
WORDS = (
    "we walked along the river and talked about everything and nothing until the light "
    "went gold over the rooftops and the city slowly went quiet around the two of us"
).split()
CONFIG = """\
site_name: Bench
docs_dir: journal
plugins:
  - memorybook:
      people:
        sam: {name: Sam}
        alex: {name: Alex}
      together_since: 2023-06-14
"""


def make_journal(entries: int, photos: int) -> Path:
    """One year of entries whose photos add up to `photos`, made afresh each run."""
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "journal").mkdir(parents=True)
    (ROOT / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    sources = iter(ensure_photos(photos))
    rng = random.Random(entries * 1000 + photos)
    for index in range(entries):
        count = photos // entries + (1 if index < photos % entries else 0)
        _write_entry(index, entries, [next(sources) for _ in range(count)], rng)
    return ROOT


def _write_entry(index: int, total: int, photos: list[Path], rng: random.Random) -> None:
    date = (START + dt.timedelta(days=index * 364 // total)).isoformat()
    kind = KINDS[index % len(KINDS)]
    slug = f"{date}-memory-{index}"
    folder = ROOT / "journal" / date[:4] / slug
    folder.mkdir(parents=True)
    names = []
    for number, source in enumerate(photos):
        os.link(source, folder / f"photo-{number}.jpg")
        names.append(
            f"  - src: {slug}/photo-{number}.jpg\n    caption: Photo {number + 1} of memory {index}"
        )
    fields = [f"date: {date}", f"kind: {kind}", f"title: Memory number {index}", "place: Lisbon"]
    if kind in ("gratitude", "letter"):
        fields += [
            "from: sam" if index % 2 else "from: alex",
            "to: alex" if index % 2 else "to: sam",
        ]
    else:
        fields += ["authors: [sam, alex]"]
    if names:
        fields.append("photos:\n" + "\n".join(names))
    body = "\n\n".join(" ".join(rng.choices(WORDS, k=70)) for _ in range(1 + index % 3))
    text = "---\n" + "\n".join(fields) + "\n---\n" + body + "\n"
    (folder.parent / f"{slug}.md").write_text(text, encoding="utf-8")


def timed_book(
    root: Path, *, cold: bool, memory: bool = False, service: str | None = None
) -> tuple[float, float, str]:
    """Wall time of one `memorybook book` run in a fresh process (or, with `memory`, its peak
    memory: PSS, workers included, from a run of its own) and its report's first line."""
    if cold:
        shutil.rmtree(root / ".cache", ignore_errors=True)
    command = [str(MEMORYBOOK), "book", "-f", str(root / "mkdocs.yml"), "--year", "1"]
    command += ["-o", str(root / "book.pdf")] + (["--service", service] if service else [])
    measured = measure(command, memory=memory)
    return measured.seconds, measured.peak_mb, measured.stdout.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100)
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--service", help="a print service, e.g. lulu-paperback")
    args = parser.parse_args()
    root = make_journal(args.entries, args.photos)
    cold, _, report = timed_book(root, cold=True, service=args.service)
    warm, _, _ = timed_book(root, cold=False, service=args.service)
    _, cold_mb, _ = timed_book(root, cold=True, memory=True, service=args.service)
    _, warm_mb, _ = timed_book(root, cold=False, memory=True, service=args.service)
    print(f"{args.entries} entries, {args.photos} photos (4032x3024 JPEG), {os.cpu_count()} cores")
    print(report)
    print(f"cold (empty cache): {cold:6.1f} s   (target < 60 s)   peak {cold_mb:4.0f} MB")
    print(f"warm (nothing new): {warm:6.1f} s   (target < 15 s)   peak {warm_mb:4.0f} MB")


if __name__ == "__main__":
    main()
