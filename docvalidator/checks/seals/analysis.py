"""Seal analysis: which pages must bear a seal (the schema's `seal.pages`), rasterise only those
at a low dpi, find seals, and read the ring text where it is needed: on materials that carry
the registration authority's printed seal (to tell it from the applicant's), and on the
applicant's seals when a rule compares them with its name (`seal-text`). Results per page are
cached by content hash + page + detector version + options."""

from __future__ import annotations

from docvalidator.checks.base import (
    CheckContext,
    accepted,
    analysis,
    section_span,
    vision_available,
)
from docvalidator.checks.seals.model import Seal
from docvalidator.inspect.cache import make_key
from docvalidator.inspect.model import FileInspection
from docvalidator.inspect.units import Unit
from docvalidator.package.kinds import IMAGE_KINDS
from docvalidator.schema.model import SealNeed

SEAL_DPI = 75  # bench/bench_vision.py: 60 dpi misses 2.5% of held-out seals, 75 dpi 1.5%
TEXT_DPI = 200  # ring text is read from a sharper raster of the seal only
MAX_ANY_PAGES = 40  # "any page": look at most at this many pages (last, first, then in order)
SEAL_DETECTOR_VERSION = "seals-1"  # part of the cache key: bump when find_seals changes


def section_order(need: SealNeed, first: int, last: int) -> list[int]:
    """The pages of a section (a combined file's pages first..last) to look at, in order."""
    return [first - 1 + p for p in page_order(need, last - first + 1)]


def page_order(need: SealNeed, n: int) -> list[int]:
    """1-based pages to look at, in the order to look."""
    if n <= 0:
        return []
    if need.pages == "first":
        return [1]
    if need.pages == "last":
        return [n]
    if need.pages == "every":
        return list(range(1, n + 1))
    order = [n] + ([1] if n > 1 else []) + list(range(2, n))
    return order[:MAX_ANY_PAGES]


def _wants_text(ctx: CheckContext, need: SealNeed, needs: frozenset[str]) -> bool:
    if not ctx.settings.ocr:
        return False
    return need.printed_authority_seal or (need.issuer == "applicant" and "seal-text" in needs)


@analysis("seals", provides={"seals", "seal-text"}, needs={"sections"})
def analyse_seals(ctx: CheckContext, needs: frozenset[str]) -> None:
    if not vision_available(ctx):
        return
    todo = []
    for m in ctx.schema.materials:
        if m.seal is None:
            continue
        for path, section in ctx.material_pages(m.id):
            insp = ctx.inspections.get(path)
            if insp is None or insp.error or not accepted(ctx.file(path), m):
                continue
            source = ctx.file(path)
            todo.append((source, insp, m.seal, _wants_text(ctx, m.seal, needs),
                         _pages(source, insp, m.seal, section)))
    # the pages looked at in any case, all at once on the engine's pool: the first in each
    # file's order (where a search that stops early usually stops), every one otherwise
    ctx.prefetch(_unit(source, insp, page, read_text)
                 for source, insp, need, read_text, pages in todo
                 for page in (pages if _stops(need) is None else pages[:1]))
    for source, insp, need, read_text, pages in todo:
        try:
            _analyse_file(ctx, source, insp, need, read_text, pages)
        except Exception as e:  # a vision failure is reported, the run goes on
            ctx.found(source.path).failures["seals"] = f"{type(e).__name__}: {e}"
            ctx.count("seal_errors")


def _pages(source, insp: FileInspection, need: SealNeed,
           section: tuple[int, int] | None = None) -> list[int]:
    """The pages to look at, in order: the material's section of a combined file, else all."""
    if source.kind == "pdf":
        pdf = insp.pdf
        if pdf is None or pdf.corrupt or pdf.encrypted == "user-password" or not pdf.page_count:
            return []
        return section_order(need, *section_span(section, pdf.page_count))
    return [1] if source.kind in IMAGE_KINDS else []


def _stops(need: SealNeed) -> str | None:
    """Why the search may end before the last page in its order (None: it never does)."""
    if need.printed_authority_seal:
        return "two seals"
    return "a seal" if need.pages == "any" else None


def _unit(source, insp: FileInspection, page: int, read_text: bool) -> Unit:
    from docvalidator.imaging.ocr import engine_version

    # the ring's text is read by OCR: a new OCR engine or setting is a new result
    key = make_key("seals", insp.sha256, page, SEAL_DETECTOR_VERSION, SEAL_DPI, read_text,
                   engine_version() if read_text else None)
    return Unit(key, detect_page, (source, page, read_text))


def detect_page(source, page: int, read_text: bool) -> list[dict]:
    """The work unit: the seals on one page (or the image), as data."""
    data = source.read_bytes()
    doc = None
    if source.kind == "pdf":
        from docvalidator.imaging.raster import open_pdf

        doc = open_pdf(data)
    try:
        return [s.model_dump() for s in _detect(doc, data, page, read_text)]
    finally:
        if doc is not None:
            doc.close()


def _analyse_file(ctx: CheckContext, source, insp: FileInspection, need: SealNeed,
                  read_text: bool, pages: list[int]) -> None:
    """The seals on `pages` (see `_pages`), in order, until the search may stop."""
    if not pages:
        return
    stop = _stops(need)
    found: dict[int, list[Seal]] = {}
    for page in pages:
        value, fresh = ctx.unit(_unit(source, insp, page, read_text))
        seals = [Seal.model_validate(s) for s in value]
        ctx.count("seal_pages" if fresh else "seal_pages_cached")
        found[page] = seals
        if stop == "a seal" and seals:
            break
        if stop == "two seals" and len([s for p in found.values() for s in p]) >= 2:
            break
    # a combined file's other sections keep the pages they were looked at on
    ctx.found(source.path).seals = {**(ctx.found(source.path).seals or {}), **found}


def _detect(doc, data: bytes, page: int, read_text: bool) -> list[Seal]:
    from docvalidator.checks.seals.detect import find_seals
    from docvalidator.imaging.raster import image_raster, page_raster

    if doc is not None:
        rgb, dpi = page_raster(doc, page - 1, SEAL_DPI)
    else:
        rgb = image_raster(data, max_side=1400)
        dpi = 0.0
    h, w = rgb.shape[:2]
    hits = find_seals(rgb)
    seals = []
    sharp = None
    for hit in hits:
        x0, y0, x1, y1 = hit.bbox_px
        seal = Seal(bbox=[round(x0 / w, 4), round(y0 / h, 4), round(x1 / w, 4), round(y1 / h, 4)],
                    bbox_px=[int(v) for v in hit.bbox_px], dpi=round(dpi, 1),
                    confidence=hit.confidence, kind=hit.kind)
        if read_text:
            from docvalidator.checks.seals.ring import read_ring

            if sharp is None:
                sharp = (page_raster(doc, page - 1, TEXT_DPI)[0] if doc is not None
                         else image_raster(data, max_side=2400))
            sh, sw = sharp.shape[:2]
            bx = [seal.bbox[0] * sw, seal.bbox[1] * sh, seal.bbox[2] * sw, seal.bbox[3] * sh]
            reads = read_ring(sharp, ((bx[0] + bx[2]) / 2, (bx[1] + bx[3]) / 2),
                              ((bx[2] - bx[0]) / 2, (bx[3] - bx[1]) / 2))
            if reads:
                seal.text, seal.text_score = reads[0]
                seal.readings = [t for t, _s in reads]
        seals.append(seal)
    return seals
