"""The book's pure parts: page sizes, the year a book covers, photo layout, padding, fetching."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from memorybook.book import BookOptions, choose_range
from memorybook.book.cover import cover_geometry
from memorybook.book.geometry import SAFETY_IN, PageGeometry, page_geometry, parse_size
from memorybook.book.layout import (
    GAP_IN,
    MAX_ROW_SHARE,
    MIN_PRINT_PPI,
    choose_cover,
    crop_loss,
    fit_row,
    layout_entry,
    photo_rows,
    refit,
    unbleed,
)
from memorybook.book.render import LocalFetcher, padding_for
from memorybook.book.selection import by_month, default_range, year_range
from memorybook.book.views import sign_off, signed
from memorybook.errors import ConfigError
from memorybook.journal import Entry, Photo
from memorybook.settings import Settings, settings_from_options

SETTINGS = Settings(config_file=None, journal=Path("/j"), together_since=dt.date(2023, 6, 14))
SQUARE = PageGeometry(8, 8, 0.125)


def load_settings_from(options: dict[str, object]) -> Settings:
    return settings_from_options(options, config_file=None)


@pytest.mark.parametrize(
    ("size", "inches"),
    [
        ("a5", (5.83, 8.27)),
        ("A4", (8.27, 11.69)),
        ("letter", (8.5, 11)),
        ("6x9in", (6, 9)),
        ("8x8in", (8, 8)),
        ("8.5x11in", (8.5, 11)),
        ("210x297mm", (8.27, 11.69)),
        ("20 x 25 cm", (7.87, 9.84)),
    ],
)
def test_page_sizes(size: str, inches: tuple[float, float]) -> None:
    width, height = parse_size(size)
    assert (round(width, 2), round(height, 2)) == inches


def test_bleed_in_millimetres_and_a_clear_error_for_nonsense() -> None:
    assert page_geometry("8x8in", "3mm").bleed_in == pytest.approx(3 / 25.4)
    with pytest.raises(ConfigError, match=r"--size 'huge' is not a page size; use a5"):
        page_geometry("huge", "0.125in")
    with pytest.raises(ConfigError, match=r"--bleed '3' is not a length"):
        page_geometry("a5", "3")


@pytest.mark.parametrize("size", ["a5", "6x9in", "8x8in", "8.5x11in"])
def test_text_stays_inside_the_safety_margin_with_a_gutter(size: str) -> None:
    page = page_geometry(size, "0.125in")
    top, outer, bottom, inner = page.margins_in
    assert min(top, outer, bottom) >= SAFETY_IN + 0.1
    assert inner >= outer + 0.25
    assert page.media_in == (page.width_in + 0.25, page.height_in + 0.25)


@pytest.mark.parametrize(
    ("today", "start", "end"),
    [
        (dt.date(2026, 11, 25), dt.date(2025, 6, 14), dt.date(2026, 6, 13)),
        (dt.date(2026, 6, 14), dt.date(2025, 6, 14), dt.date(2026, 6, 13)),
        (dt.date(2026, 6, 13), dt.date(2024, 6, 14), dt.date(2025, 6, 13)),
        (dt.date(2023, 12, 1), dt.date(2023, 6, 14), dt.date(2024, 6, 13)),
    ],
)
def test_default_range_is_the_last_full_year_together(
    today: dt.date, start: dt.date, end: dt.date
) -> None:
    chosen = default_range(SETTINGS, today)
    assert (chosen.start, chosen.end) == (start, end)


def test_without_together_since_the_book_is_the_last_twelve_months() -> None:
    settings = Settings(config_file=None, journal=Path("/j"))
    chosen = default_range(settings, dt.date(2026, 3, 10))
    assert (chosen.start, chosen.end) == (dt.date(2025, 3, 11), dt.date(2026, 3, 10))
    assert chosen.subtitle == "March 2025 – March 2026"


def test_year_n_and_explicit_days() -> None:
    second = year_range(SETTINGS, 2)
    assert (second.start, second.end, second.subtitle) == (
        dt.date(2024, 6, 14),
        dt.date(2025, 6, 13),
        "Our second year together",
    )
    chosen = choose_range(
        SETTINGS, BookOptions(start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31))
    )
    assert (chosen.start, chosen.end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    from_only = choose_range(SETTINGS, BookOptions(start=dt.date(2024, 3, 1)))
    assert (from_only.start, from_only.end) == (dt.date(2024, 3, 1), dt.date(2025, 2, 28))
    to_only = choose_range(SETTINGS, BookOptions(end=dt.date(2024, 2, 29)))
    assert (to_only.start, to_only.end) == (dt.date(2023, 3, 1), dt.date(2024, 2, 29))
    with pytest.raises(ConfigError, match="before --from"):
        choose_range(SETTINGS, BookOptions(start=dt.date(2024, 5, 1), end=dt.date(2024, 3, 31)))


def test_a_calendar_year_given_as_year_n_is_explained() -> None:
    """`--year 2024` once asked for the 2024th year together, "no entries between 4046-06-14
    and 4047-06-13"; now it says what --year counts and how to ask for a calendar year."""
    with pytest.raises(ConfigError) as raised:
        year_range(SETTINGS, 2024)
    assert raised.value.message == (
        "--year 2024: --year counts your years together (--year 1 is the first, from "
        "14 June 2023); for the calendar year 2024, use --from 2024-01-01 --to 2024-12-31"
    )


