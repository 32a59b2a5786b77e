"""Benchmark memorybook's clips: transcode speed, a warm rebuild, peak memory, site size.

Run by hand (not part of the tests), from the repository root:

    .venv/bin/python bench/video.py            # about ten minutes on two cores
    .venv/bin/python bench/video.py --quick    # the 1080p clips only

It makes phone-like clips once in bench/out/clips/ (tests/clip_files.py, a camera panning
across one of bench/photos.py's phone photos so that the encoder works as on a real clip; HEVC
in `.mov` turned by a display matrix like an iPhone's portrait video, and H.264; 1080p and 4K;
10 to 30 s; about ten minutes more), then, each in a fresh process so that its peak memory
(VmHWM) is its own:

- the web MP4 of each clip as the build makes it (`clips.transcode`): seconds, frames per
  second, times real time, peak memory; the poster frame's time;
- the same work by the `ffmpeg` command line when it is on PATH (else PyAV's own throughput
  above is the figure);
- the photo stage over every clip, cold (empty cache, two workers) and warm (nothing changed:
  nothing decoded, no byte hashed);
- the site's size per minute of video (web MP4s and the posters' renditions);
- what a second, smaller rendition (720p) would save, x264 presets, and the cost of one
  encoder thread (which keeps the bytes stable) against x264's own threads.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tests.clip_files import Pixels, Scene  # noqa: E402

from photos import OUT, measure, phone_photo  # noqa: E402 - bench/photos.py's helpers

CLIPS = OUT / "clips"


@dataclass(frozen=True)
class Spec:
    name: str
    codec: str
    size: tuple[int, int]
    seconds: float
    rotation: int
    mbps: int
    """Roughly a phone's bit rate for this size and codec, so that decoding costs about what
    it does on a phone's clip."""


SPECS = (
    Spec("h264-1080p-landscape-30s", "h264", (1920, 1080), 30, 0, 17),
    Spec("h264-1080p-landscape-10s", "h264", (1920, 1080), 10, 0, 17),
    Spec("hevc-1080p-portrait-15s", "hevc", (1920, 1080), 15, -90, 6),
    Spec("hevc-4k-portrait-10s", "hevc", (3840, 2160), 10, -90, 25),
    Spec("h264-4k-landscape-10s", "h264", (3840, 2160), 10, 0, 45),
)


def ensure_clip(spec: Spec) -> Path:
    """The clip in bench/out/clips/, made the first time (HEVC 4K takes a minute)."""
    from tests.clip_files import clip

    path = CLIPS / f"{spec.name}.mov"
    if not path.is_file():
        CLIPS.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        bitrate = spec.mbps * 1_000_000
        shown = spec.size[::-1] if spec.rotation % 180 else spec.size
        scene = panning(shown)
        turned = {"rotation": spec.rotation, "scene": scene, "bitrate": bitrate}
        data = clip(spec.codec, spec.size, spec.seconds, **turned)
        path.write_bytes(data)
        took = time.perf_counter() - start
        print(f"  made {path.name} ({len(data) / 1e6:.1f} MB) in {took:.0f} s")
    return path


def panning(size: tuple[int, int]) -> Scene:
    """A camera panning slowly across one of bench/photos.py's phone photos (gradients,
    fractal detail, grain at several scales), with a sensor's noise: texture as a real clip
    has it, moving."""
    from PIL import Image

    width, height = size
    with Image.open(io.BytesIO(phone_photo(7))) as photo:
        scale = max((width + MARGIN) / photo.width, (height + MARGIN) / photo.height)
        wide = (round(photo.width * scale), round(photo.height * scale))
        pixels = np.asarray(photo.convert("RGB").resize(wide, Image.Resampling.BICUBIC))

    def frame(index: int, shown: tuple[int, int]) -> Pixels:
        x, y = index % MARGIN, index // 2 % MARGIN
        view = pixels[y : y + shown[1], x : x + shown[0]].astype(np.int16)
        noise = np.random.default_rng(index).integers(-NOISE, NOISE + 1, (*view.shape[:2], 1))
        return np.clip(view + noise, 0, 255).astype(np.uint8)

    return frame


