"""Benchmark: memorybook's site build against Material's blog plugin on the same entries.

    .venv/bin/python bench/site.py                  # N = 500, 1000, 2000, text and photos
    .venv/bin/python bench/site.py --sizes 1000 --variants text

Each build runs in a fresh Python process (no warm imports for either side) and
the time measured is MkDocs' build() alone, best of --repeat runs. For the photo
variant every entry uses two photos out of a pool of small distinct JPEGs;
memorybook's renditions are made once before timing (a rebuild finds them in
its cache), the blog copies the originals as MkDocs does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from PIL import Image

PEOPLE = ("sam", "alex")
KINDS = ("experience",) * 6 + ("gratitude",) * 2 + ("milestone", "letter")
TAGS = ("travel", "food", "firsts", "home", "date-night", "friends", "music", "hiking")
PLACES = ("Lisbon", "Porto", "Sintra", "Home", "Alentejo", "Madeira", None, None)
WORDS = (
    "we walked along the river and talked about everything and nothing until the light "
    "went gold over the bridge and the city smelled of grilled sardines and rain later "
    "we found a tiny place with three tables where the owner sang while he cooked"
).split()
PHOTO_POOL = 120

TIMER = """\
import os, sys, time, logging
os.environ["NO_MKDOCS_2_WARNING"] = "1"
logging.disable(logging.WARNING)
from mkdocs.config import load_config
from mkdocs.commands.build import build
config = load_config(sys.argv[1], site_dir=sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
build(config)
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def body(rng: random.Random, words: int = 120) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return "\n".join(textwrap.wrap(text.capitalize() + ".", 78))


def make_pool(folder: Path, rng: random.Random) -> list[Path]:
    """Small, distinct JPEGs (noise, so no two encode alike)."""
    folder.mkdir(parents=True)
    pool = []
    for index in range(PHOTO_POOL):
        image = Image.effect_noise((320, 240), 40 + index % 50).convert("RGB")
        tint = Image.new("RGB", image.size, tuple(rng.randrange(256) for _ in range(3)))
        path = folder / f"p{index:03d}.jpg"
        Image.blend(image, tint, 0.5).save(path, quality=80)
        pool.append(path)
    return pool


def entries(n: int, rng: random.Random) -> list[dict[str, object]]:
    """N entries, one every day or two, newest around 2026."""
    day = dt.date(2026, 9, 1) - dt.timedelta(days=int(n * 1.6))
    made = []
    for index in range(n):
        day += dt.timedelta(days=rng.choice((1, 1, 2, 2, 3)))
        made.append(
            {
                "index": index,
                "date": day,
                "kind": rng.choice(KINDS),
                "title": f"Entry {index}: " + " ".join(rng.sample(WORDS, 3)),
                "tags": rng.sample(TAGS, 2),
                "place": rng.choice(PLACES),
                "body": body(rng),
            }
        )
    return made


def memorybook_entry(entry: dict[str, object], photos: list[str]) -> str:
    lines = [
        "---",
        f'title: "{entry["title"]}"',
        f"date: {entry['date']}",
        f"kind: {entry['kind']}",
        f"tags: [{', '.join(entry['tags'])}]",  # type: ignore[arg-type]
    ]
    if entry["kind"] in ("gratitude", "letter"):
        lines += ["from: sam", "to: alex"] if entry["index"] % 2 else ["from: alex", "to: sam"]
    else:
        lines.append("authors: [sam, alex]")
    if entry["place"]:
        lines.append(f"place: {entry['place']}")
    if entry["kind"] == "milestone":
        lines.append("recurring: true")
    if photos:
        lines.append("photos:")
        lines += [f"  - src: {p}\n    caption: A photo of that day" for p in photos]
    return "\n".join(lines) + "\n---\n" + str(entry["body"]) + "\n"


def blog_post(entry: dict[str, object], photos: list[str]) -> str:
    images = "".join(f"\n![A photo of that day]({p})\n" for p in photos)
    return (
        f"---\ndate: {entry['date']}\ncategories: [{', '.join(entry['tags'])}]\n---\n\n"  # type: ignore[arg-type]
        f"# {entry['title']}\n\n{entry['body']}\n{images}"
    )


MEMORYBOOK_YML = """\
site_name: Bench
docs_dir: journal
theme: {name: material, font: false}
plugins:
  - search
  - memorybook:
      people: {sam: Sam, alex: Alex}
      together_since: 2019-01-01
"""

BLOG_YML = """\
site_name: Bench
docs_dir: docs
theme: {name: material, font: false}
plugins:
  - search
  - blog:
      pagination_per_page: 10
"""


def write_projects(root: Path, n: int, with_photos: bool, pool: list[Path]) -> tuple[Path, Path]:
    rng = random.Random(n)
    mb, blog = root / "memorybook", root / "blog"
    (mb / "journal").mkdir(parents=True)
    (blog / "docs" / "blog" / "posts").mkdir(parents=True)
    (mb / "mkdocs.yml").write_text(MEMORYBOOK_YML)
    (blog / "mkdocs.yml").write_text(BLOG_YML)
    (blog / "docs" / "index.md").write_text("# Bench\n")
    (blog / "docs" / "blog" / "index.md").write_text("# Blog\n")
    for entry in entries(n, rng):
        name = f"{entry['date']}-entry-{entry['index']}"
        year = str(entry["date"].year)  # type: ignore[attr-defined]
        chosen = rng.sample(pool, 2) if with_photos else []
        photos = [f"{name}/{p.name}" for p in chosen]
        for folder in (mb / "journal" / year, blog / "docs" / "blog" / "posts"):
            folder.mkdir(parents=True, exist_ok=True)
            for source in chosen:
                (folder / name).mkdir(exist_ok=True)
                (folder / name / source.name).write_bytes(source.read_bytes())
        (mb / "journal" / year / f"{name}.md").write_text(memorybook_entry(entry, photos))
        (blog / "docs" / "blog" / "posts" / f"{name}.md").write_text(blog_post(entry, photos))
    return mb, blog


def timed_build(project: Path, repeat: int) -> tuple[float, float]:
    """Best wall and CPU time of MkDocs' build() over `repeat` fresh processes.

    CPU time (user + system of the building process) is the steadier figure when
    other work shares the machine; wall time is what a person waits."""
    times = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", TIMER, str(project / "mkdocs.yml"), str(project / "site")],
            capture_output=True,
            text=True,
            check=False,
            cwd=project,
        )
        if result.returncode != 0:
            raise SystemExit(f"build of {project} failed:\n{result.stderr[-3000:]}")
        wall, cpu = result.stdout.strip().splitlines()[-1].split()
        times.append((float(wall), float(cpu)))
    return min(t[0] for t in times), min(t[1] for t in times)