def test_a_leap_day_couple_has_an_anniversary_every_year() -> None:
    leap = Settings(config_file=None, journal=Path("/j"), together_since=dt.date(2020, 2, 29))
    first = year_range(leap, 1)
    assert (first.start, first.end) == (dt.date(2020, 2, 29), dt.date(2021, 2, 27))


@pytest.mark.parametrize(
    ("pages", "minimum", "multiple", "padding"),
    [(10, 24, 2, 14), (24, 24, 2, 0), (25, 24, 2, 1), (31, 24, 4, 1), (33, 0, 1, 0)],
)
def test_padding_reaches_the_printers_minimum_and_multiple(
    pages: int, minimum: int, multiple: int, padding: int
) -> None:
    assert padding_for(pages, minimum, multiple) == padding


def photo(name: str, entry: Path = Path("/j/e.md")) -> Photo:
    return Photo(path=Path("/j") / name, entry=entry, rel=name)


def entry(kind: str = "experience", photos: tuple[Photo, ...] = (), day: int = 1) -> Entry:
    return Entry(
        source=Path("/j/e.md"),
        rel="e.md",
        slug=f"2024-01-{day:02d}-e",
        date=dt.date(2024, 1, day),
        time=None,
        kind=kind,
        title="T",
        body="",
        body_line=1,
        photos=photos,
        cover=photos[0] if photos else None,
    )


def test_two_landscapes_sit_side_by_side_filling_the_text_width() -> None:
    sizes = {"a.jpg": (3000, 2000), "b.jpg": (3000, 2000)}
    (row,) = photo_rows([photo("a.jpg"), photo("b.jpg")], sizes, SQUARE)
    assert len(row.placements) == 2
    assert row.width_in == pytest.approx(SQUARE.text_width_in, abs=0.001)
    first, second = row.placements
    assert first.height_in == second.height_in
    assert first.width_in / first.height_in == pytest.approx(1.5, abs=0.001)


def test_three_portraits_share_a_row_and_a_tall_photo_is_capped() -> None:
    sizes = {"p1.jpg": (2000, 3000), "p2.jpg": (2000, 3000), "p3.jpg": (2000, 3000)}
    rows = photo_rows([photo(n) for n in sizes], sizes, SQUARE)
    assert [len(r.placements) for r in rows] == [3]
    (tall,) = photo_rows([photo("t.jpg")], {"t.jpg": (1000, 4000)}, SQUARE)
    assert tall.placements[0].height_in <= 0.6 * SQUARE.text_height_in
    assert tall.width_in < SQUARE.text_width_in - GAP_IN


