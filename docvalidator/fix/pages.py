"""Bring a PDF's heavy pages under the page limit by re-encoding the images that weigh them
down, with pikepdf (qpdf): each image XObject the page draws is replaced in place by a new
stream, so the content streams, the text layer, vector drawings, fonts and annotations are
the very objects they were. A page is measured exactly as DV204 measures it
(`inspect.pagebytes`, on the saved file) and verified before the next page is touched
(`verify`); an encoding that does not verify is undone and the next one is tried.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docvalidator.fix import encode
from docvalidator.fix.verify import PageReference, Verdict, judge, reference
from docvalidator.model import PageFix

MARGIN = 1536  # bytes kept free under the limit: a dictionary that grows, rounding
MIN_IMAGE_BYTES = 4096  # smaller images are not worth re-encoding
LEAVE_HINT = "建议将该页拆分为两页，或以 150 dpi 灰度重新扫描后替换"


def page_weights(data: bytes) -> list[int | None]:
    """Every page's weight as DV204 measures it (SPEC "Page bytes")."""
    from pypdf import PdfReader

    from docvalidator.inspect.pagebytes import ObjectStreamRatios, page_weight

    reader = PdfReader(io.BytesIO(data), strict=False)
    ratios = ObjectStreamRatios(reader)
    out: list[int | None] = []
    for page in reader.pages:
        try:
            out.append(page_weight(page, page.indirect_reference, ratios=ratios)[0])
        except Exception:
            out.append(None)
    return out


def _drawn_dpi(pdfium_doc, index: int) -> dict[tuple[int, int], float]:
    """(pixel width, height) → the highest dpi an image of that size is drawn at on the page."""
    import pypdfium2.raw as raw

    page = pdfium_doc[index]
    out: dict[tuple[int, int], float] = {}
    try:
        for obj in page.get_objects(max_depth=3):
            if obj.type != raw.FPDF_PAGEOBJ_IMAGE:
                continue
            x0, y0, x1, y1 = obj.get_bounds()
            w_px, h_px = obj.get_px_size()
            w_in, h_in = max(1e-3, (x1 - x0) / 72), max(1e-3, (y1 - y0) / 72)
            dpi = min(w_px / w_in, h_px / h_in)
            out[(w_px, h_px)] = max(out.get((w_px, h_px), 0.0), dpi)
    finally:
        page.close()
    return out


@dataclass
class _Image:
    stream: object  # pikepdf.Stream
    stored: int  # raw (encoded) bytes
    area: int
    dpi: float
    original: tuple  # (raw bytes, {key: value}) to undo a replacement


_KEYS = ("/Filter", "/DecodeParms", "/Width", "/Height", "/ColorSpace", "/BitsPerComponent")


def _heavy_images(page, dpis: dict[tuple[int, int], float], page_w_in: float) -> list[_Image]:
    """The page's image XObjects (and those of its forms) that can be re-encoded."""
    import pikepdf

    found: list[_Image] = []
    seen: set = set()

    def walk(resources, depth: int) -> None:
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None or depth > 3:
            return
        for _name, xo in xobjects.items():
            if not isinstance(xo, pikepdf.Stream) or xo.objgen in seen:
                continue
            seen.add(xo.objgen)
            if xo.get("/Subtype") == "/Form":
                walk(xo.get("/Resources"), depth + 1)
                continue
            if xo.get("/Subtype") != "/Image" or any(k in xo for k in ("/SMask", "/Mask", "/Decode")) \
                    or xo.get("/ImageMask", False):
                continue
            raw = xo.read_raw_bytes()
            stored = len(raw)
            if stored < MIN_IMAGE_BYTES:
                continue
            w, h = int(xo.get("/Width", 0)), int(xo.get("/Height", 0))
            dpi = dpis.get((w, h)) or (w / page_w_in if page_w_in else 150.0)
            original = (raw, {k: xo.get(k) for k in _KEYS if k in xo})
            found.append(_Image(xo, stored, w * h, dpi, original))

    walk(page.obj.get("/Resources"), 0)
    return sorted(found, key=lambda i: -i.stored)


def _put(img: _Image, cand: encode.Candidate) -> None:
    import pikepdf

    s = img.stream
    parms = pikepdf.Dictionary({k: v for k, v in (cand.decode_parms or {}).items()}) \
        if cand.decode_parms else None
    s.write(cand.data, filter=pikepdf.Name(cand.filter), decode_parms=parms, type_check=False)
    if parms is None and "/DecodeParms" in s:
        del s["/DecodeParms"]
    s.Width, s.Height = cand.width, cand.height
    s.ColorSpace = pikepdf.Name.DeviceGray if cand.grey else pikepdf.Name.DeviceRGB
    s.BitsPerComponent = cand.bits


def _undo(img: _Image) -> None:
    raw, keys = img.original
    s = img.stream
    s.write(raw, filter=keys.get("/Filter"), decode_parms=keys.get("/DecodeParms"), type_check=False)
    for k in _KEYS:
        if k in keys:
            s[k] = keys[k]
        elif k in s:
            del s[k]


