"""Clips and Live Photos in entries and in the plain site (issue #24): how an entry names
them, how its pages show them, and that they play in Chromium without a trace of where or
on what they were filmed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from memorybook import numbers
from memorybook.book.clips import clip_address
from memorybook.journal import Journal, load_journal
from memorybook.links import Links
from memorybook.photos import Rendition, WebClip, WebPhoto, WebPhotos
from memorybook.settings import load_settings
from memorybook.site import build_site, fill_fragments
from memorybook.site_html.remembered import RememberedParts
from tests import clip_files
from tests.conftest import RangeHandler, ScratchJournal, run, serving, wait_until
from tests.site_helpers import containing, locations, site_files

# -- reading: clips are named as photos are ------------------------------------------------

CLIP_BYTES = b"\x00\x00\x00\x18ftypmp42"
"""Enough of a clip for reading, which looks at names only (the photo stage opens them)."""


def _entry(front: str, body: str = "Words.\n") -> str:
    return f"---\ntitle: T\ndate: 2024-01-01\n{front}---\n{body}"


def test_photos_may_list_clips_with_captions_and_alt(scratch: ScratchJournal) -> None:
    for name in ("a.mp4", "b.MOV", "c.m4v", "d.webm"):
        scratch.write(f"2024/{name}", CLIP_BYTES)
    front = "photos:\n  - src: a.mp4\n    caption: The dance\n    alt: Two people\n"
    front += "  - b.MOV\n  - c.m4v\n  - d.webm\ncover: d.webm\n"
    scratch.write("2024/e.md", _entry(front))
    journal = load_journal(scratch.settings())
    assert journal.problems == ()
    entry = journal.entries[0]
    assert [(p.rel, p.is_clip, p.line) for p in entry.photos] == [
        ("2024/a.mp4", True, 5),
        ("2024/b.MOV", True, 8),
        ("2024/c.m4v", True, 9),
        ("2024/d.webm", True, 10),
    ]
    assert (entry.photos[0].caption, entry.photos[0].alt) == ("The dance", "Two people")
    assert entry.cover is not None and entry.cover.rel == "2024/d.webm"


def test_a_clip_may_be_placed_in_the_text_as_markdown_or_an_obsidian_embed(
    scratch: ScratchJournal,
) -> None:
    scratch.write("2024/e/launch.mp4", CLIP_BYTES)
    scratch.write("2024/sneeze.webm", CLIP_BYTES)
    body = "Before.\n\n![The launch](launch.mp4)\n\n![[sneeze.webm]]\n"
    scratch.write("2024/e.md", _entry("", body))
    journal = load_journal(scratch.settings())
    assert journal.problems == ()
    assert [(p.rel, p.line, p.caption or p.alt) for p in journal.entries[0].body_photos] == [
        ("2024/e/launch.mp4", 7, "The launch"),
        ("2024/sneeze.webm", 9, ""),
    ]


def test_a_live_photo_is_one_item_listed_by_its_still(scratch: ScratchJournal) -> None:
    """A still with a `.mov` of its name beside it (any case of suffix): one item, whose
    `motion` is the `.mov`; the `.mov` is not an item of its own."""
    scratch.copy_photo("coffee.png", "2024/IMG_1.png")
    scratch.write("2024/IMG_1.MOV", CLIP_BYTES)
    scratch.copy_photo("coffee.png", "2024/e/IMG_2.png")
    scratch.write("2024/e/IMG_2.mov", CLIP_BYTES)
    scratch.copy_photo("coffee.png", "2024/still.png")
    scratch.write("2024/e.md", _entry("photos: [IMG_1.png, still.png]\n", "![](IMG_2.png)\n"))
    journal = load_journal(scratch.settings())
    assert journal.problems == ()
    entry = journal.entries[0]
    shown = [(p.rel, p.is_clip, p.motion) for p in entry.all_photos]
    assert shown == [
        ("2024/IMG_1.png", False, scratch.journal / "2024/IMG_1.MOV"),
        ("2024/still.png", False, None),
        ("2024/e/IMG_2.png", False, scratch.journal / "2024/e/IMG_2.mov"),
    ]
    assert [p.rel for p in journal.photos()] == [p[0] for p in shown]


def test_a_live_photos_mov_named_itself_is_a_clip(scratch: ScratchJournal) -> None:
    """Naming the `.mov` of a Live Photo shows it as a clip (sound and all), not the still."""
    scratch.copy_photo("coffee.png", "2024/IMG_1.png")
    scratch.write("2024/IMG_1.mov", CLIP_BYTES)
    scratch.write("2024/e.md", _entry("photos: [IMG_1.mov]\n"))
    journal = load_journal(scratch.settings())
    photo = journal.entries[0].photos[0]
    assert (photo.rel, photo.is_clip, photo.motion) == ("2024/IMG_1.mov", True, None)


def test_a_motion_outside_the_journal_is_no_live_photo(scratch: ScratchJournal) -> None:
    outside = scratch.root / "outside.mov"
    outside.write_bytes(CLIP_BYTES)
    scratch.copy_photo("coffee.png", "2024/IMG_1.png")
    (scratch.journal / "2024/IMG_1.mov").symlink_to(outside)
    scratch.write("2024/e.md", _entry("photos: [IMG_1.png]\n"))
    journal = load_journal(scratch.settings())
    assert journal.entries[0].photos[0].motion is None


def test_other_files_are_still_a_located_error_that_names_what_may_be_shown(
    scratch: ScratchJournal,
) -> None:
    scratch.write("2024/scan.pdf", b"%PDF-1.4\n")
    scratch.write("2024/song.mp3", b"ID3")
    scratch.write("2024/e.md", _entry("photos:\n  - scan.pdf\n", "![](song.mp3)\n"))
    journal = load_journal(scratch.settings())
    assert [p.format(scratch.root) for p in journal.errors] == [
        "journal/2024/e.md:5: error: photo scan.pdf is not a supported image type; use JPEG, "
        "PNG, WebP, GIF, TIFF or HEIC photos, or MP4, MOV, M4V or WebM clips",
        "journal/2024/e.md:7: error: photo song.mp3 is not a supported image type; use JPEG, "
        "PNG, WebP, GIF, TIFF or HEIC photos, or MP4, MOV, M4V or WebM clips",
    ]
    assert journal.entries[0].all_photos == ()


def test_a_near_miss_of_a_clips_name_is_suggested(scratch: ScratchJournal) -> None:
    scratch.write("2024/first-dance.mp4", CLIP_BYTES)
    scratch.write("2024/e.md", _entry("photos: [first-dnce.mp4]\n"))
    journal = load_journal(scratch.settings())
    assert journal.errors[0].hint == "did you mean first-dance.mp4?"


# -- the site's HTML, from renditions made by hand -----------------------------------------

POSTER = (Rendition("photos/p/480.webp", 480, 270), Rendition("photos/p/960.webp", 960, 540))


def _web(journal: Journal, seconds: float = 2.0) -> WebPhotos:
    """Renditions as the photo stage would give them: each clip's poster and MP4, each Live
    Photo's still and motion, each photo's still."""
    web = WebPhotos()
    for photo in journal.photos():
        key = photo.rel.replace("/", "-")
        clip = None
        if photo.is_clip or photo.motion is not None:
            clip = WebClip(f"clips/{key}/720.mp4", 720, 1280, seconds, photo.is_clip)
        renditions = tuple(replace(r, url=r.url.replace("/p/", f"/{key}/")) for r in POSTER)
        web.photos[photo.rel] = WebPhoto(photo, renditions, "#334455", clip)
    return web


def _pages(journal: Journal, web: WebPhotos) -> dict[str, str]:
    """Every generated page as the browser gets it (its fragments filled in; the Markdown of
    the text is left as it is)."""
    content = build_site(journal, web, Links(True))
    return {page.src_uri: fill_fragments(page.markdown, page.fragments) for page in content.pages}


def _clip_journal(scratch: ScratchJournal) -> Journal:
    scratch.write("2024/dance.mp4", CLIP_BYTES)
    scratch.write("2024/e/launch.mov", CLIP_BYTES)
    scratch.copy_photo("coffee.png", "2024/IMG_7.png")
    scratch.write("2024/IMG_7.MOV", CLIP_BYTES)
    front = (
        "photos:\n  - src: dance.mp4\n    caption: 'The first <dance> & \"us\"'\n"
        "  - IMG_7.png\ncover: dance.mp4\nkind: milestone\n"
    )
    scratch.write("2024/e.md", _entry(front, "Before.\n\n![Lift-off](launch.mov)\n"))
    journal = load_journal(scratch.settings())
    assert journal.problems == ()
    return journal


def test_a_clip_plays_where_it_stands_never_by_itself(scratch: ScratchJournal) -> None:
    journal = _clip_journal(scratch)
    page = _pages(journal, _web(journal))["2024/e.md"]
    videos = re.findall(r"<video [^>]*>.*?</video>", page)
    clips = [v for v in videos if "mb-clip__video" in v]
    assert len(clips) == 2, page  # the hero (the cover) and the one in the text
    hero = clips[0]
    assert hero.startswith(
        '<video class="mb-clip__video" controls playsinline preload="none" '
        'poster="../../photos/2024-dance.mp4/960.webp" width="720" height="1280" '
        'aria-label="The first &lt;dance&gt; &amp; &#34;us&#34;" '
    ), hero
    assert '<source src="../../clips/2024-dance.mp4/720.mp4" type="video/mp4">' in hero
    assert "<figcaption>The first &lt;dance&gt; &amp; &#34;us&#34;</figcaption>" in page
    assert 'aria-label="Lift-off"' in clips[1] and "clips/2024-e-launch.mov/720.mp4" in clips[1]
    assert "autoplay" not in page
    assert all(" muted" in v for v in videos if "autoplay" in v or "mb-live" in v)


def test_a_clip_opens_in_the_lightbox(scratch: ScratchJournal) -> None:
    journal = _clip_journal(scratch)
    page = _pages(journal, _web(journal))["2024/e.md"]
    opener = re.search(r'<a class="mb-lightbox mb-clip__open"[^>]*>', page)
    assert opener is not None
    assert 'href="../../clips/2024-dance.mp4/720.mp4"' in opener[0]
    assert 'data-clip="../../clips/2024-dance.mp4/720.mp4"' in opener[0]
    assert 'aria-label="Open the clip large: The first &lt;dance&gt;' in opener[0]


def test_a_live_photo_is_its_still_with_a_button_that_plays_its_moment_muted(
    scratch: ScratchJournal,
) -> None:
    journal = _clip_journal(scratch)
    page = _pages(journal, _web(journal))["2024/e.md"]
    live = re.findall(r'<span class="mb-live" style="[^"]*">.*?</button></span>', page)
    assert len(live) == 1 and page.count("IMG_7") == page.count("2024-IMG_7.png/") > 0
    assert '<a class="mb-lightbox" href="../../photos/2024-IMG_7.png/960.webp"' in live[0]
    motion = re.search(r"<video [^>]*>", live[0])
    assert motion is not None
    assert ' muted playsinline preload="none"' in motion[0] and "controls" not in motion[0]
    assert "autoplay" not in motion[0] and " hidden" in motion[0]
    assert 'src="../../clips/2024-IMG_7.png/720.mp4"' in live[0]
    assert re.search(r'<button class="mb-live__play" type="button" aria-pressed="false"', live[0])
    assert live[0].count("<figure") == 0 and page.count('<figure class="mb-photo') == 1


def test_a_card_shows_a_clips_poster_with_a_drawn_play_mark(scratch: ScratchJournal) -> None:
    journal = _clip_journal(scratch)
    home = _pages(journal, _web(journal))["index.md"]
    cover = re.search(r'<div class="mb-card__cover".*?</div>', home)
    assert cover is not None
    assert 'srcset="photos/2024-dance.mp4/480.webp 480w' in cover[0] and "<video" not in cover[0]
    assert '<span class="mb-play-mark"><svg ' in cover[0]
    assert '<span class="mb-visually-hidden">clip</span>' in cover[0]
    assert not re.search("[\u25b6\u23f5\U0001f3ac\U0001f4f9]", cover[0])  # no emoji font


def test_a_clip_that_could_not_be_made_shows_a_placeholder(scratch: ScratchJournal) -> None:
    journal = _clip_journal(scratch)
    web = _web(journal)
    del web.photos["2024/dance.mp4"]
    pages = _pages(journal, web)
    assert (
        '<span class="mb-missing-photo mb-missing-photo--clip" role="img" '
        'aria-label="clip not available">dance.mp4</span>'
    ) in pages["2024/e.md"]
    assert "mb-play-mark" not in pages["index.md"]


def test_the_numbers_count_clips_and_how_long_they_last(scratch: ScratchJournal) -> None:
    """The Live Photo is a photo (one); the two clips are clips, 2 x 50 s."""
    journal = _clip_journal(scratch)
    stats = _pages(journal, _web(journal, seconds=50))["stats.md"]
    figures = re.findall(r"<strong>([\d,]+)</strong> <span>([^<]+)</span>", stats)
    assert figures[:6] == [
        ("1", "memory"),
        ("0", "thank-yous"),
        ("1", "photo"),
        ("2", "clips"),
        ("2", "minutes of clips"),
        ("0", "places"),
    ]
    t = numbers.tally(journal.entries, {"2024/dance.mp4": 4.4, "2024/e/launch.mov": 5})
    assert numbers.figures(t)[3:5] == [(2, "clips"), (9, "seconds of clips")]


def test_a_page_remembered_by_the_preview_changes_when_its_clip_does(
    scratch: ScratchJournal,
) -> None:
    journal = _clip_journal(scratch)
    remembered = RememberedParts()
    web = _web(journal)
    first = build_site(journal, web, Links(True), remembered)
    again = build_site(journal, _web(journal), Links(True), remembered)
    page = next(p for p in again.pages if p.src_uri == "2024/e.md")
    assert page is next(p for p in first.pages if p.src_uri == "2024/e.md")  # kept
    changed = _web(journal)
    for rel in ("2024/dance.mp4", "2024/IMG_7.png"):
        clip = changed.photos[rel].clip
        assert clip is not None
        changed.photos[rel] = replace(
            changed.photos[rel], clip=replace(clip, url=clip.url.replace("720", "1080"))
        )
    later = build_site(journal, changed, Links(True), remembered)
    html = {p.src_uri: fill_fragments(p.markdown, p.fragments) for p in later.pages}
    assert "clips/2024-dance.mp4/1080.mp4" in html["2024/e.md"]
    assert "clips/2024-IMG_7.png/1080.mp4" in html["2024/e.md"]


# -- a site built from phone-like clips, read whole and played in Chromium -------------------

DANCE = """\
---
title: First dance
date: 2024-07-03
place: Quinta da Regaleira
cover: dance.mov
photos:
  - src: dance.mov
    caption: The first dance
  - IMG_7.jpg
  - broken.mov
