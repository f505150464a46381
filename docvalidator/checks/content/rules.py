"""What the documents say: mandated clauses (DV401, DV402), forbidden wording (DV403), required
fields (DV404), and pages whose text could not be read (DV207).

Text comes from the inspections (text layer, DOCX, OCR); the verdicts from the clause engine
(`content.verdicts`), read once per run.
"""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, rule
from docvalidator.checks.content.verdicts import ItemVerdict, files_of, where
from docvalidator.codes import Severity
from docvalidator.text.clauses import FAILED, MISSING, find_forbidden


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _locus(file: str | None, page: int | None, paragraph: int | None = None) -> str:
    if file is None:
        return ""
    place = f"第{page}页" if page else (f"第{paragraph}段" if paragraph else "")
    return f"《{_name(file)}》{place}"


def _evidence(ctx: CheckContext, item: ItemVerdict, key: str) -> tuple[str | None, int | None, dict]:
    file, page, extra = where(ctx, item.verdict.sentence)
    evidence = {key: item.item_id, **extra}
    if item.verdict.sentence is not None:
        evidence["sentence"] = item.verdict.sentence.text
    return file, page, evidence


def _requirement(spec) -> str:
    return f"{spec.requirement}（依据：{spec.basis}）"


@rule("DV401", needs={"verdicts"})
def clause_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A mandated clause is absent from the material's text: no sentence about the clause's
    subject states the required value. Boilerplate such as "加密存储" with no method counts as
    absent (a warning).

    Fires: a customer-data policy with no encryption clause.
    Silent: "客户数据采用AES-256加密存储"."""
    for item in ctx.verdicts.of("clause"):
        v, m, clause = item.verdict, item.material, item.spec
        if v.verdict != MISSING:
            continue
        file, page, evidence = _evidence(ctx, item, "clause")
        severity = Severity.WARNING if v.boilerplate else Severity(clause.severity)
        if v.boilerplate:
            evidence["boilerplate"] = True
        paths = list(item.paths)
        yield Problem("DV401", f"{m.name}缺少“{clause.name}”条款：{v.detail}。",
                      material=m.id, file=file or (paths[0] if len(paths) == 1 else None),
                      page=page, evidence=evidence, severity=severity,
                      requirement=_requirement(clause))


@rule("DV402", needs={"verdicts"})
def clause_below_requirement(ctx: CheckContext) -> Iterator[Problem]:
    """The clause is there but its number fails, compared in the requirement's unit: "保存3个月"
    against ≥6 months, "AES-128" against AES-256, "48小时内响应" against 24 hours. The quantity
    must be attached to the clause's subject in the same sentence.

    Fires: "通话记录保存3个月".
    Silent: "通话记录保存六个月后永久删除"."""
    for item in ctx.verdicts.of("clause"):
        v, m, clause = item.verdict, item.material, item.spec
        if v.verdict != FAILED:
            continue
        file, page, evidence = _evidence(ctx, item, "clause")
        if v.value:
            evidence["value"] = v.value
        locus = _locus(file, page, evidence.get("paragraph"))
        yield Problem("DV402", f"{m.name}{locus}“{clause.name}”条款不符合要求：{v.detail}。",
                      material=m.id, file=file or item.paths[0], page=page, evidence=evidence,
                      requirement=_requirement(clause), severity=Severity(clause.severity))


@rule("DV404", needs={"verdicts"})
def field_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A field the material must state (用途, 服务时间, 服务流程, 坐席数量) is absent, or named
    without its value (服务时间 with no hours)."""
    for item in ctx.verdicts.of("field"):
        v, m = item.verdict, item.material
        if v.verdict != MISSING:
            continue
        file, page, evidence = _evidence(ctx, item, "field")
        paths = list(item.paths)
        yield Problem("DV404", f"{m.name}未写明“{item.name}”：{v.detail}。", material=m.id,
                      file=file or (paths[0] if len(paths) == 1 else None), page=page,
                      evidence=evidence, requirement=_requirement(item.spec))


@rule("DV403", needs={"verdicts", "wording-text"})
def forbidden_wording(ctx: CheckContext) -> Iterator[Problem]:
    """Wording the rules forbid: 营销/促销/推销/广告宣传 as the purpose of a 95 number, and absolute
    terms (最好, 最专业, 最佳, 第一, 唯一, 顶级 …). Negated and quoted uses stay silent.

    Fires: "主要用于产品营销".
    Silent: "不用于营销", "严禁促销", "不得使用'最好'等绝对用语"."""
    for m in ctx.present_materials():
        rules = [f for f in ctx.schema.forbidden if f.applies_to(m.id)]
        if not rules:
            continue
        sents = ctx.verdicts.text.sentences(files_of(ctx, m))
        for f in rules:
            seen = set()
            for hit in find_forbidden(f, sents, f.allow):
                file, page, extra = where(ctx, hit.sentence)
                key = (file, page, extra.get("paragraph"), hit.term)
                if key in seen:
                    continue
                seen.add(key)
                locus = _locus(file, page, extra.get("paragraph"))
                yield Problem("DV403", f"{m.name}{locus}含有“{hit.term}”（{f.name}）：“{hit.sentence.text[:60]}”。",
                              material=m.id, file=file, page=page, severity=Severity(f.severity),
                              evidence={"forbidden": f.id, "term": hit.term,
                                        "sentence": hit.sentence.text, **extra},
                              requirement=_requirement(f))


@rule("DV207", needs={"clause-text", "wording-text", "fact-text"})
def text_unverifiable(ctx: CheckContext) -> Iterator[Problem]:
    """A page a content rule needs (clauses, fields, facts, classification) has no text layer, and
    OCR is off (`--no-ocr`) or failed on it. The content checks for that page could not be made;
    they are reported as not evaluated, never as passed."""
    for path in sorted(ctx.evidence):
        unreadable = ctx.evidence[path].unreadable
        if not unreadable:
            continue
        pages = sorted(unreadable)
        reasons = sorted(set(unreadable.values()))
        shown = "、".join(map(str, pages[:12])) + ("等" if len(pages) > 12 else "")
        yield Problem("DV207", f"《{_name(path)}》第{shown}页（共{len(pages)}页）无文字层，"
                               f"{reasons[0]}，内容条款无法核验。",
                      material=ctx.classification.material_of(path), file=path, page=pages[0],
                      evidence={"pages": pages, "reason": reasons})
