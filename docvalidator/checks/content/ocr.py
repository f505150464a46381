"""OCR analysis: give text to the scanned pages some enabled rule reads, and only to those.

Which pages: every page of a material that carries clauses or fields (`clause-text`), or
forbidden wording aimed at it (`wording-text`); the first pages of a material whose facts are
extracted (`fact-text`). A needed page without a usable text layer is rendered with pypdfium2,
OCR'd once and cached by file hash + page + engine version; `--no-ocr`, a missing OCR engine
or a failure leaves it unreadable, which DV207 reports and the clause checks honour
(not-evaluated, never passed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from docvalidator.checks.base import CheckContext, analysis
from docvalidator.imaging import ocr
from docvalidator.inspect.cache import make_key
from docvalidator.inspect.model import FileInspection, PageText
from docvalidator.inspect.units import Unit, Units
from docvalidator.package import SourceFile
from docvalidator.package.kinds import IMAGE_KINDS

OCR_DPI = 150  # bench/README.md: CER vs. speed at 100/150/200 dpi
EXTRACT_PAGES = 1  # facts (name, credit code, capital) sit on the first page
MIN_LAYER_CHARS = 20  # fewer non-space characters: the text layer is not usable
MAX_IMAGE_SIDE = 2400  # photos are scaled down to this before OCR
_NON_SPACE = re.compile(r"\S")


def usable(text: str) -> bool:
    return len(_NON_SPACE.findall(text or "")) >= MIN_LAYER_CHARS


def needed_pages(ctx: CheckContext, needs: frozenset[str]) -> dict[str, set[int] | None]:
    """File path → the page numbers whose text the run reads (None: every page)."""
    schema = ctx.schema
    out: dict[str, set[int] | None] = {}

    def need(material_id: str, pages: set[int] | None) -> None:
        # pages: of the material (None: all of them); a section of a combined file offsets them
        for path, section in ctx.material_pages(material_id):
            if section is not None:
                span = set(range(section[0], section[1] + 1))
                pages_here = span if pages is None else {section[0] + p - 1 for p in pages} & span
            else:
                pages_here = pages
            have = out.get(path, set())
            out[path] = None if pages_here is None or have is None else have | pages_here

    for m in schema.materials:
        full = ("clause-text" in needs and (schema.clauses_for(m.id) or schema.fields_for(m.id))) \
            or ("wording-text" in needs and any(m.id in f.materials for f in schema.forbidden))
        if full:
            need(m.id, None)
        elif m.extract and "fact-text" in needs:
            need(m.id, set(range(1, EXTRACT_PAGES + 1)))
    return out


def _page_numbers(insp: FileInspection, wanted: set[int] | None) -> list[int]:
    if insp.pdf is not None:
        count = insp.pdf.page_count
    elif insp.kind in IMAGE_KINDS:
        count = 1
    else:
        count = len(insp.texts)
    pages = range(1, count + 1)
    return [p for p in pages if wanted is None or p in wanted]


def _is_blank(insp: FileInspection, page: int) -> bool:
    if insp.pdf is None or page > len(insp.pdf.pages):
        return False
    return bool(insp.pdf.pages[page - 1].blank)


def _set_text(insp: FileInspection, page: int, text: str, source: str) -> None:
    for t in insp.texts:
        if t.number == page:
            t.text, t.source = text, source
            return
    insp.texts.append(PageText(number=page, text=text, source=source))
    insp.texts.sort(key=lambda t: t.number)


_LIFT = 170


def drop_red(image: Any) -> Any:
    """The red channel as a grey page: red seal ink turns light and the black text it covers
    stays dark, so a seal over the company name no longer eats its characters."""
    red = image.convert("RGB").split()[0]
    # what is left of the seal (paper tint, faded ink) is light grey: lift it to white
    return red.point(lambda v: 255 if v >= _LIFT else v * 255 // _LIFT).convert("RGB")


def render_pages(data: bytes, kind: str, pages: Iterable[int], dpi: int) -> Iterable[tuple[int, Any]]:
    """(page, PIL image) for the given pages of a PDF, or the image itself (page 1)."""
    from PIL import Image

    if kind in IMAGE_KINDS:
        import io

        with Image.open(io.BytesIO(data)) as im:
            im = im.convert("RGB")
            scale = min(1.0, MAX_IMAGE_SIDE / max(im.size))
            if scale < 1:
                im = im.resize((round(im.width * scale), round(im.height * scale)))
            yield 1, drop_red(im)
        return
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for p in pages:
            page = doc[p - 1]
            try:
                bitmap = page.render(scale=dpi / 72)
                yield p, drop_red(bitmap.to_pil())
            finally:
                page.close()
    finally:
        doc.close()


def ocr_image(image: Any) -> str:
    """An image's text in reading order."""
    return read_image(image)["text"]


def read_image(image: Any) -> dict:
    """An image's text in reading order, and its lines (text, box in fractions of the image,
    how sure the recogniser is of the line's characters)."""
    lines = ocr.recognize(image)
    w, h = image.size
    return {"text": ocr.reading_order(lines),
            "lines": [[ln.text, [round(ln.box[0] / w, 4), round(ln.box[1] / h, 4),
                                 round(ln.box[2] / w, 4), round(ln.box[3] / h, 4)], round(ln.score, 3)]
                      for ln in lines]}


