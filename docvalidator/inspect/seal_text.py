"""Read a seal's ring text: unwrap the ring to a straight strip (polar transform), OCR it, and
compare the result with a company name, tolerant of OCR noise.

OCR goes through the process's one engine (docvalidator.inspect.ocr).
"""

from __future__ import annotations

import difflib
import math
import re
from typing import TYPE_CHECKING

from docvalidator.inspect import ocr

if TYPE_CHECKING:  # numpy loads only where a ring is read; the seal rule needs only the strings
    import numpy as np


def _engine():
    if not ocr.ENABLED:
        return None
    try:
        return ocr.get_engine()
    except Exception:  # a model that fails to load: ring text is optional evidence
        return None


def ocr_lines(rgb: np.ndarray, single_line: bool = False) -> list[tuple[str, float, list[float]]]:
    """(text, score, [x0, y0, x1, y1] px) per line found; [] when OCR is unavailable.
    `single_line`: the image is one line of text (recognition only, no detection)."""
    import numpy as np

    engine = _engine()
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


def unwrap_ring(rgb: np.ndarray, center: tuple[float, float], radii: tuple[float, float],
                span_deg: float = 280.0, band: tuple[float, float] = (0.97, 0.55)) -> np.ndarray:
    """The band just inside the ring as an upright strip: left to right along the top arc
    (from lower left, over the top, to lower right), the ring's side at the top.
    `radii`: horizontal and vertical semi-axes (seals are stamped about upright)."""
    import cv2
    import numpy as np

    rx, ry = radii
    r = max(rx, ry)
    width = round(r * math.radians(span_deg) * 0.78)
    height = max(8, round(r * (band[0] - band[1])))
    phi = np.radians(90 + span_deg / 2 - span_deg * (np.arange(width) + 0.5) / width)
    s = np.linspace(band[0], band[1], height)
    map_x = (center[0] + np.outer(s, rx * np.cos(phi))).astype(np.float32)
    map_y = (center[1] - np.outer(s, ry * np.sin(phi))).astype(np.float32)
    return cv2.remap(rgb, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


BANDS = ((0.97, 0.55), (0.93, 0.62))  # two unwrappings: OCR noise differs between them


def read_ring(rgb: np.ndarray, center, radii) -> list[tuple[str, float]]:
    """OCR readings of the unwrapped ring, one per band: [(text, mean score)], best first.
    Red ink is turned black on white first."""
    import numpy as np

    out = []
    for band in BANDS:
        strip = unwrap_ring(rgb, center, radii, band=band)
        lines = ocr_lines(_ink_to_black(strip), single_line=True)
        if lines:
            out.append(("".join(t for t, _s, _b in lines),
                        round(float(np.mean([sc for _t, sc, _b in lines])), 3)))
    return sorted(out, key=lambda t: -t[1])


def _ink_to_black(rgb: np.ndarray) -> np.ndarray:
    import numpy as np

    r = rgb[..., 0].astype(np.int16)
    gb = np.maximum(rgb[..., 1], rgb[..., 2]).astype(np.int16)
    redness = np.clip((r - gb - 30) * 4, 0, 255).astype(np.uint8)
    gray = 255 - redness
    return np.repeat(gray[..., None], 3, axis=2)


# --------------------------------------------------------------------------------------------
# Names

_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司")
AUTHORITY_WORDS = ("市场监督管理局", "工商行政管理局", "市场监管局", "行政审批局", "行政审批服务局",
                   "监督管理局", "工商局", "登记机关")


def normalise_name(text: str) -> str:
    return "".join(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", text or ""))


def name_similarity(expected: str, seen: str) -> float:
    """How much of the expected name (its distinctive part, without 有限公司…) the seen text
    contains in order: 0..1, tolerant of dropped, extra and swapped characters."""
    e, s = normalise_name(expected), normalise_name(seen)
    for suffix in _SUFFIXES:
        if e.endswith(suffix) and len(e) > len(suffix) + 1:
            e = e[: -len(suffix)]
            break
    if not e or not s:
        return 0.0
    blocks = difflib.SequenceMatcher(None, e, s, autojunk=False).get_matching_blocks()
    return round(sum(b.size for b in blocks) / len(e), 3)


def is_authority(text: str | None) -> bool:
    t = normalise_name(text or "")
    return any(w in t for w in AUTHORITY_WORDS) or ("监督管理" in t and "公司" not in t)
