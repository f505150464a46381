"""The headings at the top of scanned pages: the top of each page rendered, OCR'd once and cached
by file hash and engine version. Which OCR'd lines are headings follows what the eye sees: a
short line, centred or set taller than the lines around it, is the page's title; another short
line is a sub-heading; long lines are body text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docvalidator.classify.sections import Head
from docvalidator.imaging import ocr
from docvalidator.inspect.cache import make_key
from docvalidator.package import SourceFile
from docvalidator.package.kinds import IMAGE_KINDS

DPI = 110
TOP = 0.25  # the part of the page a title sits in
MAX_PAGES = 80  # a longer scan is read to this page
LONGEST = 30
_NOISE = re.compile(r"^(?:第?\d+页.*|-?\d+-?|page\d+.*|\d{4}年\d{1,2}月\d{1,2}日|.{2,30}(?:有限公司|有限责任公司))$",
                    re.IGNORECASE)


def _tops(source: SourceFile, kind: str, pages: list[int]) -> dict[int, Any]:
    """page → RGB ndarray of its top part."""
    from docvalidator.imaging.raster import image_raster, open_pdf, page_raster

    data = source.read_bytes()
    if kind in IMAGE_KINDS:
        arr = image_raster(data, max_side=1400)
        return {1: arr[: max(1, int(arr.shape[0] * TOP))]}
    out = {}
    doc = open_pdf(data)
    try:
        for p in pages:
            arr, _dpi = page_raster(doc, p - 1, DPI)
            out[p] = arr[: max(1, int(arr.shape[0] * TOP))]
    finally:
        doc.close()
    return out


def heads_of(lines: list[tuple[str, tuple[float, float, float, float]]], width: float,
             height: float) -> list[Head]:
    """OCR'd lines (text, box) of a page top → its headings, top to bottom."""
    rows = [(re.sub(r"\s+", "", t), b) for t, b in lines if t.strip()]
    rows = [(t, b) for t, b in rows if t and not _NOISE.match(t)]
    if not rows:
        return []
    heights = sorted(b[3] - b[1] for _t, b in rows)
    median = heights[len(heights) // 2] or 1.0
    out: list[Head] = []
    for t, (x0, y0, x1, y1) in sorted(rows, key=lambda r: r[1][1]):
        if len(t) > LONGEST:
            continue
        centred = abs((x0 + x1) / 2 - width / 2) < width * 0.12 and x0 > width * 0.12
        tall = (y1 - y0) >= 1.25 * median
        level = 1 if (centred or tall) else 2
        out.append(Head(t, level))
        if len(out) >= 3:
            break
    return out


def page_heads(source: SourceFile, kind: str, page_count: int, get: Callable[[str], Any],
               put: Callable[[str, Any], None],
               count: Callable[[str, int], None]) -> dict[int, list[Head]] | None:
    """page → headings of a scan's pages (None: OCR unavailable or failed). `get`/`put`: the
    run's analysis cache (CheckContext.cached/store)."""
    if not ocr.ENABLED:
        return None
    pages = list(range(1, min(page_count, MAX_PAGES) + 1)) if kind not in IMAGE_KINDS else [1]
    key = make_key("page-heads", source.sha256, DPI, TOP, len(pages), ocr.engine_version())
    hit = get(key)
    if isinstance(hit, dict):
        count("page_heads_cached", 1)
        return {int(p): [Head(t, lv) for t, lv in v] for p, v in hit.items()}
    try:
        tops = _tops(source, kind, pages)
        found: dict[int, list[Head]] = {}
        for p, arr in tops.items():
            lines = [(ln.text, ln.box) for ln in ocr.recognize(arr)]
            found[p] = heads_of(lines, float(arr.shape[1]), float(arr.shape[0]))
            count("ocr_page_tops", 1)
    except Exception:  # a page that cannot be rendered or read: its sections stay unknown
        return None
    put(key, {str(p): [[h.text, h.level] for h in v] for p, v in found.items()})
    return found
