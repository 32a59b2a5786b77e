"""The anniversary book: a print-ready PDF of a year together, made with WeasyPrint.

The stages: choose the entries (selection), size every photo on the page
(layout), make print renditions of exactly those sizes (the photo stage),
write the print HTML and lay it out into a padded PDF (render), and report
what a print service will care about (preflight).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from memorybook import safety
from memorybook.book.clips import clip_addresses, clip_note
from memorybook.book.cover import (
    CoverGeometry,
    cover_css,
    cover_geometry,
    cover_path,
    front_photo_box,
    mounted_at,
    write_cover,
)
from memorybook.book.extras import extra_pages
from memorybook.book.frame import Frame
from memorybook.book.geometry import PageGeometry, service_geometry
from memorybook.book.layout import (
    Placement,
    choose_cover,
    cover_placement,
    print_request,
    readable,
)
from memorybook.book.measure import body_start, measured_heights
from memorybook.book.numbers import year_in_numbers
from memorybook.book.preflight import BookReport, low_resolution
from memorybook.book.render import (
    LocalFetcher,
    RenderedBook,
    lay_out,
    padding_for,
    page_css,
    render_html,
    write_pdf,
)
from memorybook.book.selection import (
    BookRange,
    answered_together,
    by_month,
    default_range,
    explicit_range,
    select_entries,
    told_together,
    year_range,
)
from memorybook.book.spreads import Sheet, Unit, placements
from memorybook.book.spreads import plan as plan_pages
from memorybook.book.views import (
    EntryView,
    MonthView,
    PairView,
    Photos,
    month_view,
    names,
    sheet_views,
    unit_of,
)
from memorybook.errors import ConfigError, MemorybookError, Problem
from memorybook.files import lock_cache, write_atomic
from memorybook.framing import Framing
from memorybook.journal import Entry, Journal, Photo, load_journal
from memorybook.numbers import tally
from memorybook.photos import PhotoStage, PrintPhoto, PrintRequest
from memorybook.print_services import PrintService, service_named
from memorybook.questions import Answers
from memorybook.resources import theme_dir
from memorybook.settings import Settings
from memorybook.words import format_day, today

__all__ = ["BookOptions", "BookReport", "make_book"]


REPLANS = 2
"""Layouts made again with the heights WeasyPrint measured, at most (each pass moves fewer
page breaks; a book whose plan no longer changes stops early)."""
PRINT_CACHE_DAYS = 60
"""Print renditions no book has used for this long are deleted when a book is made."""


class PrintStage(Protocol):
    """What the book needs from the photo stage (memorybook.photos.PhotoStage)."""

    def dimensions(self, photos: Sequence[Photo]) -> Mapping[str, tuple[int, int]]: ...

    def print(self, requests: Sequence[PrintRequest]) -> tuple[list[PrintPhoto], list[Problem]]: ...

    def prune(self, *, grace_days: float = 0) -> int: ...

    def framings(self, photos: Sequence[Photo]) -> Mapping[str, Framing]: ...


@dataclass(frozen=True)
class BookOptions:
    """One `memorybook book` run; None means the setting from mkdocs.yml (or its default)."""

    year: int | None = None
    """The Nth year together (1 = the first)."""
    start: dt.date | None = None
    """`--from`: the first day in the book."""
    end: dt.date | None = None
    """`--to`: the last day in the book."""
    size: str | None = None
    bleed: str | None = None
    include_private: bool = False
    check_ins: bool = False
    """`--check-ins`: the check-ins too (a book leaves them out unless asked)."""
    output: Path | None = None
    """The PDF to write; default `anniversary-book-<start>-to-<end>.pdf` beside mkdocs.yml."""
    html: bool = False
    """Also write the print HTML beside the PDF, for a browser's print dialog."""
    chapter_start: str | None = None
    """`page`, `recto` or `continuous` (see `BookSettings.chapter_start`)."""
    paper: str | None = None
    """`white`, `cream` or `colour`: the spine's width depends on it."""
    service: str | None = None
    """`--service`: the print service whose specification the files follow."""
    today: dt.date | None = None
    """The day the default range is counted back from (tests pin it)."""


def make_book(
    settings: Settings, options: BookOptions, *, stage: PrintStage | None = None
) -> BookReport:
    """Make the book's PDF for the chosen range and return its preflight report.

    A build or another book of the same project writing the photo cache at the same time
    is waited for (the cache's lock), as a second build waits for the first."""
    safety.check_cache_dir(settings)  # before the lock file goes into it
    lock = lock_cache(settings.cache_dir)
    try:
        return _make_book(settings, options, stage)
    finally:
        lock.release()


