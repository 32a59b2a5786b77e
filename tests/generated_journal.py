"""A journal made by a seeded generator: three years of every kind of entry, with what a real
couple's journal has and the sample lacks (portrait and panorama photos, a photo two entries
share, one place written two ways, entries without an author, Markdown lists and code in the
first lines, tied love languages). The same seed always writes the same journal."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from memorybook.scaffold import project_mkdocs_yml
from tests.photo_files import jpeg

KINDS = ("experience", "experience", "experience", "gratitude", "milestone", "letter")
PLACES = ("Lisbon", "lisbon ", "Porto", "Sintra", "The beach", "")
TAGS = ("travel", "home", "firsts", "food", "friends", "date-night")
LANGUAGES = ("words", "service", "gifts", "time", "touch", None)
BODIES = (
    "- **Day 1**: got lost in the old town\n- **Day 2**: found the bakery again\n",
    "We ran `memorybook check`, and it said everything was fine.\n\nThen we had cake.",
    "A long walk by the river. The light on the water was gold, then pink, then gone.",
    "## What we ate\n\nSoup, bread, and far too much cheese.",
    "Thank you for the *little* things: the tea, the note, the [playlist](https://example.org).",
)
PHOTO_SIZES = {
    "portrait.jpg": (600, 900),
    "landscape.jpg": (900, 600),
    "panorama.jpg": (1200, 300),
    "square.jpg": (600, 600),
}


def write_generated(root: Path, entries: int = 36, seed: int = 12) -> Path:
    """Write the project (mkdocs.yml + journal/) into `root` and return its mkdocs.yml."""
    rng = random.Random(seed)
    journal = root / "journal"
    (journal / "shared").mkdir(parents=True)
    for name, size in PHOTO_SIZES.items():
        (journal / "shared" / name).write_bytes(jpeg(size))
    config = root / "mkdocs.yml"
    # what `memorybook init` writes: Material with memorybook's palette, light and dark
    yml = project_mkdocs_yml(["sam", "alex"], ("Sam", "Alex"), dt.date(2023, 6, 14))
    config.write_text(yml, encoding="utf-8")
    start = dt.date(2023, 6, 14)
    for index in range(entries):
        day = start + dt.timedelta(days=index * 1095 // entries + rng.randrange(5))
        front = _front(rng, index, day)
        body = rng.choice(BODIES)
        text = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in front.items())
        path = journal / str(day.year) / f"{day.isoformat()}-entry-{index}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "---\n" + body + "\n", encoding="utf-8")
    (journal / "2026" / "2026-05-01-a-tall-photo.md").write_text(TALL_PHOTO, encoding="utf-8")
    return config


TALL_PHOTO_PAGE = "2026/2026-05-01-a-tall-photo/"
TALL_PHOTO = """\
---
title: A tall photo, a wide one and a square one
date: 2026-05-01
photos: [../shared/portrait.jpg, ../shared/panorama.jpg, ../shared/landscape.jpg]
tags: [photos]
---
No author on this one. The cover is a portrait: it must stay whole on a phone.

![A square photo in the text](../shared/square.jpg)
"""


def _front(rng: random.Random, index: int, day: dt.date) -> dict[str, object]:
    kind = KINDS[index % len(KINDS)]
    front: dict[str, object] = {"date": day.isoformat(), "kind": kind}
    if kind in ("experience", "milestone"):
        front["title"] = f"Memory number {index}"
        if index % 4:  # every fourth has no author: no person colour for its label
            front["authors"] = rng.sample(["sam", "alex"], rng.randint(1, 2))
    else:
        sender = rng.choice(["sam", "alex"])
        front["from"], front["to"] = sender, "alex" if sender == "sam" else "sam"
    language = LANGUAGES[index % len(LANGUAGES)]
    if language:
        front["love_language"] = language
    front["tags"] = rng.sample(TAGS, rng.randint(0, 2))
    if place := PLACES[index % len(PLACES)]:
        front["place"] = place
    if kind != "letter" and index % 3 == 0:
        names = list(PHOTO_SIZES)
        front["photos"] = [f"../shared/{n}" for n in rng.sample(names, rng.randint(1, 3))]
    return front
