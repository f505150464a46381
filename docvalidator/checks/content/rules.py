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


def _severity(item: ItemVerdict) -> Severity:
    """The item's severity by source rank, when the reading is certain; a related but unclear
    statement (or boilerplate) is a warning whatever the rank."""
    v = item.verdict
    if v.boilerplate or not v.certain:
        return Severity.WARNING
    return Severity(item.spec.severity)


def _read(evidence: dict, item: ItemVerdict) -> None:
    """Evidence carries the value read and, when unsure, what to verify."""
    if item.verdict.value:
        evidence["value"] = item.verdict.value
    if not item.verdict.certain:
        evidence["unclear"] = True


@rule("DV401", needs={"verdicts"})
def clause_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A mandated clause is absent from the material's text: no sentence the applicant states
    about the clause's subject says it (another party's practice, an example or a law quoted
    does not count). An error only when nothing in the text even touches the clause and the
    sources' rank makes it required (the seeds); a related but unclear sentence — "加密存储"
    with no method, a number read only from a heading, another party's retention period — is
    a warning that quotes it and says what to verify. Clauses marked `meaning: true` are also
    read by a model trained on labelled real policies: the applicant's sentence it reads as
    stating the clause in other words satisfies it, one it reads as close is such a warning.
    On a scan, an absence is a warning too where OCR read some of the material's lines unsure:
    the clause may stand in one of them (the warning quotes it).

    Fires: a customer-data policy with no encryption clause.
    Silent: "客户数据采用AES-256加密存储"."""
    for item in ctx.verdicts.of("clause"):
        v, m, clause = item.verdict, item.material, item.spec
        if v.verdict != MISSING:
            continue
        file, page, evidence = _evidence(ctx, item, "clause")
        severity = _severity(item)
        _read(evidence, item)
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
    against ≥6 months, "AES-128" against AES-256, "3个工作日内答复" against 24 hours (while
    "48小时内处理完毕" meets 7 working days). The number must belong to the clause's subject
    and verb, in its sentence or under its heading; a range is judged by the bound that
    matters (3-6个月 fails on 3). An error when that reading is sure; a number whose subject
    comes only from a heading, an upper bound where a minimum is required, "AES" without its
    key length, a deadline a named party commits to ("某某保险承诺15日内…": the applicant under
    its own name, or a company quoted), are warnings that say what to verify. A deadline that is
    the condition of an appeal ("八周内未得到解决的，可…") is no commitment. A clause the schema
    gives contrary words fails, as a warning, where the applicant states the opposite and
    nothing states it: servers "位于新加坡" against servers in the mainland (not "香港以外", not
    a transfer abroad only if one is ever needed).

    Fires: "通话记录保存3个月".
    Silent: "通话记录保存六个月后永久删除"."""
    for item in ctx.verdicts.of("clause"):
        v, m, clause = item.verdict, item.material, item.spec
        if v.verdict != FAILED:
            continue
        file, page, evidence = _evidence(ctx, item, "clause")
        _read(evidence, item)
        locus = _locus(file, page, evidence.get("paragraph"))
        yield Problem("DV402", f"{m.name}{locus}“{clause.name}”条款不符合要求：{v.detail}。",
                      material=m.id, file=file or item.paths[0], page=page, evidence=evidence,
                      requirement=_requirement(clause), severity=_severity(item))


@rule("DV404", needs={"verdicts"})
def field_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A field the material must state (用途, 服务时间, 服务流程, 坐席数量) is absent, or named
    without its value (服务时间 with no hours). Read by meaning: hours count without the word
    服务时间 ("上午9:00至下午5:30接听电话"), a flow without the word 服务流程 ("来电后由IVR分流至
    人工坐席，处理后回访"); a negated use (不得用于), another party's number or hours, an
    outbound calling window do not. An error only when nothing touches the field.

    Fires: a usage plan that never states its hours.
    Silent: "服务时间：7×24小时"."""
    for item in ctx.verdicts.of("field"):
        v, m = item.verdict, item.material
        if v.verdict != MISSING:
            continue
        file, page, evidence = _evidence(ctx, item, "field")
        _read(evidence, item)
        paths = list(item.paths)
        yield Problem("DV404", f"{m.name}未写明“{item.name}”：{v.detail}。", material=m.id,
                      file=file or (paths[0] if len(paths) == 1 else None), page=page,
                      evidence=evidence, requirement=_requirement(item.spec), severity=_severity(item))


@rule("DV403", needs={"verdicts", "wording-text"})
def forbidden_wording(ctx: CheckContext) -> Iterator[Problem]:
    """Wording the rules forbid: 营销/促销/推销/广告宣传 as the purpose of a 95 number, and absolute
    terms as a promotional claim (最好的服务, 行业第一, 唯一一家, 最安全的方式, 行业领先, 首家).
    An error only where the purpose is plain ("用于产品营销"); a purpose read from its place — a
    label ("推广营销：…"), a line's name ("营销外呼专线"), an item under a 用途 heading, a weaker
    word that also names other things (推广, 推荐…产品), a use the meaning model reads where no
    term is used — is a warning to verify. Negated and quoted
    uses stay silent, and so do refusals, descriptions ("电话营销是一种常见的营销方式"), other
    parties, ordinals and adverbs (第一步, 最好提前预约, 唯一编号, 顶级域名).

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
                said = (f"有语句按语义读来属于“{f.name}”，请核实" if hit.by_meaning
                        else f"含有“{hit.term}”（{f.name}）")
                yield Problem("DV403", f"{m.name}{locus}{said}：“{hit.sentence.text[:60]}”。",
                              material=m.id, file=file, page=page,
                              severity=Severity(f.severity) if hit.certain else Severity.WARNING,
                              evidence={"forbidden": f.id, "term": hit.term or None,
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
