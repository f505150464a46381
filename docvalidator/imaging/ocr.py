"""Offline OCR: an image → text lines with boxes, joined in reading order.

rapidocr with the PP-OCRv6 small models its wheel ships: nothing is downloaded at run time.
The engine loads lazily, once per process. `ENABLED` says whether the optional extra is
installed; `INSTALL_HINT` says how to install it.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from dataclasses import dataclass
from typing import Any

ENABLED = all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))
INSTALL_HINT = 'OCR 引擎未安装：pip install "docvalidator[ocr]"（rapidocr + onnxruntime，离线模型随包提供）'

# Detection runs on the image scaled so that its longer side is at most this many pixels; a
# 150-dpi A4 page (1240×1754) is scaled to 1280, which keeps 5-pt-and-up print legible.
DET_LIMIT_SIDE = 1280
# Recognition one line at a time: a batch pads every line to its widest member, and that padding
# was a third of the recognition cost on real pages (bench/README.md, "OCR cost per page").
REC_BATCH = 1
# Blank paper is cut out before detection, at the scale the whole page would have had
# (`trim_plan`): the detector's cost is its pixel count, and a letter-size form is mostly margin.
TRIM = True
_FIXED_THREADS = int(os.environ.get("DOCVALIDATOR_OCR_THREADS", "0"))  # the user's choice wins
THREADS = _FIXED_THREADS or min(4, os.cpu_count() or 1)

_lock = threading.Lock()
_call_lock = threading.Lock()  # a call sets the detector's limit for its image
_engine: Any = None
_engine_pid = 0  # the process that built _engine (a forked worker inherits it, unusable)
LOADS = 0  # how many times the models were loaded in this process (tests assert 1)


def engine_version() -> str:
    """Part of every OCR cache key: a new model or setting invalidates old results."""
    try:
        from importlib.metadata import version

        v = version("rapidocr")
    except Exception:  # pragma: no cover - only when not installed
        v = "none"
    trim = "/trim" if TRIM else ""
    return f"rapidocr-{v}/PP-OCRv6-small/det{DET_LIMIT_SIDE}{trim}/rb{REC_BATCH}/nocls/4"


_INHERITED: list[Any] = []


def use_threads(threads: int) -> None:
    """OCR with `threads` threads from now on (DOCVALIDATOR_OCR_THREADS, when set, wins), so
    that a run keeps to the cores it was given (`--jobs`). An engine built with another count,
    or inherited through fork, is set aside, never used nor freed: a forked one's thread pool
    stayed in the parent (freeing it would wait for those threads forever)."""
    global THREADS, _engine
    threads = _FIXED_THREADS or max(1, threads)
    if _engine is not None and (threads != THREADS or _engine_pid != os.getpid()):
        _INHERITED.append(_engine)
        _engine = None
    THREADS = threads


def get_engine() -> Any:
    global _engine, _engine_pid, LOADS
    if _engine is None:
        with _lock:
            if _engine is None:
                if not ENABLED:
                    raise RuntimeError(INSTALL_HINT)
                import logging

                from rapidocr import RapidOCR

                logging.getLogger("RapidOCR").setLevel(logging.ERROR)  # "detection result is empty"
                _engine = RapidOCR(params={
                    "Global.log_level": "error",
                    "Global.use_cls": False,  # scans are upright; the angle model costs time
                    "Det.limit_type": "max",
                    "Det.limit_side_len": DET_LIMIT_SIDE,
                    "Rec.rec_batch_num": REC_BATCH,
                    "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                })
                _engine_pid = os.getpid()
                LOADS += 1
    return _engine


# a line read with less confidence than this may hold other words than it shows (bench/README.md:
# the recogniser's line scores on the prose corpus's scans)
SURE = 0.9


@dataclass(frozen=True)
class Line:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in image pixels
    score: float


def recognize(image: Any) -> list[Line]:
    """OCR one image (PIL image or numpy array, RGB) → lines with boxes in its pixels."""
    import numpy as np

    arr = np.asarray(image.convert("RGB")) if hasattr(image, "convert") else np.asarray(image)
    return [Line(t, bb, score) for t, score, bb in _detect_and_read(get_engine(), arr, cls=False, trim=True)]


def _detect_and_read(engine: Any, arr: Any, cls: bool, trim: bool
                     ) -> list[tuple[str, float, tuple[float, ...]]]:
    """(text, score, box) per line, boxes in the image's pixels. `trim`: detection on the image
    less its blank paper (`trim_plan`), at the scale the whole image would have had."""
    import numpy as np

    plan = trim_plan(arr) if trim and TRIM and hasattr(engine, "_load_det_model") else None
    h, w = arr.shape[:2]
    scale = min(1.0, DET_LIMIT_SIDE / max(h, w, 1))
    if plan is not None:
        arr = np.ascontiguousarray(np.concatenate([arr[a:b, plan[0]:plan[1]] for a, b in plan[2]]))
    with _call_lock:
        det = engine._load_det_model() if plan is not None else None
        if det is not None:
            det.limit_side_len = max(32, round(max(arr.shape[:2]) * scale))
        try:
            # explicit flags on every call: rapidocr keeps the flags of the previous call, and
            # the seal-ring reader shares this engine with other flags
            result = engine(arr, use_det=True, use_cls=cls, use_rec=True)
        finally:
            if det is not None:
                det.limit_side_len = DET_LIMIT_SIDE
    boxes = getattr(result, "boxes", None)
    txts = getattr(result, "txts", None)
    if boxes is None or txts is None:
        return []
    scores = list(getattr(result, "scores", None) or ())
    out = []
    for i, (box, text) in enumerate(zip(boxes, txts, strict=False)):
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        bb = (min(xs), min(ys), max(xs), max(ys))
        if plan is not None:
            bb = (bb[0] + plan[0], _source_y(plan[2], bb[1]), bb[2] + plan[0], _source_y(plan[2], bb[3]))
        out.append((str(text), float(scores[i]) if i < len(scores) else 0.0, bb))
    return out


TRIM_BLOCK = 4  # px: ink is looked for in blocks of this side (a speck of noise is averaged out)
TRIM_KEEP = 0.85  # trim only when the image left is smaller than this share of the page


def trim_plan(arr: Any) -> tuple[int, int, list[tuple[int, int]]] | None:
    """Where the ink is: (x0, x1, row bands [(y0, y1), …]) with a margin of blank paper around
    each, so that stacking the bands drops the page's margins and the blank runs between its
    blocks of text but never a pixel of ink. None when that would not save much. A block is ink
    when it is darker than the paper (the median) by a few levels: faint grey headers and
    page numbers count."""
    import numpy as np

    h, w = arr.shape[:2]
    b = TRIM_BLOCK
    if h < 16 * b or w < 16 * b:
        return None
    import cv2

    grey = np.ascontiguousarray(arr[: h // b * b, : w // b * b])
    if grey.ndim == 3:
        grey = cv2.cvtColor(grey, cv2.COLOR_RGB2GRAY)
    blocks = cv2.resize(grey, (w // b, h // b), interpolation=cv2.INTER_AREA).astype(np.float32)
    ink = blocks < min(250.0, float(np.median(blocks)) - 5)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return None
    pad = max(16, round(0.02 * min(h, w)))
    x0, x1 = max(0, int(cols[0]) * b - pad), min(w, (int(cols[-1]) + 1) * b + pad)
    bands: list[tuple[int, int]] = []
    for r in rows:
        y0, y1 = max(0, int(r) * b - pad), min(h, (int(r) + 1) * b + pad)
        if bands and y0 <= bands[-1][1]:
            bands[-1] = (bands[-1][0], y1)
        else:
            bands.append((y0, y1))
    if (x1 - x0) * sum(y1 - y0 for y0, y1 in bands) > TRIM_KEEP * h * w:
        return None
    return x0, x1, bands


def _source_y(bands: list[tuple[int, int]], y: float) -> float:
    """A row of the stacked bands → the row of the image it came from."""
    top = 0
    for y0, y1 in bands:
        if y < top + (y1 - y0) or (y0, y1) == bands[-1]:
            return y0 + max(0.0, y - top)
        top += y1 - y0
    return y


def reading_order(lines: list[Line]) -> str:
    """Lines joined top to bottom, left to right: boxes whose vertical centres fall within
    half a line height of each other form one printed line."""
    if not lines:
        return ""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        cy = (line.box[1] + line.box[3]) / 2
        h = max(1.0, line.box[3] - line.box[1])
        if rows:
            last = rows[-1]
            lcy = sum((x.box[1] + x.box[3]) / 2 for x in last) / len(last)
            if abs(cy - lcy) <= h / 2:
                last.append(line)
                continue
        rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.box[0])
        parts: list[str] = []
        for ln in row:
            if parts and parts[-1][-1:].isascii() and ln.text[:1].isascii():
                parts.append(" ")
            parts.append(ln.text)
        out.append("".join(parts))
    return "\n".join(out)


def _engine_or_none() -> Any:
    if not ENABLED:
        return None
    try:
        return get_engine()
    except Exception:  # a model that fails to load: what it would read is optional evidence
        return None


def ocr_lines(rgb: Any, single_line: bool = False, trim: bool = False
              ) -> list[tuple[str, float, list[float]]]:
    """(text, score, [x0, y0, x1, y1] px) per line found; [] when OCR is unavailable.
    `single_line`: the image is one line of text (recognition only, no detection). `trim`:
    detection skips the blank paper (`trim_plan`); off where a box is measured against the
    ink around it, as on a photo."""
    import numpy as np

    engine = _engine_or_none()
    if engine is None:
        return []
    bgr = np.ascontiguousarray(rgb[..., ::-1])  # rapidocr takes BGR like cv2
    if not single_line:
        return [(t, score, list(bb)) for t, score, bb in _detect_and_read(engine, bgr, cls=True,
                                                                          trim=trim)]
    with _call_lock:  # explicit flags every time: rapidocr keeps the flags of the previous call
        out = engine(bgr, use_det=False, use_cls=False, use_rec=True)
    txts = getattr(out, "txts", None) or ()
    scores = getattr(out, "scores", None) or ()
    return [(str(t), float(scores[i]) if i < len(scores) else 0.0, [0.0, 0.0, 0.0, 0.0])
            for i, t in enumerate(txts)]


def line_boxes(rgb: Any) -> list[tuple[int, int, int, int]]:
    """Text-line boxes (x0, y0, x1, y1 px) found by the detector alone, top to bottom; [] when
    OCR is unavailable. With `read_lines` this reads two versions of one page line by line
    on the same boxes, so that what differs is the pixels, not the segmentation."""
    import numpy as np

    engine = _engine_or_none()
    if engine is None:
        return []
    with _call_lock:
        out = engine(np.ascontiguousarray(rgb[..., ::-1]), use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(out, "boxes", None)
    if boxes is None:
        return []
    found = [(int(b[:, 0].min()), int(b[:, 1].min()), int(b[:, 0].max()) + 1, int(b[:, 1].max()) + 1)
             for b in boxes]
    return sorted(found, key=lambda b: (b[1], b[0]))


def read_lines(crops: list[Any]) -> list[tuple[str, float]]:
    """Recognition only, batched: (text, score) per image of one line (RGB)."""
    import numpy as np

    engine = _engine_or_none()
    if engine is None or not crops:
        return [("", 0.0) for _ in crops]
    result = engine.recognize_txt([np.ascontiguousarray(c[..., ::-1]) for c in crops])
    txts = list(getattr(result, "txts", None) or ())
    scores = list(getattr(result, "scores", None) or ())
    out = [(str(t), float(scores[i]) if i < len(scores) else 0.0) for i, t in enumerate(txts)]
    return out + [("", 0.0)] * (len(crops) - len(out))
