"""Clause verdicts: each clause and field the schema mandates for a present material, read from
the material's text once per run (`docvalidator.text.clauses`). DV401, DV402 and DV404 report
the ones that fail; the report lists them all, passed ones included, so that it shows what was
verified. A clause whose text could not be read is not-evaluated: never passed, never missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from docvalidator.checks.base import CheckContext, analysis
from docvalidator.inspect.model import FileInspection, PageText
from docvalidator.package.kinds import TEXT_KINDS
from docvalidator.schema import Material
from docvalidator.text.clauses import (
    MISSING,
    NOT_EVALUATED,
    Verdict,
    Vocabulary,
    evaluate,
    evaluate_field,
)
from docvalidator.text.sentences import Sentence, sentences


class TextIndex:
    """The sentences of each file, split once per run."""

    def __init__(self, inspections: dict[str, FileInspection]):
        self.inspections = inspections
        self._split: dict[tuple, list[Sentence]] = {}

    def sentences(self, parts: list[tuple[str, tuple[int, int] | None]]) -> list[Sentence]:
        """The sentences of each (file, section pages or None for all of it)."""
        out: list[Sentence] = []
        for path, section in parts:
            key = (path, section)
            if key not in self._split:
                insp = self.inspections.get(path)
                pages = [(path, t.number, t.text, _layout(t)) for t in (insp.texts if insp else [])
                         if t.text and (section is None or section[0] <= t.number <= section[1])]
                self._split[key] = sentences(pages)
            out.extend(self._split[key])
        return out


def _layout(t: PageText) -> dict[str, Any] | None:
    """Where a DOCX paragraph sits (heading level, list level, table cell), for the headings
    and tables the clause engine reads."""
    if t.level is None and t.list_level is None and t.table is None:
        return None
    return {"level": t.level, "list_level": t.list_level, "table": t.table}


@dataclass(frozen=True)
class ItemVerdict:
    material: Material
    item_id: str
    name: str
    kind: str  # "clause" | "field"
    verdict: Verdict
    paths: tuple[str, ...]  # the files read
    spec: Any  # the schema's Clause or Field


@dataclass
class VerdictTable:
    items: list[ItemVerdict] = field(default_factory=list)
    text: TextIndex | None = None

    def of(self, kind: str) -> list[ItemVerdict]:
        return [i for i in self.items if i.kind == kind]

    def entries(self, ctx: CheckContext, material_id: str) -> list[dict[str, Any]]:
        """What the report shows for a material: every clause and field with its verdict."""
        out = []
        for i in self.items:
            if i.material.id != material_id:
                continue
            file, page, extra = where(ctx, i.verdict.sentence)
            s = i.verdict.sentence
            out.append({"id": i.item_id, "name": i.name, "verdict": i.verdict.verdict,
                        "file": file, "page": page if page is not None else extra.get("paragraph"),
                        "sentence": s.text if s else None, "value": i.verdict.value})
        return out


def files_of(ctx: CheckContext, material: Material) -> list[tuple[str, tuple[int, int] | None]]:
    """Where the material's text is: each file with the pages of its section (None: all)."""
    return ctx.material_pages(material.id)


def unreadable(ctx: CheckContext, paths: list[str]) -> bool:
    """Some file's text could not be read: pages OCR could not read (DV207), or a file that
    carries no text we can reach — empty, corrupt, encrypted, failed, .doc (DV105, DV201,
    DV202, DV901 and DV104 say why). Its clauses are not evaluated."""
    for p in paths:
        insp = ctx.inspections.get(p)
        found = ctx.evidence.get(p)
        if insp is None or insp.error or insp.kind not in TEXT_KINDS or (found and found.unreadable):
            return True
        if insp.pdf is not None and (insp.pdf.corrupt or insp.pdf.encrypted):
            return True
    return False


def unsure_lines(ctx: CheckContext, parts: list[tuple[str, tuple[int, int] | None]]) -> list[str]:
    """The lines of the material's scanned pages that OCR read with low confidence."""
    out: list[str] = []
    for path, section in parts:
        found = ctx.evidence.get(path)
        for page, lines in sorted(found.unsure_lines.items()) if found else ():
            if section is None or section[0] <= page <= section[1]:
                out += lines
    return out


def doubted(v: Verdict, unsure: list[str]) -> Verdict:
    """An absence is not certain where OCR read some of the material's lines unsure: the clause
    may stand in one of them. The warning quotes one and asks to check the original."""
    if v.verdict != MISSING or not v.certain or not unsure:
        return v
    return replace(v, certain=False, detail=f"{v.detail}；扫描件有 {len(unsure)} 行文字识别不清"
                                            f"（如“{unsure[0][:20]}”），该条款可能在其中，请核对原件")


def where(ctx: CheckContext, s: Sentence | None) -> tuple[str | None, int | None, dict[str, Any]]:
    """(file, page, evidence) of a sentence: a DOCX has paragraphs, not pages."""
    if s is None:
        return None, None, {}
    insp = ctx.inspections.get(s.file)
    if insp is not None and insp.kind == "docx":
        return s.file, None, {"paragraph": s.page}
    return s.file, s.page, {}


@analysis("verdicts", provides={"verdicts"}, needs={"clause-text", "sections"}, reads_files=False)
def read_verdicts(ctx: CheckContext, needs: frozenset[str]) -> None:
    schema = ctx.schema
    vocab = Vocabulary.of(schema.clauses)
    table = VerdictTable(text=TextIndex(ctx.inspections))
    materials = [(m, files_of(ctx, m)) for m in ctx.present_materials()]
    for kind in ("clause", "field"):  # every clause first, then every field
        for m, parts in materials:
            specs = schema.clauses_for(m.id) if kind == "clause" else schema.fields_for(m.id)
            if not specs:
                continue
            paths = tuple(dict.fromkeys(p for p, _ in parts))
            text = table.text.sentences(parts)
            cannot_read, unsure = unreadable(ctx, list(paths)), unsure_lines(ctx, parts)
            for spec in specs:
                if kind == "clause":
                    required = schema.resolve(spec.quantity.value) if spec.quantity else None
                    v = evaluate(spec, text, required, vocab, spec.match)
                else:
                    v = evaluate_field(spec, text)
                if v.verdict == MISSING and cannot_read:
                    v = Verdict(spec.id, NOT_EVALUATED, v.sentence, None, "部分页面无法读取文字")
                table.items.append(ItemVerdict(m, spec.id, spec.name, kind, doubted(v, unsure), paths, spec))
    ctx.verdicts = table
