"""What the documents say: mandated clauses (DV401, DV402), forbidden wording (DV403), required
fields (DV404), and pages whose text could not be read (DV207).

Text comes from the inspections (text layer, DOCX, OCR); the clause engine lives in
`docvalidator.text.clauses`. Every verdict, passed ones included, is published in
`ctx.results["clauses"]` so that the report shows what was verified; a clause whose text could
not be read is "not-evaluated", never passed, and never reported missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docvalidator.codes import Severity
from docvalidator.inspect.types import FileInspection
from docvalidator.rules.base import CheckContext, Problem, rule
from docvalidator.schema import Material
from docvalidator.text.clauses import (
    FAILED,
    MISSING,
    NOT_EVALUATED,
    PASSED,
    Verdict,
    Vocabulary,
    evaluate,
    evaluate_field,
    find_forbidden,
)
from docvalidator.text.sentences import Sentence, sentences


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _files(ctx: CheckContext, material: Material, part: str | None = None) -> list[str]:
    """The material's files that carry a part's text: a file for that part or for the whole."""
    assigned = ctx.classification.assignments.get(material.id, [])
    if part:
        mine = [a.file for a in assigned if a.part in (None, part)]
        if mine:
            return mine
    return [a.file for a in assigned]


def _sentences(ctx: CheckContext, paths: list[str]) -> list[Sentence]:
    cache: dict[str, list[Sentence]] = ctx.results.setdefault("_sentences", {})
    out: list[Sentence] = []
    for path in paths:
        if path not in cache:
            insp = ctx.inspections.get(path)
            pages = [(path, t.number, t.text) for t in (insp.texts if insp else []) if t.text]
            cache[path] = sentences(pages)
        out.extend(cache[path])
    return out


_TEXT_KINDS = frozenset({"pdf", "docx", "text", "jpeg", "png", "tiff", "bmp", "gif", "webp"})


def _unreadable(ctx: CheckContext, paths: list[str]) -> bool:
    """Some file's text could not be read: pages OCR could not read (DV207), or a file that
    carries no text we can reach — empty, corrupt, encrypted, failed, .doc (DV105, DV201,
    DV202, DV901 and DV104 say why). Its clauses are not evaluated."""
    for p in paths:
        insp = ctx.inspections.get(p)
        if insp is None or insp.error or insp.kind not in _TEXT_KINDS or insp.extra.get("text_unreadable"):
            return True
        if insp.pdf is not None and (insp.pdf.corrupt or insp.pdf.encrypted):
            return True
    return False


def _where(ctx: CheckContext, s: Sentence | None) -> tuple[str | None, int | None, dict[str, Any]]:
    """(file, page, evidence) of a sentence: a DOCX has paragraphs, not pages."""
    if s is None:
        return None, None, {}
    insp: FileInspection | None = ctx.inspections.get(s.file)
    if insp is not None and insp.kind == "docx":
        return s.file, None, {"paragraph": s.page}
    return s.file, s.page, {}


def _locus(file: str | None, page: int | None, paragraph: int | None = None) -> str:
    if file is None:
        return ""
    where = f"第{page}页" if page else (f"第{paragraph}段" if paragraph else "")
    return f"《{_name(file)}》{where}"


def _record(ctx: CheckContext, material: str, item_id: str, name: str, v: Verdict) -> None:
    file, page, extra = _where(ctx, v.sentence)
    entry = {"id": item_id, "name": name, "verdict": v.verdict, "file": file,
             "page": page if page is not None else extra.get("paragraph"),
             "sentence": v.sentence.text if v.sentence else None, "value": v.value}
    ctx.results.setdefault("clauses", {}).setdefault(material, []).append(entry)


def _severity(name: str) -> Severity:
    return Severity(name)


@rule("DV401", "DV402")
def clauses(ctx: CheckContext) -> Iterator[Problem]:
    """Each clause the schema mandates for a material is read from the material's text:
    a quantity attached to the clause's subject in the same sentence, compared in the
    requirement's unit (DV402 when it fails); no such clause at all is DV401."""
    schema = ctx.schema
    vocab = Vocabulary.of(schema.clauses)
    for m in ctx.present_materials():
        for clause in schema.clauses_for(m.id):
            paths = _files(ctx, m, clause.part)
            sents = _sentences(ctx, paths)
            required = schema.resolve(clause.quantity.value) if clause.quantity else None
            v = evaluate(clause, sents, required, vocab, clause.match)
            if v.verdict == MISSING and _unreadable(ctx, paths):
                v = Verdict(clause.id, NOT_EVALUATED, v.sentence, None, "部分页面无法读取文字")
            _record(ctx, m.id, clause.id, clause.name, v)
            if v.verdict in (PASSED, NOT_EVALUATED):
                continue
            file, page, extra = _where(ctx, v.sentence)
            evidence = {"clause": clause.id, **extra}
            if v.sentence is not None:
                evidence["sentence"] = v.sentence.text
            if v.value:
                evidence["value"] = v.value
            locus = _locus(file, page, extra.get("paragraph"))
            if v.verdict == FAILED:
                yield Problem("DV402", f"{m.name}{locus}“{clause.name}”条款不符合要求：{v.detail}。",
                              material=m.id, file=file or paths[0], page=page, evidence=evidence,
                              requirement=f"{clause.requirement}（依据：{clause.basis}）",
                              severity=_severity(clause.severity))
            else:
                severity = Severity.WARNING if v.boilerplate else _severity(clause.severity)
                if v.boilerplate:
                    evidence["boilerplate"] = True
                yield Problem("DV401", f"{m.name}缺少“{clause.name}”条款：{v.detail}。",
                              material=m.id, file=file or (paths[0] if len(paths) == 1 else None),
                              page=page, evidence=evidence, severity=severity,
                              requirement=f"{clause.requirement}（依据：{clause.basis}）")


