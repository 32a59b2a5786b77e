"""Photos on the pages: the responsive <img>, its lightbox link, galleries, photos in the
text, a card's cover, and a journal page's images swapped for renditions. A clip is played
where it stands (`<video>` with its poster frame, never autoplaying) and opens in the
lightbox; a Live Photo is its still with a button that plays its moment, muted."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from memorybook.html import Markup, html, join
from memorybook.journal import Page, Photo
from memorybook.links import clip_anchor
from memorybook.photos import Rendition, WebClip, WebPhoto
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage
from memorybook.site_html.words import (
    CARD_SIZES,
    GALLERY_SIZES,
    card_ratio,
)

PLAY_MARK = Markup(
    '<span class="mb-play-mark"><svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
    '<path d="M8 5.5v13l10.5-6.5z"/></svg><span class="mb-visually-hidden">clip</span></span>'
)
"""A card's sign that its picture is a clip's poster: drawn, with words for screen readers."""


def card_cover(s: Site, photo: Photo, uri: str) -> Markup:
    """A card's photo in (nearly) its own shape: see `card_ratio`; a clip's poster frame
    with the play mark."""
    web = s.web.photos.get(photo.rel)
    shape = card_ratio(web.width, web.height) if web else 4 / 3
    mark = PLAY_MARK if photo.is_clip and web is not None else Markup()
    return html(
        '<div class="mb-card__cover" style="aspect-ratio: {:.4f}">{}{}</div>',
        shape,
        img(s, photo, uri, CARD_SIZES),
        mark,
    )


def gallery(s: Site, photos: Sequence[Photo], uri: str) -> Markup:
    if not photos:
        return Markup()
    figures = join((figure(s, photo, uri) for photo in photos), " ")  # captions apart
    return html('<div class="mb-gallery mb-gallery--{}">{}</div>', min(len(photos), 3), figures)


def figure(s: Site, photo: Photo, uri: str) -> Markup:
    caption = html("<figcaption>{}</figcaption>", photo.caption) if photo.caption else ""
    kind = " mb-photo--clip" if photo.is_clip else ""
    link = photo_link(s, photo, uri)
    return html('<figure class="mb-photo{}"{}>{}{}</figure>', kind, clip_id(photo), link, caption)


def inline_photo(s: Site, photo: Photo, uri: str) -> Markup:
    link = photo_link(s, photo, uri)
    return html('<span class="mb-inline-photo"{}>{}</span>', clip_id(photo), link)


def clip_id(photo: Photo) -> Markup:
    """A clip's id on its entry's page, which the book's QR code opens (`links.clip_anchor`)."""
    return html(' id="{}"', clip_anchor(photo)) if photo.is_clip else Markup()


def photo_link(s: Site, photo: Photo, uri: str, hero: bool = False) -> Markup:
    """The photo, opening its largest rendition in the lightbox; a clip, playing where it is;
    a Live Photo, with the button that plays its moment."""
    web = s.web.photos.get(photo.rel)
    picture = img(s, photo, uri, GALLERY_SIZES, eager=hero)
    if web is None:
        return picture
    root = s.links.root(uri)
    if web.clip is not None and photo.is_clip:
        return clip_player(web, web.clip, photo, root)
    link = _photo_link(s, web, photo, uri, picture)
    return live_photo(web, web.clip, photo, root, link) if web.clip is not None else link


def _photo_link(s: Site, web: WebPhoto, photo: Photo, uri: str, picture: Markup) -> Markup:
    # a photo without alt or caption still needs a name for its link
    name = html(' aria-label="Open the photo"') if not (photo.alt or photo.caption) else ""
    return html(
        '<a class="mb-lightbox" href="{}" data-caption="{}"{}>{}</a>',
        s.links.href(uri, web.renditions[-1].url),
        photo.caption or photo.alt,
        name,
        picture,
    )


def clip_player(web: WebPhoto, clip: WebClip, photo: Photo, root: str) -> Markup:
    """A clip played where it stands: the browser's own controls (keyboard and screen reader
    usable), its poster until it is played, nothing fetched before; and a button-link that
    opens it large in the lightbox (without script, the clip itself)."""
    name = photo.alt or photo.caption or "Clip"
    return html(
        '<span class="mb-clip" style="--mb-ratio: {ratio:.4f}">'
        '<video class="mb-clip__video" controls playsinline preload="none" poster="{poster}" '
        'width="{width}" height="{height}" aria-label="{name}" '
        'style="background-color: {placeholder}">'
        '<source src="{src}" type="video/mp4"></video>'
        '<a class="mb-lightbox mb-clip__open" href="{src}" data-clip="{src}" '
        'data-poster="{poster}" data-ratio="{ratio:.4f}" data-caption="{caption}" '
        'aria-label="Open the clip large: {name}">'
        '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        '<path d="M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zM4 14h2v4h4v2H4zm14 0h2v6h-6v-2h4z"/>'
        "</svg></a></span>",
        ratio=clip.width / max(clip.height, 1),
        poster=root + poster(web).url,
        width=clip.width,
        height=clip.height,
        name=name,
        placeholder=web.placeholder,
        src=root + clip.url,
        caption=photo.caption or photo.alt,
    )


def live_photo(web: WebPhoto, motion: WebClip, photo: Photo, root: str, still: Markup) -> Markup:
    """A Live Photo: its still (opening in the lightbox), and a LIVE button, shown by the
    script, that plays the moment over it, muted and inline, then shows the still again."""
    return html(
        '<span class="mb-live" style="--mb-ratio: {ratio:.4f}">{still}'
        '<video class="mb-live__motion" muted playsinline preload="none" poster="{poster}" '
        'width="{width}" height="{height}" aria-hidden="true" tabindex="-1" hidden>'
        '<source src="{src}" type="video/mp4"></video>'
        '<button class="mb-live__play" type="button" aria-pressed="false" '
        'aria-label="Play the Live Photo{of}" hidden>'
        '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        '<circle cx="12" cy="12" r="3.2"/><circle cx="12" cy="12" r="6.4" fill="none" '
        'stroke="currentColor" stroke-width="1.6" stroke-dasharray="1.6 1.4"/></svg>'
        "LIVE</button></span>",
        ratio=web.width / max(web.height, 1),
        still=still,
        poster=root + poster(web).url,
        width=motion.width,
        height=motion.height,
        src=root + motion.url,
        of=f": {photo.alt or photo.caption}" if photo.alt or photo.caption else "",
    )


def poster(web: WebPhoto) -> Rendition:
    """The poster frame's rendition a clip shows before it plays: about a column's width."""
    return next((r for r in web.renditions if r.width >= POSTER_WIDTH), web.renditions[-1])


POSTER_WIDTH = 960
"""CSS pixels: a clip is as wide as the text column, or the lightbox's at most."""


def img(s: Site, photo: Photo, uri: str, sizes: str, eager: bool = False) -> Markup:
    web = s.web.photos.get(photo.rel)
    if web is None:
        what, kind = ("clip", " mb-missing-photo--clip") if photo.is_clip else ("photo", "")
        return html(
            '<span class="mb-missing-photo{kind}" role="img" '
            'aria-label="{what} not available">{name}</span>',
            kind=kind,
            what=what,
            name=PurePosixPath(photo.rel).name,
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
