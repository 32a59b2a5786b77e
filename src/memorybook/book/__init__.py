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
from memorybook.book.cover import (
    CoverGeometry,
    cover_css,
    cover_geometry,
    cover_path,
    front_photo_box,
    mounted_at,
    write_cover,
)
from memorybook.book.geometry import PageGeometry, service_geometry
from memorybook.book.layout import (
    EntryPhotos,
    Placement,
    all_placements,
    choose_cover,
    cover_placement,
    layout_answer,
    layout_entry,
    print_request,
    refit,
    unbleed,
    under_chapter_title,
)
from memorybook.book.numbers import year_in_numbers
from memorybook.book.preflight import BookReport, low_resolution
from memorybook.book.render import (
    HERO_PREFIX,
    ROW_PREFIX,
    LocalFetcher,
    RenderedBook,
    lay_out,
    page_css,
    pushed_rows,
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
    year_range,
)
from memorybook.book.views import Photos, month_view, names, row_of
from memorybook.errors import ConfigError, MemorybookError, Problem
from memorybook.files import lock_cache, write_atomic
from memorybook.journal import Entry, Journal, Photo, load_journal
from memorybook.numbers import tally
from memorybook.photos import PhotoStage, PrintPhoto, PrintRequest
from memorybook.print_services import PrintService, service_named
from memorybook.questions import Answers
from memorybook.resources import theme_dir
from memorybook.settings import Settings
from memorybook.words import format_day, today

__all__ = ["BookOptions", "BookReport", "make_book"]


PRINT_CACHE_DAYS = 60
"""Print renditions no book has used for this long are deleted when a book is made."""


class PrintStage(Protocol):
    """What the book needs from the photo stage (memorybook.photos.PhotoStage)."""

    def dimensions(self, photos: Sequence[Photo]) -> Mapping[str, tuple[int, int]]: ...

    def print(self, requests: Sequence[PrintRequest]) -> tuple[list[PrintPhoto], list[Problem]]: ...

    def prune(self, *, grace_days: float = 0) -> int: ...


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
    fitted = _fit_pushed_rows(plan, document, stage)
    if fitted is not plan:
        plan = fitted
        html, document, fetcher = _lay_out(plan)
    html_path = plan.target.with_suffix(".html") if options.html else None
    rendered = _write(plan, document, fetcher, html, html_path)
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
    layouts: Mapping[str, EntryPhotos]
    """How each entry's photos are placed, by entry slug."""
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


def plan_book(settings: Settings, options: BookOptions, stage: PrintStage) -> BookPlan:
    """Choose the entries, place their photos and make the photos' print renditions."""
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
    entries = select_entries(journal.entries, book_range)
    if not entries:
        raise MemorybookError(_empty_message(journal, book_range))
    photos = [photo for entry in entries for photo in entry.all_photos]
    sizes = stage.dimensions(photos)
    together = answered_together(entries, list(settings.people))
    paired = {entry.slug for answers in together for entry in answers.by.values()}
    layouts = {
        entry.slug: (layout_answer if entry.slug in paired else layout_entry)(entry, sizes, page)
        for entry in entries
    }
    for month in by_month(entries, together):
        first = month.entries[0].slug
        layouts[first] = under_chapter_title(layouts[first], page)
    cover_photo = choose_cover(entries, sizes, page)
    cover = cover_placement(cover_photo, sizes[cover_photo.rel], page) if cover_photo else None
    cover = _clear_of_the_fold(cover, page, service)
    printed, photo_problems = _print(stage, all_placements(list(layouts.values()), cover))
    problems = (*journal.problems, *photo_problems, *_unreadable(photos, sizes))
    return BookPlan(
        settings,
        page,
        book_range,
        entries,
        layouts,
        cover,
        sizes,
        printed,
        problems,
        target,
        together=together,
        service=service,
    )


def _lay_out(plan: BookPlan) -> tuple[str, Any, LocalFetcher]:
    """The print HTML and WeasyPrint's layout of it (with the fetcher, which saw every URL)."""
    html = render_html(_templates(), _context(plan))
    fetcher = LocalFetcher([_templates(), plan.settings.cache_dir])
    return html, lay_out(html, _templates(), fetcher), fetcher


def _fit_pushed_rows(plan: BookPlan, document: Any, stage: PrintStage) -> BookPlan:
    """The plan with photo rows that jumped to the next page shrunk into the room they left (or
    lifted above their words), and hero pages that follow a half-empty page brought inline; or
    the same plan when nothing changed (a second layout pass is only paid for when it helps)."""
    pushed = pushed_rows(document, plan.page)
    rooms = {
        row_of(anchor): room for anchor, room in pushed.items() if anchor.startswith(ROW_PREFIX)
    }
    layouts = refit(plan.layouts, rooms)
    for anchor, room in pushed.items():
        if anchor.startswith(HERO_PREFIX):
            slug = anchor.removeprefix(HERO_PREFIX)
            layouts[slug] = unbleed(layouts[slug], plan.sizes, plan.page, room)
    if layouts == dict(plan.layouts):
        return plan
    printed, photo_problems = _print(stage, all_placements(list(layouts.values()), plan.cover))
    known = set(plan.problems)
    problems = (*plan.problems, *(p for p in photo_problems if p not in known))
    return replace(plan, layouts=layouts, printed=printed, problems=problems)


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
            raise MemorybookError("give either --year or --from/--to, not both")
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
    photos = Photos(plan.printed)
    together = {entry.slug: answers for answers in plan.together for entry in answers.by.values()}
    return {
        "title": settings.book.title or book_range.subtitle,
        "subtitle": book_range.subtitle,
        "names": couple,
        "span": book_range.span,
        "span_days": f"{format_day(book_range.start)} – {format_day(book_range.end)}",
        "made_on": book_range.end.isoformat(),
        "colophon": f"{couple}: {len(plan.entries)} memories, as we wrote them down.",
        "months": [
            month_view(month, plan.layouts, photos, settings, together, plan.page)
            for month in by_month(plan.entries, plan.together)
        ],
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
        raise MemorybookError(
            f"cannot write the cover to {target}: {exc.strerror or exc}"
        ) from None
    return cover


def _write(
    plan: BookPlan, document: Any, fetcher: LocalFetcher, html: str, html_path: Path | None
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
            minimum=max(book.min_pages, plan.service.min_pages),
            multiple=math.lcm(book.page_multiple, plan.service.page_multiple),
            target=plan.target,
            service=plan.service,
        )
    except OSError as exc:
        message = f"cannot write the book to {plan.target}: {exc.strerror or exc}"
        raise MemorybookError(message) from None


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
    )


def _templates() -> Path:
    """The book's templates, print CSS, fonts and ornaments."""
    return theme_dir() / "book"


def _output(settings: Settings, options: BookOptions, book_range: BookRange) -> Path:
    """The PDF's path: `-o`, else named after the range beside mkdocs.yml; never in the journal."""
    name = f"anniversary-book-{book_range.start}-to-{book_range.end}.pdf"
    target = (options.output or settings.project_dir / name).resolve()
    if target.is_relative_to(settings.journal):
        raise MemorybookError(
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
