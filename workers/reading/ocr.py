"""Tesseract OCR through pytesseract, with boxes, confidence, orientation repair and timeouts.

One Tesseract run per page is the common case, so OCR costs what plain `tesseract` costs. Only a page
that reads badly pays for more: an orientation check (OSD) and a second read turned upright, a read with
a ruled table's lines taken out (workers/reading/ruling.py), or a read with adaptive (Sauvola) thresholding for
unevenly lit phone photos. The better read wins. A page with
almost no ink is blank whatever the retries would find, so it gets the first read only.

Two small extra reads fill in what a good read can still miss: the words on dark or flat grey bars, and
the cells of a table's columns of figures that came back empty (workers/reading/empty_cells.py, a fifth of a
second a column). A page without such bars or such a table never pays for them.

The first read uses the English model. When its text is clearly French, German, Portuguese or Spanish
and that model is installed, the page is read once more with it (e.g. "por+eng", so English words on
the page still read) and the better read wins: accented words such as "Gestão" or "März" come out
whole. English pages never pay for the second read.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytesseract
from PIL import Image

from workers.errors import PipelineError, reading_timeout
from workers.language import TESSERACT_CODES, language_of
from workers.reading.empty_cells import column, empty_cells, fill, stacked
from workers.reading.images import grey
from workers.reading.layout import Word, mostly_under
from workers.reading.ruling import without_ruled_lines
from workers.reading.small_print import enlarged, enlargement
from workers.runtime.limits import Limits, OcrBudget

# Tesseract's OpenMP threads fight each other on a 2-core worker that runs several jobs; one thread per
# process is faster overall (Tesseract's own advice). The child process inherits this.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

_GOOD_MEAN_CONF = 70.0
_GOOD_WORDS = 12
_OSD_MIN_WORDS = 5
# Tesseract drops the ends of lines on a page photographed more than about this much off level.
_MAX_SKEW_DEGREES = 1.5
# Below this share of dark pixels a page is blank (a printed line of text is about 0.1% of a page at
# 300 DPI, a typical certificate 0.5-3%): retries cannot find text that is not there.
_BLANK_INK = 0.0003
_DARK = 128
# Above this share of dark pixels a page has dark areas (bands, panels, a photograph) that may hold light
# text its page layout misses; a page of dark text on a light ground stays well under it.
_DARK_AREAS = 0.12
# A page with this share in one flat mid-grey (see `_flat_grey`) has bars whose words one threshold loses.
_GREY_AREAS = 0.10
_GREY_LEVELS = (100, 216)
_SURE_CONF = 70.0
_SPARSE_BLOCKS = 10_000
# A units column's cells read on their own: one block of figures.
_FIGURES = "--psm 6 -c tessedit_char_whitelist=0123456789.,"


class _Unreadable(Exception):
    """Tesseract's image reader refused the file (it is stricter than Pillow's)."""


@dataclass
class OcrRead:
    """Words of one page as Tesseract read them, in page fractions."""

    words: list[Word] = field(default_factory=list)
    rotation: int = 0  # degrees clockwise the page was turned before this read
    mean_conf: float = 0.0
    language: str = ""  # the Tesseract model(s) of this read, e.g. "eng" or "por+eng"

    @property
    def score(self) -> float:
        """How much confidently-read text there is: the measure used to pick between reads."""
        return sum(w.conf or 0.0 for w in self.words if (w.conf or 0.0) >= 50) / 100.0


def _remaining(deadline: float, limits: Limits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise reading_timeout(limits.timeout_seconds)
    return min(left, limits.ocr_timeout_seconds)


def _run(path: str, size: tuple[int, int], limits: Limits, deadline: float, config: str = "",
         lang: str | None = None) -> OcrRead:
    """One Tesseract run over an image file, returning words with page-fraction boxes."""
    lang = lang or limits.ocr_language
    try:
        data = pytesseract.image_to_data(
            path, lang=lang, config=config,
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
    return OcrRead(words=words, mean_conf=mean, language=lang)


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The Tesseract models on this machine (asked once per process; empty if Tesseract cannot say)."""
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError):
        return frozenset()