def _save(pdf) -> bytes:
    import pikepdf

    buf = io.BytesIO()
    pdf.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.preserve, deterministic_id=True)
    return buf.getvalue()


@dataclass
class Limits:
    page_bytes: int  # the per-page limit in bytes
    min_dpi: float  # the schema's minimum scan resolution
    ocr: bool  # verify by OCR (else: seals only)


def shrink(data: bytes, targets: dict[int, int], limits: Limits,
           weights: list[int | None] | None = None) -> tuple[bytes, list[PageFix]]:
    """Re-encode the images of the pages in `targets` (1-based page → bytes it must weigh at
    most) and return the new file with a log entry per page. Pages not listed keep their
    objects; a page no encoding fits legibly is left as it was, with the reason. `weights`:
    the pages' weights in `data` (`page_weights`), when the caller has measured them."""
    import pikepdf
    import pypdfium2 as pdfium

    weights = weights if weights is not None else page_weights(data)
    original = pdfium.PdfDocument(data)
    pdf = pikepdf.open(io.BytesIO(data))
    current = data
    log: list[PageFix] = []
    try:
        for number in sorted(targets):
            before = weights[number - 1]
            if before is None or before <= targets[number]:
                continue
            w_in = float(pdf.pages[number - 1].mediabox[2] - pdf.pages[number - 1].mediabox[0]) / 72
            images = _heavy_images(pdf.pages[number - 1], _drawn_dpi(original, number - 1), w_in)
            ref = reference(original, number - 1, limits.ocr)
            entry, current = _fit_page(pdf, number, before, targets[number], images, ref, limits,
                                       current)
            log.append(entry)
    finally:
        original.close()
        pdf.close()
    return current, log


def _fit_page(pdf, number: int, before: int, limit: int, images: list[_Image],
              ref: PageReference, limits: Limits, current: bytes) -> tuple[PageFix, bytes]:
    from pikepdf import PdfImage

    if not images:
        return PageFix(number, "left", before, before, note="该页的大小不是来自图像（字体或矢量内容），"
                       "无法通过重新压缩图像减小；" + LEAVE_HINT), current
    rest = before - sum(i.stored for i in images)
    budget_all = limit - rest - MARGIN * len(images)
    if budget_all <= 0:
        return PageFix(number, "left", before, before, note="该页除图像外的内容已接近上限；" + LEAVE_HINT), current
    total_area = sum(i.area for i in images) or 1
    decoded = []
    for img in images:
        try:
            decoded.append(PdfImage(img.stream).as_pil_image())
        except Exception as e:  # an image pikepdf cannot decode is left alone
            return PageFix(number, "left", before, before,
                           note=f"无法解码该页图像（{type(e).__name__}）；" + LEAVE_HINT), current
    tries = 0
    # what each image is, and the image the encoders take, once for both rounds
    looks = [(pil.convert("RGB") if pil.mode not in ("RGB", "L") else pil, encode.characterise(pil))
             for pil in decoded]
    for _round in range(2):  # a second round with a tighter budget if the measure disagrees
        ladders = []
        for img, (pil, char) in zip(images, looks, strict=True):
            budget = int(budget_all * img.area / total_area)
            ladders.append(encode.candidates(pil, img.dpi, budget, limits.min_dpi, char))
        over = 0
        while True:
            chosen = [next(ladder, None) for ladder in ladders]
            if any(c is None for c in chosen):
                break
            tries += 1
            for img, cand in zip(images, chosen, strict=True):
                _put(img, cand)
            new = _save(pdf)
            after = page_weights(new)[number - 1] or 0
            verdict = _judge(new, number, ref)
            if after <= limit and verdict.legible():
                return _entry(number, before, after, chosen, verdict, ref), new
            for img in images:
                _undo(img)
            if after > limit:
                over = after - limit
                break
            # not legible: the next rung of the ladder (lower resolution, higher quality)
        if not over:
            break
        budget_all -= over + MARGIN
        if budget_all <= 0:
            break
    why = "没有一种编码既能使该页不超过上限又保持清晰（OCR 字符错误率上升超过 1 个百分点或公章无法识别）"
    return PageFix(number, "left", before, before, seals_before=len(ref.seals),
                   note=f"{why}，已尝试 {tries} 种；" + LEAVE_HINT), current


def _judge(data: bytes, number: int, ref: PageReference) -> Verdict:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return judge(doc, number - 1, ref)
    finally:
        doc.close()


def _entry(number: int, before: int, after: int, chosen: list[encode.Candidate], verdict: Verdict,
           ref: PageReference) -> PageFix:
    label = "；".join(c.label for c in chosen)
    note = "" if ref.ocr else "未做 OCR 核对（OCR 关闭或未安装），仅核对公章"
    if ref.ocr and not ref.boxes:
        note = "页面上没有可识别的文字，仅核对公章"
    return PageFix(number, "re-encoded", before, after, encoding=label, cer=verdict.cer,
                   cer_reference="original-ocr" if verdict.cer is not None else "",
                   seals_before=verdict.seals_before, seals_kept=verdict.seals_kept, note=note)
