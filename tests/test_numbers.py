"""Numbers that add up: one count for the stats page, the gratitude page and the book, totals
equal to the sum of their years, ties said as ties, and "1 thank-you", never "1 thank-yous"."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from memorybook import numbers
from memorybook.book.numbers import year_in_numbers
from memorybook.book.selection import BookRange
from memorybook.building import build
from memorybook.journal import Journal, load_journal
from memorybook.settings import load_settings
from tests.conftest import SAMPLE_CONFIG
from tests.generated_journal import write_generated
from tests.site_helpers import build_sample

SUMMED = ("entries", "photos", "firsts", "thank_yous")


@pytest.fixture(scope="module", params=["sample", "generated"])
def journal(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Journal:
    if request.param == "sample":
        return load_journal(load_settings(SAMPLE_CONFIG))
    config = write_generated(tmp_path_factory.mktemp("generated"))
    loaded = load_journal(load_settings(config))
    assert loaded.errors == ()
    return loaded


def test_every_total_is_the_sum_of_its_years(journal: Journal) -> None:
    total = numbers.tally(journal.entries)
    years = numbers.by_year(journal.entries).values()
    assert len(years) >= 3
    for name in SUMMED:
        assert getattr(total, name) == sum(getattr(y, name) for y in years), name
    for name in ("kinds", "thanks", "love_languages", "tags"):
        summed: Counter[object] = Counter()
        for year in years:
            summed.update(getattr(year, name))
        assert +Counter(getattr(total, name)) == +summed, name
    assert total.months == tuple(map(sum, zip(*(y.months for y in years), strict=True)))
    assert total.entries == sum(total.kinds.values()) == sum(total.months)
    assert total.thank_yous == sum(total.thanks.values())
    # places are different places: a place of two years is one place in all
    assert total.places == frozenset().union(*(y.places for y in years))


def test_photos_are_counted_once_per_entry_that_shows_them(journal: Journal) -> None:
    total = numbers.tally(journal.entries)
    assert total.photos == sum(len({p.rel for p in e.all_photos}) for e in journal.entries)


def test_the_book_counts_as_the_site_does(journal: Journal) -> None:
    """The book's closing page shows the very figures the stats page shows for its days."""
    entries = journal.entries
    book_range = BookRange(entries[0].date, entries[-1].date)
    page = year_in_numbers(entries, book_range, journal.settings)
    shown = {_singular(figure.label): figure.value for figure in page.figures}
    total = numbers.tally(entries)
    assert shown["memory"] == total.entries
    assert shown["photo"] == total.photos
    assert shown["thank-you"] == total.thank_yous
    assert shown["place"] == len(total.places)
    assert list(page.lines) == numbers.highlights(total, journal.settings.person_name)


def test_ties_are_said_as_ties_and_most_needs_more_than_once(journal: Journal) -> None:
    name = journal.settings.person_name
    once_each = numbers.Tally(
        entries=2,
        kinds={"experience": 2, "gratitude": 0, "milestone": 0, "letter": 0},
        photos=0,
        places=frozenset(),
        firsts=0,
        thanks={},
        love_languages={"touch": 1, "time": 1},
        tags={"city": 1, "cooking": 1, "family": 1},
        months=(2,) + (0,) * 11,
    )
    assert numbers.highlights(once_each, name) == []  # no "most" from one of each
    tied = numbers.Tally(**{**once_each.__dict__, "love_languages": {"touch": 2, "time": 2}})
    assert numbers.highlights(tied, name) == [
        "Love, most often shown, tied at twice each: quality time and physical touch."
    ]
    one = numbers.Tally(**{**once_each.__dict__, "tags": {"travel": 3, "home": 1}})
    assert numbers.highlights(one, name) == ["Most of all: travel (3 times)."]


def test_words_agree_with_their_numbers() -> None:
    assert numbers.count(1, "thank-you") == "1 thank-you"
    assert numbers.count(2, "thank-you") == "2 thank-yous"
    assert numbers.count(1204, "memory", "memories") == "1,204 memories"
    assert [word for _, word in numbers.figures(numbers.tally([]))] == [
        "memories",
        "thank-yous",
        "photos",
        "places",
        "firsts",
    ]
    assert numbers.place_key(" Lisbon ") == numbers.place_key("lisbon")


# -- the built sites: every number shown ----------------------------------------------------

_FIGURE = re.compile(r"<div><strong>([\d,]+)</strong> <span>([^<]+)</span></div>")
_SECTION = re.compile(r"<h2 id=\"[^\"]*\">(\d{4})</h2>|<h1>")
_PLURAL_WORDS = "memories|thank-yous|photos|places|firsts|entries|years|days|notes|times"
_ONE_MANY = re.compile(rf"(?<![\d,.])1 (?:<[^>]+>)*(?:{_PLURAL_WORDS})\b")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sample = build_sample(tmp_path_factory.mktemp("numbers-sample"))
    generated = tmp_path_factory.mktemp("numbers-generated")
    build(write_generated(generated), strict=True)
    return {"sample": sample, "generated": generated / "site"}


@pytest.mark.parametrize("name", ["sample", "generated"])
def test_the_stats_page_totals_are_the_sums_of_its_years(sites: dict[str, Path], name: str) -> None:
    page = (sites[name] / "stats" / "index.html").read_text(encoding="utf-8")
    blocks = _SECTION.split(page)
    sections: dict[str, dict[str, int]] = {}
    for label, block in zip(blocks[1::2], blocks[2::2], strict=True):
        figures = _FIGURE.findall(block)
        sections[label or "total"] = {_singular(w): int(v.replace(",", "")) for v, w in figures}
    total, years = sections.pop("total"), sections.values()
    assert len(years) >= 3
    for word in ("memory", "thank-you", "photo", "first"):
        assert total[word] == sum(y[word] for y in years), (name, word)
    assert max(y["place"] for y in years) <= total["place"] <= sum(y["place"] for y in years)
    gratitude = (sites[name] / "gratitude" / "index.html").read_text(encoding="utf-8")
    subtitle = re.search(r'class="mb-subtitle">([\d,]+) thank-you', gratitude)
    assert subtitle and int(subtitle[1]) == total["thank-you"]
    each_way = re.findall(r'"mb-label">\w+ → \w+</span>.*?"mb-value">(\d+)</span>', gratitude)
    assert sum(map(int, each_way)) == total["thank-you"]


@pytest.mark.parametrize("name", ["sample", "generated"])
def test_no_page_says_one_of_a_plural(sites: dict[str, Path], name: str) -> None:
    wrong = []
    for path in sites[name].rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        wrong += [f"{path.relative_to(sites[name])}: {m[0]}" for m in _ONE_MANY.finditer(text)]
    assert wrong == []


def _singular(word: str) -> str:
    return {"memories": "memory"}.get(word, word.removesuffix("s"))


def test_generated_journal_is_deterministic(tmp_path: Path) -> None:
    one = write_generated(tmp_path / "a").parent / "journal"
    two = write_generated(tmp_path / "b").parent / "journal"
    files = sorted(p.relative_to(one) for p in one.rglob("*.md"))
    assert files == sorted(p.relative_to(two) for p in two.rglob("*.md"))
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