---
We danced, then the rocket went up.

![Lift-off](launch.mp4)
"""
PICNIC = "---\ntitle: Picnic\ndate: 2024-06-20\nphotos: [picnic.jpg]\n---\nBread and figs.\n"
BROKEN_LINE = 10
"""The line of `broken.mov` in DANCE."""


@dataclass(frozen=True)
class ClipSite:
    project: Path
    site: Path
    built: str
    """What `build` said."""
    checked: str
    """What `check` said."""


@pytest.fixture(scope="module")
def clip_site(tmp_path_factory: pytest.TempPathFactory) -> ClipSite:
    """A journal with an iPhone's portrait HEVC clip (turned by its display matrix, the place
    in `©xyz`, the `mdta` keys and, with exiftool, XMP), an H.264 clip, a Live Photo and a
    damaged clip, built with search."""
    scratch = ScratchJournal(tmp_path_factory.mktemp("clips") / "project")
    scratch.with_search()
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text("site_url: https://us.example/\n" + config, encoding="utf-8")
    scratch.write("2024/2024-07-03-dance.md", DANCE)
    dance = scratch.write("2024/dance.mov", clip_files.hevc_portrait(seconds=3))
    clip_files.add_xmp(dance)
    scratch.write("2024/launch.mp4", clip_files.clip("h264", seconds=3, container="mp4"))
    still, motion = clip_files.live_photo()
    scratch.write("2024/IMG_7.jpg", still)
    scratch.write("2024/IMG_7.MOV", motion)
    scratch.write("2024/broken.mov", clip_files.truncated())
    scratch.write("2024/2024-06-20-picnic.md", PICNIC)
    scratch.copy_photo("coffee.png", "2024/picnic.jpg")
    config = str(scratch.config)
    checked = run("check", "-f", config).output
    built = run("build", "-f", config).output
    return ClipSite(scratch.root, scratch.root / "site", built, checked)


@pytest.fixture(scope="module")
def clip_url(clip_site: ClipSite) -> Iterator[str]:
    with serving(clip_site.site, handler=RangeHandler) as url:
        yield url


def test_a_damaged_clip_is_a_located_error_in_check_and_build_and_a_placeholder(
    clip_site: ClipSite,
) -> None:
    where = f"2024/2024-07-03-dance.md:{BROKEN_LINE}: error: clip 2024/broken.mov is damaged"
    assert where in clip_site.checked, clip_site.checked
    assert where in clip_site.built, clip_site.built
    assert "Traceback" not in clip_site.checked + clip_site.built
    page = (clip_site.site / "2024/2024-07-03-dance/index.html").read_text(encoding="utf-8")
    assert 'aria-label="clip not available">broken.mov</span>' in page


def test_no_file_of_the_site_says_where_when_or_on_what_a_clip_was_filmed(
    clip_site: ClipSite,
) -> None:
    files = site_files(clip_site.site)
    clips = sorted(name for name in files if name.endswith(".mp4"))
    assert len(clips) == 3, clips  # the dance, the launch, the Live Photo's moment
    assert containing(files, *(s.decode("latin-1") for s in clip_files.SECRETS)) == []
    assert locations(files, *clip_files.SECRETS) == []
    assert [name for name in files if name.lower().endswith((".mov", ".m4v", ".webm"))] == []


def test_each_clip_stands_where_the_books_code_opens_it(clip_site: ClipSite) -> None:
    settings = load_settings(clip_site.project / "mkdocs.yml")
    entry = next(e for e in load_journal(settings).entries if e.title == "First dance")
    for clip in (p for p in entry.all_photos if p.is_clip and p.rel != "2024/broken.mov"):
        address = clip_address(settings, entry, clip)
        assert address is not None and address.startswith("https://us.example/2024/")
        page, _, anchor = address.removeprefix("https://us.example/").partition("#")
        html = (clip_site.site / page / "index.html").read_text(encoding="utf-8")
        assert html.count(f' id="{anchor}"') == 1, (anchor, clip.rel)


def test_a_live_photo_is_one_item_one_figure_one_count(clip_site: ClipSite) -> None:
    page = (clip_site.site / "2024/2024-07-03-dance/index.html").read_text(encoding="utf-8")
    assert page.count('<span class="mb-live" ') == 1
    assert page.count('<figure class="mb-photo') == 2  # the Live Photo and the damaged clip
    stats = (clip_site.site / "stats/index.html").read_text(encoding="utf-8")
    shown = re.findall(r"<strong>([\d,]+)</strong> <span>([^<]+)</span>", stats)
    assert shown[2:5] == [("2", "photos"), ("3", "clips"), ("6", "seconds of clips")]


def test_search_on_this_day_and_the_sitemap_treat_clips_as_photos(clip_site: ClipSite) -> None:
    """A clip's caption is found as a photo's is; no clip's file is named in any of them."""
    files = site_files(clip_site.site)
    index = files["search/search_index.json"].decode("utf-8")
    assert "The first dance" in index and "First dance" in index
    assert "We danced" in index
    sitemap = files["sitemap.xml"].decode("utf-8")
    assert "https://us.example/2024/2024-07-03-dance/" in sitemap
    days = files["assets/memorybook/on-this-day.js"].decode("utf-8")
    assert "First dance" in days
    for text in (index, sitemap, days):
        assert not re.search(r"dance\.mov|launch\.mp4|IMG_7|clips/", text)


