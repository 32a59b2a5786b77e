"""How the book fills its pages: blank pages, nearly empty pages and cropped photos.

Run by hand from the repository root:
`.venv/bin/python bench/book_figures.py [--label L] [--service lulu-paperback]`
(`--pdf BOOK.pdf` only measures a book made before).

It writes a deterministic year (about 40 entries of every kind, 80 phone photos of mixed
shapes: 4:3 and 3:4, 16:9 and 9:16, 3:2 and 4:5) under bench/out/book-year/, makes its
book with `memorybook book`, and the sample journal's book, then reads each PDF as a printer
would: pages rendered at 20 dpi (`pdftoppm`), a page with no ink is blank, one under 3% ink
nearly empty; embedded images (`pdfimages -list`) whose shape is none of the photos' shapes
are cropped; and as a photo-book designer would (tests/book_measures.py, PyMuPDF): the page
area photos cover, the median photo's short side, pages under half filled, lone photos, the
longest body line. Every spread is written beside it as PNGs (bench/spreads.py), to look at.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.book_measures import measure  # noqa: E402 - the tests' own figures
from tests.book_year import LONG_SIDE, SHAPES, photo_count  # noqa: E402 - the tests' year
from tests.book_year import entry as year_entry  # noqa: E402

from photos import OUT, ensure_photos  # noqa: E402 - bench/photos.py makes the photos
from spreads import spreads  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ROOT = OUT / "book-year"
MEMORYBOOK = Path(sys.executable).parent / "memorybook"
INK_LIMIT = 0.03
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


def make_year(entries: int = 40) -> Path:
    """The journal and mkdocs.yml, made afresh (the photos are reused)."""
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "journal").mkdir(parents=True)
    (ROOT / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    counts = [photo_count(i) for i in range(entries)]
    sources = iter(shaped_photos(sum(counts)))
    rng = random.Random(entries)
    for index, count in enumerate(counts):
        _write_entry(index, entries, [next(sources) for _ in range(count)], rng)
    return ROOT


def shaped_photos(count: int) -> list[Path]:
    """`count` phone photos cropped to the shapes in SHAPES, made once."""
    folder = OUT / f"shaped-photos-{LONG_SIDE}"
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
    names = [f"photo-{number}.jpg" for number in range(len(photos))]
    slug, text = year_entry(index, total, names, rng)
    folder = ROOT / "journal" / slug[:4] / slug
    folder.mkdir(parents=True)
    for source, name in zip(photos, names, strict=True):
        shutil.copyfile(source, folder / name)
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


def designer_figures(pdf: Path) -> str:
    """The figures the issue measures, from the PDF (its text height from its own trim)."""
    from memorybook.book.geometry import PageGeometry

    with pymupdf.open(pdf) as doc:
        trim = doc[0].trimbox
    page = PageGeometry(trim.width / 72, trim.height / 72, 0.125)
    return measure(pdf, page.text_height_in).summary()


def report(pdf: Path, label: str) -> None:
    for name, value in figures(pdf, OUT).items():
        print(f"{name}: {value}")
    print(designer_figures(pdf))
    for sheet in spreads(pdf, OUT / f"{label}-spreads"):
        print(f"spreads: {sheet}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="now", help="names the PDFs and spread images")
    parser.add_argument("--pdf", type=Path, help="only measure this book")
    parser.add_argument("--service", help="a print service, e.g. lulu-paperback")
    args = parser.parse_args()
    if args.pdf:
        report(args.pdf, args.label)
        return
    root = make_year()
    pdf = OUT / f"year-{args.label}.pdf"
    command = [str(MEMORYBOOK), "book", "-f", str(root / "mkdocs.yml"), "--year", "1"]
    service = ["--service", args.service] if args.service else []
    made = subprocess.run([*command, *service, "-o", str(pdf)], capture_output=True, text=True)
    print(made.stdout.splitlines()[0] if made.stdout else made.stderr)
    report(pdf, f"year-{args.label}")
    sample = OUT / f"sample-{args.label}.pdf"
    command = [str(MEMORYBOOK), "book", "-f", str(REPO / "mkdocs.yml"), *service]
    made = subprocess.run([*command, "-o", str(sample)], capture_output=True, text=True)
    print(made.stdout.splitlines()[0] if made.stdout else made.stderr)
    report(sample, f"sample-{args.label}")


if __name__ == "__main__":
    main()