def test_a_hero_bleeds_only_when_close_to_the_page_shape_and_sharp() -> None:
    """A 4:3 photo loses a quarter on a square page: it may fill a full-bleed page. A 16:9
    photo would lose 44%: it opens its entry whole, under the heading, instead."""
    names = ("a.jpg", "b.jpg", "c.jpg")
    four_three = {n: (4000, 3000) for n in names}
    layout = layout_entry(entry(photos=tuple(photo(n) for n in names)), four_three, SQUARE)
    assert layout.bleed is not None and layout.bleed.crop and layout.lead is None
    assert (layout.bleed.width_in, layout.bleed.height_in) == SQUARE.media_in
    assert sum(len(r.placements) for r in layout.rows) == 2
    wide = {n: (3200, 1800) for n in names}
    inline = layout_entry(entry(photos=tuple(photo(n) for n in names)), wide, SQUARE)
    assert inline.bleed is None and inline.lead is not None
    (lead,) = inline.lead.placements
    assert not lead.crop and lead.width_in / lead.height_in == pytest.approx(16 / 9, abs=0.002)
    tiny = {n: (600, 450) for n in names}  # 72 ppi on a whole page: it stays small and whole
    small = layout_entry(entry(photos=tuple(photo(n) for n in names)), tiny, SQUARE)
    assert small.bleed is None and small.lead is not None
    assert small.lead.placements[0].height_in == pytest.approx(450 / MIN_PRINT_PPI, abs=0.001)
    two = layout_entry(entry(photos=(photo("a.jpg"), photo("b.jpg"))), four_three, SQUARE)
    assert two.bleed is None and two.lead is None
    assert crop_loss(4 / 3, 1.0) == pytest.approx(0.25) and crop_loss(16 / 9, 1.0) > 0.4


def test_justified_rows_keep_every_shape_and_fill_the_width() -> None:
    """Mixed phone photos: every photo keeps its aspect ratio, every row but a capped one fills
    the text width, no row is taller than the cap, and no lone small photo is left over."""
    shapes = [(4000, 3000), (3000, 4000), (4000, 2250), (3000, 3000), (2250, 4000), (4000, 3000)]
    sizes = {f"{n}.jpg": size for n, size in enumerate(shapes)}
    rows = photo_rows([photo(n) for n in sizes], sizes, SQUARE)
    placed = [p for row in rows for p in row.placements]
    assert [p.photo.rel for p in placed] == list(sizes)
    for p in placed:
        w, h = sizes[p.photo.rel]
        assert p.width_in / p.height_in == pytest.approx(w / h, rel=0.002)
        assert not p.crop
    for row in rows:
        assert row.placements[0].height_in <= MAX_ROW_SHARE * SQUARE.text_height_in + 1e-6
        assert row.width_in == pytest.approx(SQUARE.text_width_in, abs=0.01)
    assert min(len(row.placements) for row in rows) >= 2


def test_a_wrong_chapter_start_or_paper_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"book.chapter_start 'left' is not one of page, recto"):
        load_settings_from({"book": {"chapter_start": "left"}})
    with pytest.raises(ConfigError, match=r"book.paper 'glossy' is not one of white, cream"):
        load_settings_from({"book": {"paper": "glossy"}})
    book = load_settings_from({"book": {"chapter_start": "recto", "paper": "cream"}}).book
    assert (book.chapter_start, book.paper) == ("recto", "cream")


def test_the_spine_grows_with_the_pages_and_the_paper() -> None:
    white = cover_geometry(SQUARE, 100, "white")
    assert white.spine_in == pytest.approx(0.2252)
    assert cover_geometry(SQUARE, 100, "cream").spine_in == pytest.approx(0.25)
    assert white.media_in == pytest.approx((2 * 8 + 0.2252 + 0.25, 8.25))
    assert not white.spine_text and cover_geometry(SQUARE, 120, "white").spine_text
    assert "spine 0.23 in (100 pages on white paper)" in white.describe()


def test_the_cover_is_the_sharpest_milestone_photo() -> None:
    sizes = {"small.jpg": (400, 300), "big.jpg": (4000, 3000), "m.jpg": (3000, 2000)}
    entries = [
        entry(photos=(photo("small.jpg"),), day=1),
        entry(photos=(photo("big.jpg"),), day=2),
        entry("milestone", photos=(photo("m.jpg"),), day=3),
    ]
    cover = choose_cover(entries, sizes, SQUARE)
    assert cover is not None and cover.rel == "m.jpg"
    assert choose_cover(entries[:2], sizes, SQUARE).rel == "big.jpg"  # type: ignore[union-attr]
    assert [m.name for m in by_month(entries)] == ["January 2024"]