def _make_book(settings: Settings, options: BookOptions, stage: PrintStage | None) -> BookReport:
    stage = stage or PhotoStage(settings)
    plan = plan_book(settings, options, stage)
    html, document, fetcher = _lay_out(plan)
    for _ in range(REPLANS):
        measured = replan(plan, document, stage)
        if measured is plan:
            break
        plan = measured
        html, document, fetcher = _lay_out(plan)
    html_path = plan.target.with_suffix(".html") if options.html else None
    extras = _extras(plan, len(document.pages), fetcher, stage)
    rendered = _write(plan, document, fetcher, html, html_path, extras)
    cover = _write_cover(plan, rendered.pages)
    stage.prune(grace_days=PRINT_CACHE_DAYS)
    return _report(plan, rendered, html_path, cover)


@dataclass(frozen=True)
class BookPlan:
    """Everything decided before the book is laid out: what goes in it, where, and at what size."""

    settings: Settings
    page: PageGeometry
    book_range: BookRange
    entries: tuple[Entry, ...]
    months: tuple[MonthView, ...]
    """The chapters' words, as the template shows them."""
    units: tuple[tuple[str, tuple[Unit, ...]], ...]
    """What the layout step places, chapter by chapter (month anchor, units)."""
    sheets: tuple[Sheet, ...]
    """The layout step's pages: what starts each, in order."""
    cover: Placement | None
    sizes: Mapping[str, tuple[int, int]]
    """Every readable photo's size in pixels, upright."""
    printed: Mapping[PrintRequest, PrintPhoto]
    """The print rendition made for every placement."""
    problems: tuple[Problem, ...]
    target: Path
    """The PDF to write."""
    together: tuple[Answers, ...] = ()
    """Questions whose every answer is in the book: set together, where the last one falls."""
    service: PrintService = field(default_factory=lambda: service_named(None))
    """The print service whose specification the files follow."""
    first_page: int = 4
    """The page the body is planned to start on (after the title, colophon and contents)."""
    dates: Mapping[Path, dt.date] = field(default_factory=dict)
    """Every entry's date by its file, the book's or not: the order its problems are told in."""
    addresses: Mapping[Photo, str] = field(default_factory=dict)
    """Each clip's address on the site, which its QR code opens (`clips.clip_addresses`)."""

    @property
    def min_pages(self) -> int:
        """The fewest pages the book may have: the couple's setting or the service's minimum."""
        return max(self.settings.book.min_pages, self.service.min_pages)

    @property
    def page_multiple(self) -> int:
        """The page count is a multiple of this: of the couple's setting and the service's."""
        return math.lcm(self.settings.book.page_multiple, self.service.page_multiple)


def plan_book(settings: Settings, options: BookOptions, stage: PrintStage) -> BookPlan:
    """Choose the entries, lay out their pages and make the photos' print renditions."""
    settings = _with_options(settings, options)
    service = service_named(settings.book.service)
    if settings.book.crop_marks and not service.any_size:
        raise ConfigError(f"{service.name} takes no crop marks; leave out --crop-marks")
    page = service_geometry(
        service, options.size or settings.book.size or None, options.bleed or settings.book.bleed
    )
    journal = load_journal(
        settings, include_private=options.include_private, as_of=options.today or today()
    )
    book_range = choose_range(settings, options)
    target = _output(settings, options, book_range)
    pool = journal.entries + (journal.check_ins if options.check_ins else ())
    entries = select_entries(sorted(pool, key=lambda e: e.sort_key), book_range)
    if not entries:
        raise MemorybookError(_empty_message(journal, book_range))
    told = told_together(journal, entries)
    photos = [photo for group in told.values() for entry in group[1:] for photo in entry.all_photos]
    photos = [photo for entry in entries for photo in entry.all_photos] + photos
    sizes = stage.dimensions(photos)
    together = answered_together(entries, list(settings.people))
    answer_sets = {entry.slug: answers for answers in together for entry in answers.by.values()}
    months = tuple(
        month_view(month, settings, answer_sets, page, told)
        for month in by_month(entries, together)
    )
    by_slug = {entry.slug: entry for entry in entries}
    units = tuple(
        (
            month.anchor,
            tuple(_unit(view, by_slug, answer_sets, told, sizes, page) for view in month.entries),
        )
        for month in months
    )
    cover_photo = choose_cover(entries, sizes, page)
    cover = cover_placement(cover_photo, sizes[cover_photo.rel], page) if cover_photo else None
    cover = _clear_of_the_fold(cover, page, service)
    base = BookPlan(
        settings,
        page,
        book_range,
        entries,
        months,
        units,
        (),
        cover,
        sizes,
        {},
        (*journal.problems, *_unreadable(photos, sizes)),
        target,
        together=together,
        service=service,
        first_page=4 + _contents_pages(months, page),
        dates={entry.source: entry.date for entry in journal.entries},
        addresses=clip_addresses(settings, [*entries, *(e for g in told.values() for e in g)]),
    )
    return _laid(base, stage)


