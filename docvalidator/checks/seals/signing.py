"""Signature analysis (DV303): for materials that need 法人签字, find the signature label on the
last pages and measure handwriting-like ink beside it (docvalidator.checks.seals.handwriting)."""

from __future__ import annotations

from docvalidator.checks.base import (
    CheckContext,
    accepted,
    analysis,
    section_span,
    vision_available,
)
from docvalidator.checks.seals.model import SignatureCheck
from docvalidator.inspect.cache import make_key
from docvalidator.inspect.units import Unit

INK_DPI = 100
MAX_PAGES = 3  # the last pages, where signatures are
OCR_TOP = 0.35  # on a scan, OCR the page below this fraction of its height


@analysis("signatures", provides={"signatures"}, needs={"sections", "ocr-lines"})
def analyse_signatures(ctx: CheckContext, needs: frozenset[str]) -> None:
    if not vision_available(ctx):
        return
    todo = []
    for m in ctx.schema.materials:
        if not m.signature_labels:
            continue
        for path, section in ctx.material_pages(m.id):
            insp = ctx.inspections.get(path)
            source = ctx.file(path)
            if insp is None or insp.error or source.kind != "pdf" or \
                    not accepted(source, m) or insp.pdf is None or insp.pdf.corrupt or \
                    insp.pdf.encrypted == "user-password" or not insp.pdf.page_count:
                continue
            # a combined file: the signature is on the last pages of the material's section
            span = section_span(section, insp.pdf.page_count)
            todo.append((path, span, _unit(ctx, source, insp, m.signature_labels, span,
                                           ctx.found(path).ocr_lines)))
    ctx.prefetch(u for _path, _span, u in todo)  # one unit per file, all at once on the pool
    for path, (first, last), u in todo:
        try:
            value, _fresh = ctx.unit(u)
            ctx.found(path).signatures = [
                *[c for c in ctx.found(path).signatures if not first <= c.page <= last],
                *[SignatureCheck.model_validate(c) for c in value]]
        except Exception as e:
            ctx.found(path).failures["signatures"] = f"{type(e).__name__}: {e}"


def _unit(ctx: CheckContext, source, insp, labels, span: tuple[int, int],
          ocr_lines: dict[int, list]) -> Unit:
    from docvalidator.checks.seals.handwriting import SIGNATURE_VERSION
    from docvalidator.imaging.ocr import engine_version

    first, last = span
    layer = sorted({t.number for t in insp.texts if t.source == "layer"})
    # the last pages' lines the run's OCR already read (a scan's labels are found in them)
    lines = {p: ocr_lines[p] for p in range(max(first, last - MAX_PAGES + 1), last + 1)
             if p in ocr_lines and p not in layer}
    # a scan's labels are found by OCR: a new OCR engine or setting is a new result, and lines
    # read at the text's resolution are another reading than the search's own
    key = make_key("signature", insp.sha256, SIGNATURE_VERSION, list(labels), ctx.settings.ocr,
                   engine_version() if ctx.settings.ocr else None, sorted(lines),
                   *([] if span == (1, insp.pdf.page_count) else [first, last]))
    return Unit(key, check_file, (source, last, layer, tuple(labels), ctx.settings.ocr, first,
                                  lines))


def check_file(source, n: int, layer: list[int], labels, ocr: bool, first: int = 1,
               lines: dict[int, list] | None = None) -> list[dict]:
    """The work unit: the signature check of pages first..n of one PDF (the last pages of the
    material's section; `layer`: the pages with a text layer; `lines`: the OCR'd lines of scanned
    pages the run has read already), as data."""
    from docvalidator.checks.seals import handwriting as sig
    from docvalidator.imaging.raster import open_pdf, page_raster

    out: list[SignatureCheck] = []
    doc = open_pdf(source.read_bytes())
    try:
        for page in range(n, max(first - 1, n - MAX_PAGES), -1):
            rgb, _dpi = page_raster(doc, page - 1, INK_DPI)
            has_layer = page in layer
            if has_layer:
                p = doc[page - 1]
                found = sig.find_labels_in_layer(p, labels)
                p.close()
            elif lines and page in lines:
                found = sig.find_labels_near_lines(rgb, lines[page], labels, OCR_TOP)
            elif ocr:
                found = sig.find_labels_by_ocr(rgb, labels, OCR_TOP)
            else:
                found = []
            if not found:
                continue
            h = rgb.shape[0]
            best = None
            for label, bb in found:
                strip = sig.strip_for(bb)
                ink = sig.handwriting_ink(rgb, strip, (bb[3] - bb[1]) * h)
                check = SignatureCheck(page=page, label=label, label_bbox=[round(v, 4) for v in bb],
                                       bbox=[round(v, 4) for v in strip],
                                       ink=round(ink, 4))
                if best is None or check.ink > best.ink:
                    best = check
            out.append(best)
            break
    finally:
        doc.close()
    return [c.model_dump() for c in out]