def test_the_fetcher_serves_only_files_under_its_folders(tmp_path: Path) -> None:
    inside = tmp_path / "theme" / "book.css"
    inside.parent.mkdir()
    inside.write_text("p {}", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("no", encoding="utf-8")
    fetcher = LocalFetcher([inside.parent])
    assert fetcher.fetch(inside.as_uri()).read() == b"p {}"
    for url in (outside.as_uri(), "https://example.com/x.jpg", "http://localhost/x.css"):
        with pytest.raises(ValueError, match="only uses files"):
            fetcher.fetch(url)
    assert fetcher.refused == [
        outside.as_uri(),
        "https://example.com/x.jpg",
        "http://localhost/x.css",
    ]


@pytest.mark.parametrize(
    ("body", "words", "signature"),
    [
        ("I miss you.\n\nAlways yours,\nSam", "I miss you.", ("Always yours,", "Sam")),
        ("Thank you.\n\nLove, *Sam*", "Thank you.", ("Love, Sam",)),
        ("Thank you for the soup.", "Thank you for the soup.", ("Sam",)),
        ("Thank you.\n\n— Sam", "Thank you.", ("Sam",)),
    ],
)
def test_every_note_ends_the_same_way(body: str, words: str, signature: tuple[str, ...]) -> None:
    """The writer's own closing, line by line, or their name alone: never both, never neither."""
    assert sign_off(body, "Sam") == (words, signature)


@pytest.mark.parametrize(
    ("body", "is_signed"),
    [
        ("I would choose all of it again.\nSam", True),
        ("Thank you.\n\nLove, *Sam*", True),
        ("Sam made the best soup of the winter and I will never forget it, ever.", False),
        ("Thank you for the soup.", False),
    ],
)
def test_a_note_signed_by_its_writer_gets_no_second_signature(body: str, is_signed: bool) -> None:
    assert signed(body, "Sam") is is_signed


def test_a_pushed_row_shrinks_into_the_room_it_left_but_not_too_far() -> None:
    sizes = {"a.jpg": (3000, 2000), "b.jpg": (3000, 2000)}
    (row,) = photo_rows([photo("a.jpg"), photo("b.jpg")], sizes, SQUARE)
    height = row.placements[0].height_in
    smaller = fit_row(row, room_in=height * 0.8 + 0.26)
    assert smaller is not None
    assert smaller.placements[0].height_in == pytest.approx(height * 0.8, abs=0.001)
    first = smaller.placements[0]
    assert first.width_in / first.height_in == pytest.approx(1.5, abs=0.001)
    assert fit_row(row, room_in=height * 0.4) is None  # better on the next page, full size
    assert fit_row(row, room_in=height * 2) is None  # it fitted already
    layouts = {"e": layout_entry(entry(photos=(photo("a.jpg"), photo("b.jpg"))), sizes, SQUARE)}
    fitted = refit(layouts, {("e", 0): height * 0.8 + 0.26})
    assert fitted["e"].rows[0] == smaller


def test_a_row_that_cannot_shrink_goes_above_the_words_except_in_a_thank_you_note() -> None:
    """Too little room to shrink into: the row goes under the heading, and the words (which can
    break anywhere) run over onto the next page instead. A thank-you note is kept whole on one
    page, so its row stays after it."""
    sizes = {name: (3000, 2000) for name in ("a.jpg", "b.jpg")}
    plain = {"e": layout_entry(entry(photos=(photo("a.jpg"), photo("b.jpg"))), sizes, SQUARE)}
    assert plain["e"].lifted == ()
    fitted = refit(plain, {("e", 0): 0.5})["e"]
    assert fitted.lifted == (0,) and fitted.rows == plain["e"].rows
    note = {"e": layout_entry(entry("gratitude", (photo("a.jpg"), photo("b.jpg"))), sizes, SQUARE)}
    assert refit(note, {("e", 0): 0.5}) == note


def test_a_hero_page_after_a_half_empty_page_comes_inline_instead() -> None:
    names = ("a.jpg", "b.jpg", "c.jpg")
    sizes = {n: (4000, 3000) for n in names}
    layout = layout_entry(entry(photos=tuple(photo(n) for n in names)), sizes, SQUARE)
    assert unbleed(layout, sizes, SQUARE, room_in=1.0) == layout
    inline = unbleed(layout, sizes, SQUARE, room_in=0.9 * SQUARE.text_height_in)
    assert inline.bleed is None and inline.lead is not None and inline.rows == layout.rows