def _unit(
    view: EntryView | PairView,
    by_slug: Mapping[str, Entry],
    answer_sets: Mapping[str, Answers],
    told: Mapping[str, Sequence[Entry]],
    sizes: Mapping[str, tuple[int, int]],
    page: PageGeometry,
) -> Unit:
    """An entry (or a question's answers, or a day's tellings) as the layout step sees it."""
    if isinstance(view, PairView):
        slug = view.answers[0].anchor.removeprefix("e-")
        group = told[slug] if slug in told else tuple(answer_sets[slug].by.values())
        photos = [p for entry in group for p in readable(entry, sizes)]
        return unit_of(view, photos, page, hero=False)
    entry = by_slug[view.anchor.removeprefix("e-")]
    photos = readable(entry, sizes)
    hero = entry.kind == "milestone" or len(photos) >= HERO_MIN_PHOTOS
    return unit_of(view, photos, page, hero=hero)


SHORT_YEAR_PAGE_COSTS = (-0.6, -0.3, 0.0, 0.3, 0.6, 1.0)
"""What a page costs the layout of a year too short for the printer's minimum, tried from the
cheapest (photos on pages of their own, larger) to the usual: the first plan within the
minimum is kept, so a short year fills the pages it must print with its photos."""
HERO_MIN_PHOTOS = 2
"""An entry with this many photos may open on a full-bleed hero (a milestone always may)."""


TOC_LINE_IN = 0.19
"""A contents line's height, about (its month lines are larger, with room above)."""
TOC_DENSE_LINE_IN = 0.16
"""A line of the closer-set contents, chosen when it keeps them on one page."""


def _contents_lines(months: Sequence[MonthView]) -> float:
    return sum(1.5 + len(month.entries) for month in months) + 4


def _dense_contents(months: Sequence[MonthView], page: PageGeometry) -> bool:
    """True when the contents would turn over by a few lines, which setting them a little
    closer keeps on one page (two lines alone on a page overleaf look like a mistake)."""
    lines, room = _contents_lines(months), page.text_height_in - 0.6
    return lines * TOC_LINE_IN > room >= lines * TOC_DENSE_LINE_IN


def _contents_pages(months: Sequence[MonthView], page: PageGeometry) -> int:
    """The pages the contents take, estimated."""
    if _dense_contents(months, page):
        return 1
    return max(1, math.ceil(_contents_lines(months) * TOC_LINE_IN / (page.text_height_in - 0.6)))


def _laid(plan: BookPlan, stage: PrintStage) -> BookPlan:
    """The plan with its pages laid out and their photos printed: roomier pages of photos
    when the year is too short for the printer's minimum (larger photos, not blank pages)."""
    frame = Frame(plan.page, plan.sizes, ppi=plan.settings.photos.print_ppi)
    start = plan.settings.book.chapter_start
    sheets, last = plan_pages(plan.units, frame, plan.first_page, start)
    for cost in SHORT_YEAR_PAGE_COSTS if last < plan.min_pages else ():
        roomier = replace(frame, max_photos=2, page_cost=cost)
        found = plan_pages(plan.units, roomier, plan.first_page, start)
        if found[1] <= plan.min_pages or cost == SHORT_YEAR_PAGE_COSTS[-1]:
            sheets, last = found
            break
    placed = [*placements(sheets), *([plan.cover] if plan.cover else [])]
    printed, photo_problems = _print(stage, placed)
    known = set(plan.problems)
    problems = (*plan.problems, *(p for p in photo_problems if p not in known))
    return replace(plan, sheets=sheets, printed=printed, problems=problems)


def replan(plan: BookPlan, document: Any, stage: PrintStage) -> BookPlan:
    """The plan made again with the words' heights and the body's first page as WeasyPrint
    set them, when they differ from the estimates enough to matter; else the same plan."""
    heights = measured_heights(document, plan.page)
    first = body_start(document) or plan.first_page
    units = tuple(
        (anchor, tuple(_remeasured(unit, heights) for unit in chapter))
        for anchor, chapter in plan.units
    )
    if units == plan.units and first == plan.first_page:
        return plan
    again = _laid(replace(plan, units=units, first_page=first), stage)
    return again if again.sheets != plan.sheets else plan


