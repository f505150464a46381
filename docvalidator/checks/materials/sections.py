"""The `sections` analysis: what each page of each file is, from the headings at the top of its
pages, and the final assignment of files — or page ranges of combined files — to materials.

Headings come from the inspection for text-layer PDF pages (type size, weight, position) and
Word files (heading styles, bold or large short paragraphs); scanned pages have their tops
OCR'd when the name does not already say what the file is (no material, several, or a
collection's name). Content wins over a name that says nothing or something generic; a name
that names one material while the document's title names another is kept as a conflict (the
content decides, DV106 warns); a name that lists several materials gives each the pages its
heading opens, and the pages no heading claims go to the named material no section found.
"""

from __future__ import annotations

import re

from docvalidator.checks.base import CheckContext, analysis
from docvalidator.checks.materials.pagetops import page_heads
from docvalidator.classify import Assignment, Classification, Recognition, Section, fold, index_of
from docvalidator.classify.sections import Head, segment
from docvalidator.inspect.model import FileInspection
from docvalidator.package import SourceFile
from docvalidator.package.kinds import IMAGE_KINDS

MIN_LAYER_CHARS = 20  # a page with less text than this is a scan: its headings come from OCR
_SEVERAL = re.compile(r"[+＋&、]|合集|汇总|汇编|合并|等材料")


def _needs_ocr(rec: Recognition, kind: str, stem: str) -> bool:
    """A scan's page tops are read when its name does not say what it is: no material, several,
    a collection's name, or one material joined to other words (申请表+承诺书, 合集, 汇总)."""
    if kind in IMAGE_KINDS:
        return not rec.name and not rec.folder
    return len(rec.name) != 1 or rec.collection or bool(rec.hints) or bool(_SEVERAL.search(stem))


def _heads(ctx: CheckContext, source: SourceFile, insp: FileInspection | None,
           rec: Recognition) -> list[list[Head]]:
    """The headings of each page (each paragraph of a Word file)."""
    if insp is None or insp.error:
        return []
    if insp.kind == "docx":
        rec.unit, rec.content = "paragraph", "text"
        return [[Head(h.text, h.level) for h in t.headings] for t in insp.texts]
    if insp.pdf is not None:
        if insp.pdf.corrupt or insp.pdf.encrypted or not insp.pdf.page_count:
            return []
        count = insp.pdf.page_count
        texts = {t.number: t for t in insp.texts}
        pages = [[Head(h.text, h.level) for h in texts[n].headings] if n in texts else []
                 for n in range(1, count + 1)]
        scanned = [n for n in range(1, count + 1) if not pages[n - 1] and
                   len((texts[n].text if n in texts else "").strip()) < MIN_LAYER_CHARS]
    elif insp.kind in IMAGE_KINDS and insp.image is not None and not insp.image.unsupported:
        count, pages, scanned = 1, [[]], [1]
    else:
        return []
    rec.content = "text" if len(scanned) < count else "unread"
    if scanned and _needs_ocr(rec, insp.kind, source.stem):
        if not ctx.settings.ocr:
            rec.content = "no-ocr" if len(scanned) == count else rec.content
        else:
            found = page_heads(source, insp.kind, count, ctx.cached, ctx.store, ctx.count)
            if found is None:
                rec.content = "ocr-failed" if len(scanned) == count else rec.content
            else:
                rec.content = "ocr"
                for n in scanned:
                    if found.get(n):
                        pages[n - 1] = found[n]
    return pages


def _whole(rec: Recognition, path: str) -> list[Assignment]:
    """What the name, folder or first-page title said, for the whole file."""
    for via, found, terms in (("name", rec.name, rec.name_terms), ("folder", rec.folder, {}),
                              ("title", rec.title, {})):
        if found:
            return [Assignment(path, m, via, terms.get(m, "")) for m in found]
    return []


def decide(rec: Recognition, sections: list[Section], pages: int,
           contains: dict[str, tuple[str, ...]]) -> list[Assignment]:
    """The file's assignments, from what its name said and what its sections are."""
    path = rec.file
    found: list[str] = []
    for s in sections:
        if s.material and s.material not in found:
            found.append(s.material)
    if not found:
        return _whole(rec, path)
    named = rec.name or rec.folder
    if len(found) == 1:
        m = found[0]
        section = [s for s in sections if s.material == m]
        first = section[0]
        if named and m not in named:
            if len(named) == 1 and not any(fold(c) in fold(first.heading)
                                           for c in contains.get(named[0], ())):
                rec.conflict = (named[0], m)
            elif len(named) > 1 or rec.collection:
                return _several(rec, sections, named, pages)
            else:
                return _whole(rec, path)  # the named material contains such a page
        whole = len(section) == 1 and first.pages == (1, pages)
        return [Assignment(path, m, "heading", s.term, None if whole else s.pages) for s in section]
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
    contains = {m.id: m.contains for m in schema.materials}
    new = Classification(assignments={m.id: [] for m in schema.materials},
                         recognition=old.recognition)
    for path, rec in old.recognition.items():
        heads = _heads(ctx, ctx.file(path), ctx.inspections.get(path), rec)
        rec.first_heads = [h.text for h in heads[0]] if heads else []
        rec.sections = segment(heads, index, materials) if any(heads) else []
        assigned = decide(rec, rec.sections, len(heads), contains)
        if not assigned:
            new.unassigned.append(path)
        for a in assigned:
            new.assignments[a.material].append(a)
    ctx.classification = new
