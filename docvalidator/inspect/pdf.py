"""PDF inspection: structure, encryption and page bytes (pypdf), then per page the text layer,
the images drawn and their effective DPI, and blankness (pdfium). Pure data out.

A PDF that neither parser can open is corrupt (DV201) and nothing else is measured, so a
corrupt file gives one finding, not a cascade. A PDF that needs a user password stops there
too (DV202). Recoverable damage pypdf repaired on the way is logged into `PdfInfo.damage`.
Images are measured from their dictionaries; an image over `PIXEL_CEILING` pixels is never
decoded, so its page's blankness is left unmeasured.
"""

from __future__ import annotations

import io
import logging
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from docvalidator.inspect.headings import pdfium_headings, plumber_headings
from docvalidator.inspect.image import PIXEL_CEILING
from docvalidator.inspect.model import Heading, PageText, PdfInfo, PdfPage

MIN_HEADING_TEXT = 4  # a text layer shorter than this has no headings to read

BLANK_DPI = 24  # blank pages are judged on a rendering this coarse
BLANK_MAX_STD = 3.0
BLANK_INK_DELTA = 40  # grey levels from the background that count as ink
BLANK_MAX_INK = 0.001  # share of ink pixels
SCAN_COVERAGE = 0.5  # an image covering this share of the page makes it a scan
MAX_DAMAGE = 20
_OBJ_IMAGE, _OBJ_FORM = 3, 5


