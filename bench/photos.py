"""Benchmark memorybook's photo stage against sigal on the same phone-sized photos.

Run by hand (not part of the tests), from the repository root:

    .venv/bin/python bench/photos.py                 # N=20 and N=80, JPEG and WebP
    .venv/bin/python bench/photos.py --count 40 --repeat 3 --formats

It makes N deterministic 4032x3024 JPEGs (~2 MB each, gradients + fractal detail + grain) in
bench/out/photos/, installs the latest sigal from PyPI into bench/out/sigal-venv, and times,
each in a fresh process on the same photos and cores:

- memorybook cold (empty cache) and warm (nothing changed), making per photo a 1600 px wide
  image and a 480 px wide one: exactly what sigal makes (its image at img_size 1600x1200 and
  a 480x360 thumbnail with thumb_fit off), same format and quality;
- sigal `build` with that configuration and memorybook's encoder options (write_html off,
  so it does image work only);
- memorybook's default (480/960/1600 WebP), for reference.

It prints wall time (process start to exit, as a person waits for it), ms per photo, the
ratio, and peak memory: the largest summed PSS of the process and its workers, sampled in a
run of its own (PSS counts pages that forked workers share with their parent once, where RSS
counts them in each; reading it costs the kernel enough to slow a timed run).
`--formats` also measures bytes, encode time and fidelity (PSNR) of JPEG, WebP and AVIF on the
real photos under tests/photos.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import math
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from memorybook.settings import PhotoSettings

OUT = Path(__file__).resolve().parent / "out"
PHOTOS = OUT / "photos"
SIGAL_VENV = OUT / "sigal-venv"
SIZE = (4032, 3024)
TEST_PHOTOS = Path(__file__).resolve().parents[1] / "tests" / "photos"
REAL_PHOTOS = [
    TEST_PHOTOS / "orientation" / "Landscape_1.jpg",
    TEST_PHOTOS / "orientation" / "Portrait_1.jpg",
    TEST_PHOTOS / "rocket.jpg",
    TEST_PHOTOS / "coffee.png",
    TEST_PHOTOS / "chelsea.png",
]
QUALITY = 80
WEB_FORMATS = ("jpeg", "webp", "avif")
SIGAL_CONF = """\
source = {source!r}
destination = {destination!r}
img_processor = "ResizeToFit"
img_size = (1600, 1200)
thumb_size = (480, 360)
thumb_fit = False
img_format = {img_format!r}
jpg_options = {jpg_options!r}
keep_orig = False
use_orig = False
zip_gallery = False
make_thumbs = True
write_html = False
copy_exif_data = False
plugins = []
"""


# -- photos --------------------------------------------------------------------------------


def phone_photo(seed: int) -> bytes:
    """A 12 MP JPEG of about 2 MB, the same bytes every time for the same seed."""
    rnd = random.Random(seed)
    w, h = SIZE
    gradient = Image.linear_gradient("L")
    base = Image.merge(
        "RGB",
        [
            gradient.rotate(rnd.randrange(360)).resize(SIZE),
            Image.radial_gradient("L").resize(SIZE),
            gradient.transpose(Image.Transpose.ROTATE_90).resize(SIZE),
        ],
    )
    box = (-2 + rnd.random() * 0.5, -1.2, 0.6, 1.2)
    fractal = Image.effect_mandelbrot((w // 4, h // 4), box, 60 + seed % 40)
    detail = fractal.point(lambda v: 110 + v * 145 // 255).resize(SIZE, Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", (w // 4, h // 4), rnd.randbytes(w // 4 * (h // 4)))
    grain = grain.point(lambda v: v // 5).resize(SIZE, Image.Resampling.BICUBIC)
    image = ImageChops.add(
        ImageChops.multiply(base, Image.merge("RGB", [detail] * 3)),
        Image.merge("RGB", [grain] * 3),
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def ensure_photos(count: int) -> list[Path]:
    """The first `count` benchmark photos, made once and reused by later runs."""
    PHOTOS.mkdir(parents=True, exist_ok=True)
    paths = [PHOTOS / f"IMG_{n:04d}.jpg" for n in range(count)]
    for n, path in enumerate(paths):
        if not path.exists():
            print(f"\rmaking photo {n + 1}/{count}", end="", file=sys.stderr, flush=True)
            temp = path.with_suffix(".tmp")
            temp.write_bytes(phone_photo(n))
            temp.replace(path)
    return paths


def source_folder(paths: list[Path]) -> Path:
    """A folder holding exactly these photos (hard links), for sigal's source."""
    folder = OUT / f"src-{len(paths)}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for path in paths:
        os.link(path, folder / path.name)
    return folder


