"""The `sections` analysis: what each page of each file is, from the headings at the top of its
pages, and the final assignment of files — or page ranges of combined files — to materials.

Headings come from the inspection for text-layer PDF pages (type size, weight, position) and
Word files (heading styles, bold or large short paragraphs); scanned pages have their tops
OCR'd when the name does not already say what the file is (no material, several, or a
collection's name). Content wins over a name that says nothing or something generic; a name
that names one material while the document's title names another is kept as a conflict (the
content decides, DV106 warns), unless the title names it only by a bare keyword (档案, 审计) and
the name names its own material more precisely: then the name stands. A name and headings that
name the same single material make the whole file that material, the pages before its first
heading included (a DOCX's opening paragraphs under a title that names nothing). A name that lists
several materials gives each the pages its heading opens, and the pages no heading claims go to
the named material no section found.
"""

from __future__ import annotations

import re

from docvalidator.checks.base import CheckContext, analysis
from docvalidator.checks.materials.pagetops import page_heads, pages_read, top_unit
from docvalidator.classify import (
    Assignment,
    Classification,
    Recognition,
    Section,
    index_of,
    whole_file,
)
from docvalidator.classify.names import fold
from docvalidator.classify.sections import Head, contains, segment
from docvalidator.classify.terms import TermIndex
from docvalidator.imaging import ocr
from docvalidator.inspect.model import FileInspection
from docvalidator.package import SourceFile
from docvalidator.package.kinds import IMAGE_KINDS
from docvalidator.schema.model import Material

MIN_LAYER_CHARS = 20  # a page with less text than this is a scan: its headings come from OCR
_SEVERAL = re.compile(r"[+＋&、]|合集|汇总|汇编|合并|等材料")


def _needs_ocr(rec: Recognition, kind: str, stem: str) -> bool:
    """A scan's page tops are read when its name does not say what it is: no material, several,
    a collection's name, or one material joined to other words (申请表+承诺书, 合集, 汇总)."""
    if kind in IMAGE_KINDS:
        return not rec.name and not rec.folder
    return len(rec.name) != 1 or rec.collection or bool(rec.hints) or bool(_SEVERAL.search(stem))


def _layer_heads(insp: FileInspection | None, rec: Recognition
                 ) -> tuple[list[list[Head]], list[int]]:
    """The headings of each page (each paragraph of a Word file) its inspection gives, and the
    scanned pages whose tops only OCR can read."""
    if insp is None or insp.error:
        return [], []
    if insp.kind == "docx":
        rec.content = "text"
        return [[Head(h.text, h.level) for h in t.headings] for t in insp.texts], []
    if insp.pdf is not None:
        if insp.pdf.corrupt or insp.pdf.encrypted or not insp.pdf.page_count:
            return [], []
        count = insp.pdf.page_count
        texts = {t.number: t for t in insp.texts}
        pages = [[Head(h.text, h.level) for h in texts[n].headings] if n in texts else []
                 for n in range(1, count + 1)]
        scanned = [n for n in range(1, count + 1) if not pages[n - 1] and
                   len((texts[n].text if n in texts else "").strip()) < MIN_LAYER_CHARS]
    elif insp.kind in IMAGE_KINDS and insp.image is not None and not insp.image.unsupported:
        pages, scanned = [[]], [1]
    else:
        return [], []
    rec.content = "text" if len(scanned) < len(pages) else "unread"
    return pages, scanned


def _read_tops(ctx: CheckContext, source: SourceFile, kind: str, rec: Recognition,
               pages: list[list[Head]], scanned: list[int]) -> None:
    """Fill the scanned pages' headings from their OCR'd tops."""
    whole = len(scanned) == len(pages)
    if not ctx.settings.ocr:
        rec.content = "no-ocr" if whole else rec.content
        return
    found = page_heads(source, kind, scanned, ctx.unit, ctx.count)
    if found is None:
        rec.content = "ocr-failed" if whole else rec.content
        return
    rec.content = "ocr"
    for n in scanned:
        if found.get(n):
            pages[n - 1] = found[n]