def _remeasured(unit: Unit, heights: Mapping[str, float]) -> Unit:
    height = heights.get(unit.key)
    if height is None or abs(height - unit.words_in) < 0.08:
        return unit
    return replace(unit, words_in=round(height, 3))


def _lay_out(plan: BookPlan) -> tuple[str, Any, LocalFetcher]:
    """The print HTML and WeasyPrint's layout of it (with the fetcher, which saw every URL)."""
    html = render_html(_templates(), _context(plan))
    fetcher = LocalFetcher([_templates(), plan.settings.cache_dir])
    return html, lay_out(html, _templates(), fetcher), fetcher


def _extras(plan: BookPlan, pages: int, fetcher: LocalFetcher, stage: PrintStage) -> list[Any]:
    """Designed pages where the printer needs more than the year fills (never blanks); the
    mosaic's square tiles keep each photo's faces (`framing`)."""
    count = padding_for(pages, plan.min_pages, plan.page_multiple)
    if not count:
        return []
    context = _context(plan)
    framings = stage.framings([p.photo for p in placements(plan.sheets)])
    photos = Photos(plan.printed, plan.addresses)
    return extra_pages(_templates(), context, photos, plan, count, fetcher, framings)


def _with_options(settings: Settings, options: BookOptions) -> Settings:
    """The settings with the command line's book options in place of mkdocs.yml's."""
    book = settings.book
    return replace(
        settings,
        book=replace(
            book,
            chapter_start=options.chapter_start or book.chapter_start,
            paper=options.paper or book.paper,
            service=options.service or book.service,
        ),
    )


def choose_range(settings: Settings, options: BookOptions) -> BookRange:
    """The days the book covers, from `--year`, `--from`/`--to`, or the last full year."""
    if options.year is not None:
        if options.start or options.end:
            raise ConfigError("give either --year or --from/--to, not both")
        return year_range(settings, options.year)
    if options.start or options.end:
        return explicit_range(options.start, options.end)
    return default_range(settings, options.today or today())


def _print(
    stage: PrintStage, placements: Sequence[Placement]
) -> tuple[dict[PrintRequest, PrintPhoto], list[Problem]]:
    requests = list(dict.fromkeys(print_request(p) for p in placements))
    printed, problems = stage.print(requests)
    return {p.request: p for p in printed}, problems


def _context(plan: BookPlan) -> dict[str, Any]:
    """Everything the template shows, as plain values."""
    settings, book_range = plan.settings, plan.book_range
    couple = names(list(settings.people), settings) or settings.site_name
    photos = Photos(plan.printed, plan.addresses)
    return {
        "title": settings.book.title or book_range.subtitle,
        "subtitle": book_range.subtitle,
        "names": couple,
        "span": book_range.span,
        "span_days": f"{format_day(book_range.start)} – {format_day(book_range.end)}",
        "made_on": book_range.end.isoformat(),
        "colophon": f"{couple}: {len(plan.entries)} memories, as we wrote them down.",
        "months": plan.months,
        "dense_contents": _dense_contents(plan.months, plan.page),
        "sheets": sheet_views(plan.sheets, plan.months, photos),
        "numbers": year_in_numbers(plan.entries, book_range, settings),
        "stylesheet": (_templates() / "book.css").as_uri(),
        "page_css": page_css(plan.page, settings.book.crop_marks, settings.book.chapter_start),
    }


def _write_cover(plan: BookPlan, pages: int) -> CoverGeometry:
    """The wraparound cover beside the interior, its spine measured for the interior's pages."""
    settings, book_range = plan.settings, plan.book_range
    cover = cover_geometry(plan.page, pages, settings.book.paper, plan.service)
    couple = names(list(settings.people), settings) or settings.site_name
    count = len(plan.entries)
    context = {
        "title": settings.book.title or book_range.subtitle,
        "names": couple,
        "span": book_range.span,
        "made_on": book_range.end.isoformat(),
        "back_line": f"{count} {'memory' if count == 1 else 'memories'} of {couple}, "
        "as we wrote them down.",
        "photo": Photos(plan.printed).view(plan.cover),
        "mounted": _mounted(plan.cover, cover),
        "spine_text": cover.spine_text,
        "stylesheet": (_templates() / "cover.css").as_uri(),
        "cover_css": cover_css(cover),
    }
    html = render_html(_templates(), context, "cover.html.j2")
    fetcher = LocalFetcher([_templates(), plan.settings.cache_dir])
    target = cover_path(plan.target)
    try:
        write_cover(html, _templates(), fetcher, target, cover)
    except OSError as exc:
        raise ConfigError(f"cannot write the cover to {target}: {exc.strerror or exc}") from None
    return cover


