"""Clips in the book: a clip prints as its poster frame, with a small QR code that opens it
on the couple's site.

The address is the clip's figure on its entry's page under MkDocs' `site_url`
(`links.clip_anchor`). A locked site's pages lie encrypted under secret names, so there the
code opens the unlock page, which goes on to the clip once the site is open (`unlock.js`
reads the page wanted after its `#`). Without `site_url` a clip prints as its poster only,
and the book's report says how to add the codes.

The code is a vector (`segno`'s SVG, drawn by WeasyPrint as paths): black modules at a size a
phone reads from a printed page, with the quiet zone the QR specification asks for.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Iterable, Mapping

import segno

from memorybook.journal import Entry, Photo
from memorybook.links import Links, clip_anchor, entry_uri
from memorybook.photos import PrintPhoto
from memorybook.settings import Settings

QR_IN = 0.8
"""The printed code's side, quiet zone included. A site address of about 60 to 90 characters
makes a version 5 to 7 code (37 to 45 modules, 41 to 49 with the quiet zone), so a module is
about 0.017 in (0.42 mm): phone cameras read 0.33 mm and up from a page at reading distance."""
QUIET_MODULES = 4
"""The white margin around the code, in modules: ISO/IEC 18004 asks for four."""


def clip_address(settings: Settings, entry: Entry, photo: Photo) -> str | None:
    """Where the book's code for `photo` (a clip of `entry`) leads, or None without
    `site_url`: the clip on its entry's page, through the unlock page on a locked site."""
    if not settings.site_url:
        return None
    page = Links(settings.directory_urls).url(entry_uri(entry))
    target = f"{page}#{clip_anchor(photo)}"
    if settings.lock.enabled:
        return f"{settings.site_url}#{urllib.parse.quote(target, safe='')}"
    return f"{settings.site_url}{target}"


def clip_addresses(settings: Settings, entries: Iterable[Entry]) -> dict[Photo, str]:
    """Every clip of these entries with the address its code leads to (none without
    `site_url`)."""
    found: dict[Photo, str] = {}
    for entry in entries:
        for photo in entry.all_photos:
            if photo.is_clip and (address := clip_address(settings, entry, photo)):
                found[photo] = address
    return found


@functools.lru_cache(maxsize=1024)
def qr_image(address: str) -> str:
    """The QR code of `address` as an SVG data URI for an `<img>`: black on white, with its
    quiet zone; error correction M (15%), so a scuff or a fold still reads."""
    code = segno.make(address, error="m", micro=False, boost_error=False)
    uri: str = code.svg_data_uri(border=QUIET_MODULES, dark="#000", light="#fff", scale=1)
    return uri


def clip_note(
    placed: Iterable[PrintPhoto], addresses: Mapping[Photo, str], site_url: str
) -> str | None:
    """The report's line about the clips the book prints, or None when it has none."""
    clips = len({p.request.photo.rel for p in placed if p.request.photo.is_clip})
    if not clips:
        return None
    what = f"{clips} {'clip prints' if clips == 1 else 'clips print'} as a poster frame"
    if addresses:
        return f"{what} with a QR code that opens it on {site_url}"
    return f"{what} without a QR code: set site_url in mkdocs.yml to add codes to your site"