def _open(browser: Browser, url: str, path: str) -> tuple[Page, list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url + path)
    return page, requests, errors


@pytest.mark.browser
def test_a_phone_clip_plays_upright_and_seeks_in_chromium(browser: Browser, clip_url: str) -> None:
    page, requests, errors = _open(browser, clip_url, "2024/2024-07-03-dance/")
    videos = page.locator(".md-content video")  # the lightbox has one of its own
    assert page.evaluate("[...document.querySelectorAll('video')].every(v => v.paused)")
    assert [u for u in requests if u.endswith(".mp4")] == []  # preload none: nothing yet
    hero = page.locator(".mb-hero video")
    hero.scroll_into_view_if_needed()
    hero.evaluate("v => v.play()")
    wait_until(page, "document.querySelector('.mb-hero video').readyState >= 2")
    wait_until(page, "document.querySelector('.mb-hero video').currentTime > 0.2")
    size = hero.evaluate("v => [v.videoWidth, v.videoHeight]")
    assert size[0] < size[1], size  # portrait, as the phone was held
    page.screenshot(path="/tmp/clipsite-entry-playing.png")
    hero.evaluate(
        "v => { window.seeked = false; v.addEventListener('seeked', () => window.seeked = true,"
        " {once: true}); v.currentTime = 1.0; }"
    )
    wait_until(page, "window.seeked === true")
    wait_until(page, "document.querySelector('.mb-hero video').currentTime > 1.2")
    assert not hero.evaluate("v => v.paused")
    launch = page.locator(".mb-inline-photo video")
    launch.evaluate("v => v.play()")
    wait_until(page, "document.querySelector('.mb-inline-photo video').currentTime > 0.2")
    assert hero.evaluate("v => v.paused")  # one clip at a time
    assert videos.count() == 3
    assert [u for u in requests if not u.startswith(clip_url)] == []
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_the_lightbox_plays_a_clip_by_keyboard_and_escape_pauses_it(
    browser: Browser, clip_url: str
) -> None:
    page, requests, errors = _open(browser, clip_url, "2024/2024-07-03-dance/")
    page.locator(".mb-hero .mb-clip__open").focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.mb-lightbox-dialog")
    assert dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.tagName") == "VIDEO"
    assert page.evaluate("document.activeElement.paused")  # it waits to be played
    page.keyboard.press("Space")  # the browser's own controls
    wait_until(page, "document.activeElement.currentTime > 0.3")
    page.screenshot(path="/tmp/clipsite-lightbox-playing.png")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.querySelector('dialog video').paused")
    assert page.evaluate("document.activeElement.classList.contains('mb-clip__open')")
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowRight")  # arrows still move: the next is a clip, then a photo
    page.keyboard.press("ArrowRight")
    assert dialog.locator("img").is_visible() and not dialog.locator("video").is_visible()
    assert errors == [] and [u for u in requests if not u.startswith(clip_url)] == []
    page.context.close()