def decide(rec: Recognition, sections: list[Section], pages: int,
           materials: dict[str, Material], index: TermIndex) -> list[Assignment]:
    """The file's assignments, from what its name said and what its sections are."""
    path = rec.file
    found: list[str] = []
    for s in sections:
        if s.material and s.material not in found:
            found.append(s.material)
    if not found:
        return whole_file(rec)
    named = rec.name or rec.folder
    if len(found) == 1:
        m = found[0]
        section = [s for s in sections if s.material == m]
        first = section[0]
        if named and m not in named:
            if len(named) == 1 and index.by_keyword_only(m, first.term) \
                    and len(fold(first.term)) < len(fold(rec.name_terms.get(named[0], ""))):
                # a bare keyword of another material in a heading (审计日志, 客户档案管理) against a
                # name that names its own more precisely (网络与信息安全保障措施.pdf): the name stands
                return whole_file(rec)
            if len(named) == 1 and not contains(materials[named[0]], first.heading):
                rec.conflict = (named[0], m)
            elif len(named) > 1 or rec.collection:
                return _several(rec, sections, named, pages)
            else:
                return whole_file(rec)  # the named material contains such a page
        # the file's name and its headings name the same one material: what stands before its first
        # heading (a DOCX's opening paragraphs under a title that names nothing) is that material too
        whole = (len(section) == 1 and first.pages == (1, pages)) or m in (rec.name or ())
        if whole:
            return [Assignment(path, m, "heading", first.term, None)]
        return [Assignment(path, m, "heading", s.term, s.pages) for s in section]
    return _several(rec, sections, named, pages)


def _several(rec: Recognition, sections: list[Section], named: list[str],
             pages: int) -> list[Assignment]:
    path = rec.file
    # a section that is the whole file (a one-page compilation of three policies) is the file
    out = [Assignment(path, s.material, "heading", s.term, None if s.pages == (1, pages) else s.pages)
           for s in sections if s.material]
    have = {a.material for a in out}
    lost = [m for m in named if m not in have]
    lead = [s for s in sections if s.material is None and s.pages[0] == 1]
    if lost and lead:
        out.insert(0, Assignment(path, lost.pop(0), "name", rec.name_terms.get(named[0], ""),
                                 lead[0].pages))
    # a named material no heading was found for keeps the file (its pages were not read)
    out += [Assignment(path, m, "name", rec.name_terms.get(m, "")) for m in lost]
    return out


@analysis("sections", provides={"sections"})
def find_sections(ctx: CheckContext, needs: frozenset[str]) -> None:
    old = ctx.classification
    schema = ctx.schema
    index = index_of(schema)
    materials = {m.id: m for m in schema.materials}
    new = Classification(assignments={m.id: [] for m in schema.materials},
                         recognition=old.recognition)
    heads: dict[str, list[list[Head]]] = {}
    tops: list[tuple[str, SourceFile, str, list[int]]] = []
    for path, rec in old.recognition.items():
        insp = ctx.inspections.get(path)
        heads[path], scanned = _layer_heads(insp, rec)
        if scanned and insp is not None and _needs_ocr(rec, insp.kind, ctx.file(path).stem):
            tops.append((path, ctx.file(path), insp.kind, scanned))
    if ctx.settings.ocr and ocr.ENABLED:  # every page top at once, on the pool
        ctx.prefetch(top_unit(source, kind, p) for _path, source, kind, scanned in tops
                     for p in pages_read(scanned))
    for path, source, kind, scanned in tops:
        _read_tops(ctx, source, kind, old.recognition[path], heads[path], scanned)
    for path, rec in old.recognition.items():
        pages = heads[path]
        rec.first_heads = [h.text for h in pages[0]] if pages else []
        rec.sections = segment(pages, index, materials) if any(pages) else []
        assigned = decide(rec, rec.sections, len(pages), materials, index)
        if not assigned:
            new.unassigned.append(path)
        for a in assigned:
            new.assignments[a.material].append(a)
    ctx.classification = new
