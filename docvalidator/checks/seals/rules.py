"""Seals and signatures: DV301–DV303. They read the seals and signature checks the analyses
found on the pages the schema names; a file they did not look at (not a PDF or image,
corrupt, encrypted) is left to the DV1xx/DV2xx findings."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, in_section, material_requirement, rule
from docvalidator.checks.seals.model import Seal
from docvalidator.text.names import is_authority, name_letters, name_similarity

NAME_MATCH = 0.6  # share of the name's distinctive part the ring text must contain
MIN_INK = 0.004  # share of the strip beside a signature label covered by handwriting-like ink


def _pages(need_pages: str) -> str:
    return {"first": "首页", "last": "末页", "every": "每一页", "any": "任一页"}[need_pages]


def _evidence_pages(seals: dict[int, list[Seal]]) -> dict:
    return {"pages_checked": sorted(seals), "seals_found": sum(len(v) for v in seals.values())}


def _applicant_seal_on_licence(seals: list[Seal], applicant: str | None) -> bool:
    """A business licence carries the authority's printed seal: the applicant's must be a
    second seal, or one whose ring text reads as a company rather than an authority."""
    others = [s for s in seals if not any(is_authority(t) for t in [s.text, *s.readings])]
    if not others:
        return False
    if len(seals) >= 2:
        return True
    texts = [others[0].text or "", *others[0].readings]
    if applicant and max(name_similarity(applicant, t) for t in texts) >= NAME_MATCH:
        return True
    return any("公司" in name_letters(t) for t in texts)


@rule("DV301", needs={"seals", "applicant"})
def seal_missing(ctx: CheckContext) -> Iterator[Problem]:
    """A material that must bear the company seal (公章) shows none on the pages the schema
    names (`seal.pages`: first, last, every or any page).

    Seals are found as red ink shapes with a ring (round or oval), so red headings, red tables,
    logos, rectangular stamps and filled discs are not mistaken for one. On a business licence
    copy the registration authority's printed seal does not count: the applicant's own seal
    must be a second one, or one whose ring text reads as a company.

    Fires: a lawful-operation pledge with no seal on its last page; a licence copy that shows
    only the authority's seal.
    Silent: a seal touching a red heading; a licence copy stamped by the applicant."""
    for m in ctx.schema.materials:
        need = m.seal
        if need is None:
            continue
        for path, section in ctx.material_pages(m.id):
            seals = _seals_of(ctx, path, section)
            if seals is None:
                continue
            name = path.rsplit("/", 1)[-1]
            req = material_requirement(m)
            everything = [s for page in sorted(seals) for s in seals[page]]
            if need.pages == "every":
                missing = [p for p in sorted(seals) if not seals[p]]
                if missing:
                    listed = "、".join(str(p) for p in missing[:10])
                    yield Problem("DV301", f"“{name}”第 {listed} 页未见公章（该材料须每页加盖公章）。",
                                  material=m.id, file=path, page=missing[0], requirement=req,
                                  evidence={"missing_pages": missing, **_evidence_pages(seals)})
                continue
            if need.pages in ("first", "last"):
                page = next(iter(seals))
                if not seals[page]:
                    yield Problem("DV301", f"“{name}”{_pages(need.pages)}（第 {page} 页）未见公章。",
                                  material=m.id, file=path, page=page, requirement=req,
                                  evidence=_evidence_pages(seals))
                continue
            if need.printed_authority_seal and everything and not _applicant_seal_on_licence(
                    everything, ctx.applicant.name):
                s = everything[0]
                page = next(p for p in sorted(seals) if seals[p])
                yield Problem(
                    "DV301", f"“{name}”只见 1 枚印章，应为登记机关的印章，未见申请单位加盖的公章。",
                    material=m.id, file=path, page=page, requirement=req,
                    evidence={"bbox": s.bbox, "seal_text": s.text, "confidence": s.confidence,
                              **_evidence_pages(seals)})
                continue
            if not everything:
                where = "（已检查第 " + "、".join(str(p) for p in sorted(seals)[:10]) + " 页）" \
                    if len(seals) > 1 else ""
                yield Problem("DV301", f"“{name}”未见公章{where}。",
                              material=m.id, file=path,
                              page=sorted(seals)[0] if len(seals) == 1 else None,
                              requirement=req, evidence=_evidence_pages(seals))


MIN_OCR_SCORE = 0.9


def _seals_of(ctx: CheckContext, path: str, section) -> dict | None:
    """The seals found on the pages of a material's section, in the order they were looked at
    (a combined file holds the pages of its other materials too)."""
    found = ctx.found(path).seals
    if found is None:
        return None
    return {p: s for p, s in found.items() if in_section(p, section)}


def _legible(seal: Seal, expected: str) -> bool:
    """A reading confident and long enough to compare: a partial or doubtful reading of a
    seal (another seal overlapping it, a signature across it) says nothing either way."""
    if not seal.text or (seal.text_score or 0.0) < MIN_OCR_SCORE:
        return False
    return len(name_letters(seal.text)) >= 0.8 * len(name_letters(expected))


@rule("DV302", needs={"seals", "seal-text", "applicant"})
def seal_name_mismatch(ctx: CheckContext) -> Iterator[Problem]:
    """The text read around a seal's ring does not read as the applicant's name. Seals of other
    issuers (社保局, 档案查询章, …) and the licence's authority seal are not compared.

    The ring is unwrapped into a straight strip and read by the offline OCR engine; the reading
    is compared with the applicant's name (the manifest's, else the business licence's) by how
    much of the name's distinctive part it contains in order, so a dropped or misread character
    does not fire. A reading that is doubtful (low OCR score, or much shorter than the name,
    as when another seal or a signature overlaps) says nothing either way.

    Fires: a seal reading 上海云联通信技术有限公司 on a package of 上海云声通信科技有限公司.
    Silent: 上海云声通信科技有限公司 read with one character missing; a 社保局 seal."""
    expected, source = ctx.applicant.name, ctx.applicant.name_from
    if not expected:
        return
    for m in ctx.schema.materials:
        if m.seal is None or m.seal.issuer != "applicant":
            continue
        for path, section in ctx.material_pages(m.id):
            seals = _seals_of(ctx, path, section)
            if not seals:
                continue
            read = [(p, s) for p in sorted(seals) for s in seals[p]
                    if _legible(s, expected) and not is_authority(s.text)]
            if not read:
                continue
            scored = [(max(name_similarity(expected, t) for t in [s.text or "", *s.readings]), p, s)
                      for p, s in read]
            if any(score >= NAME_MATCH for score, _p, _s in scored):
                continue
            score, page, seal = min(scored, key=lambda t: t[0])
            name = path.rsplit("/", 1)[-1]
            yield Problem("DV302", f"“{name}”第 {page} 页公章文字识别为“{seal.text}”，"
                                   f"与申请单位名称“{expected}”不一致。",
                          material=m.id, file=path, page=page,
                          evidence={"seal_text": seal.text, "expected": expected,
                                    "expected_from": source, "similarity": score,
                                    "bbox": seal.bbox, "ocr_score": seal.text_score})


@rule("DV303", needs={"signatures"})
def signature_missing(ctx: CheckContext) -> Iterator[Problem]:
    """No handwriting beside the signature label (签字/签名/法定代表人) of a material that needs
    法人签字. A heuristic: ink in shapes taller or wider than printed characters, or blue ink,
    in the strip right of the label; a label not found is not reported.

    The label is found in the text layer, or by OCR on a scan, on the last pages.

    Fires: a pledge whose 法定代表人（签字） line is blank.
    Silent: a handwritten signature in blue or black ink; a page without a signature label."""
    for m in ctx.schema.materials:
        if not m.signature_labels:
            continue
        for path, section in ctx.material_pages(m.id):
            for check in ctx.found(path).signatures:
                if not in_section(check.page, section):
                    continue
                if check.label and check.ink < MIN_INK:
                    name = path.rsplit("/", 1)[-1]
                    yield Problem("DV303", f"“{name}”第 {check.page} 页“{check.label}”处未见手写签名。",
                                  material=m.id, file=path, page=check.page,
                                  evidence={"label": check.label, "bbox": check.bbox,
                                            "label_bbox": check.label_bbox, "ink": check.ink,
                                            "heuristic": True})
