"""Trust, on the file side: memorybook deletes only what it made, turns disk and permission
faults into messages, survives two builds at once and an interrupted one, resizes very large
photos within the encoders' limits, and never serves an older version of a photo."""

from __future__ import annotations

import dataclasses
import errno
import io
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from memorybook import files, imaging, photo_cache, photo_jobs, photos, safety
from memorybook.cli import main
from memorybook.journal import Photo
from memorybook.photos import PhotoStage, PrintRequest
from memorybook.settings import Settings
from tests.conftest import ScratchJournal, line_within
from tests.photo_files import jpeg, png_header_only

ChDir = Callable[[Path], None]
ENTRY = "---\ntitle: Hike\ndate: 2024-06-14\nphotos: [{photo}]\n---\nUp the hill.\n"


def run(*args: str) -> Result:
    """The command as a person runs it: any exception but an exit is a traceback."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback instead of a message: {result.exception!r}")
    assert "Traceback" not in result.output
    return result


def snapshot(folder: Path, *, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(skip)
    }


def with_options(scratch: ScratchJournal, options: str) -> None:
    """Add lines under the memorybook plugin's options in the scratch mkdocs.yml."""
    scratch.config.write_text(scratch.config.read_text() + options, encoding="utf-8")


def with_photos(settings: Settings, **changes: object) -> Settings:
    return dataclasses.replace(settings, photos=dataclasses.replace(settings.photos, **changes))


def photo_at(scratch: ScratchJournal, rel: str, data: bytes, line: int = 5) -> Photo:
    path = scratch.write(rel, data)
    return Photo(path=path, entry=scratch.journal / "entry.md", rel=rel, line=line)


