"""The book's print HTML (Jinja2) and its PDF (WeasyPrint), fetching nothing but local files."""

from __future__ import annotations

import contextlib
import logging
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import weasyprint
from PIL import ImageFile
from weasyprint.urls import URLFetcher, URLFetcherResponse

from memorybook.book.geometry import SAFETY_IN, PageGeometry
from memorybook.book.layout import photo_margins
from memorybook.book.pdfx import pdf_options
from memorybook.book.textfit import measure_in
from memorybook.files import write_atomic
from memorybook.print_services import PrintService, check_pages

# Importing WeasyPrint makes Pillow half-load truncated images in the whole process; the photo
# stage must keep refusing damaged photos (the renditions WeasyPrint reads are never truncated).
ImageFile.LOAD_TRUNCATED_IMAGES = False

TEMPLATE = "book.html.j2"
CSS_PX_PER_IN = 96
_BLANK_PAGE = "<!doctype html><html><head><style>{css}</style></head><body></body></html>"


class LocalFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint's fetcher restricted to files under a few folders (and data: URIs).

    The book must be made offline and must not leak what is in it, so every
    other URL is refused and remembered for the preflight report.
    """

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = _local_path(url)
        if path is None or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"the book only uses files of the theme and the photo cache: {url}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})


def _local_path(url: str) -> Path | None:
    if not url.startswith("file:"):
        return None
    return Path(urllib.request.url2pathname(url.split("?")[0].removeprefix("file:"))).resolve()


def _mime(path: Path) -> str:
    return {
        ".css": "text/css",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".otf": "font/otf",
        ".ttf": "font/ttf",
    }.get(path.suffix.lower(), "application/octet-stream")


def render_html(template_dir: Path, context: dict[str, Any], template: str = TEMPLATE) -> str:
    """The print HTML of the whole book (or of its cover), every value escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=jinja2.select_autoescape(("html", "j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(template).render(**context)


CHAPTER_CSS = {
    "page": "",
    "recto": ".sheet--chapter { break-before: right; }\n"
    ".sheet--chapter.sheet--hero { break-before: left; }",
    "continuous": "",
}
"""Where a chapter opens (`book: {chapter_start: ...}`): every chapter starts a sheet, and so a
page, unless the layout step ran it on (`continuous`); in `recto`, a chapter opening with a
full-bleed photo starts on the left, so that its title still faces the reader on the right."""


def page_css(page: PageGeometry, crop_marks: bool, chapter_start: str = "page") -> str:
    """The rules that depend on the chosen size, bleed and chapter start (the rest is in
    book.css)."""
    top, outer, bottom, inner = page.margins_in
    bleed = f"{page.bleed_in:.4f}in"
    return f"""\
@page {{ size: {page.width_in:.4f}in {page.height_in:.4f}in; bleed: {bleed};
  marks: {"crop" if crop_marks else "none"}; margin: {top:.3f}in; }}
@page :left {{ margin: {top:.3f}in {inner:.3f}in {bottom:.3f}in {outer:.3f}in; }}
@page :right {{ margin: {top:.3f}in {outer:.3f}in {bottom:.3f}in {inner:.3f}in; }}
@page photos:left {{ margin: {_margins(photo_margins(page), "left")}; }}
@page photos:right {{ margin: {_margins(photo_margins(page), "right")}; }}
html {{ font-size: {body_font_pt(page):.2f}pt; }}
.entry, .separator, .month__opening {{ width: {measure_in(body_font_pt(page)):.3f}in; }}
.hero img {{ top: -{bleed}; left: -{bleed}; }}
.numbers {{ padding-top: {0.12 * page.text_height_in:.3f}in; }}
.hero__caption {{ left: {SAFETY_IN + 0.1:.3f}in; bottom: {SAFETY_IN + 0.1:.3f}in;
  max-width: {page.width_in - 2 * SAFETY_IN - 0.6:.3f}in; }}
{CHAPTER_CSS[chapter_start]}
"""


def _margins(margins: tuple[float, float, float, float], side: str) -> str:
    """CSS margins of a page on `side` from (top, outer, bottom, inner)."""
    top, outer, bottom, inner = margins
    left, right = (outer, inner) if side == "left" else (inner, outer)
    return f"{top:.3f}in {right:.3f}in {bottom:.3f}in {left:.3f}in"


def body_font_pt(page: PageGeometry) -> float:
    """Body type grows a little with the text width, so lines stay pleasant to read."""
    return min(12.0, max(10.0, 9.2 + 0.3 * page.text_width_in))


@dataclass
class RenderedBook:
    """The PDF as written, with what the preflight needs to know about it."""

    path: Path
    pages: int
    padding: int
    refused: list[str] = field(default_factory=list)


def padding_for(pages: int, minimum: int, multiple: int) -> int:
    """Blank pages to add so the count reaches the printer's minimum and multiple."""
    target = max(pages, minimum)
    target += -target % multiple
    return target - pages


def lay_out(html: str, base: Path, fetcher: LocalFetcher) -> Any:
    """WeasyPrint's laid-out document (pages with their boxes and anchors) for the print HTML."""
    with quiet_weasyprint():
        document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
        return document.render()


def write_pdf(
    document: Any,
    *,
    fetcher: LocalFetcher,
    page: PageGeometry,
    crop_marks: bool,
    minimum: int,
    multiple: int,
    target: Path,
    service: PrintService,
    extras: Sequence[Any] = (),
) -> RenderedBook:
    """Pad the laid-out book to the printer's count with its designed `extras` pages (blank
    pages only for what they do not fill) and write the PDF/X atomically."""
    count = len(document.pages)
    padding = padding_for(count, minimum, multiple)
    check_pages(service, count + padding)
    options = pdf_options(service, inside_bleed=page.inside_bleed)
    extras = list(extras)[:padding]
    with quiet_weasyprint():
        if padding:
            blanks = padding - len(extras)
            blank = [_blank_page(page, crop_marks, fetcher)] * blanks if blanks else []
            document = document.copy([*document.pages, *extras, *blank])
        write_atomic(target, lambda stream: document.write_pdf(stream, **options))
    return RenderedBook(target, count + padding, padding, list(fetcher.refused))


def _blank_page(page: PageGeometry, crop_marks: bool, fetcher: LocalFetcher) -> Any:
    """A blank page of the book's size (a blank page's CSS needs no chapter rule)."""
    html = _BLANK_PAGE.format(css=page_css(page, crop_marks))
    return weasyprint.HTML(string=html, url_fetcher=fetcher).render().pages[0]


@contextlib.contextmanager
def quiet_weasyprint() -> Iterator[None]:
    """Refused URLs are reported by the preflight; WeasyPrint's own log lines would repeat them."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