def _second_language(read: OcrRead, limits: Limits) -> str | None:
    """The models for a re-read ("por+eng") when the first read is clearly not English, else None."""
    code = TESSERACT_CODES.get(language_of(" ".join(w.text for w in read.words)))
    if not code or code == limits.ocr_language or code not in limits.ocr_languages:
        return None
    if code not in installed_languages():
        return None
    return f"{code}+{limits.ocr_language}"


def ink_fraction(image: Image.Image) -> float:
    """The share of the page's pixels that are dark: text, lines, stamps. A histogram, so cheap."""
    counts = grey(image).histogram()
    total = sum(counts)
    return sum(counts[:_DARK]) / total if total else 0.0


def _tesseract_lines(read: OcrRead) -> list[list[Word]]:
    """The read's words line by line, as Tesseract grouped them, in its reading order."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in read.words:
        if word.ocr_line is not None:
            lines.setdefault(word.ocr_line, []).append(word)
    return list(lines.values())


def _skew_degrees(read: OcrRead, size: tuple[int, int]) -> float:
    """The page's tilt in degrees (positive: lines run downhill to the right), from Tesseract's lines.

    Each line of three words or more gives the slope of its word bottoms; the median of those slopes is
    robust to a few lines that were misread.
    """
    width, height = size
    angles = []
    for words in _tesseract_lines(read):
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


def _sideways(read: OcrRead) -> int:
    """90 when most of the lines Tesseract read run down the page (it lies on its side, its tops to the
    right: Pillow turns it upright by 90 degrees counter-clockwise), -90 when they run up it, else 0."""
    down = up = across = 0
    for words in _tesseract_lines(read):
        if len(words) < 2:
            continue
        dx = (words[-1].x0 + words[-1].x1 - words[0].x0 - words[0].x1) / 2
        dy = (words[-1].y0 + words[-1].y1 - words[0].y0 - words[0].y1) / 2
        if abs(dy) > 3 * abs(dx):
            down, up = down + (dy > 0), up + (dy < 0)
        elif abs(dx) > 3 * abs(dy):
            across += 1
    if down + up < max(3, 2 * across):
        return 0
    return 90 if down >= up else -90


def _turned(words: list[Word], quarter: int) -> list[Word]:
    """The boxes as they stand on the page turned `quarter` degrees counter-clockwise (as Pillow turns it)."""
    def turn(x: float, y: float) -> tuple[float, float]:
        return (y, 1 - x) if quarter == 90 else (1 - y, x)
    out = []
    for word in words:
        (ax, ay), (bx, by) = turn(word.x0, word.y0), turn(word.x1, word.y1)
        out.append(dataclasses.replace(word, x0=min(ax, bx), y0=min(ay, by), x1=max(ax, bx), y1=max(ay, by)))
    return out


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


def ocr_image(image: Image.Image, limits: Limits, deadline: float, source_file: str | None = None,
              budget: OcrBudget | None = None) -> OcrRead:
    """Read one page image. `source_file` is the same image already on disk, to spare an encode; `budget`
    is the document's (a page read alone has one of its own)."""
    budget = budget or OcrBudget(limits.ocr_pixel_budget)
    budget.spend(image.size)
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
        factor = enlargement(best.words, image.size, limits.max_image_pixels)
        if factor and budget.allows((round(image.size[0] * factor), round(image.size[1] * factor))):
            large = enlarged(image, factor)  # small print: read again, larger
            large_path = str(Path(tmp) / "large.pnm")
            again = _in_time(lambda: _read_saved(large, large_path, limits, deadline, limits.ocr_language,
                                                 best.rotation))
            if again is not None and again.score > best.score:
                best, path, image = again, large_path, large
        lang = _second_language(best, limits)
        if lang and budget.allows(image.size):
            native = _run(path, image.size, limits, deadline, lang=lang)
            if native.score > best.score:
                best = native
        lang = best.language
        quarter = _sideways(best)
        if quarter:
            # Tesseract read the lines of a page lying on its side (it follows such lines itself, and reads
            # them well): the boxes are turned with the page, so that its lines run across it again.
            image = image.rotate(quarter, expand=True)
            path = str(Path(tmp) / "sideways.pnm")
            _as_pnm(image).save(path, format="PPM")
            best.words, best.rotation = _turned(best.words, quarter), round(-quarter) % 360
        skew = _skew_degrees(best, image.size)
        if abs(skew) > 45:  # lines running up or down the page: it is on its side, turn it a quarter
            skew = round(skew / 90) * 90.0
        if abs(skew) > _MAX_SKEW_DEGREES and budget.allows(image.size):
            level = image.rotate(skew, resample=Image.BICUBIC, expand=True,
                                 fillcolor=255 if image.mode == "L" else None)
            level_path = str(Path(tmp) / "level.pnm")
            levelled = _read_saved(level, level_path, limits, deadline, lang,
                                   (best.rotation + round(-skew)) % 360)  # after any quarter turn
            if levelled.score > best.score:
                best, path, image = levelled, level_path, level
        if best.mean_conf >= _GOOD_MEAN_CONF and len(best.words) >= _GOOD_WORDS:
            return _finished(best, path, image, limits, deadline, tmp, budget)
        if ink_fraction(image) < _BLANK_INK:  # a blank page: no retry can find text on it
            return best
        # OSD needs text to work with; on a near-empty page it only costs a run.
        # (orientation detection reads a fraction of what a full read does: it costs a quarter of the page)
        rotate = _orientation(path, limits, deadline) \
            if len(best.words) >= _OSD_MIN_WORDS and budget.allows((image.size[0] // 4, image.size[1])) else 0
        if rotate and budget.allows(image.size):
            upright = image.rotate(-rotate, expand=True)  # PIL turns counter-clockwise
            turned_path = str(Path(tmp) / "upright.pnm")
            turned = _read_saved(upright, turned_path, limits, deadline, lang, (best.rotation + rotate) % 360)
            if turned.score > best.score:
                best = turned
                path, image = turned_path, upright
        unruled = without_ruled_lines(image) if best.mean_conf < _GOOD_MEAN_CONF else None
        if unruled is not None and budget.allows(unruled.size):  # a ruled table: its borders misread
            unruled_path = str(Path(tmp) / "unruled.pnm")
            plain = _read_saved(unruled, unruled_path, limits, deadline, lang, best.rotation)
            if plain.score > best.score:  # the borders were the trouble, not the lighting
                return _finished(plain, unruled_path, unruled, limits, deadline, tmp, budget, cells_from=image)
        if best.mean_conf < _GOOD_MEAN_CONF and budget.allows(image.size):
            adaptive = _run(path, image.size, limits, deadline, config="-c thresholding_method=2", lang=lang)
            adaptive.rotation = best.rotation
            if adaptive.score > best.score:
                best = adaptive
        return _finished(best, path, image, limits, deadline, tmp, budget)


def _in_time(read: Callable[[], OcrRead]) -> OcrRead | None:
    """An extra read, or None if the page's time ran out first: the reads before it stand on their own."""
    try:
        return read()
    except PipelineError as exc:
        if exc.code == "timeout":
            return None
        raise


def _read_saved(image: Image.Image, path: str, limits: Limits, deadline: float, lang: str,
                rotation: int) -> OcrRead:
    """A read of a variant of the page (levelled, turned upright, without its rules), saved at `path`
    first; `rotation` is the clockwise turn from the original page that the variant stands at."""
    _as_pnm(image).save(path, format="PPM")
    read = _run(path, image.size, limits, deadline, lang=lang)
    read.rotation = rotation
    return read


def _finished(best: OcrRead, path: str, image: Image.Image, limits: Limits, deadline: float, tmp: str,
              budget: OcrBudget | None = None, cells_from: Image.Image | None = None) -> OcrRead:
    """The chosen read with what its page layout missed: light words on dark areas, and the figures of a
    table's units column (see `workers/reading/empty_cells.py`). Those figures are cut from `cells_from` when the
    read was of a variant of the page with its ruled lines taken out: the upright strokes of a "1" or a
    "4" standing alone in a cell can go with the lines."""
    best = _with_sparse_text(best, path, image, limits, deadline, budget)
    source = cells_from or image
    n = 0
    for cut in (stacked, column):  # the empty cells on their own; then, for those still empty, the column
        found = empty_cells(best.words)
        if not found:  # (most pages: no table of figures, or none left empty)
            break
        for cells in found:
            crop, to_page = cut(cells, source)
            crop_path = str(Path(tmp) / f"cells{n}.pnm")
            _as_pnm(crop).save(crop_path, format="PPM")
            try:
                # bound now (B023): the read runs at once, in this turn of the loop
                figures = _in_time(functools.partial(_run, crop_path, crop.size, limits, deadline, config=_FIGURES,
                                                     lang="eng"))
            except _Unreadable:
                continue
            if figures is None:
                return best
            best.words = fill(best.words, cells, [w for w in map(to_page, figures.words) if w is not None], n)
            n += 1
    return best


def _with_sparse_text(best: OcrRead, path: str, image: Image.Image, limits: Limits, deadline: float,
                      budget: OcrBudget | None = None) -> OcrRead:
    """On a page with large dark areas (a coloured band, a dark column, a photograph's background), the
    words set in them ("Issued January 31, 2019" in white on a green band) fall out of Tesseract's page
    layout. A second read that looks for text anywhere (sparse text) finds them; what it reads surely
    where the first read has nothing is added. A page of dark text on a light ground never pays for it, and
    if the extra read runs out of time, the first read stands.

    A page with large flat grey areas (a screenshot's grey header and footer bars) loses the words on
    them another way: the page's one threshold, between the grey and the white, turns each bar black
    with its words. There the second read thresholds each part of the page by its surroundings instead."""
    levels = grey(image)
    # Averaged over blocks of 24 pixels, dense dark text thins out to grey while a band stays dark.
    if ink_fraction(levels.reduce(24)) >= _DARK_AREAS:
        config = "--psm 11"
    elif best.mean_conf >= _GOOD_MEAN_CONF and _flat_grey(levels) >= _GREY_AREAS:  # (else it had that read)
        config = "-c thresholding_method=2"
    else:
        return best
    if not (budget or OcrBudget(limits.ocr_pixel_budget)).allows(image.size):
        return best
    sparse = _in_time(lambda: _run(path, image.size, limits, deadline, config=config, lang=best.language or None))
    if sparse is None:
        return best
    # The second run numbers its own blocks and lines: apart from the first run's.
    extra = [dataclasses.replace(w, ocr_line=(_SPARSE_BLOCKS + w.ocr_line[0], *w.ocr_line[1:]) if w.ocr_line else None)
             for w in sparse.words if (w.conf or 0.0) >= _SURE_CONF and any(ch.isalnum() for ch in w.text)
             and not any(mostly_under(w, b) for b in best.words)]
    if not extra:
        return best
    best.words = sorted(best.words + extra, key=lambda w: (w.y0, w.x0))
    return best


def _flat_grey(levels: Image.Image) -> float:
    """The share of the page in one flat mid-grey (within a few levels): a filled bar. A scan's paper or
    a photograph spreads over many levels, and text on white is white and dark."""
    counts = levels.reduce(4).histogram()
    total = sum(counts) or 1
    return max(sum(counts[level - 3:level + 4]) for level in range(_GREY_LEVELS[0], _GREY_LEVELS[1])) / total


def _as_pnm(image: Image.Image) -> Image.Image:
    """PNM holds only grey or RGB; it is the cheapest format to hand to Tesseract."""
    if image.mode in ("L", "RGB"):
        return image
    if image.mode in ("1", "I;16", "I", "F"):
        return image.convert("L")
    return image.convert("RGB")
