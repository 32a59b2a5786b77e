"""Every spread of a book side by side, to look at: `bench/spreads.py BOOK.pdf OUT_PREFIX`.

Pages are rendered at 30 dpi (`pdftoppm`); page 1 stands alone on the right, as in the bound
book, then pages 2-3, 4-5 ... face each other; six spreads to an image, OUT_PREFIX-N.png.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

PER_SHEET = 6


def spreads(pdf: Path, prefix: Path, dpi: int = 30) -> list[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{tmp}/p"], check=True)
        pages = [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"))]
    w, h = pages[0].size
    pairs = [[None, pages[0]]] + [pages[i : i + 2] for i in range(1, len(pages), 2)]
    written = []
    for start in range(0, len(pairs), PER_SHEET):
        chunk = pairs[start : start + PER_SHEET]
        sheet = Image.new("RGB", (2 * w + 20, len(chunk) * (h + 12)), "#777")
        for row, pair in enumerate(chunk):
            for col, page in enumerate(pair):
                if page is not None:
                    sheet.paste(page, (10 + col * w, row * (h + 12) + 6))
        out = prefix.with_name(f"{prefix.name}-{start // PER_SHEET + 1}.png")
        sheet.save(out)
        written.append(out)
    return written


if __name__ == "__main__":
    for path in spreads(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