@pytest.fixture
def project(scratch: ScratchJournal, in_dir: ChDir) -> ScratchJournal:
    """A project with one entry and its photo, the user's own files beside mkdocs.yml (the
    ones an earlier version deleted), run from its folder."""
    scratch.write("2024/2024-06-14-hike.md", ENTRY.format(photo="summit.jpg"))
    scratch.write("2024/summit.jpg", jpeg((120, 90)))
    for rel, text in (("web/index.html", "<p>ours</p>"), ("print/our-2022-book.pdf", "%PDF")):
        (scratch.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (scratch.root / rel).write_text(text)
    in_dir(scratch.root)
    return scratch


# -- 1. only delete what you made -----------------------------------------------------------


@pytest.mark.parametrize("cache_dir", [".", "journal", "journal/.renditions", "..", "journal/2024"])
@pytest.mark.parametrize("command", ["build", "book"])
def test_a_cache_folder_overlapping_the_journal_or_project_is_refused(
    project: ScratchJournal, cache_dir: str, command: str
) -> None:
    """Before: `cache_dir: .` made a build delete web/index.html and print/our-2022-book.pdf,
    and `journal/...` wrote into the journal (and pruned the user's files there)."""
    with_options(project, f"      photos: {{cache_dir: {cache_dir!r}}}\n")
    before = snapshot(project.root)
    result = run(command)
    assert result.exit_code == 2, result.output
    assert f"photos.cache_dir '{cache_dir}'" in result.output
    assert "choose a folder of its own" in result.output
    assert snapshot(project.root) == before


def test_serve_refuses_a_cache_folder_in_the_journal_too(
    project: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[str] = []
    monkeypatch.setattr("mkdocs.commands.serve.serve", lambda **kw: served.append("served"))
    with_options(project, "      photos: {cache_dir: journal/.cache}\n")
    result = run("serve")
    assert result.exit_code == 2 and "is inside the journal folder" in result.output
    assert not served and not (project.journal / ".cache").exists()


def test_pruning_deletes_only_files_its_records_list(
    scratch: ScratchJournal, tmp_path: Path
) -> None:
    """A cache folder shared with other files (here a folder of its own beside the project):
    pruning removes unused renditions, never the files memorybook did not write."""
    settings = with_photos(scratch.settings(), widths=(48,), cache_dir=Path("../shared"))
    shared = tmp_path / "shared"
    theirs = {
        "web/index.html": b"<p>ours</p>",
        "web/holiday/summit.jpg": jpeg(),
        "web/0123456789ab/notes.txt": b"not a rendition",
        "print/our-2022-book.pdf": b"%PDF",
    }
    for rel, data in theirs.items():
        (shared / rel).parent.mkdir(parents=True, exist_ok=True)
        (shared / rel).write_bytes(data)
    keep = photo_at(scratch, "keep.jpg", jpeg())
    drop = photo_at(scratch, "drop.jpg", jpeg((90, 90)))
    old = PhotoStage(settings, jobs=1)
    dropped = set(old.web([keep, drop]).files.values()) | {
        p.path for p in old.print([PrintRequest(drop, 1, 1)])[0]
    }
    stage = PhotoStage(settings, jobs=1)
    kept = stage.web([keep]).files
    stage.print([PrintRequest(keep, 1, 1)])
    assert stage.prune() == 2
    assert all(path.is_file() for path in kept.values())
    assert not any(path.exists() for path in dropped - set(kept.values()))
    assert {rel: (shared / rel).read_bytes() for rel in theirs} == theirs


def test_a_folder_left_by_a_killed_build_is_pruned_from_its_list_of_files(
    scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = with_photos(scratch.settings(), widths=(48, 96))
    photo = photo_at(scratch, "p.jpg", jpeg((200, 150)))
    real = photo_jobs.write_atomic

    def killed_before_the_manifest(path: Path, data: bytes) -> None:
        if path.name == photo_jobs.MANIFEST:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(photo_jobs, "write_atomic", killed_before_the_manifest)
    with pytest.raises(KeyboardInterrupt):
        PhotoStage(settings, jobs=1).web([photo])
    monkeypatch.setattr(photo_jobs, "write_atomic", real)
    (folder,) = (settings.cache_dir / "web").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [".pending.json", "48.webp", "96.webp"]
    stage = PhotoStage(settings, jobs=1)
    stage.web([])
    assert stage.prune() == 1 and not folder.exists()


@pytest.mark.parametrize(
    ("site_dir", "message"),
    [
        (".", "docs_dir' should not be within the 'site_dir'"),
        ("journal", "docs_dir' should not be within the 'site_dir'"),
        ("journal/site", "'site_dir' should not be within the 'docs_dir'"),
        ("..", "docs_dir' should not be within the 'site_dir'"),
        (".cache/memorybook", "is inside photos.cache_dir"),
        (".cache", "contains photos.cache_dir"),
        ("web", "is not empty and was not built by memorybook"),
    ],
)
def test_a_site_folder_that_is_not_memorybooks_is_refused(
    project: ScratchJournal, site_dir: str, message: str
) -> None:
    """MkDocs empties the site folder before every build: `-d web` deleted web/index.html."""
    before = snapshot(project.root)
    result = run("build", "-d", site_dir)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert snapshot(project.root) == before


def test_the_overlap_checks_resolve_symbolic_links(project: ScratchJournal) -> None:
    (project.root / "pages").symlink_to(project.journal)
    with_options(project, "      photos: {cache_dir: pages/cache}\n")
    assert run("build").exit_code == 2
    assert not (project.journal / "cache").exists()


def test_a_site_folder_is_marked_and_then_trusted(project: ScratchJournal) -> None:
    """A folder memorybook built (with its marker), an empty one, or none at all is fine."""
    (project.root / "empty").mkdir()
    for site_dir in ("site", "site", "empty"):
        assert run("build", "-d", site_dir).exit_code == 0
        assert (project.root / site_dir / safety.SITE_MARKER).is_file()
    legacy = project.root / "legacy"
    (legacy / "assets/memorybook").mkdir(parents=True)
    (legacy / "assets/memorybook/memorybook.css").write_text("/* an older build */")
    assert run("build", "-d", "legacy").exit_code == 0


def test_plain_mkdocs_build_refuses_a_folder_that_is_not_memorybooks(
    project: ScratchJournal,
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config = load_config(str(project.config), site_dir=str(project.root / "web"))
    with pytest.raises(Abort):
        build(config)
    assert (project.root / "web/index.html").read_text() == "<p>ours</p>"


def test_no_temporary_file_reaches_the_site(project: ScratchJournal) -> None:
    """Leftovers of killed writes (a book written into the site, a rendition in the cache)."""
    site = project.root / "site"
    assert run("build").exit_code == 0
    (site / ".anniversary-book.pdf.k2j4h1.tmp").write_bytes(b"%PDF half")
    (site / "book").mkdir(exist_ok=True)
    (site / "book" / ".anniversary-book.pdf.x8e7.tmp").write_bytes(b"%PDF half")
    folder = next((project.root / ".cache/memorybook/web").iterdir())
    (folder / ".480.webp.a1b2.tmp").write_bytes(b"RIFF")
    assert run("build").exit_code == 0
    assert not [p for p in site.rglob("*") if p.name.endswith(".tmp")]
    assert (site / "index.html").is_file()


# -- 3. two builds at once, Ctrl-C, kill -9 -------------------------------------------------


def build_process(project: ScratchJournal) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "memorybook", "build"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_second_build_waits_for_the_first(project: ScratchJournal) -> None:
    """Before: two builds at once crashed (SameFileError between the cache and site/, or a
    folder of site/ emptied under the other build's feet)."""
    lock = files.BuildLock(project.root / ".cache/memorybook" / files.CACHE_LOCK)
    lock.acquire()  # a first build, in the middle of its work
    second = build_process(project)
    try:
        assert "waiting for another build" in line_within(second.stderr, 60)
        assert not (project.root / "site").exists()  # it waits before touching anything
    finally:
        lock.release()
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "site built in" in out


def test_the_book_waits_for_a_build(project: ScratchJournal) -> None:
    """The book writes the same photo cache (print renditions, the index, pruning): it takes
    the same lock, so a build and a book never prune or save the cache under each other."""
    lock = files.BuildLock(project.root / ".cache/memorybook" / files.CACHE_LOCK)
    lock.acquire()  # a build, in the middle of its work
    book = subprocess.Popen(
        [sys.executable, "-m", "memorybook", "book", "--year", "2", "-o", "book.pdf"],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "waiting for another build" in line_within(book.stderr, 60)
        assert not (project.root / "book.pdf").exists()
    finally:
        lock.release()
    out, err = book.communicate(timeout=180)
    assert book.returncode == 0, err
    assert (project.root / "book.pdf").is_file()


def test_two_builds_at_once_both_succeed(project: ScratchJournal) -> None:
    for n in range(12):
        project.write(f"2024/p{n}.jpg", jpeg((300 + n, 200)))
    project.write(
        "2024/2024-06-14-hike.md",
        ENTRY.format(photo=", ".join(f"p{n}.jpg" for n in range(12))),
    )
    builds = [build_process(project) for _ in range(2)]
    results = [build.communicate(timeout=180) for build in builds]
    assert [build.returncode for build in builds] == [0, 0], results
    assert not any("Traceback" in err for _, err in results)


def test_ctrl_c_stops_the_photo_pool_at_once_and_leaves_a_valid_cache(
    scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the pool went on with every queued photo (about 5 s of a long run) first."""
    settings = with_photos(scratch.settings(), widths=(64, 128))
    items = [photo_at(scratch, f"{n}.jpg", jpeg((400 + n, 300))) for n in range(12)]

    def ctrl_c(self: object, done: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(photos._Progress, "step", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        PhotoStage(settings, jobs=2).web(items)
    assert multiprocessing.active_children() == []  # no worker outlives its build
    made = len(list((settings.cache_dir / "web").glob(f"*/{photo_jobs.MANIFEST}")))
    assert made <= 6  # the queue was dropped, not worked through
    monkeypatch.undo()
    stage = PhotoStage(settings, jobs=2)
    result = stage.web(items)
    assert len(result.photos) == 12 and stage.stats.rendered == 12 - made
    assert_whole(result)


def assert_whole(result: photos.WebPhotos) -> None:
    """Every rendition the cache serves decodes completely at its recorded size."""
    for photo in result.photos.values():
        for rendition in photo.renditions:
            with Image.open(result.files[rendition.url]) as im:
                im.load()
                assert im.size == (rendition.width, rendition.height)


@pytest.mark.parametrize("killed_at", range(1, 10))
def test_a_build_killed_at_any_write_leaves_a_cache_trusted_only_where_whole(
    scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch, killed_at: int
) -> None:
    """kill -9 in the middle of any write of two photos (pending list, renditions, manifest,
    index): the next build redoes exactly the photos whose manifest was not written."""
    settings = with_photos(scratch.settings(), widths=(48, 96))
    items = [photo_at(scratch, f"{n}.jpg", jpeg((200 + n, 150))) for n in range(2)]
    real = files.write_atomic
    writes: list[Path] = []

    def dies_mid_write(path: Path, data: bytes) -> None:
        writes.append(path)
        if len(writes) == killed_at:
            path.parent.mkdir(parents=True, exist_ok=True)
            (path.parent / f".{path.name}.killed.tmp").write_bytes(data[: len(data) // 2])
            raise KeyboardInterrupt  # the process ends here; nothing after runs
        real(path, data)

    for module in (photo_jobs, photo_cache):  # the renditions' and the index's writes
        monkeypatch.setattr(module, "write_atomic", dies_mid_write)
    with pytest.raises(KeyboardInterrupt):
        PhotoStage(settings, jobs=1).web(items)
    for module in (photo_jobs, photo_cache):
        monkeypatch.setattr(module, "write_atomic", real)
    whole = len(list((settings.cache_dir / "web").glob(f"*/{photo_jobs.MANIFEST}")))
    stage = PhotoStage(settings, jobs=1)
    result = stage.web(items)
    assert stage.stats.rendered == 2 - whole and len(result.photos) == 2
    assert_whole(result)


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from memorybook import photo_pool, photos
from memorybook.journal import Photo
from memorybook.settings import load_settings

started = photo_pool.start_worker
def recorded(parent):
    with open(sys.argv[2], "a") as log:
        log.write(f"{os.getpid()}\\n")
    started(parent)
photo_pool.start_worker = recorded
def killed(self, done):  # once both workers run (the second may start late on a busy machine)
    import time
    deadline = time.monotonic() + 20
    while len(Path(sys.argv[2]).read_text().split()) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(os.getpid(), signal.SIGKILL)
photos._Progress.step = killed
settings = load_settings(Path(sys.argv[1]))
items = [Photo(path=p, entry=p, rel=p.name, line=1) for p in sorted(settings.journal.glob("*.jpg"))]
photos.PhotoStage(settings, jobs=2).web(items)
"""


def test_workers_never_outlive_a_build_killed_outright(scratch: ScratchJournal) -> None:
    for n in range(8):
        scratch.write(f"{n}.jpg", jpeg((400 + n, 300)))
    log = scratch.root / "workers.txt"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(scratch.config), str(log)], check=False
    )
    assert killed.returncode == -signal.SIGKILL
    workers = [int(pid) for pid in log.read_text().split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 30  # a bound for a slow machine, not a measurement
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers))


def alive(pid: int) -> bool:
    """True while the process runs (a zombie waiting for its reaper has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


# -- 2. disk and permission faults: messages, never a traceback ------------------------------


def failing(err: int, *, name: bool = True) -> Callable[..., None]:
    """A write (or read) that fails as the disk or the file system would."""

    def fail(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err), *([str(path)] if name else []))

    return fail


def page_on_a_full_disk(content: bytes, output_path: str) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)


def full_disk_in_the_encoder_stream(path: Path, data: bytes) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # from write(): no file name


FAULTS: dict[str, tuple[Callable[[ScratchJournal, pytest.MonkeyPatch], None], int, str]] = {
    "site folder is a file": (
        lambda p, m: (p.root / "site").write_text("a note"),
        2,
        "site_dir 'site' is a file, not a folder",
    ),
    "site folder is a symbolic link loop": (
        lambda p, m: (p.root / "site").symlink_to("site"),
        2,
        "site_dir 'site' is a symbolic link that loops back on itself",
    ),
    "cache folder is a symbolic link loop": (
        lambda p, m: (p.root / ".cache").symlink_to(".cache"),
        2,
        "photos.cache_dir '.cache/memorybook' is a symbolic link that loops back on itself",
    ),
    "disk full writing a rendition": (
        lambda p, m: m.setattr(photo_jobs, "write_atomic", full_disk_in_the_encoder_stream),
        0,
        "could not be saved in the cache (the disk is full); free some space on the disk",
    ),
    "disk full writing a page": (
        lambda p, m: m.setattr("mkdocs.utils.write_file", page_on_a_full_disk),
        2,
        "the disk is full",
    ),
    "read-only cache folder": (
        lambda p, m: m.setattr(photo_jobs, "write_atomic", failing(errno.EROFS)),
        0,
        "could not be saved in the cache (the disk is read-only)",
    ),
    "cache folder not writable": (
        lambda p, m: m.setattr(photo_jobs, "write_atomic", failing(errno.EACCES)),
        0,
        "could not be saved in the cache (permission denied: ",
    ),
    "cache folder is a file": (
        lambda p, m: (p.root / ".cache").write_text("a note"),
        0,
        "could not be saved in the cache (part of the path is a file, not a folder",
    ),
    "site folder not writable": (
        lambda p, m: m.setattr(safety, "claim_site_dir", failing(errno.EACCES)),
        2,
        "Error: site: permission denied",
    ),
    "unreadable photo": (
        lambda p, m: m.setattr(photo_jobs, "file_sha", failing(errno.EACCES)),
        0,
        "photo 2024/summit.jpg cannot be read (permission denied); check that the photo",
    ),
    "photo is a symbolic link loop": (
        lambda p, m: replace_photo(p, lambda path: path.symlink_to(path.name)),
        0,
        "photo summit.jpg is a link that leads nowhere (broken, or a loop of links)",
    ),
    "photo is a folder": (
        lambda p, m: replace_photo(p, Path.mkdir),
        0,
        "photo summit.jpg is a folder, not a photo",
    ),
}


def replace_photo(project: ScratchJournal, make: Callable[[Path], object]) -> None:
    photo = project.journal / "2024" / "summit.jpg"
    photo.unlink()
    make(photo)


@pytest.mark.parametrize("fault", FAULTS)
def test_disk_and_permission_faults_are_messages_not_tracebacks(
    project: ScratchJournal, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    make, status, message = FAULTS[fault]
    make(project, monkeypatch)
    result = run("build")
    assert result.exit_code == status, result.output
    assert message in result.output
    assert "copy or export the photo again" not in result.output
    if status == 2:
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1


# -- 4. very large photos ----------------------------------------------------------------------


def tall_screenshot(width: int = 1000, height: int = 20000) -> bytes:
    im = Image.new("RGB", (width, height), "white")
    for y in range(0, height, 40):
        im.paste((40, 40, 40), (20, y, width - 20, y + 12))  # lines of "text"
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


def test_a_very_tall_screenshot_is_resized_within_the_webp_limit(scratch: ScratchJournal) -> None:
    """Before: refused with "Image size exceeds WebP limit of 16383 pixels"."""
    settings = with_photos(scratch.settings(), widths=(200, 480), format="webp")
    photo = photo_at(scratch, "screenshot.png", tall_screenshot(400, 17000))
    result = PhotoStage(settings, jobs=1).web([photo])
    assert result.problems == []
    sizes = [(r.width, r.height) for r in result.photos["screenshot.png"].renditions]
    assert sizes == [(200, 8500), (385, 16362)]
    assert_whole(result)


@pytest.mark.parametrize(("fmt", "side"), [("webp", 16383), ("avif", 16384), ("jpeg", 65500)])
def test_web_sizes_stay_within_each_encoders_limit(fmt: str, side: int) -> None:
    for size in [(1000, 20000), (3000, 90000), (20000, 1000), (1600, side + 1)]:
        for width, height in imaging.web_sizes(size, (480, 960, 1600), imaging.MAX_SIDE[fmt]):
            assert width <= 1600 and height <= side
            assert abs(width / height - size[0] / size[1]) < 0.01  # the shape is kept


def test_the_decompression_bomb_guard_still_refuses_a_huge_photo(scratch: ScratchJournal) -> None:
    """1000 x 20000 is 20 megapixels, well under the guard's ~89: the guard still means it."""
    settings = with_photos(scratch.settings(), widths=(48,))
    result = PhotoStage(settings, jobs=1).web(
        [photo_at(scratch, "bomb.png", png_header_only(10000, 10000))]
    )
    assert "is suspiciously large" in result.problems[0].message


# -- 5. no stale content ---------------------------------------------------------------------


def tiff(colour: str) -> bytes:
    """An uncompressed TIFF: every colour gives a file of exactly the same size."""
    out = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "TIFF")
    return out.getvalue()


def test_a_photo_rewritten_keeping_its_size_and_time_gets_new_renditions(
    scratch: ScratchJournal,
) -> None:
    """Some editors and sync tools keep a file's size and modification time: before, the
    cache went on serving the old photo's renditions."""
    settings = with_photos(scratch.settings(), widths=(48,))
    photo = photo_at(scratch, "p.tif", tiff("red"))
    before = PhotoStage(settings, jobs=1).web([photo])
    stat = photo.path.stat()
    with photo.path.open("r+b") as handle:  # rewritten in place, as an editor may
        handle.write(tiff("blue"))
    os.utime(photo.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after_stat = photo.path.stat()
    assert (after_stat.st_size, after_stat.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    stage = PhotoStage(settings, jobs=1)
    after = stage.web([photo])
    assert stage.stats.hashed == 1 and stage.stats.rendered == 1
    assert after.photos["p.tif"].src != before.photos["p.tif"].src
    with Image.open(after.files[after.photos["p.tif"].src]) as im:
        red, green, blue = im.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
    assert blue > 200 and red < 50


def test_a_full_disk_names_the_file_being_written_not_the_one_copied(
    project: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that fails on a full disk (MkDocs copying the theme's files) names its target."""

    def copy_on_a_full_disk(source: str, target: str, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), source, None, target)

    monkeypatch.setattr(shutil, "copyfile", copy_on_a_full_disk)
    result = run("build")
    assert result.exit_code == 2
    assert result.output.startswith("Error: site/") and "the disk is full" in result.output
