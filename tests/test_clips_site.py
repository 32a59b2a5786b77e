"""Clips and Live Photos in entries and in the plain site (issue #24): how an entry names
them, how its pages show them, and that they play in Chromium without a trace of where or
on what they were filmed."""

from __future__ import annotations

from memorybook.journal import load_journal
from tests.conftest import ScratchJournal

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
