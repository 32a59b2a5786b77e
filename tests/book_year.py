"""The generated year a photo-book designer measures (tests/test_book_spreads.py and
bench/book_figures.py): about 40 entries of every kind and 80 phone photos of mixed shapes,
the same words and fields for the same seed."""

from __future__ import annotations

import datetime as dt
import random

START = dt.date(2023, 6, 14)
SHAPES = ((4, 3), (3, 4), (4, 3), (3, 4), (16, 9), (9, 16), (3, 2), (4, 5), (4, 3), (3, 4))
"""Phone photos: mostly 4:3 either way, some wide, tall, 3:2 and 4:5 (none square: a square
image in the PDF is a crop)."""
LONG_SIDE = 4032
"""A 12-megapixel phone's long side (4032 x 3024): a full-bleed page needs one that prints at
300 ppi cropped."""
PHOTO_COUNTS = (0, 1, 2, 0, 4, 1, 3, 0, 2, 5, 1, 0, 2, 3, 1, 6, 0, 2, 1, 4)
"""Photos per entry, repeated: 40 entries, 80 photos."""
KINDS = ("experience", "experience", "gratitude", "experience", "milestone", "letter")
WORDS = (
    "we walked along the river and talked about everything and nothing until the light "
    "went gold over the rooftops and the city slowly went quiet around the two of us while "
    "the tram rattled past and somebody somewhere was playing the piano badly but happily"
).split()


def photo_count(index: int) -> int:
    return PHOTO_COUNTS[index % len(PHOTO_COUNTS)]


def entry(index: int, total: int, photos: list[str], rng: random.Random) -> tuple[str, str]:
    """The `index`th of `total` entries as (its slug, its file's text), its photos named
    `photos` in a folder named by the slug beside it."""
    date = (START + dt.timedelta(days=index * 364 // total)).isoformat()
    kind = KINDS[index % len(KINDS)] if index % 7 else "experience"
    slug = f"{date}-memory-{index}"
    items = []
    for number, name in enumerate(photos):
        caption = f"\n    caption: A moment from day {index}" if number % 2 == 0 else ""
        items.append(f"  - src: {slug}/{name}{caption}")
    fields = [f"date: {date}", f"kind: {kind}", "place: Lisbon"]
    if kind in ("gratitude", "letter"):
        sender, recipient = ("sam", "alex") if index % 2 else ("alex", "sam")
        fields += [f"from: {sender}", f"to: {recipient}"]
    else:
        fields += [f"title: A day to remember, number {index}", "authors: [sam, alex]"]
    if items:
        fields.append("photos:\n" + "\n".join(items))
    paragraphs = 1 if kind == "gratitude" else 1 + rng.randrange(4)
    body = "\n\n".join(
        " ".join(rng.choices(WORDS, k=rng.randrange(30, 110))) + "." for _ in range(paragraphs)
    )
    if kind == "letter":
        body += "\n\nAlways yours,\n" + ("Sam" if index % 2 else "Alex")
    return slug, "---\n" + "\n".join(fields) + "\n---\n" + body[0].upper() + body[1:] + "\n"
