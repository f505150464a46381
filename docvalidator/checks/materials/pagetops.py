"""The headings at the top of scanned pages: the top of each page rendered and OCR'd, one work
unit per page (on the run's pool, cached by file hash, page and engine version). Which OCR'd
lines are headings follows what the eye sees: a short line, centred or set taller than the
lines around it, is the page's title; another short line is a sub-heading; long lines are body
text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from docvalidator.classify import running_header
from docvalidator.classify.sections import Head
from docvalidator.imaging import ocr
from docvalidator.inspect.cache import make_key
from docvalidator.inspect.headings import could_be_title
from docvalidator.inspect.units import Unit
from docvalidator.package import SourceFile
from docvalidator.package.kinds import IMAGE_KINDS

DPI = 110
TOP = 0.25  # the part of the page a title sits in
MAX_PAGES = 80  # a longer scan has the tops of its first 80 scanned pages read
LONGEST = 30


def read_top(source: SourceFile, kind: str, page: int) -> dict:
    """The work unit: one page's top rendered and OCR'd → its lines (text, box in pixels) and
    the size of the part read."""
    from docvalidator.imaging.raster import image_raster, open_pdf, page_raster

    data = source.read_bytes()
    if kind in IMAGE_KINDS:
        arr = image_raster(data, max_side=1400)
        arr = arr[: max(1, int(arr.shape[0] * TOP))]
    else:
        doc = open_pdf(data)
        try:
            arr, dpi = page_raster(doc, page - 1, DPI)
        finally:
            doc.close()
        arr = arr[: max(1, int(arr.shape[0] * TOP))]
        if dpi > DPI * 1.15:  # a scan's own image, finer than a title needs: read at DPI
            import cv2

            size = (max(1, round(arr.shape[1] * DPI / dpi)), max(1, round(arr.shape[0] * DPI / dpi)))
            arr = cv2.resize(arr, size, interpolation=cv2.INTER_AREA)
    return {"lines": [[ln.text, list(ln.box)] for ln in ocr.recognize(arr)],
            "width": int(arr.shape[1]), "height": int(arr.shape[0])}


def pages_read(scanned: list[int]) -> list[int]:
    """The scanned pages whose tops are read: up to MAX_PAGES of them."""
    return scanned[:MAX_PAGES]


def top_unit(source: SourceFile, kind: str, page: int) -> Unit:
    return Unit(make_key("page-top", source.sha256, page, DPI, TOP, ocr.engine_version()),
                read_top, (source, kind, page))


def heads_of(lines: list[tuple[str, tuple[float, float, float, float]]], width: float,
             height: float) -> list[Head]:
    """OCR'd lines (text, box) of a page top → its headings, top to bottom."""
    rows = [(re.sub(r"\s+", "", t), b) for t, b in lines if t.strip()]
    # letterhead, date, document and page numbers head every page, they title none
    rows = [(t, b) for t, b in rows if t and not running_header(unicodedata.normalize("NFKC", t))]
    if not rows:
        return []
    heights = sorted(b[3] - b[1] for _t, b in rows)
    median = heights[len(heights) // 2] or 1.0
    out: list[Head] = []
    for t, (x0, y0, x1, y1) in sorted(rows, key=lambda r: r[1][1]):
        if not could_be_title(t, LONGEST):
            continue
        centred = abs((x0 + x1) / 2 - width / 2) < width * 0.12 and x0 > width * 0.12
        tall = (y1 - y0) >= 1.25 * median
        level = 1 if (centred or tall) else 2
        out.append(Head(t, level))
        if len(out) >= 3:
            break
    return out


def page_heads(source: SourceFile, kind: str, scanned: list[int],
               read: Callable[[Unit], tuple[Any, bool]],
               count: Callable[[str, int], None]) -> dict[int, list[Head]] | None:
    """page → headings of a scan's pages (None: OCR unavailable or a page failed). `read`: the
    run's work units (CheckContext.unit; prefetch `top_unit`s first to read them in parallel)."""
    if not ocr.ENABLED:
        return None
    found: dict[int, list[Head]] = {}
    try:
        for p in pages_read(scanned):
            value, fresh = read(top_unit(source, kind, p))
            count("ocr_page_tops" if fresh else "page_tops_cached", 1)
            found[p] = heads_of([(t, tuple(b)) for t, b in value["lines"]], float(value["width"]),
                                float(value["height"]))
    except Exception:  # a page that cannot be rendered or read: its sections stay unknown
        return None
    return found
