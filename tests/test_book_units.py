"""The book's pure parts: page sizes, the year a book covers, photo layout, padding, fetching."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from memorybook.book import BookOptions, choose_range
from memorybook.book.cover import cover_geometry
from memorybook.book.frame import Frame
from memorybook.book.geometry import SAFETY_IN, PageGeometry, page_geometry, parse_size
from memorybook.book.layout import (
    GAP_IN,
    MIN_PRINT_PPI,
    bands,
    bleeds,
    choose_cover,
    compose,
    crop_loss,
)
from memorybook.book.render import LocalFetcher, padding_for
from memorybook.book.selection import by_month, default_range, year_range
from memorybook.book.spreads import OPENING_IN, Unit, plan
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


def test_two_landscapes_fill_the_box_one_above_the_other() -> None:
    """Two 3:2 photos in a square box: stacked, full width (side by side they would be strips
    a third of the box high); each keeps its shape; the block is centred."""
    sizes = {"a.jpg": (3000, 2000), "b.jpg": (3000, 2000)}
    block = compose([photo("a.jpg"), photo("b.jpg")], sizes, 6.5, 6.8)
    assert block is not None
    first, second = block.placements
    assert first.width_in == pytest.approx(second.width_in) and first.x_in == second.x_in
    assert second.y_in == pytest.approx(first.y_in + first.height_in + GAP_IN, abs=0.001)
    assert first.width_in / first.height_in == pytest.approx(1.5, abs=0.002)
    assert block.shape == "two-up" and block.coverage > 0.6


def test_a_slicing_tree_keeps_every_shape_and_order_and_fills_its_box() -> None:
    """Mixed phone photos: every photo keeps its aspect ratio and the order, none overlaps
    another or leaves the box, the box is filled along one side at least."""
    shapes = [(4000, 3000), (3000, 4000), (4000, 2250)]
    sizes = {f"{n}.jpg": size for n, size in enumerate(shapes)}
    block = compose([photo(n) for n in sizes], sizes, 6.5, 6.8)
    assert block is not None
    placed = block.placements
    assert [p.photo.rel for p in placed] == list(sizes)
    for p in placed:
        w, h = sizes[p.photo.rel]
        assert p.width_in / p.height_in == pytest.approx(w / h, rel=0.003)
        assert p.x_in >= -1e-3 and p.y_in >= -1e-3
        assert p.x_in + p.width_in <= 6.5 + 1e-3 and p.y_in + p.height_in <= 6.8 + 1e-3
        assert not p.crop
    for a in placed:
        for b in placed:
            if a is not b:
                apart_x = (
                    a.x_in + a.width_in <= b.x_in + 1e-3 or b.x_in + b.width_in <= a.x_in + 1e-3
                )
                apart_y = (
                    a.y_in + a.height_in <= b.y_in + 1e-3 or b.y_in + b.height_in <= a.y_in + 1e-3
                )
                assert apart_x or apart_y
    right = max(p.x_in + p.width_in for p in placed) - min(p.x_in for p in placed)
    bottom = max(p.y_in + p.height_in for p in placed) - min(p.y_in for p in placed)
    assert right == pytest.approx(6.5, abs=0.01) or bottom == pytest.approx(6.8, abs=0.01)
    again = compose([photo(n) for n in sizes], sizes, 6.5, 6.8)
    assert again == block  # deterministic


def _apart(a: float, a_size: float, b: float, b_size: float) -> bool:
    return a + a_size <= b + 1e-3 or b + b_size <= a + 1e-3


def test_a_photo_never_prints_larger_than_it_is_sharp_nor_smaller_than_asked() -> None:
    tiny = {"t.jpg": (600, 450)}
    block = compose([photo("t.jpg")], tiny, 6.5, 6.8, least=1.0)
    assert block is not None
    assert block.placements[0].height_in == pytest.approx(450 / MIN_PRINT_PPI, abs=0.001)
    assert compose([photo("t.jpg")], tiny, 6.5, 6.8, least=3.5) is None
    many = {f"{n}.jpg": (4000, 3000) for n in range(4)}
    assert compose([photo(n) for n in many], many, 6.5, 3.0, least=2.25) is None


def test_a_photo_bleeds_only_when_close_to_the_page_shape_and_sharp() -> None:
    """A 4:3 photo loses a quarter on a square page: it may fill a full-bleed page. A 16:9
    photo would lose 44%; a small one would print blurry, and one that would print soft
    (below the preflight's 300 ppi: a 2250 x 3000 photo cropped to 8.25 in) goes whole on a
    page instead."""
    assert bleeds((4000, 3000), SQUARE)
    assert not bleeds((3200, 1800), SQUARE)
    assert not bleeds((600, 450), SQUARE)
    assert not bleeds((2250, 3000), SQUARE) and bleeds((2250, 3000), SQUARE, ppi=250)
    assert crop_loss(4 / 3, 1.0) == pytest.approx(0.25) and crop_loss(16 / 9, 1.0) > 0.4


def test_an_entrys_photos_come_with_its_words_and_fill_the_page() -> None:
    """A short entry with a photo: one page, the photo filling the room its words leave; a
    thank-you note's photos come after its card."""
    sizes = {"a.jpg": (3000, 2000)}
    frame = Frame(SQUARE, sizes)
    walk = Unit("e-walk", 1.2, (photo("a.jpg"),))
    sheets, last = plan([("m-2024-01", (walk,))], frame, first_page=4)
    assert last == 4
    (sheet,) = sheets
    kinds = [item.kind for item in sheet.items]
    assert kinds[0] == "opening" and sorted(kinds[1:]) == ["photos", "words"]
    block = next(item.block for item in sheet.items if item.kind == "photos")
    assert block is not None
    assert block.height_in + 1.2 + 1.45 <= SQUARE.text_height_in
    assert block.height_in >= SQUARE.text_height_in - 1.2 - 1.45 - 0.5
    note = Unit("e-thanks", 1.2, (photo("a.jpg"),), whole=True, photos_after=True)
    (sheet,), _ = plan([("m-2024-01", (note,))], frame, first_page=4)
    assert [item.kind for item in sheet.items] == ["opening", "words", "photos"]


def test_a_long_entrys_photos_face_its_words() -> None:
    """Words too long to share their page: the photos on a page of their own, on the words'
    spread (pages 2n and 2n + 1), never a page of words between."""
    sizes = {n: (3000, 2000) for n in ("a.jpg", "b.jpg", "c.jpg")}
    frame = Frame(SQUARE, sizes)
    before = Unit("e-before", 3.0, ())
    long = Unit("e-long", 5.5, tuple(photo(n) for n in sizes))
    sheets, _ = plan([("m-2024-01", (before, long))], frame, first_page=4)
    pages: dict[str, list[int]] = {"words": [], "photos": []}
    page = 3
    for sheet in sheets:
        page += 1
        for item in sheet.items:
            if item.key == "e-long" and item.kind in pages:
                pages[item.kind].append(page)
    assert pages["photos"] and all(abs(p - pages["words"][0]) <= 2 for p in pages["photos"])


def test_the_plan_counts_the_blank_page_a_recto_chapter_adds() -> None:
    """`chapter_start: recto`: a month ending on a recto leaves the verso after it blank (CSS
    `break-before: right`); the plan counts it, so its spreads are the book's (before, every
    page after it was off by one: photos meant to face their words came overleaf)."""
    frame = Frame(SQUARE, {})
    one, two = Unit("e-one", 3.5, ()), Unit("e-two", 3.5, ())  # each more than half a page
    chapters = [("m-2024-01", (one,)), ("m-2024-02", (two,))]
    _sheets, last = plan(chapters, frame, first_page=5, chapter_start="recto")
    assert last == 7  # January on 5, a blank 6, February on 7
    _sheets, last = plan(chapters, frame, first_page=5, chapter_start="page")
    assert last == 6


def test_a_wide_photo_alone_on_its_page_crosses_it_edge_to_edge() -> None:
    """A landscape photo too wide to fill a square page without losing a third of it, sharp
    enough at the page's full width: a band, whole, bleeding off both sides, centred up and
    down; soft at that width, or close to the page's shape, it is not."""
    assert bands((3000, 2000), SQUARE) and bands((3840, 2160), SQUARE)
    assert not bands((2000, 1333), SQUARE)  # 242 ppi across 8.25 in
    assert not bands((3000, 2400), SQUARE) and not bands((2000, 3000), SQUARE)
    sizes = {"wide.jpg": (3000, 2000), "tall.jpg": (2000, 3000)}
    frame = Frame(SQUARE, sizes)
    full = SQUARE.text_height_in - OPENING_IN - 0.05  # its words fill their page
    walk = Unit("e-walk", full, (photo("wide.jpg"), photo("tall.jpg")))
    sheets, _ = plan([("m-2024-01", (walk,))], frame, first_page=4)
    found = [item for sheet in sheets for item in sheet.items if item.kind == "band"]
    assert len(found) == 1 and found[0].hero is not None
    wide = found[0].hero
    assert wide.photo.rel == "wide.jpg" and not wide.crop
    assert wide.width_in == SQUARE.media_in[0]
    assert wide.height_in == pytest.approx(wide.width_in * 2 / 3, abs=0.001)
    assert wide.y_in == pytest.approx((SQUARE.height_in - wide.height_in) / 2, abs=0.001)


def test_a_frame_made_from_another_plans_as_a_fresh_one_would() -> None:
    """The layout remembers the pages of photos it worked out for a frame (every plan in
    the beam asks again); a roomier frame made from it for a short year starts afresh."""
    sizes = {f"{n}.jpg": (3000, 2000) for n in "abcd"}
    full = SQUARE.text_height_in - OPENING_IN - 0.05
    chapters = [("m-2024-01", (Unit("e-many", full, tuple(photo(n) for n in sizes)),))]
    frame = Frame(SQUARE, sizes)
    plan(chapters, frame, first_page=4)
    roomier = dataclasses.replace(frame, max_photos=1, page_cost=0.0)
    fresh = Frame(SQUARE, sizes, max_photos=1, page_cost=0.0)
    assert plan(chapters, roomier, first_page=4) == plan(chapters, fresh, first_page=4)


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
