"""How the book fills its pages: blank pages, nearly empty pages and cropped photos.

Run by hand from the repository root:
`.venv/bin/python bench/book_figures.py [--label NAME] [--service lulu-paperback]`.

It writes a deterministic year (about 40 entries of every kind, 80 phone photos of mixed
shapes: 4:3 and 3:4, 16:9 and 9:16, 3:2 and 4:5) under bench/out/book-year/, makes its
book with `memorybook book`, then reads the PDF as a printer would: pages rendered at
20 dpi (`pdftoppm`), a page with no ink is blank, one under 3% ink nearly empty; embedded
images (`pdfimages -list`) whose shape is none of the photos' shapes are cropped. The
contact sheet of the whole book is written beside it (`montage`), to look at.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from photos import OUT, ensure_photos  # noqa: E402 - bench/photos.py makes the photos

ROOT = OUT / "book-year"
START = dt.date(2023, 6, 14)
MEMORYBOOK = Path(sys.executable).parent / "memorybook"
SHAPES = ((4, 3), (3, 4), (4, 3), (3, 4), (16, 9), (9, 16), (3, 2), (4, 5), (4, 3), (3, 4))
"""Phone photos: mostly 4:3 either way, some wide, tall, 3:2 and 4:5 (none square: a square
image in the PDF is a crop)."""
LONG_SIDE = 2400
INK_LIMIT = 0.03
WORDS = (
    "we walked along the river and talked about everything and nothing until the light "
    "went gold over the rooftops and the city slowly went quiet around the two of us while "
    "the tram rattled past and somebody somewhere was playing the piano badly but happily"
).split()
CONFIG = """\
site_name: A year
docs_dir: journal
plugins:
  - memorybook:
      people:
        sam: {name: Sam}
        alex: {name: Alex}
      together_since: 2023-06-14
"""
PHOTO_COUNTS = [0, 1, 2, 0, 4, 1, 3, 0, 2, 5, 1, 0, 2, 3, 1, 6, 0, 2, 1, 4]
"""Photos per entry, repeated: 40 entries, 80 photos."""
KINDS = ("experience", "experience", "gratitude", "experience", "milestone", "letter")


def make_year(entries: int = 40) -> Path:
    """The journal and mkdocs.yml, made afresh (the photos are reused)."""
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "journal").mkdir(parents=True)
    (ROOT / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    counts = [PHOTO_COUNTS[i % len(PHOTO_COUNTS)] for i in range(entries)]
    sources = iter(shaped_photos(sum(counts)))
    rng = random.Random(entries)
    for index, count in enumerate(counts):
        _write_entry(index, entries, [next(sources) for _ in range(count)], rng)
    return ROOT


def shaped_photos(count: int) -> list[Path]:
    """`count` phone photos cropped to the shapes in SHAPES, made once."""
    folder = OUT / "shaped-photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, source in enumerate(ensure_photos(count)):
        w, h = SHAPES[n % len(SHAPES)]
        path = folder / f"IMG_{n:04d}-{w}x{h}.jpg"
        if not path.exists():
            path.write_bytes(_shaped(source, w / h))
        paths.append(path)
    return paths


def _shaped(source: Path, aspect: float) -> bytes:
    with Image.open(source) as im:
        im.draft("RGB", (im.width // 2, im.height // 2))
        image = im.convert("RGB")
    if image.width / image.height > aspect:
        width = round(image.height * aspect)
        image = image.crop(
            ((image.width - width) // 2, 0, (image.width + width) // 2, image.height)
        )
    else:
        height = round(image.width / aspect)
        image = image.crop(
            (0, (image.height - height) // 2, image.width, (image.height + height) // 2)
        )
    scale = LONG_SIDE / max(image.size)
    image = image.resize((round(image.width * scale), round(image.height * scale)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _write_entry(index: int, total: int, photos: list[Path], rng: random.Random) -> None:
    date = (START + dt.timedelta(days=index * 364 // total)).isoformat()
    kind = KINDS[index % len(KINDS)] if index % 7 else "experience"
    slug = f"{date}-memory-{index}"
    folder = ROOT / "journal" / date[:4] / slug
    folder.mkdir(parents=True)
    items = []
    for number, source in enumerate(photos):
        shutil.copyfile(source, folder / f"photo-{number}.jpg")
        caption = f"\n    caption: A moment from day {index}" if number % 2 == 0 else ""
        items.append(f"  - src: {slug}/photo-{number}.jpg{caption}")
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
    text = "---\n" + "\n".join(fields) + "\n---\n" + body[0].upper() + body[1:] + "\n"
    (folder.parent / f"{slug}.md").write_text(text, encoding="utf-8")


def figures(pdf: Path, work: Path) -> dict[str, object]:
    """Blank pages (before the end padding), pages under 3% ink, and cropped photos."""
    pages = sorted(_render(pdf, work))
    inks = [_ink(page) for page in pages]
    last = max(n for n, ink in enumerate(inks) if ink > 0)
    shapes = {w / h for w, h in SHAPES}
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    images = [line.split() for line in listed.stdout.splitlines()[2:]]
    cropped = [
        row
        for row in images
        if not any(abs(int(row[3]) / int(row[4]) / s - 1) < 0.01 for s in shapes)
    ]
    return {
        "pages": len(pages),
        "blank inside": [n + 1 for n, ink in enumerate(inks[:last]) if ink == 0],
        "under 3% ink": [n + 1 for n, ink in enumerate(inks[: last + 1]) if 0 < ink < INK_LIMIT],
        "images": len(images),
        "cropped": len(cropped),
        "cropped pages": sorted({int(row[0]) for row in cropped}),
    }


def _render(pdf: Path, work: Path) -> list[Path]:
    for old in work.glob("p-*.pgm"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "20", "-gray", str(pdf), str(work / "p")], check=True)
    return sorted(work.glob("p-*.pgm"))


def _ink(page: Path) -> float:
    """The share of the trimmed page that is not paper-white."""
    with Image.open(page) as im:
        bleed = round(0.125 * 20)
        trimmed = im.crop((bleed, bleed, im.width - bleed, im.height - bleed))
        values = list(trimmed.get_flattened_data())
    return sum(1 for v in values if v < 235) / len(values)


def contact_sheet(pdf: Path, out: Path) -> None:
    """Every page at 20 dpi, eight to a row, for a person to look at."""
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(out.parent / "c")], check=True)
    pages = sorted(out.parent.glob("c-*.png"))
    montage = ["montage", *map(str, pages), "-tile", "8x", "-geometry", "+4+4"]
    subprocess.run([*montage, "-background", "#888", str(out)], check=True)
    for page in pages:
        page.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="now", help="names the PDF and contact sheet")
    parser.add_argument("--service", help="a print service, e.g. lulu-paperback")
    args = parser.parse_args()
    root = make_year()
    pdf = OUT / f"year-{args.label}.pdf"
    command = [str(MEMORYBOOK), "book", "-f", str(root / "mkdocs.yml"), "--year", "1"]
    command += ["--service", args.service] if args.service else []
    report = subprocess.run([*command, "-o", str(pdf)], capture_output=True, text=True)
    print(report.stdout)
    for name, value in figures(pdf, OUT).items():
        print(f"{name}: {value}")
    contact_sheet(pdf, OUT / f"year-{args.label}-contact.png")
    print(f"contact sheet: {OUT / f'year-{args.label}-contact.png'}")


if __name__ == "__main__":
    main()
