"""What a card and an entry page show, without a browser: excerpts read as the page reads,
covers keep (nearly) their shape, photos carry their shape for the CSS, charts are text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from memorybook import charts
from memorybook.building import build
from memorybook.site_html.words import CARD_CROP, card_ratio, excerpt
from tests.generated_journal import TALL_PHOTO_PAGE, write_generated


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("- **Day 1**: got lost\n- **Day 2**: found the bakery", "Day 1: got lost Day 2: found"),
        ("Run `memorybook check`, and see it pass.", "Run memorybook check, and see it pass."),
        ("## What we ate\n\nSoup, bread.", "What we ate: Soup, bread."),
        ("A [playlist](https://example.org) &amp; a *note*.", "A playlist & a note."),
        ("![a photo](a.jpg)\n\nThen ![[b.jpg]] we left.", "Then we left."),
        ("Tom & Jerry <3 each other", "Tom & Jerry <3 each other"),
        ("<script>alert(1)</script>Hello", "Hello"),
    ],
)
def test_an_excerpt_is_the_text_as_the_page_shows_it(body: str, shown: str) -> None:
    assert excerpt(body).startswith(shown)
    assert not re.search(r" [,.:;]|\*\*|`|^- ", excerpt(body))


def test_an_excerpt_is_cut_at_a_word() -> None:
    text = excerpt("word " * 100, limit=50)
    assert text.endswith("word…") and len(text) <= 51


@pytest.mark.parametrize(
    ("size", "kept"),
    [((3000, 4000), 0.9375), ((1600, 900), 1.0), ((900, 1600), 0.85), ((1200, 300), 0.85)],
)
def test_a_card_cover_keeps_at_least_85_percent_of_the_photo(
    size: tuple[int, int], kept: float
) -> None:
    photo = size[0] / size[1]
    shown = card_ratio(*size)
    assert min(photo, shown) / max(photo, shown) == pytest.approx(kept, abs=0.001)
    assert min(photo, shown) / max(photo, shown) >= 1 - CARD_CROP - 1e-9


def test_charts_are_text_that_keeps_its_size() -> None:
    chart = charts.hbars([("Words of affirmation", 2, None)])
    assert "<svg" not in chart and '<span class="mb-label">Words of affirmation</span>' in chart


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layout")
    build(write_generated(root), strict=True)
    return root / "site"


def test_photos_carry_their_shape_and_covers_their_crop(generated_site: Path) -> None:
    page = (generated_site / TALL_PHOTO_PAGE / "index.html").read_text(encoding="utf-8")
    hero = re.search(r'<figure class="mb-hero">.*?--mb-ratio: ([\d.]+)', page, re.DOTALL)
    assert hero and float(hero[1]) == pytest.approx(600 / 900, abs=0.001)  # the portrait
    assert 'aria-label="Open the photo"' in page  # no alt, no caption: the link has a name
    home = (generated_site / "index.html").read_text(encoding="utf-8")
    shapes = [float(r) for r in re.findall(r'mb-card__cover" style="aspect-ratio: ([\d.]+)', home)]
    assert shapes and all(0.75 <= r <= 3.5 for r in shapes)


def test_no_page_has_an_empty_footer(generated_site: Path) -> None:
    page = (generated_site / "index.html").read_text(encoding="utf-8")
    assert "md-footer" not in page and "md-copyright" not in page
