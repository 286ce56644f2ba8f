"""Tesseract OCR through pytesseract, with boxes, confidence, orientation repair and timeouts.

One Tesseract run per page is the common case, so OCR costs what plain `tesseract` costs. Only a page
that reads badly pays for more: an orientation check (OSD) and a second read turned upright, or a read
with adaptive (Sauvola) thresholding for unevenly lit phone photos. The better read wins.
"""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract
from PIL import Image

from workers.errors import PipelineError
from workers.layout import Word
from workers.limits import Limits

# Tesseract's OpenMP threads fight each other on a 2-core worker that runs several jobs; one thread per
# process is faster overall (Tesseract's own advice). The child process inherits this.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_GOOD_MEAN_CONF = 70.0
_GOOD_WORDS = 12
_OSD_MIN_WORDS = 5
# Tesseract drops the ends of lines on a page photographed more than about this much off level.
_MAX_SKEW_DEGREES = 1.5


class _Unreadable(Exception):
    """Tesseract's image reader refused the file (it is stricter than Pillow's)."""


@dataclass
class OcrRead:
    """Words of one page as Tesseract read them, in page fractions."""

    words: list[Word] = field(default_factory=list)
    rotation: int = 0  # degrees clockwise the page was turned before this read
    mean_conf: float = 0.0

    @property
    def score(self) -> float:
        """How much confidently-read text there is: the measure used to pick between reads."""
        return sum(w.conf or 0.0 for w in self.words if (w.conf or 0.0) >= 50) / 100.0


def _remaining(deadline: float, limits: Limits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise PipelineError("timeout", f"Reading took longer than {limits.timeout_seconds:.0f} seconds.")
    return min(left, limits.ocr_timeout_seconds)


def _run(path: str, size: tuple[int, int], limits: Limits, deadline: float, config: str = "") -> OcrRead:
    """One Tesseract run over an image file, returning words with page-fraction boxes."""
    try:
        data = pytesseract.image_to_data(
            path, lang=limits.ocr_language, config=config,
            output_type=pytesseract.Output.DICT, timeout=_remaining(deadline, limits),
        )
    except pytesseract.TesseractError as exc:
        raise _Unreadable(str(exc)) from None
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise PipelineError("timeout", "OCR of a page took longer than the time limit.") from None
        raise
    width, height = size
    words: list[Word] = []
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text.strip():
            continue
        left, top = data["left"][i], data["top"][i]
        words.append(Word(
            text=text.strip(), x0=left / width, y0=top / height,
            x1=(left + data["width"][i]) / width, y1=(top + data["height"][i]) / height,
            conf=conf, ocr_line=(data["block_num"][i], data["par_num"][i], data["line_num"][i]),
        ))
    mean = sum(w.conf or 0.0 for w in words) / len(words) if words else 0.0
    return OcrRead(words=words, mean_conf=mean)


def _skew_degrees(read: OcrRead, size: tuple[int, int]) -> float:
    """The page's tilt in degrees (positive: lines run downhill to the right), from Tesseract's lines.

    Each line of three words or more gives the slope of its word bottoms; the median of those slopes is
    robust to a few lines that were misread.
    """
    width, height = size
    lines: dict[tuple[int, int, int] | None, list[Word]] = {}
    for word in read.words:
        lines.setdefault(word.ocr_line, []).append(word)
    angles = []
    for words in lines.values():
        if len(words) < 3:
            continue
        xs = [(w.x0 + w.x1) / 2 * width for w in words]
        ys = [w.y1 * height for w in words]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        var = sum((x - mean_x) ** 2 for x in xs)
        if var > 0:
            slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / var
            angles.append(math.degrees(math.atan(slope)))
    return statistics.median(angles) if len(angles) >= 2 else 0.0


def _orientation(path: str, limits: Limits, deadline: float) -> int:
    """Degrees clockwise that turn the page upright, per Tesseract OSD (0 when it cannot tell)."""
    try:
        osd = pytesseract.image_to_osd(
            path, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=_remaining(deadline, limits)
        )
    except pytesseract.TesseractError:
        return 0
    except RuntimeError as exc:
        if "timeout" in str(exc).lower():
            raise PipelineError("timeout", "OCR of a page took longer than the time limit.") from None
        raise
    if float(osd.get("orientation_conf", 0)) < 1.0:
        return 0
    return int(osd.get("rotate", 0)) % 360


def ocr_image(image: Image.Image, limits: Limits, deadline: float, source_file: str | None = None) -> OcrRead:
    """Read one page image. `source_file` is the same image already on disk, to spare an encode."""
    with tempfile.TemporaryDirectory(prefix="reviewer-ocr-") as tmp:
        path = str(Path(tmp) / "page.pnm")
        try:
            if source_file is None:
                raise _Unreadable("no file yet")
            best = _run(source_file, image.size, limits, deadline)
            path = source_file
        except _Unreadable:
            # Pillow decoded this image but Leptonica would not (or it was never on disk): hand
            # Tesseract the decoded pixels instead.
            _as_pnm(image).save(path, format="PPM")
            try:
                best = _run(path, image.size, limits, deadline)
            except _Unreadable:
                raise PipelineError("corrupt", "The OCR engine cannot read this image.") from None
        skew = _skew_degrees(best, image.size)
        if abs(skew) > 45:  # lines running up or down the page: it is on its side, turn it a quarter
            skew = round(skew / 90) * 90.0
        if abs(skew) > _MAX_SKEW_DEGREES:
            level = image.rotate(skew, resample=Image.BICUBIC, expand=True,
                                 fillcolor=255 if image.mode == "L" else None)
            level_path = str(Path(tmp) / "level.pnm")
            _as_pnm(level).save(level_path, format="PPM")
            levelled = _run(level_path, level.size, limits, deadline)
            levelled.rotation = round(-skew) % 360
            if levelled.score > best.score:
                best, path, image = levelled, level_path, level
        if best.mean_conf >= _GOOD_MEAN_CONF and len(best.words) >= _GOOD_WORDS:
            return best
        # OSD needs text to work with; on a near-empty page it only costs a run.
        rotate = _orientation(path, limits, deadline) if len(best.words) >= _OSD_MIN_WORDS else 0
        if rotate:
            upright = image.rotate(-rotate, expand=True)  # PIL turns counter-clockwise
            turned_path = str(Path(tmp) / "upright.pnm")
            _as_pnm(upright).save(turned_path, format="PPM")
            turned = _run(turned_path, upright.size, limits, deadline)
            turned.rotation = rotate
            if turned.score > best.score:
                best = turned
                path, image = turned_path, upright
        if best.mean_conf < _GOOD_MEAN_CONF:
            adaptive = _run(path, image.size, limits, deadline, config="-c thresholding_method=2")
            adaptive.rotation = best.rotation
            if adaptive.score > best.score:
                best = adaptive
        return best


def _as_pnm(image: Image.Image) -> Image.Image:
    """PNM holds only grey or RGB; it is the cheapest format to hand to Tesseract."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("1", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")