def _write(
    plan: BookPlan,
    document: Any,
    fetcher: LocalFetcher,
    html: str,
    html_path: Path | None,
    extras: Sequence[Any] = (),
) -> RenderedBook:
    """Write the print HTML (if asked) and the padded PDF."""
    book = plan.settings.book
    try:
        if html_path:
            write_atomic(html_path, html.encode("utf-8"))
        return write_pdf(
            document,
            fetcher=fetcher,
            page=plan.page,
            crop_marks=book.crop_marks,
            minimum=plan.min_pages,
            multiple=plan.page_multiple,
            target=plan.target,
            service=plan.service,
            extras=extras,
        )
    except OSError as exc:
        message = f"cannot write the book to {plan.target}: {exc.strerror or exc}"
        raise ConfigError(message) from None


def _mounted(photo: Placement | None, cover: CoverGeometry) -> dict[str, float] | None:
    """Where a cover photo too small to bleed sits: centred on the front panel, near its top."""
    if photo is None or photo.crop:
        return None
    return mounted_at((photo.width_in, photo.height_in), cover)


def _clear_of_the_fold(
    cover: Placement | None, page: PageGeometry, service: PrintService
) -> Placement | None:
    """A cover photo that bleeds is cut to the front panel's photo box, which keeps clear of
    the spine fold (and a case's hinge) and runs out over the wrap where there is one."""
    if cover is None or not cover.crop:
        return cover
    width, height = front_photo_box(page, service)
    return replace(cover, width_in=width, height_in=height)


def _report(
    plan: BookPlan, rendered: RenderedBook, html_path: Path | None, cover: CoverGeometry
) -> BookReport:
    """The preflight: the PDF's facts, photos below the target resolution, every problem."""
    refused = [_refused(url, plan.entries, plan.settings) for url in rendered.refused]
    placed = tuple(plan.printed.values())
    target_ppi = plan.settings.photos.print_ppi
    return BookReport(
        pdf=plan.target,
        html=html_path,
        page=plan.page,
        book_range=plan.book_range,
        entries=len(plan.entries),
        pages=rendered.pages,
        padding=rendered.padding,
        photos=placed,
        low_resolution=low_resolution(placed, target_ppi),
        problems=(*plan.problems, *refused),
        target_ppi=target_ppi,
        shown=tally(plan.entries).photos,
        cover=cover_path(plan.target),
        cover_geometry=cover,
        dates=plan.dates,
        clips=clip_note(placed, plan.addresses, plan.settings.site_url),
    )


def _templates() -> Path:
    """The book's templates, print CSS, fonts and ornaments."""
    return theme_dir() / "book"


def _output(settings: Settings, options: BookOptions, book_range: BookRange) -> Path:
    """The PDF's path: `-o`, else named after the range beside mkdocs.yml; never in the journal."""
    name = f"anniversary-book-{book_range.start}-to-{book_range.end}.pdf"
    target = (options.output or settings.project_dir / name).resolve()
    if target.is_relative_to(settings.journal):
        raise ConfigError(
            f"{target}: the book is never written into the journal folder; choose another with -o"
        )
    return target


def _unreadable(photos: Sequence[Photo], sizes: Mapping[str, tuple[int, int]]) -> list[Problem]:
    """Photos the stage could not read: left out of the book, and said so."""
    missing = {p.rel: p for p in photos if p.rel not in sizes}
    return [
        Problem(p.entry, p.line, f"photo {p.rel} could not be read; it is left out of the book")
        for p in missing.values()
    ]


def _refused(url: str, entries: Sequence[Entry], settings: Settings) -> Problem:
    """A URL the book would not fetch, reported against the entry that names it."""
    source = next((e for e in entries if url in e.body), None)
    return Problem(
        source.source if source else settings.journal,
        None,
        f"the book does not fetch {url}",
        hint="put the image in the entry's folder and list it under photos:",
        severity="warning",
    )


def _empty_message(journal: Journal, book_range: BookRange) -> str:
    years = sorted({e.date.year for e in journal.entries})
    found = f"the journal has entries in {', '.join(map(str, years))}" if years else "no entries"
    return (
        f"no entries between {book_range.start} and {book_range.end} ({found}); "
        "choose the year with --year N or the days with --from DATE --to DATE"
    )
