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
THREADS = int(os.environ.get("DOCVALIDATOR_OCR_THREADS", "0")) or min(4, os.cpu_count() or 1)

_lock = threading.Lock()
_engine: Any = None
LOADS = 0  # how many times the models were loaded in this process (tests assert 1)


def engine_version() -> str:
    """Part of every OCR cache key: a new model or setting invalidates old results."""
    try:
        from importlib.metadata import version

        v = version("rapidocr")
    except Exception:  # pragma: no cover - only when not installed
        v = "none"
    return f"rapidocr-{v}/PP-OCRv6-small/det{DET_LIMIT_SIDE}/nocls/3"


_INHERITED: list[Any] = []


def use_threads(threads: int) -> None:
    """In a worker process: OCR with `threads` threads, so that workers × threads stay within
    the cores. An engine inherited through fork is set aside, never used nor freed: its thread
    pool's threads stayed in the parent (freeing it would wait for them forever)."""
    global THREADS, _engine
    if _engine is not None:
        _INHERITED.append(_engine)
    THREADS, _engine = max(1, threads), None


def get_engine() -> Any:
    global _engine, LOADS
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
                    "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                })
                LOADS += 1
    return _engine


@dataclass(frozen=True)
class Line:
    text: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in image pixels
    score: float


def recognize(image: Any) -> list[Line]:
    """OCR one image (PIL image or numpy array, RGB) → lines with boxes."""
    import numpy as np

    arr = np.asarray(image.convert("RGB")) if hasattr(image, "convert") else np.asarray(image)
    # explicit flags on every call: rapidocr keeps the flags of the previous call, and the
    # seal-ring reader shares this engine with other flags
    result = get_engine()(arr, use_det=True, use_cls=False, use_rec=True)
    if result is None or result.boxes is None or result.txts is None:
        return []
    out = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=False):
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        out.append(Line(str(text), (min(xs), min(ys), max(xs), max(ys)), float(score)))
    return out


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


def ocr_lines(rgb: Any, single_line: bool = False) -> list[tuple[str, float, list[float]]]:
    """(text, score, [x0, y0, x1, y1] px) per line found; [] when OCR is unavailable.
    `single_line`: the image is one line of text (recognition only, no detection)."""
    import numpy as np

    engine = _engine_or_none()
    if engine is None:
        return []
    bgr = np.ascontiguousarray(rgb[..., ::-1])  # rapidocr takes BGR like cv2
    # explicit flags every time: rapidocr keeps the flags of the previous call
    out = (engine(bgr, use_det=False, use_cls=False, use_rec=True) if single_line
           else engine(bgr, use_det=True, use_cls=True, use_rec=True))
    txts = getattr(out, "txts", None) or ()
    scores = getattr(out, "scores", None) or ()
    boxes = getattr(out, "boxes", None)
    lines = []
    for i, t in enumerate(txts):
        box = boxes[i] if boxes is not None else None
        bb = ([float(box[:, 0].min()), float(box[:, 1].min()), float(box[:, 0].max()),
               float(box[:, 1].max())] if box is not None else [0.0, 0.0, 0.0, 0.0])
        lines.append((str(t), float(scores[i]) if i < len(scores) else 0.0, bb))
    return lines


def line_boxes(rgb: Any) -> list[tuple[int, int, int, int]]:
    """Text-line boxes (x0, y0, x1, y1 px) found by the detector alone, top to bottom; [] when
    OCR is unavailable. With `read_lines` this reads two versions of one page line by line
    on the same boxes, so that what differs is the pixels, not the segmentation."""
    import numpy as np

    engine = _engine_or_none()
    if engine is None:
        return []
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
