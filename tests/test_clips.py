"""Clips in the photo stage: a web MP4 every browser plays (H.264/AAC, faststart, upright, at
most 1080p), a poster that shows something, nothing of where, when, on what or by whom a clip
was made in any file written; a damaged clip is a located problem; a warm rebuild decodes
nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from memorybook import clips, imaging, photo_jobs
from memorybook.journal import Photo
from memorybook.photo_problems import probe
from memorybook.photos import PhotoStage, PrintRequest, WebPhotos
from memorybook.plugin.finishing import copy_renditions
from memorybook.settings import Settings
from tests import clip_files
from tests.conftest import REPO, ScratchJournal
from tests.site_helpers import containing, locations, written_files
from tests.test_photos import photo_at, with_photos


@pytest.fixture
def settings(scratch: ScratchJournal) -> Settings:
    """Small widths keep the tests fast."""
    return with_photos(scratch.settings(), widths=(48, 96))


def web(settings: Settings, *items: Photo, jobs: int = 1) -> tuple[WebPhotos, PhotoStage]:
    stage = PhotoStage(settings, jobs=jobs, progress=False)
    return stage.web(items), stage


def mp4_of(result: WebPhotos, rel: str) -> Path:
    clip = result.photos[rel].clip
    assert clip is not None
    return result.files[clip.url]


def top_rows_brightness(image: Image.Image) -> tuple[float, float]:
    """Mean brightness of the top and bottom twelfth: the test clips have a white bar on top."""
    grey = np.asarray(image.convert("L"), dtype=float)
    band = max(grey.shape[0] // 16, 1)
    return float(grey[:band].mean()), float(grey[-band:].mean())


# -- the web MP4 ---------------------------------------------------------------------------


def test_a_clip_gets_a_web_mp4_and_its_posters_renditions(
    scratch: ScratchJournal, settings: Settings
) -> None:
    item = photo_at(scratch, "a/dance.mov", clip_files.h264_landscape())
    result, _ = web(settings, item)
    shown = result.photos["a/dance.mov"]
    assert shown.clip is not None
    assert shown.clip.url.startswith("clips/") and shown.clip.url.endswith(".mp4")
    assert (shown.clip.width, shown.clip.height) == (320, 240)
    assert shown.clip.duration == pytest.approx(1.5, abs=0.05)
    assert shown.clip.has_audio
    assert [(r.width, r.height) for r in shown.renditions] == [(48, 36), (96, 72)]
    assert all(r.url.startswith("photos/") for r in shown.renditions)
    assert {shown.clip.url, *(r.url for r in shown.renditions)} == set(result.files)
    assert all(path.is_file() for path in result.files.values())
    assert not result.problems


def test_the_web_mp4_is_h264_and_aac_with_its_index_first(
    scratch: ScratchJournal, settings: Settings
) -> None:
    item = photo_at(scratch, "hevc.mov", clip_files.hevc_portrait())
    result, _ = web(settings, item)
    data = mp4_of(result, "hevc.mov").read_bytes()
    assert data.find(b"moov") < data.find(b"mdat"), "not faststart: the index is at the end"
    with av.open(str(mp4_of(result, "hevc.mov"))) as played:
        video, audio = played.streams.video[0], played.streams.audio[0]
        assert (video.codec_context.name, video.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert audio.codec_context.name == "aac"
        assert played.format.name.startswith("mov,mp4")


def test_a_rotated_clip_is_turned_upright_in_its_pixels(
    scratch: ScratchJournal, settings: Settings
) -> None:
    """An iPhone's portrait video is stored sideways with a display matrix; the web MP4 holds
    upright pixels and no matrix (a player that ignores it still shows it right)."""
    item = photo_at(scratch, "portrait.mov", clip_files.hevc_portrait())
    result, _ = web(settings, item)
    shown = result.photos["portrait.mov"]
    assert shown.clip is not None and (shown.clip.width, shown.clip.height) == (240, 320)
    assert (shown.width, shown.height) == (96, 128)  # the poster is upright too
    with av.open(str(mp4_of(result, "portrait.mov"))) as played:
        video = played.streams.video[0]
        assert (video.width, video.height) == (240, 320)
        frames = list(played.decode(video))
    last = frames[-1]
    assert not last.rotation and not [d for d in last.side_data if "DISPLAY" in str(d).upper()]
    top, bottom = top_rows_brightness(last.to_image())
    assert top > 230 and bottom < 200, "the white bar of the picture's top is not on top"


def test_a_large_clip_fits_1080p_with_even_sides() -> None:
    assert clips.web_size((3840, 2160)) == (1920, 1080)
    assert clips.web_size((2160, 3840)) == (1080, 1920)
    assert clips.web_size((1440, 1080)) == (1440, 1080)
    assert clips.web_size((4032, 3024)) == (1440, 1080)
    assert clips.web_size((322, 242)) == (322, 242)
    assert clips.web_size((1000, 10_000)) == (192, 1920)


def test_the_poster_is_a_picture_not_the_black_first_frames(
    scratch: ScratchJournal, settings: Settings
) -> None:
    item = photo_at(scratch, "pocket.mov", clip_files.hevc_portrait())
    result, _ = web(settings, item)
    largest = result.photos["pocket.mov"].renditions[-1]
    with Image.open(result.files[largest.url]) as poster:
        grey = np.asarray(poster.convert("L"), dtype=float)
    assert grey.mean() > 60 and grey.std() > 20, "the poster is black or flat"
    top, bottom = top_rows_brightness(poster)
    assert top > 230 and bottom < 200, "the poster is not upright"


COLD_BUILD = """
import sys
from pathlib import Path
from memorybook.journal import Photo
from memorybook.photos import PhotoStage
from memorybook.settings import load_settings
from tests.test_photos import with_photos
clip, cache = Path(sys.argv[1]), Path(sys.argv[2])
settings = with_photos(load_settings(Path(sys.argv[3])), cache_dir=cache, widths=(48, 96))
result = PhotoStage(settings, jobs=1, progress=False).web([Photo(clip, clip, "a.mov")])
print(result.files[result.photos["a.mov"].clip.url])
"""


def test_the_same_clip_gives_the_same_bytes(scratch: ScratchJournal) -> None:
    """Two cold builds, each in a process of its own as a build is, make the same files."""
    clip = scratch.write("a.mov", clip_files.hevc_portrait())
    made = []
    for n in range(2):
        cache = scratch.root / f"cache-{n}"
        args = [sys.executable, "-c", COLD_BUILD, str(clip), str(cache), str(scratch.config)]
        done = subprocess.run(args, check=True, capture_output=True, text=True, cwd=REPO)
        kept = [p for p in cache.rglob("*.*") if p.name != "sources.json"]  # names the cache
        made.append({p.relative_to(cache): p.read_bytes() for p in kept})
    assert any(path.suffix == ".mp4" for path in made[0]) and made[0] == made[1], done.stderr


# -- nothing of the original ------------------------------------------------------------------


def test_no_place_phone_owner_or_time_reaches_any_file_written(
    scratch: ScratchJournal, settings: Settings
) -> None:
    """Every QuickTime place for a location (`©xyz`, the `mdta` ISO 6709 key, XMP), the phone
    and the owner are in the clips; no byte of any file in the cache says any of it."""
    portrait = photo_at(scratch, "p.mov", clip_files.hevc_portrait())
    landscape = photo_at(scratch, "l.mov", clip_files.h264_landscape())
    with_xmp = clip_files.add_xmp(landscape.path)
    original = landscape.path.read_bytes()
    assert all(secret in portrait.path.read_bytes() for secret in clip_files.SECRETS)
    assert not with_xmp or b"xmpmeta" in original
    result, stage = web(settings, portrait, landscape)
    stage.print([PrintRequest(portrait, 1, 1)])
    site = scratch.root / "site"
    copy_renditions(result, site)  # as a build puts them in the site
    files = written_files(settings.cache_dir, site)
    assert sum(name.endswith(".mp4") for name in files) == 4
    assert locations(files, *clip_files.SECRETS, b"xmpmeta", b"x264", b"Lavf") == []
    assert containing(files, "secretphone", "secretmaker", "secretowner") == []
    for url in result.files:
        if url.endswith(".mp4"):
            _assert_no_metadata(result.files[url])


def _assert_no_metadata(path: Path) -> None:
    with av.open(str(path)) as played:
        tags = dict(played.metadata)
        for stream in played.streams:
            tags |= {f"{stream.type}:{k}": v for k, v in stream.metadata.items()}
    kept = {"major_brand", "minor_version", "compatible_brands"}
    generic = {"VideoHandler", "SoundHandler", "und"}
    assert {k: v for k, v in tags.items() if k not in kept and v not in generic} == {}
    assert clip_files.telling_tags(clip_files.exiftool_report(path)) == []


# -- bad clips --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (clip_files.truncated(), "damaged"),
        (clip_files.not_a_clip(), "damaged"),
        (b"", "damaged"),
    ],
    ids=["truncated", "not-a-clip", "empty"],
)
def test_a_bad_clip_is_a_located_problem_and_the_rest_goes_on(
    scratch: ScratchJournal, settings: Settings, data: bytes, said: str
) -> None:
    bad = photo_at(scratch, "bad.mov", data, line=7)
    good = photo_at(scratch, "good.mp4", clip_files.silent())
    result, _ = web(settings, bad, good)
    assert "bad.mov" not in result.photos
    (problem,) = result.problems
    assert (problem.path, problem.line) == (scratch.journal / "entry.md", 7)
    assert problem.message.startswith("clip bad.mov ") and said in problem.message
    assert "Traceback" not in problem.message and problem.hint
    assert result.photos["good.mp4"].clip is not None
    assert not result.photos["good.mp4"].clip.has_audio


def test_check_finds_a_bad_clip_from_its_first_frame(scratch: ScratchJournal) -> None:
    """`check` says first what a build would: a damaged clip, at its line; a good one, nothing."""
    bad = photo_at(scratch, "bad.mov", clip_files.truncated(), line=6)
    good = photo_at(scratch, "good.mov", clip_files.hevc_portrait())
    problem = probe(bad)
    assert problem is not None and problem.line == 6 and "clip bad.mov" in problem.message
    assert probe(good) is None
    still, motion = clip_files.live_photo()
    path = scratch.write("IMG_3.jpg", still)
    mov = scratch.write("IMG_3.mov", clip_files.truncated(motion))
    live = Photo(path=path, entry=scratch.journal / "e.md", rel="IMG_3.jpg", line=2, motion=mov)
    found = probe(live)
    assert found is not None and found.line == 2 and "IMG_3.mov" in found.message
    assert not found.is_error  # as the build says it: the still shows alone


def test_a_bad_clip_is_not_decoded_again(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = photo_at(scratch, "bad.mov", clip_files.truncated())
    first, _ = web(settings, bad)
    forbid_decoding(monkeypatch)
    again, stage = web(settings, bad)
    assert again.problems == first.problems and stage.stats.rendered == 0


# -- the cache --------------------------------------------------------------------------------


def forbid_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a clip or photo was opened")

    monkeypatch.setattr(clips, "open_clip", refuse)
    monkeypatch.setattr(imaging, "open_photo", refuse)
    monkeypatch.setattr(photo_jobs, "file_sha", refuse)


def test_a_warm_rebuild_decodes_nothing(
    scratch: ScratchJournal, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = [
        photo_at(scratch, "a.mov", clip_files.hevc_portrait()),
        photo_at(scratch, "b.mp4", clip_files.silent()),
    ]
    first, stage = web(settings, *items)
    assert (stage.stats.clips, stage.stats.rendered) == (2, 6)  # MP4s, posters, renditions
    forbid_decoding(monkeypatch)
    again, stage = web(settings, *items)
    assert again.files == first.files and again.photos == first.photos
    assert (stage.stats.rendered, stage.stats.hashed, stage.stats.clips) == (0, 0, 0)


def test_clips_are_made_in_the_worker_pool(scratch: ScratchJournal, settings: Settings) -> None:
    items = [photo_at(scratch, f"{n}.mov", clip_files.silent(1 + n / 2)) for n in range(2)]
    serial, _ = web(settings, *items)
    other = with_photos(settings, cache_dir=scratch.root / "other-cache")
    parallel, stage = web(other, *items, jobs=2)
    assert stage.stats.clips == 2
    assert parallel.photos == serial.photos


def test_prune_keeps_the_clips_in_use_and_removes_the_rest(
    scratch: ScratchJournal, settings: Settings
) -> None:
    kept = photo_at(scratch, "kept.mov", clip_files.silent())
    gone = photo_at(scratch, "gone.mov", clip_files.h264_landscape())
    web(settings, kept, gone)
    result, stage = web(settings, kept)
    stage.prune()
    cached_mp4s = sorted(p for p in (settings.cache_dir / "clips").rglob("*.mp4"))
    assert cached_mp4s == [mp4_of(result, "kept.mov")]
    posters = list((settings.cache_dir / "posters").rglob("*.jpg"))
    assert len(posters) == 1
    _, stage = web(settings)  # the last clip gone from the journal
    stage.prune()
    assert not [
        *(settings.cache_dir / "clips").iterdir(),
        *(settings.cache_dir / "posters").iterdir(),
    ]


def test_a_poster_the_site_uses_outlives_the_books_grace_period(
    scratch: ScratchJournal, settings: Settings
) -> None:
    """The site and the book share posters: the book's pruning (which keeps what it has not
    used for 60 days) must not take one the site used in its last build."""
    shown = photo_at(scratch, "site.mov", clip_files.silent())
    printed = photo_at(scratch, "book.mov", clip_files.h264_landscape())
    web(settings, shown, printed)
    long_ago = time.time() - 100 * 86400
    for folder in (settings.cache_dir / "posters").iterdir():
        os.utime(folder, (long_ago, long_ago))
    _, site = web(settings, shown, printed)
    site.prune()
    book = PhotoStage(settings, jobs=1, progress=False)
    book.print([PrintRequest(printed, 1, 1)])
    book.prune(grace_days=60)
    assert len(list((settings.cache_dir / "posters").iterdir())) == 2


# -- a Live Photo -----------------------------------------------------------------------------


def test_a_live_photo_is_its_still_with_its_motion(
    scratch: ScratchJournal, settings: Settings
) -> None:
    still, motion = clip_files.live_photo()
    path = scratch.write("live/IMG_1.jpg", still)
    mov = scratch.write("live/IMG_1.mov", motion)
    item = Photo(
        path=path, entry=scratch.journal / "e.md", rel="live/IMG_1.jpg", line=3, motion=mov
    )
    result, _ = web(settings, item)
    shown = result.photos["live/IMG_1.jpg"]
    assert shown.clip is not None and shown.clip.url in result.files
    assert [(r.width, r.height) for r in shown.renditions] == [(48, 36), (96, 72)]
    assert not result.problems


def test_a_live_photo_with_a_damaged_motion_keeps_its_still(
    scratch: ScratchJournal, settings: Settings
) -> None:
    still, motion = clip_files.live_photo()
    path = scratch.write("IMG_2.jpg", still)
    mov = scratch.write("IMG_2.mov", clip_files.truncated(motion))
    item = Photo(path=path, entry=scratch.journal / "e.md", rel="IMG_2.jpg", line=4, motion=mov)
    result, _ = web(settings, item)
    assert result.photos["IMG_2.jpg"].clip is None and result.photos["IMG_2.jpg"].renditions
    (problem,) = result.problems
    assert problem.line == 4 and "IMG_2.mov" in problem.message and not problem.is_error


# -- print, framing, sizes: a clip is its poster --------------------------------------------


def test_a_clip_prints_frames_and_measures_as_its_poster(
    scratch: ScratchJournal, settings: Settings
) -> None:
    item = photo_at(scratch, "p.mov", clip_files.hevc_portrait())
    stage = PhotoStage(settings, jobs=1, progress=False)
    assert stage.dimensions([item]) == {"p.mov": (240, 320)}
    printed, problems = stage.print([PrintRequest(item, 1.0, 1.0, crop=True)])
    assert not problems
    assert printed[0].effective_ppi == 240  # the poster's 240 px across the inch: no upscaling
    with Image.open(printed[0].path) as im:
        assert im.size == (240, 240)
        grey = np.asarray(im.convert("L"), dtype=float)
    assert grey.mean() > 60, "the book shows a black frame"
    assert "p.mov" in stage.framings([item])


def test_a_damaged_clip_in_the_book_is_a_located_problem(
    scratch: ScratchJournal, settings: Settings
) -> None:
    bad = photo_at(scratch, "bad.mp4", clip_files.truncated(), line=9)
    stage = PhotoStage(settings, jobs=1, progress=False)
    printed, problems = stage.print([PrintRequest(bad, 1.0, 1.0)])
    assert printed == [] and [(p.line, p.message.split()[:2]) for p in problems] == [
        (9, ["clip", "bad.mp4"])
    ]
    assert stage.dimensions([bad]) == {} and stage.framings([bad]) == {}