@pytest.mark.browser
def test_a_live_photo_plays_its_moment_muted_on_press_then_shows_its_still(
    browser: Browser, clip_url: str
) -> None:
    page, _, errors = _open(browser, clip_url, "2024/2024-07-03-dance/")
    button = page.locator(".mb-live__play")
    motion = page.locator(".mb-live__motion")
    assert button.is_visible() and not motion.is_visible()
    button.click()
    wait_until(page, "document.querySelector('.mb-live__motion').currentTime > 0.3")
    assert motion.is_visible() and motion.evaluate("v => v.muted")
    assert button.get_attribute("aria-pressed") == "true"
    page.screenshot(path="/tmp/clipsite-live-playing.png")
    wait_until(page, "document.querySelector('.mb-live__motion').hidden")
    assert button.get_attribute("aria-pressed") == "false"
    assert errors == []
    page.context.close()


@pytest.mark.browser
def test_a_card_shows_the_poster_with_its_play_mark(browser: Browser, clip_url: str) -> None:
    page, _, errors = _open(browser, clip_url, "")
    card = page.locator(".mb-card", has_text="First dance")
    mark = card.locator(".mb-play-mark")
    assert mark.is_visible() and card.locator("img").evaluate("i => i.naturalWidth > 0")
    assert card.locator("video").count() == 0
    card.screenshot(path="/tmp/clipsite-card.png")
    assert errors == []
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_clips_fit_a_phone_and_pass_axe(browser: Browser, clip_url: str, width: int) -> None:
    """The entry with clips and the home page's card, as tests/test_phone.py checks every
    page type: no sideways scrolling, no tiny text, no serious axe problem (the buttons on
    a clip and a Live Photo have names, the play mark its words)."""
    from tests.test_phone import fit_problems

    context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    for path in ("2024/2024-07-03-dance/", ""):
        page.goto(clip_url + path)
        wait_until(page, "document.querySelector('.mb-live__play, .mb-card') !== null")
        problems += fit_problems(page, path)
    context.close()
    assert not problems, "\n".join(problems)
