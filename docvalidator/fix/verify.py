"""Prove that a re-encoded page stayed legible.

Two measurements of a page before and after, on the same renderings the checks use:
- OCR: the original page is rendered at the OCR analysis' dpi with its red ink dropped (as
  `checks.content.ocr` reads pages), its text lines are found once (at most `MAX_LINES`,
  spread over the page; those it reads with confidence), and each line is read on the
  original and on the new rendering from the same box. The character error rate of the
  new reading against the original's, over the lines the new page reads less confidently, is
  the loss of legibility (0.0: nothing reads worse). Same boxes on both sides, so a
  segmentation that shifts by a pixel does not count as an error.
- Seals: `find_seals` on both renderings at the seal analysis' dpi; every seal of the
  original must be found again where it was (its box overlapping by half or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from docvalidator.checks.content.ocr import OCR_DPI, drop_red
from docvalidator.checks.seals.analysis import SEAL_DPI
from docvalidator.imaging import ocr
from docvalidator.text.distance import edit_distance

MAX_CER_LOSS = 0.01  # the bound: at most 1 percentage point worse
# Lines read per page: a dense page or a table has 60–120 boxes, and reading each twice costs
# seconds; an encoding degrades the whole page alike, so lines spread evenly over the page
# measure it as well as all of them do (bench/README.md: fix).
MAX_LINES = 36
# Only lines the original reads with this confidence are the reference: a line the engine is
# unsure of on the original (small print on a phone photo) reads differently after any
# change of pixels, and would count as lost legibility that was never there.
MIN_REFERENCE_SCORE = 0.9
MIN_REFERENCE_LINES = 3
SEAL_IOU = 0.5
_SPACE = re.compile(r"\s+")


@dataclass
class PageReference:
    """What the original page reads and shows: the verdicts compare a new page with it."""

    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)  # the engine's confidence per line
    seals: list[tuple[float, float, float, float]] = field(default_factory=list)  # page fractions
    ocr: bool = False  # whether the OCR measurement was taken


@dataclass(frozen=True)
class Verdict:
    cer: float | None  # None: not measured (OCR off, or no text on the page)
    seals_before: int
    seals_kept: bool

    def legible(self) -> bool:
        return self.seals_kept and (self.cer is None or self.cer <= MAX_CER_LOSS)


def render(doc, index: int, dpi: float) -> np.ndarray:
    """RGB raster of page `index` (0-based) of an open pdfium document, at `dpi`."""
    page = doc[index]
    try:
        return page.render(scale=dpi / 72.0, rev_byteorder=True).to_numpy()[..., :3].copy()
    finally:
        page.close()


def _ocr_view(rgb: np.ndarray) -> np.ndarray:
    from PIL import Image

    return np.asarray(drop_red(Image.fromarray(rgb)))


def _crops(rgb: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[np.ndarray]:
    h, w = rgb.shape[:2]
    out = []
    for x0, y0, x1, y1 in boxes:
        x0, y0 = max(0, x0 - 2), max(0, y0 - 2)
        x1, y1 = min(w, x1 + 2), min(h, y1 + 2)
        out.append(rgb[y0:y1, x0:x1] if x1 > x0 and y1 > y0 else rgb[:1, :1])
    return out


def _seal_boxes(rgb: np.ndarray) -> list[tuple[float, float, float, float]]:
    from docvalidator.checks.seals.detect import find_seals

    h, w = rgb.shape[:2]
    return [(s.bbox_px[0] / w, s.bbox_px[1] / h, s.bbox_px[2] / w, s.bbox_px[3] / h)
            for s in find_seals(rgb)]


def reference(doc, index: int, with_ocr: bool) -> PageReference:
    """Measure the original page once."""
    ref = PageReference(seals=_seal_boxes(render(doc, index, SEAL_DPI)))
    if with_ocr and ocr.ENABLED:
        view = _ocr_view(render(doc, index, OCR_DPI))
        boxes = spread(ocr.line_boxes(view), MAX_LINES)
        read = ocr.read_lines(_crops(view, boxes))
        sure = [(b, r) for b, r in zip(boxes, read, strict=True) if r[1] >= MIN_REFERENCE_SCORE]
        if len(sure) < MIN_REFERENCE_LINES:
            sure = list(zip(boxes, read, strict=True))
        ref.boxes = [b for b, _r in sure]
        ref.texts, ref.scores = [r[0] for _b, r in sure], [r[1] for _b, r in sure]
        ref.ocr = True
    return ref


def spread(boxes: list, n: int) -> list:
    """At most `n` of the boxes, evenly spaced in their top-to-bottom order."""
    if len(boxes) <= n:
        return boxes
    step = len(boxes) / n
    return [boxes[int(i * step)] for i in range(n)]


def cer(reference: list[tuple[str, float]], lines: list[tuple[str, float]]) -> float | None:
    """Characters lost, as a share of the reference's: the edit distance of each line the new
    page reads differently *and* less confidently than the original. A line read differently
    with equal or more confidence is an ambiguous glyph resolved the other way (often the
    right way: 违程 → 远程), not legibility lost."""
    total = errors = 0
    for (ref, ref_score), (got, score) in zip(reference, lines, strict=False):
        ref, got = _SPACE.sub("", ref), _SPACE.sub("", got)
        total += len(ref)
        if got != ref and score < ref_score:
            errors += edit_distance(ref, got)
    return round(errors / total, 4) if total else None


def _iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def seals_kept(before: list, after: list) -> bool:
    return all(any(_iou(s, t) >= SEAL_IOU for t in after) for s in before)


def judge(doc, index: int, ref: PageReference) -> Verdict:
    """Measure the new page (in `doc`) against the original's reference."""
    after = _seal_boxes(render(doc, index, SEAL_DPI)) if ref.seals else []
    value = None
    if ref.ocr and ref.boxes:
        view = _ocr_view(render(doc, index, OCR_DPI))
        value = cer(list(zip(ref.texts, ref.scores, strict=True)),
                    ocr.read_lines(_crops(view, ref.boxes)))
    return Verdict(value, len(ref.seals), seals_kept(ref.seals, after))