# -- measuring a process -------------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float
    """User + system time of the process and every worker it waited for."""
    peak_mb: float
    """Largest sum of PSS (proportional set size) over the process and its descendants."""
    stdout: str


def _pss_kb(pid: int) -> int:
    """The memory a process costs the machine: its own pages, plus its share of shared ones."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def measure(command: list[str], *, memory: bool = False) -> Measured:
    """Run a command and time it; with `memory`, also sample the memory of its whole process
    tree (reading a process's PSS costs the kernel a few ms, which would slow a timed run, so
    timed runs and memory runs are separate)."""
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    if memory:
        sampler.start()
    stdout, _ = process.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    done.set()
    if memory:
        sampler.join()
    if process.returncode:
        raise SystemExit(f"{command[0]} failed with exit code {process.returncode}")
    return Measured(seconds, cpu, peak / 1024, stdout)


# -- the two contenders --------------------------------------------------------------------


def memorybook_stage(project: Path, source: Path, widths: str, fmt: str, jobs: int) -> None:
    """(In a child process) run the web stage on every photo of `source`; print its stats."""
    from memorybook.journal import Photo
    from memorybook.photos import PhotoStage
    from memorybook.settings import settings_from_options

    settings = settings_from_options(
        {
            "journal": str(source),
            "photos": {
                "widths": [int(w) for w in widths.split(",")],
                "format": fmt,
                "quality": QUALITY,
                "cache_dir": str(project / "cache"),
            },
        },
        config_file=project / "mkdocs.yml",
    )
    photos = [
        Photo(path=path, entry=source / "entry.md", rel=path.name, line=1)
        for path in sorted(source.glob("*.jpg"))
    ]
    start = time.perf_counter()
    stage = PhotoStage(settings, jobs=jobs, progress=True)
    result = stage.web(photos)
    stage.prune()
    seconds = time.perf_counter() - start
    assert not result.problems, result.problems
    stats = stage.stats
    print(
        json.dumps(
            {
                "stage_seconds": seconds,
                "rendered": stats.rendered,
                "hashed": stats.hashed,
                "files": len(result.files),
            }
        )
    )


def run_memorybook(
    source: Path, widths: str, fmt: str, jobs: int, *, fresh: bool, memory: bool = False
) -> Measured:
    project = OUT / f"mb-{source.name}-{fmt}-{widths.replace(',', '-')}"
    if fresh and project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        __file__,
        "--stage",
        str(project),
        str(source),
        widths,
        fmt,
        str(jobs),
    ]
    return measure(command, memory=memory)


def ensure_sigal() -> Path:
    sigal = SIGAL_VENV / "bin" / "sigal"
    if not sigal.exists():
        subprocess.run([sys.executable, "-m", "venv", str(SIGAL_VENV)], check=True)
        subprocess.run(
            [str(SIGAL_VENV / "bin" / "pip"), "install", "-q", "--upgrade", "sigal"], check=True
        )
    return sigal


def sigal_version() -> str:
    pip = SIGAL_VENV / "bin" / "pip"
    out = subprocess.run([str(pip), "show", "sigal"], capture_output=True, text=True).stdout
    return next((line.split()[1] for line in out.splitlines() if line.startswith("Version")), "?")


def sigal_options(fmt: str) -> dict[str, object]:
    """Exactly the encoder options memorybook uses (sigal passes `jpg_options` to Pillow)."""
    from memorybook.imaging import WEB_SAVE_OPTIONS

    options = {k: v for k, v in WEB_SAVE_OPTIONS[fmt].items() if k != "xmp"}
    return {"quality": QUALITY, **options}


def run_sigal(source: Path, fmt: str, jobs: int, *, memory: bool = False) -> Measured:
    work = OUT / f"sigal-{source.name}-{fmt}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    conf = work / "sigal.conf.py"
    conf.write_text(
        SIGAL_CONF.format(
            source=str(source),
            destination=str(work / "_build"),
            img_format=fmt.upper(),
            jpg_options=sigal_options(fmt),
        )
    )
    command = [str(ensure_sigal()), "build", "-c", str(conf), "-n", str(jobs), "--quiet"]
    measured = measure(command, memory=memory)
    outputs = [p for p in (work / "_build").rglob("*") if p.is_file()]
    if len(outputs) != 2 * len(list(source.glob("*.jpg"))):
        raise SystemExit(f"sigal made {len(outputs)} files, expected two per photo")
    return measured


# -- reports -------------------------------------------------------------------------------


def row(label: str, measured: Measured, count: int, extra: str = "") -> None:
    per = measured.seconds * 1000 / count
    cpu = measured.cpu_seconds * 1000 / count
    print(
        f"  {label:<34} {measured.seconds:7.2f} s {per:7.1f} ms/photo  cpu {cpu:6.1f} ms/photo"
        f"  peak {measured.peak_mb:5.0f} MB  {extra}"
    )


def megabytes(folder: Path) -> str:
    """The size of the renditions in a folder (manifests and indexes left out)."""
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".jpg", ".webp")]
    return f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB"


def best(runs: list[Measured], memory: Measured) -> Measured:
    """The least disturbed of repeated timed runs (other programs only ever add time), with
    the peak memory of a separate sampled run."""
    return Measured(
        seconds=min(run.seconds for run in runs),
        cpu_seconds=min(run.cpu_seconds for run in runs),
        peak_mb=memory.peak_mb,
        stdout=runs[-1].stdout,
    )


def compare(count: int, jobs: int, with_sigal: bool, formats: list[str], repeat: int) -> None:
    source = source_folder(ensure_photos(count))
    print(
        f"\nN={count} photos of {SIZE[0]}x{SIZE[1]}, "
        f"{sum(p.stat().st_size for p in source.iterdir()) / count / 1e6:.2f} MB each, "
        f"{jobs} workers, best of {repeat}"
    )
    times = range(repeat)
    for fmt in formats:
        # Cold runs alternate with sigal's, so both meet the same load from other programs.
        colds, sigals = [], []
        for _ in times:
            colds.append(run_memorybook(source, "480,1600", fmt, jobs, fresh=True))
            if with_sigal:
                sigals.append(run_sigal(source, fmt, jobs))
        cold = best(colds, run_memorybook(source, "480,1600", fmt, jobs, fresh=True, memory=True))
        warms = [run_memorybook(source, "480,1600", fmt, jobs, fresh=False) for _ in times]
        warm = best(warms, run_memorybook(source, "480,1600", fmt, jobs, fresh=False, memory=True))
        stats = json.loads(warm.stdout)
        mine = OUT / f"mb-{source.name}-{fmt}-480-1600" / "cache" / "web"
        row(f"memorybook {fmt} 480+1600 cold", cold, count, f"(output {megabytes(mine)})")
        row(
            f"memorybook {fmt} 480+1600 warm",
            warm,
            count,
            f"(the photo stage {stats['stage_seconds'] * 1000 / count:.2f} ms/photo, "
            f"{stats['rendered']} decoded; the rest is starting Python)",
        )
        if with_sigal:
            sigal = best(sigals, run_sigal(source, fmt, jobs, memory=True))
            theirs = OUT / f"sigal-{source.name}-{fmt}" / "_build"
            row(
                f"sigal {sigal_version()} {fmt} 1600+480",
                sigal,
                count,
                f"(output {megabytes(theirs)}) "
                f"-> memorybook cold is {sigal.seconds / cold.seconds:.1f}x faster "
                f"(cpu {sigal.cpu_seconds / cold.cpu_seconds:.1f}x)",
            )
    default = PhotoSettings()
    widths = ",".join(map(str, default.widths))
    fmt = default.format
    colds = [run_memorybook(source, widths, fmt, jobs, fresh=True) for _ in times]
    cold = best(colds, run_memorybook(source, widths, fmt, jobs, fresh=True, memory=True))
    warms = [run_memorybook(source, widths, fmt, jobs, fresh=False)]
    warm = best(warms, run_memorybook(source, widths, fmt, jobs, fresh=False, memory=True))
    row(f"memorybook default {widths} {fmt} cold", cold, count)
    row(f"memorybook default {widths} {fmt} warm", warm, count)


def formats() -> None:
    """Bytes, encode time and fidelity (PSNR) of the web formats on real photos (the test
    photos): the figures behind the default format."""
    from memorybook.imaging import WEB_SAVE_OPTIONS

    images = []
    for path in REAL_PHOTOS:
        with Image.open(path) as im:
            rgb = im.convert("RGB")
        width = min(960, rgb.width)
        images.append(rgb.resize((width, round(rgb.height * width / rgb.width)), Image.LANCZOS))
    print(f"\nweb formats on {len(images)} real photos at up to 960 px (mean per photo):")
    for fmt, quality in (("jpeg", 80), ("webp", 80), ("avif", 60), ("avif", 80)):
        results = [encode(image, fmt, quality, WEB_SAVE_OPTIONS[fmt]) for image in images]
        size, ms, psnr = (sum(values) / len(values) for values in zip(*results, strict=True))
        print(f"  {fmt:<5} q{quality}  {size / 1000:6.1f} kB  {ms:6.1f} ms  PSNR {psnr:5.2f} dB")
    webp_efforts(images)


def webp_efforts(images: list[Image.Image]) -> None:
    """libwebp's effort (`method` 0-6) against bytes at equal fidelity: the curve of PSNR
    against bytes over qualities 70-90, read at one PSNR, and the encode time at q80."""
    print("\nWebP effort (method), mean per photo: bytes at 36.5 dB PSNR, encode time at q80")
    for method in (0, 1, 2, 3, 4):
        curve, q80_ms = [], 0.0
        for quality in (70, 75, 80, 85, 90):
            options = {"method": method}
            results = [encode(image, "webp", quality, options) for image in images]
            size, ms, psnr = (sum(values) / len(values) for values in zip(*results, strict=True))
            curve.append((psnr, size))
            q80_ms = ms if quality == 80 else q80_ms
        at = next(
            s0 + (s1 - s0) * (36.5 - p0) / (p1 - p0)
            for (p0, s0), (p1, s1) in itertools.pairwise(curve)
            if p0 <= 36.5 <= p1
        )
        print(f"  method {method}  {at / 1000:6.1f} kB  {q80_ms:6.1f} ms")


def encode(
    image: Image.Image, fmt: str, quality: int, options: dict[str, object]
) -> tuple[float, float, float]:
    times = []
    for _ in range(3):
        buffer = io.BytesIO()
        start = time.perf_counter()
        image.save(buffer, fmt.upper(), quality=quality, **options)
        times.append((time.perf_counter() - start) * 1000)
    with Image.open(io.BytesIO(buffer.getvalue())) as decoded:
        error = ImageChops.difference(image, decoded.convert("RGB"))
    mse = sum(ImageStat.Stat(error.point(lambda v: v * v)).mean) / 3
    return len(buffer.getvalue()), sorted(times)[1], 10 * math.log10(255**2 / max(mse, 1e-9))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, nargs="+", default=[20, 80])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--no-sigal", action="store_true", help="only time memorybook")
    parser.add_argument("--format", nargs="+", default=["jpeg", "webp"], choices=WEB_FORMATS)
    parser.add_argument("--formats", action="store_true", help="also compare web formats")
    parser.add_argument("--stage", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        project, source, widths, fmt, jobs = args.stage
        memorybook_stage(Path(project), Path(source), widths, fmt, int(jobs))
        return
    for count in args.count:
        compare(count, args.jobs, not args.no_sigal, args.format, args.repeat)
    if args.formats:
        formats()


if __name__ == "__main__":
    main()