MARGIN = 120
"""Pixels the camera pans across: four seconds at 30 frames a second, then round again."""
NOISE = 3
"""A sensor's noise, new in every frame (no encoder can predict it from the last one)."""


# -- in a child process -------------------------------------------------------------------


def one(source: Path, target: Path, preset: str, threads: int, box: str) -> None:
    """(In a child process) the web MP4 and the poster of one clip, timed; print JSON."""
    from memorybook import clips

    clips.PRESET, clips.ENCODER_THREADS = preset, max(threads, 0)  # 0: x264's own
    width, height = (int(side) for side in box.split("x"))
    info = clips.probe(source)
    size = clips.web_size(info.size, (width, height))
    start = time.perf_counter()
    made = clips.transcode(source, target, size)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    clips.poster(source)
    poster = time.perf_counter() - start
    peak = high_water_kb()
    frames = round(made.duration * 30)
    facts = {"seconds": seconds, "poster": poster, "frames": frames, "peak_kb": peak}
    facts |= {"bytes": target.stat().st_size, "size": list(size), "duration": made.duration}
    print(json.dumps(facts))


def high_water_kb() -> int:
    """This process's peak resident memory (VmHWM), counted from its exec (`ru_maxrss` would
    count the parent's before it)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def stage(cache: Path, sources: list[str]) -> None:
    """(In a child process) the photo stage over the clips, as a build runs it; print JSON."""
    from memorybook.journal import Photo
    from memorybook.photos import PhotoStage
    from memorybook.settings import settings_from_options

    settings = settings_from_options(
        {"journal": str(CLIPS), "photos": {"cache_dir": str(cache)}},
        config_file=cache.parent / "mkdocs.yml",
    )
    items = [Photo(path=Path(s), entry=Path(s), rel=Path(s).name, line=1) for s in sources]
    start = time.perf_counter()
    stage = PhotoStage(settings, jobs=2, progress=False)
    result = stage.web(items)
    seconds = time.perf_counter() - start
    assert not result.problems, result.problems
    stats = stage.stats
    site_bytes = sum(path.stat().st_size for path in result.files.values())
    mp4_bytes = sum(p.stat().st_size for u, p in result.files.items() if u.endswith(".mp4"))
    minutes = sum(shown.clip.duration for shown in result.photos.values() if shown.clip) / 60
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rendered": stats.rendered,
                "hashed": stats.hashed,
                "clips": stats.clips,
                "site_bytes": site_bytes,
                "mp4_bytes": mp4_bytes,
                "minutes": minutes,
            }
        )
    )


# -- the parent ---------------------------------------------------------------------------


def run_one(source: Path, preset: str = "", threads: int = 0, box: str = "1920x1080") -> dict:
    from memorybook import clips

    target = OUT / "video-out" / f"{source.stem}-{preset or 'default'}-{threads}-{box}.mp4"
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, __file__, "--one", str(source), str(target)]
    command += [preset or clips.PRESET, str(threads or clips.ENCODER_THREADS), box]
    measured = measure(command)
    return json.loads(measured.stdout) | {"wall": measured.seconds, "cpu": measured.cpu_seconds}


def with_ffmpeg(source: Path, size: list[int]) -> float | None:
    """The same work by the ffmpeg command line: seconds, or None when it is not installed."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    from memorybook import clips

    target = OUT / "video-out" / f"{source.stem}-ffmpeg.mp4"
    command = [ffmpeg, "-v", "error", "-y", "-i", str(source), "-vf", f"scale={size[0]}:{size[1]}"]
    command += ["-c:v", "libx264", "-preset", clips.PRESET, "-crf", str(clips.CRF)]
    command += ["-threads", str(clips.ENCODER_THREADS), "-pix_fmt", "yuv420p"]
    command += ["-c:a", "aac", "-b:a", "128k", "-map_metadata", "-1"]
    command += ["-movflags", "+faststart", str(target)]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    return time.perf_counter() - start