def lines_in_pixels(read: dict, width: float, height: float) -> list[ocr.Line]:
    """`read_image`'s lines back in pixels of a `width` × `height` rendering of the page."""
    return [ocr.Line(t, (b[0] * width, b[1] * height, b[2] * width, b[3] * height), 1.0)
            for t, b, *_score in read.get("lines", [])]


def page_key(sha256: str, page: int, dpi: int) -> str:
    """The cache key of a page's OCR (`ocr_page`'s result): the file's bytes, page, dpi, engine."""
    return make_key("ocr", sha256, page, dpi, "page-lines-scored", ocr.engine_version())


class PageOcr:
    """OCR pages through the run's work units (CheckContext.units), one unit per page; counts
    what it did."""

    def __init__(self, units: Units, count: Callable[[str, int], None]):
        self.units = units
        self.count = count

    def unit(self, source: SourceFile, kind: str, page: int, dpi: int, cost: float = 0.0) -> Unit:
        return Unit(page_key(source.sha256, page, dpi), ocr_page, (source, kind, page, dpi), cost)

    def prefetch(self, requests: Iterable[tuple[SourceFile, FileInspection, list[int]]], dpi: int,
                 done: Callable[[], None] | None = None) -> None:
        """Every (file, inspection, pages) request at once, on the pool, heaviest pages first."""
        self.units.prefetch((self.unit(source, insp.kind, p, dpi, insp.page_weight(p))
                             for source, insp, pages in requests for p in pages), done=done)

    def run(self, source: SourceFile, kind: str, pages: list[int], dpi: int,
            done: Callable[[], None] | None = None) -> dict[int, dict | Exception]:
        """page → {"text", "lines"} (see `read_image`), or what went wrong."""
        out: dict[int, dict | Exception] = {}
        for p in pages:
            try:
                value, how = self.units.get(self.unit(source, kind, p, dpi))
            except Exception as e:  # one page failing leaves it unreadable (DV207)
                out[p] = e
                how = "now"
            else:
                out[p] = value
                self.count("ocr_cached" if how == "cache" else "ocr_pages", 1)
            if done and how != "pool":  # a prefetch told of those as they came
                done()
        return out


def ocr_page(source: SourceFile, kind: str, page: int, dpi: int) -> dict:
    """The work unit: one page, rendered and OCR'd."""
    for _p, image in render_pages(source.read_bytes(), kind, [page], dpi):
        return read_image(image)
    raise ValueError(f"page {page} was not rendered")


def _reason(settings_ocr: bool) -> str:
    if not settings_ocr:
        return "未启用 OCR（--no-ocr）"
    return ocr.INSTALL_HINT


@analysis("ocr", provides={"clause-text", "wording-text", "fact-text", "ocr-lines"},
          needs={"sections"})
def run_ocr(ctx: CheckContext, needs: frozenset[str]) -> None:
    """Mark the pages the run reads, OCR those without a usable text layer."""
    plan: list[tuple[SourceFile, FileInspection, list[int]]] = []
    for path, wanted in sorted(needed_pages(ctx, needs).items(), key=lambda kv: kv[0]):
        insp = ctx.inspections.get(path)
        if insp is None or insp.error or (insp.pdf is not None and (insp.pdf.corrupt or insp.pdf.encrypted)):
            continue
        if insp.pdf is None and insp.kind not in IMAGE_KINDS:
            continue  # DOCX and text files carry their text
        pages = _page_numbers(insp, wanted)
        layer = {t.number: t.text for t in insp.texts if t.source == "layer"}
        missing = [p for p in pages if not usable(layer.get(p, "")) and not _is_blank(insp, p)]
        if missing:
            plan.append((ctx.file(path), insp, missing))
    if not plan:
        return
    can_ocr = ctx.settings.ocr and ocr.ENABLED
    total = sum(len(p[2]) for p in plan)
    progress = ctx.progress
    counter = {"n": 0}

    def done() -> None:
        counter["n"] += 1
        if progress:
            progress("ocr", counter["n"], total)

    runner = PageOcr(ctx.units, ctx.count)
    if can_ocr:
        runner.prefetch(plan, OCR_DPI, done=done)
    for source, insp, pages in plan:
        unreadable: dict[int, str] = {}
        if not can_ocr:
            for p in pages:
                unreadable[p] = _reason(ctx.settings.ocr)
        else:
            results = runner.run(source, insp.kind, pages, OCR_DPI, done=done)
            for p in pages:
                r = results.get(p)
                layer = next((t.text for t in insp.texts if t.number == p), "")
                text = r.get("text", "") if isinstance(r, dict) else ""
                if text.strip():
                    if len(text.strip()) >= len(layer.strip()):
                        _set_text(insp, p, text, "ocr")
                        found = ctx.found(source.path)
                        found.ocr_lines[p] = [(t, b) for t, b, *_score in r.get("lines", [])]
                        unsure = [t for t, _b, *score in r.get("lines", []) if score and score[0] < ocr.SURE]
                        if unsure:
                            found.unsure_lines[p] = unsure
                elif isinstance(r, Exception):
                    unreadable[p] = f"OCR 失败：{type(r).__name__}: {r}"
                # OCR that ran and found no text read the page: it is blank, not unverifiable
        if unreadable:
            ctx.found(source.path).unreadable = unreadable