@rule("DV404")
def fields(ctx: CheckContext) -> Iterator[Problem]:
    """A field the material must state (用途, 服务时间, 服务流程, 坐席数量) is absent, or named
    without its value (服务时间 with no hours)."""
    for m in ctx.present_materials():
        for field in ctx.schema.fields_for(m.id):
            paths = _files(ctx, m)
            v = evaluate_field(field, _sentences(ctx, paths))
            if v.verdict == MISSING and _unreadable(ctx, paths):
                v = Verdict(field.id, NOT_EVALUATED, v.sentence, None, "部分页面无法读取文字")
            _record(ctx, m.id, field.id, field.name, v)
            if v.verdict != MISSING:
                continue
            file, page, extra = _where(ctx, v.sentence)
            evidence = {"field": field.id, **extra}
            if v.sentence is not None:
                evidence["sentence"] = v.sentence.text
            yield Problem("DV404", f"{m.name}未写明“{field.name}”：{v.detail}。", material=m.id,
                          file=file or (paths[0] if len(paths) == 1 else None), page=page,
                          evidence=evidence, requirement=f"{field.requirement}（依据：{field.basis}）")


@rule("DV403")
def forbidden_wording(ctx: CheckContext) -> Iterator[Problem]:
    """Wording the rules forbid, used for real: negated (不用于营销, 严禁促销) and quoted
    (不得使用“最好”) uses stay silent; purpose terms fire only as a purpose (主要用于产品营销)."""
    for m in ctx.present_materials():
        rules = [f for f in ctx.schema.forbidden if f.applies_to(m.id)]
        if not rules:
            continue
        sents = _sentences(ctx, _files(ctx, m))
        for f in rules:
            seen = set()
            for hit in find_forbidden(f, sents, f.allow):
                file, page, extra = _where(ctx, hit.sentence)
                key = (file, page, extra.get("paragraph"), hit.term)
                if key in seen:
                    continue
                seen.add(key)
                locus = _locus(file, page, extra.get("paragraph"))
                yield Problem("DV403", f"{m.name}{locus}含有“{hit.term}”（{f.name}）：“{hit.sentence.text[:60]}”。",
                              material=m.id, file=file, page=page, severity=_severity(f.severity),
                              evidence={"forbidden": f.id, "term": hit.term,
                                        "sentence": hit.sentence.text, **extra},
                              requirement=f"{f.requirement}（依据：{f.basis}）")


@rule("DV207")
def text_unverifiable(ctx: CheckContext) -> Iterator[Problem]:
    """Pages a content rule needs have no text layer and OCR is off, missing or failed:
    one finding per file, listing the pages."""
    for path, insp in sorted(ctx.inspections.items()):
        unreadable = insp.extra.get("text_unreadable")
        if not unreadable:
            continue
        pages = sorted(int(p) for p in unreadable)
        reasons = sorted(set(unreadable.values()))
        shown = "、".join(map(str, pages[:12])) + ("等" if len(pages) > 12 else "")
        yield Problem("DV207", f"《{_name(path)}》第{shown}页（共{len(pages)}页）无文字层，"
                               f"{reasons[0]}，内容条款无法核验。",
                      material=ctx.classification.material_of(path), file=path, page=pages[0],
                      evidence={"pages": pages, "reason": reasons})