def transcodes(paths: list[Path]) -> None:
    print("\nweb MP4 per clip (fresh process each; default: preset veryfast, 1 x264 thread)")
    print(
        f"  {'clip':28} {'s':>6} {'fps':>6} {'x rt':>6} {'poster s':>8} {'peak MB':>8} "
        f"{'MB':>6} {'ffmpeg s':>8}"
    )
    for path in paths:
        done = run_one(path)
        by_ffmpeg = with_ffmpeg(path, done["size"])
        ffmpeg = f"{by_ffmpeg:8.1f}" if by_ffmpeg is not None else "     n/a"
        print(
            f"  {path.stem:28} {done['seconds']:6.1f} {done['frames'] / done['seconds']:6.1f} "
            f"{done['duration'] / done['seconds']:6.2f} {done['poster']:8.2f} "
            f"{done['peak_kb'] / 1024:8.0f} {done['bytes'] / 1e6:6.1f} {ffmpeg}"
        )
    if shutil.which("ffmpeg") is None:
        print("  (ffmpeg is not on PATH: PyAV's own throughput above is the figure)")


def choices(path: Path) -> None:
    print(f"\nchoices on {path.stem}")
    base = run_one(path)
    rows = [("veryfast, 1 thread, 1080p (default)", base)]
    rows.append(("veryfast, x264's own threads", run_one(path, threads=-1)))
    rows.append(("faster, 1 thread", run_one(path, preset="faster")))
    rows.append(("medium, 1 thread", run_one(path, preset="medium")))
    rows.append(("veryfast, 1 thread, 720p", run_one(path, box="1280x720")))
    for label, done in rows:
        print(
            f"  {label:38} {done['seconds']:6.1f} s  {done['bytes'] / 1e6:6.2f} MB  "
            f"({done['bytes'] / base['bytes']:.2f} x the default's size, "
            f"{done['seconds'] / base['seconds']:.2f} x its time)"
        )


def builds(paths: list[Path]) -> None:
    cache = OUT / "video-stage" / "cache"
    if cache.parent.exists():
        shutil.rmtree(cache.parent)
    cache.parent.mkdir(parents=True)
    (cache.parent / "mkdocs.yml").write_text("site_name: Bench\n", encoding="utf-8")
    command = [sys.executable, __file__, "--stage", str(cache), *map(str, paths)]
    print("\nthe photo stage over every clip (two workers)")
    for label in ("cold", "warm"):
        measured = measure(command, memory=True)
        done = json.loads(measured.stdout)
        print(
            f"  {label}: {done['seconds']:6.2f} s in the stage ({measured.seconds:.1f} s as a "
            f"person waits), {done['rendered']} renditions made, {done['hashed']} files "
            f"hashed, {done['clips']} clips transcoded, peak {measured.peak_mb:.0f} MB (PSS)"
        )
    minutes = done["minutes"]
    print(
        f"  site: {done['site_bytes'] / 1e6:.1f} MB for {minutes:.2f} min of video = "
        f"{done['site_bytes'] / 1e6 / minutes:.1f} MB a minute "
        f"(web MP4s {done['mp4_bytes'] / 1e6 / minutes:.1f} MB a minute)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="the 1080p clips only")
    parts = ("transcodes", "choices", "builds")
    parser.add_argument("--only", choices=parts, action="append", help="run only these parts")
    args = parser.parse_args()
    if args.one:
        source, target, preset, threads, box = args.one
        one(Path(source), Path(target), preset, int(threads), box)
        return
    if args.stage:
        stage(Path(args.stage[0]), args.stage[1:])
        return
    specs = [s for s in SPECS if not args.quick or "4k" not in s.name]
    print("clips (made once in bench/out/clips/)")
    paths = [ensure_clip(spec) for spec in specs]
    wanted = args.only or parts
    if "transcodes" in wanted:
        transcodes(paths)
    if "choices" in wanted:
        choices(paths[1])
    if "builds" in wanted:
        builds(paths)


if __name__ == "__main__":
    main()
