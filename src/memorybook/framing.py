"""Face-aware framing: where a photo may be cropped without losing a head.

A photo cropped to a frame of another shape (a full-bleed page, the cover, a fixed frame)
keeps every detected face whole: `keep_box` finds the faces (OpenCV 4's bundled Haar
cascades, frontal and profile, on a small grey copy), `crop_for` places the largest crop of
the frame's shape around them, and `object_position` says the same to CSS
(`object-fit: cover`), so a template can crop without a new rendition. Without a face, the
crop centres on the photo's most salient part (`focus_point`, a spectral-residual saliency
map), which is the photo's centre when nothing stands out.

Boxes are normalised (0..1 of the upright photo's width and height) so they hold for every
rendition of a photo; crops are in pixels of the size asked for. Everything but the
detection itself is pure arithmetic. `photos.PhotoStage.framings` caches the detection by
the photo's content, so a rebuild detects nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image

from memorybook import imaging
from memorybook.html import Markup, html

if TYPE_CHECKING:
    import numpy as np

    Grey = np.ndarray[Any, np.dtype[np.uint8]]

# OpenCV and NumPy are imported where faces are looked for, not here: every memorybook
# command imports this module (through photos.py), and they take half a second to load.

VERSION = 1
"""Bump when detection changes: cached framings and cropped renditions include it."""
DETECT_SIDE = 800
"""The long side of the grey copy faces are looked for in: a face a tenth of the photo high
is still 50 px, and the detector runs in a fraction of a second."""
MIN_FACE_SHARE = 0.06
"""Faces smaller than this share of the photo's short side are ignored: too small to be
cut by a crop that keeps most of the photo, and where most false detections are."""
SCALE_STEP = 1.1
FRONTAL_NEIGHBOURS = 5
PROFILE_NEIGHBOURS = 8
"""How many overlapping detections make a face. Measured on the sample photos: real faces
gather 30-65, false ones (a knee, a rock face, a flower) at most 4 with these cascades; a
kitten's face can pass, which costs nothing (it is kept whole too). OpenCV's
`frontalface_default` is not used: it finds faces in waterfalls and knees with 14-21."""
MARGIN = (0.25, 0.6, 0.25, 0.4)
"""What a detected face box (brows to mouth) grows by, as shares of its size, to hold the
whole head: left, top (hair), right, bottom (chin)."""
SALIENCY_SIDE = 64
"""Spectral-residual saliency works at this scale (Hou & Zhang, CVPR 2007)."""
SALIENCY_EDGE = 4


@dataclass(frozen=True)
class Box:
    """A region of the upright photo, as shares of its width and height (0..1)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def pixels(self, size: tuple[int, int]) -> tuple[float, float, float, float]:
        """The box in pixels of an image of `size`."""
        w, h = size
        return self.left * w, self.top * h, self.right * w, self.bottom * h


