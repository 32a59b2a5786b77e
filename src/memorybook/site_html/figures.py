"""Photos on the pages: the responsive <img>, its lightbox link, galleries, photos in the
text, a card's cover, and a journal page's images swapped for renditions."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from memorybook.html import Markup, html, join
from memorybook.journal import Page, Photo
from memorybook.photos import WebPhoto
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage
from memorybook.site_html.words import (
    CARD_SIZES,
    GALLERY_SIZES,
    card_ratio,
)


def card_cover(s: Site, photo: Photo, uri: str) -> Markup:
    """A card's photo in (nearly) its own shape: see `card_ratio`."""
    web = s.web.photos.get(photo.rel)
    shape = card_ratio(web.width, web.height) if web else 4 / 3
    return html(
        '<div class="mb-card__cover" style="aspect-ratio: {:.4f}">{}</div>',
        shape,
        img(s, photo, uri, CARD_SIZES),
    )


def gallery(s: Site, photos: Sequence[Photo], uri: str) -> Markup:
    if not photos:
        return Markup()
    figures = join((figure(s, photo, uri) for photo in photos), " ")  # captions apart
    return html('<div class="mb-gallery mb-gallery--{}">{}</div>', min(len(photos), 3), figures)


def figure(s: Site, photo: Photo, uri: str) -> Markup:
    caption = html("<figcaption>{}</figcaption>", photo.caption) if photo.caption else ""
    return html('<figure class="mb-photo">{}{}</figure>', photo_link(s, photo, uri), caption)


def inline_photo(s: Site, photo: Photo, uri: str) -> Markup:
    return html('<span class="mb-inline-photo">{}</span>', photo_link(s, photo, uri))


def photo_link(s: Site, photo: Photo, uri: str, hero: bool = False) -> Markup:
    """The photo, opening its largest rendition in the lightbox."""
    web = s.web.photos.get(photo.rel)
    picture = img(s, photo, uri, GALLERY_SIZES, eager=hero)
    if web is None:
        return picture
    # a photo without alt or caption still needs a name for its link
    name = html(' aria-label="Open the photo"') if not (photo.alt or photo.caption) else ""
    return html(
        '<a class="mb-lightbox" href="{}" data-caption="{}"{}>{}</a>',
        s.links.href(uri, web.renditions[-1].url),
        photo.caption or photo.alt,
        name,
        picture,
    )


def img(s: Site, photo: Photo, uri: str, sizes: str, eager: bool = False) -> Markup:
    web = s.web.photos.get(photo.rel)
    if web is None:
        return html(
            '<span class="mb-missing-photo" role="img" aria-label="photo not available">{}</span>',
            PurePosixPath(photo.rel).name,
        )
    return img_tag(web, photo, s.links.root(uri), sizes, eager)


def ordinary_page(s: Site, page: Page) -> GeneratedPage:
    """A journal page as written, its local images swapped for renditions."""
    text = page.source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return GeneratedPage(page.rel, with_photos(s, text, page))


def with_photos(s: Site, text: str, page: Page) -> str:
    for photo in page.photos:
        text = text.replace(photo.markup, str(inline_photo(s, photo, page.rel)), 1)
    return text


def img_tag(web: WebPhoto, photo: Photo, root: str, sizes: str, eager: bool) -> Markup:
    """The responsive `<img>`; alt text from this use of the file (one file, many captions)."""
    return html(
        '<img src="{src}" srcset="{srcset}" sizes="{sizes}" width="{width}" height="{height}" '
        'alt="{alt}" {loading} decoding="async" '
        'style="background-color: {placeholder}; --mb-ratio: {ratio:.4f}">',
        src=root + web.src,
        srcset=web.srcset(root),
        sizes=sizes,
        width=web.width,
        height=web.height,
        alt=photo.alt or photo.caption,
        loading=Markup('fetchpriority="high"' if eager else 'loading="lazy"'),
        placeholder=web.placeholder,
        ratio=web.width / max(web.height, 1),
    )