class _DamageLog(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if msg not in self.sink and len(self.sink) < MAX_DAMAGE:
            self.sink.append(msg)


@contextmanager
def _capture_damage(sink: list[str]) -> Iterator[None]:
    log = logging.getLogger("pypdf")
    handler, propagate = _DamageLog(sink), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        for w in caught:
            handler.emit(logging.makeLogRecord({"msg": str(w.message), "levelno": 30}))
    finally:
        log.removeHandler(handler)
        log.propagate = propagate


def _structure(data: bytes, info: PdfInfo) -> tuple[list[tuple[int | None, list]], str | None]:
    """pypdf's pass: encryption and the weight of each page. Returns the weights and, when
    pypdf could not open the file, why (pdfium may still open it)."""
    from pypdf import PdfReader
    from pypdf.constants import UserAccessPermissions as Perm

    from docvalidator.inspect.pagebytes import ObjectStreamRatios, page_weight

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            if not reader.decrypt(""):
                info.encrypted = "user-password"
                return [], None
            perms = reader.user_access_permissions
            if perms is not None:
                if not perms & Perm.PRINT:
                    info.restrictions.append("print")
                if not perms & Perm.EXTRACT:
                    info.restrictions.append("copy")
            if info.restrictions:
                info.encrypted = "owner-restrictions"
        pages = list(reader.pages)
    except Exception as e:  # pypdf could not open it; pdfium decides whether it is corrupt
        return [], f"{type(e).__name__}: {e}"
    weights: list[tuple[int | None, list]] = []
    ratios = ObjectStreamRatios(reader)
    for n, page in enumerate(pages, 1):
        try:
            weights.append(page_weight(page, page.indirect_reference, ratios=ratios))
        except (Exception, RecursionError) as e:
            info.damage.append(f"第{n}页无法计算大小：{type(e).__name__}: {e}"[:300])
            weights.append((None, []))
    return weights, None


def inspect_pdf(data: bytes) -> tuple[PdfInfo, list[PageText]]:
    import pypdfium2 as pdfium

    info = PdfInfo()
    with _capture_damage(info.damage):
        weights, pypdf_error = _structure(data, info)
    if info.encrypted == "user-password":
        return info, []
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            info.encrypted = "user-password"
        elif not weights and pypdf_error is None:
            pass  # pypdf read a valid page tree with no pages (pdfium refuses those): 0 pages
        else:
            info.corrupt = pypdf_error or str(e)
        return info, []
    if pypdf_error:
        info.damage.append(f"pypdf: {pypdf_error}"[:300])
    texts: list[PageText] = []
    unlaid: list[int] = []  # pages pdfium cannot lay out: their headings from pdfplumber
    try:
        info.page_count = len(doc)
        for i in range(len(doc)):
            weight, contributors = weights[i] if i < len(weights) else (None, [])
            try:
                pdf_page = doc[i]
            except pdfium.PdfiumError as e:  # a page tree pdfium cannot walk (loops, depth)
                info.corrupt = f"第{i + 1}页无法加载（页面树损坏）：{e}"
                info.pages, texts = [], []
                break
            page, text, heads = _inspect_page(pdf_page, i, info.damage)
            page.bytes, page.contributors = weight, contributors
            info.pages.append(page)
            texts.append(PageText(number=i + 1, text=text, source="layer" if text.strip() else "none",
                                  headings=heads or []))
            if heads is None:
                unlaid.append(i + 1)
    finally:
        doc.close()
    if info.corrupt or info.encrypted:  # an owner-restricted file is read, its headings are not
        for t in texts:
            t.headings = []
    else:
        found = plumber_headings(data, unlaid)
        for t in texts:
            t.headings = found.get(t.number, t.headings)
    return info, texts


def _inspect_page(page: Any, index: int, damage: list[str]
                  ) -> tuple[PdfPage, str, list[Heading] | None]:
    """The page's facts, its text layer, and the headings of that layer (scans get theirs
    from OCR later; None: pdfium cannot lay the page out, pdfplumber will)."""
    try:
        w, h = page.get_size()
        tp = page.get_textpage()
        try:
            text = tp.get_text_range().replace("\r\n", "\n")
            heads: list[Heading] | None = []
            if len(text.strip()) >= MIN_HEADING_TEXT:
                try:
                    heads = pdfium_headings(page, tp)
                except Exception:  # characters pdfium cannot give: no headings, the text stays
                    heads = []
        finally:
            tp.close()
        result = PdfPage(number=index + 1, width_pt=round(w, 2), height_pt=round(h, 2),
                         has_text_layer=bool(text.strip()))
        objects = _drawn_images(page, result)
        if not result.has_text_layer:
            result.blank = _blank(page, objects, result, damage)
        return result, text, heads
    finally:
        page.close()


def _compose(m: Any, outer: Any) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    if outer is None:
        return (a, b, c, d, e, f)
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _drawn_images(page: Any, result: PdfPage) -> list[tuple[int, Any]]:
    """Every page object as (type, obj); images measured into `result` (px, DPI, coverage)."""
    import pypdfium2 as pdfium

    left, bottom, right, top = page.get_cropbox()
    area = max((right - left) * (top - bottom), 1.0)
    objects: list[tuple[int, Any]] = []
    forms: list[tuple[int, tuple[float, ...]]] = []  # (level, matrix to page space)
    for obj in page.get_objects(max_depth=8):
        while forms and forms[-1][0] >= obj.level:
            forms.pop()
        objects.append((obj.type, obj))
        if obj.type not in (_OBJ_FORM, _OBJ_IMAGE):
            continue  # text, paths and shadings: only images and forms place pixels
        outer = forms[-1][1] if forms else None
        try:
            m = obj.get_matrix()
        except pdfium.PdfiumError:  # pdfium gives no matrix for this object: not measured
            if obj.type == _OBJ_FORM:
                forms.append((obj.level, outer or (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)))
            continue
        matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
        if obj.type == _OBJ_FORM:
            forms.append((obj.level, matrix))
            continue
        px_w, px_h = obj.get_px_size()
        a, b, c, d, e, f = matrix
        w_in, h_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        if px_w < 2 or px_h < 2 or w_in <= 0 or h_in <= 0:
            continue
        xs = [e, e + a, e + c, e + a + c]
        ys = [f, f + b, f + d, f + b + d]
        ix = max(0.0, min(max(xs), right) - max(min(xs), left))
        iy = max(0.0, min(max(ys), top) - max(min(ys), bottom))
        coverage = min(1.0, ix * iy / area)
        dpi = round(min(px_w / w_in, px_h / h_in), 1)
        filters = obj.get_filters()
        if len(result.images) < 20:
            result.images.append({"px": [px_w, px_h], "dpi": dpi, "coverage": round(coverage, 3),
                                  "filter": _filter_label(filters)})
        if coverage >= SCAN_COVERAGE:
            result.scan = True
            result.image_dpi = dpi if result.image_dpi is None else min(result.image_dpi, dpi)
    return objects


def _filter_label(filters: list[str]) -> str:
    from docvalidator.inspect.pagebytes import FILTER_NAMES

    return FILTER_NAMES.get("/" + filters[-1], filters[-1]) if filters else "raw"


def _blank(page: Any, objects: list[tuple[int, Any]], result: PdfPage, damage: list[str]) -> bool | None:
    """True when the page shows nothing: judged on a coarse greyscale picture of it, drawn
    with its annotations (stamps, free text and ink that scanner and e-signing apps add live
    there, not in the page content). An annotation with an appearance is content even when
    the picture shows little of it; and pdfium draws form fields (a signature widget) only
    with its form environment, which can hang on a damaged form, so appearance streams are
    looked at instead of rendering forms."""
    import pypdfium2.raw as pdfium_c

    annotations = pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0
    if not objects and not annotations:
        return True
    for img in result.images:
        if img["px"][0] * img["px"][1] > PIXEL_CEILING:
            damage.append(f"第{result.number}页图像 {img['px'][0]}×{img['px'][1]} 像素超过上限，"
                          "未解码，未判断是否空白")
            return None
    images = [o for t, o in objects if t == _OBJ_IMAGE]
    if not annotations and len(objects) == 1 and len(images) == 1 \
            and images[0].get_filters() == ["DCTDecode"]:
        pixels = _jpeg_preview(bytes(images[0].get_data(decode_simple=False)))
        if pixels is not None:
            return _uniform(pixels)
    scale = BLANK_DPI / 72
    if result.width_pt * result.height_pt * scale * scale > 4_000_000:
        scale = math.sqrt(4_000_000 / max(result.width_pt * result.height_pt, 1.0))
    bitmap = page.render(scale=scale, grayscale=True, draw_annots=True)
    pixels = bitmap.to_numpy()
    uniform = _uniform(pixels[..., 0] if pixels.ndim == 3 else pixels)
    return uniform and not (annotations and _annotation_drawn(page))


def _annotation_drawn(page: Any) -> bool:
    """An annotation a viewer shows (not a link or a popup, not hidden): a form field, or one
    with a normal appearance stream. The page carries content, however little of it the
    coarse picture shows (a short free-text note, a check box)."""
    import pypdfium2.raw as pdfium_c

    invisible = {pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP}
    hidden = pdfium_c.FPDF_ANNOT_FLAG_HIDDEN | pdfium_c.FPDF_ANNOT_FLAG_NOVIEW
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        try:
            subtype = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if subtype in invisible or pdfium_c.FPDFAnnot_GetFlags(annot) & hidden:
                continue
            # a form field is drawn by the viewer even without a single appearance stream (a
            # check box has one per state)
            if subtype == pdfium_c.FPDF_ANNOT_WIDGET or pdfium_c.FPDFAnnot_GetAP(
                    annot, pdfium_c.FPDF_ANNOT_APPEARANCEMODE_NORMAL, None, 0) > 2:
                return True
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return False


def _jpeg_preview(raw: bytes) -> Any:
    """The JPEG decoded at 1/8 scale (DCT scaling: cheap, never the full-size bitmap)."""
    import numpy as np
    from PIL import Image

    try:
        with Image.open(io.BytesIO(raw)) as im:
            im.draft("L", (max(1, im.width // 8), max(1, im.height // 8)))
            return np.asarray(im.convert("L"))
    except Exception:
        return None


def _uniform(pixels: Any) -> bool:
    import numpy as np

    a = pixels.astype(np.float32)
    if a.size == 0:
        return True
    ink = float((np.abs(a - float(np.median(a))) > BLANK_INK_DELTA).mean())
    return float(a.std()) < BLANK_MAX_STD and ink < BLANK_MAX_INK
