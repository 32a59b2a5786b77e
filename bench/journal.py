"""Benchmark: how long loading and checking a journal takes as it grows.

Run by hand: `.venv/bin/python bench/journal.py [N ...]` (default 1000 2500 5000).
It writes a synthetic journal under bench/out/journal-N/ (deterministic) and
prints the load time, the time per entry and the peak memory of the process.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

from memorybook.journal import load_journal
from memorybook.settings import load_settings

OUT = Path(__file__).resolve().parent / "out"
WORDS = (
    "we walked along the river and talked about everything and nothing until the "
    "light went gold over the rooftops and the city slowly went quiet"
).split()


def make_journal(count: int) -> Path:
    """A deterministic journal of `count` entries of every kind, 3 paragraphs each."""
    root = OUT / f"journal-{count}"
    if (root / "mkdocs.yml").exists():
        return root
    rng = random.Random(count)
    kinds = ("experience", "experience", "gratitude", "milestone", "letter")
    for index in range(count):
        year, day = 2000 + index * 25 // count, 1 + index % 28
        month = 1 + (index // 28) % 12
        kind = kinds[index % len(kinds)]
        fields = [
            f"date: {year}-{month:02d}-{day:02d}",
            f"kind: {kind}",
            f"title: Memory number {index}",
            "tags: [firsts, travel]",
            "place: Lisbon",
        ]
        if kind in ("gratitude", "letter"):
            fields += ["from: sam", "to: alex", "love_language: words"]
        else:
            fields += ["authors: [sam, alex]"]
        body = "\n\n".join(" ".join(rng.choices(WORDS, k=60)) for _ in range(3))
        path = root / "journal" / str(year) / f"{year}-{month:02d}-{day:02d}-memory-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + "\n".join(fields) + "\n---\n" + body + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "docs_dir: journal\nplugins:\n  - memorybook:\n      people:\n"
        "        sam: {name: Sam}\n        alex: {name: Alex}\n",
        encoding="utf-8",
    )
    return root


def main(counts: list[int]) -> None:
    for count in counts:
        settings = load_settings(make_journal(count) / "mkdocs.yml")
        start = time.perf_counter()
        journal = load_journal(settings, include_private=True)
        elapsed = time.perf_counter() - start
        assert len(journal.entries) == count and not journal.errors, journal.problems[:3]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"N={count:5d}  load {elapsed:6.2f} s  {elapsed / count * 1000:5.2f} ms/entry  "
            f"peak RSS {peak:5.0f} MiB"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 2500, 5000])