def run(sizes: list[int], variants: list[str], repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="memorybook-bench-") as tmp:
        pool = make_pool(Path(tmp) / "pool", random.Random(7))
        results: dict[tuple[str, int], tuple[float, float]] = {}
        print(
            f"{'variant':8} {'N':>5} {'memorybook s':>13} {'blog s':>8} {'mb/blog':>8}"
            f" {'mb cpu s':>9} {'blog cpu s':>10} {'cpu ratio':>9}"
        )
        for variant in variants:
            for n in sizes:
                root = Path(tmp) / f"{variant}-{n}"
                mb, blog = write_projects(root, n, variant == "photos", pool)
                if variant == "photos":
                    timed_build(mb, 1)  # make the renditions; timed rebuilds find them cached
                mine, theirs = timed_build(mb, repeat), timed_build(blog, repeat)
                results[(variant, n)] = mine
                print(
                    f"{variant:8} {n:>5} {mine[0]:>13.2f} {theirs[0]:>8.2f} "
                    f"{mine[0] / theirs[0]:>8.2f} {mine[1]:>9.2f} {theirs[1]:>10.2f} "
                    f"{mine[1] / theirs[1]:>9.2f}"
                )
        for variant in variants:
            if (variant, 1000) in results and (variant, 2000) in results:
                (wall2, cpu2), (wall1, cpu1) = results[(variant, 2000)], results[(variant, 1000)]
                print(
                    f"{variant}: memorybook 2000 / 1000 entries = {wall2 / wall1:.2f}x wall, "
                    f"{cpu2 / cpu1:.2f}x cpu (target <= 2.2)"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--variants", nargs="+", default=["text", "photos"])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    run(args.sizes, args.variants, args.repeat)


if __name__ == "__main__":
    main()