@dataclass(frozen=True)
class Framing:
    """What cropping a photo must respect: its faces, else where the eye goes."""

    keep: Box | None
    """Every face with room for hair and chin; None when no face was found."""
    focus: tuple[float, float] = (0.5, 0.5)
    """The centre of the salient part (shares of width and height), for photos without faces."""

    def as_json(self) -> dict[str, Any]:
        keep = self.keep
        box = [keep.left, keep.top, keep.right, keep.bottom] if keep else None
        return {"keep": box, "focus": list(self.focus)}

    @classmethod
    def from_json(cls, data: Any) -> Framing:
        """The framing a cache manifest recorded (`as_json`); ValueError when malformed."""
        try:
            keep = Box(*map(float, data["keep"])) if data["keep"] is not None else None
            x, y = map(float, data["focus"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a framing: {data!r}") from exc
        return cls(keep, (x, y))


# -- detection ------------------------------------------------------------------------------


def keep_box(source: Path | Image.Image) -> Box | None:
    """The box every crop must keep: all detected faces with a margin, or None."""
    return analyse(source).keep


def analyse(source: Path | Image.Image) -> Framing:
    """Faces and focus of a photo (a file, upright by its EXIF orientation, or an image)."""
    import cv2

    grey = _grey(source)
    try:
        faces = detect_faces(grey)
    except cv2.error:  # an image OpenCV cannot take (a 1-pixel strip): crop by saliency
        faces = []
    keep = None
    for face in faces:
        grown = _grown(face)
        keep = grown if keep is None else keep.union(grown)
    return Framing(keep, focus_point(grey) if keep is None else _centre(keep))


def detect_faces(grey: Grey) -> list[Box]:
    """Faces (frontal, and profiles facing either way) in a grey image, as boxes."""
    import cv2
    import numpy as np

    height, width = grey.shape
    side = max(20, round(min(width, height) * MIN_FACE_SHARE))
    equalised = cv2.equalizeHist(grey)
    mirrored = np.ascontiguousarray(equalised[:, ::-1])
    found: list[Box] = []
    for name, image, flipped, neighbours in (
        ("frontalface_alt2", equalised, False, FRONTAL_NEIGHBOURS),
        ("profileface", equalised, False, PROFILE_NEIGHBOURS),
        ("profileface", mirrored, True, PROFILE_NEIGHBOURS),
    ):
        cascade = _cascade(name)
        if cascade is None:
            continue
        rects = cascade.detectMultiScale(
            image, scaleFactor=SCALE_STEP, minNeighbors=neighbours, minSize=(side, side)
        )
        for x, y, w, h in (tuple(int(v) for v in rect) for rect in rects):
            left = width - x - w if flipped else x
            found.append(Box(left / width, y / height, (left + w) / width, (y + h) / height))
    return found


@lru_cache(maxsize=4)
def _cascade(name: str) -> Any:
    """One of the Haar cascades OpenCV 4 ships (`cv2.data`), loaded once per process; None
    without it (OpenCV 5 ships none: pyproject pins < 5), and crops then follow the focus."""
    import cv2

    folder = getattr(getattr(cv2, "data", None), "haarcascades", None)
    if not folder:
        return None
    cascade = cv2.CascadeClassifier(str(Path(folder) / f"haarcascade_{name}.xml"))
    return None if cascade.empty() else cascade


def _grey(source: Path | Image.Image) -> Grey:
    """A grey upright copy whose long side is at most DETECT_SIDE (JPEGs decoded small)."""
    import numpy as np

    if isinstance(source, Path):
        with imaging.open_photo(source) as im:
            orientation = imaging.orientation_of(im)
            image = imaging.upright(
                imaging.decode(im, (DETECT_SIDE, DETECT_SIDE)),
                imaging.oriented(_fit(im.size, DETECT_SIDE), orientation),
                orientation,
                None,
            )
    else:
        image = source.copy()
        image.thumbnail((DETECT_SIDE, DETECT_SIDE))
    return np.asarray(imaging.flatten(image.convert("RGBA")).convert("L"), dtype=np.uint8)


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled down so its long side is at most `side`."""
    scale = min(1.0, side / max(size))
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _grown(face: Box) -> Box:
    """A face box grown to hold the whole head, within the photo."""
    left, top, right, bottom = MARGIN
    return Box(
        max(0.0, face.left - left * face.width),
        max(0.0, face.top - top * face.height),
        min(1.0, face.right + right * face.width),
        min(1.0, face.bottom + bottom * face.height),
    )


def _centre(box: Box) -> tuple[float, float]:
    return (box.left + box.right) / 2, (box.top + box.bottom) / 2


def focus_point(grey: Grey) -> tuple[float, float]:
    """The centre of mass of the photo's salient part, by spectral residual (Hou & Zhang);
    the centre when nothing stands out."""
    import cv2
    import numpy as np

    small = cv2.resize(grey, (SALIENCY_SIDE, SALIENCY_SIDE), interpolation=cv2.INTER_AREA)
    spectrum = np.fft.fft2(small.astype(np.float64))
    log_amplitude = np.log(np.abs(spectrum) + 1e-9)
    residual = log_amplitude - cv2.blur(log_amplitude, (3, 3))
    saliency = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    saliency = cv2.GaussianBlur(saliency, (9, 9), 2.5)
    edge = SALIENCY_EDGE  # the transform wraps around: its borders light up for nothing
    saliency[:edge, :] = saliency[-edge:, :] = saliency[:, :edge] = saliency[:, -edge:] = 0
    salient = np.clip(saliency - saliency.mean(), 0.0, None)
    total = float(salient.sum())
    if total <= 0:
        return 0.5, 0.5
    ys, xs = np.indices(salient.shape)
    x = float((salient * (xs + 0.5)).sum()) / total / SALIENCY_SIDE
    y = float((salient * (ys + 0.5)).sum()) / total / SALIENCY_SIDE
    return round(x, 4), round(y, 4)


# -- crops ------------------------------------------------------------------------------


def crop_for(
    size: tuple[int, int],
    aspect: float,
    keep: Box | None,
    focus: tuple[float, float] | None = None,
) -> tuple[int, int, int, int]:
    """The largest crop of `aspect` (width / height) of an image of `size`, in pixels (left,
    top, right, bottom): holding `keep` and centred on it as far as the edges allow; when
    `keep` is larger than the crop, its top part (faces' upper parts: eyes before chins) and
    its centre across. Without `keep`, centred on `focus`, else on the image's centre."""
    width, height = size
    use_w, use_h = min(width, round(height * aspect)), min(height, round(width / aspect))
    if keep is None:
        fx, fy = focus if focus is not None else (0.5, 0.5)
        left = _place(use_w, width, fx * width, fx * width)
        top = _place(use_h, height, fy * height, fy * height)
    else:
        x0, y0, x1, y1 = keep.pixels(size)
        left = _place(use_w, width, x0, x1)
        if y1 - y0 <= use_h:
            top = _place(use_h, height, y0, y1)
        else:
            top = max(0, min(height - use_h, round(y0)))
    return left, top, left + use_w, top + use_h


def keeps_whole(size: tuple[int, int], aspect: float, keep: Box | None) -> bool:
    """Whether a crop of `aspect` can hold every face of a photo of `size`: a layout may
    prefer another frame (or no crop) for a photo whose faces a frame would cut."""
    if keep is None:
        return True
    left, top, right, bottom = crop_for(size, aspect, keep)
    x0, y0, x1, y1 = keep.pixels(size)
    return left <= x0 + 0.5 and top <= y0 + 0.5 and x1 - 0.5 <= right and y1 - 0.5 <= bottom


def _place(length: int, whole: int, start: float, end: float) -> int:
    """Where a span of `length` starts in `whole` to be centred on start..end, within bounds.
    A centred span with no focus lands where the centre crop always did: (whole - length) // 2."""
    if start == end == whole / 2:
        return (whole - length) // 2
    wanted = round((start + end) / 2 - length / 2)
    return max(0, min(whole - length, wanted))


def object_position(
    size: tuple[int, int], aspect: float, keep: Box | None, focus: tuple[float, float] | None = None
) -> tuple[float, float]:
    """CSS `object-position` (x %, y %) that shows exactly `crop_for`'s crop of a photo of
    `size` in a frame of `aspect` with `object-fit: cover`: CSS places the image's
    (p %) point at the frame's (p %) point, so p = offset / (image - crop)."""
    left, top, right, bottom = crop_for(size, aspect, keep, focus)
    spare_x, spare_y = size[0] - (right - left), size[1] - (bottom - top)
    x = 100 * left / spare_x if spare_x else 50.0
    y = 100 * top / spare_y if spare_y else 50.0
    return round(x, 2), round(y, 2)


def frame_style(size: tuple[int, int], aspect: float, framing: Framing | None) -> Markup:
    """The `style` of an `<img>` filling a frame of `aspect` (width / height) with the crop
    that keeps `framing`'s faces, for a photo of `size`: the template needs no new rendition."""
    keep, focus = (framing.keep, framing.focus) if framing else (None, None)
    x, y = object_position(size, aspect, keep, focus)
    return html("object-fit: cover; object-position: {:g}% {:g}%", x, y)
