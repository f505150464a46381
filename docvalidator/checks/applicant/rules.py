"""The applicant itself: capital, scope, name, codes, dates, staff, ownership (DV501–DV508).

Facts come from `facts.py` (labelled positions in each material's text, plus the
manifest). A fact that cannot be read (a scan without OCR text) never fires a finding and never
counts as satisfied.

OCR tolerance (DV503): a name variant seen only in OCR text and one character away from the
reference name is a warning (a misread is likelier than a wrong name); any other variant is an
error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docvalidator.checks.applicant.checkdigits import credit_code_error, id_number_error
from docvalidator.checks.applicant.extract import normalize
from docvalidator.checks.applicant.facts import at, mat_name, materials_extracting, seen
from docvalidator.checks.applicant.identity import LICENCE_ROLE, OTHER_ENTITY_ROLE
from docvalidator.checks.applicant.model import Fact
from docvalidator.checks.base import CheckContext, Problem, rule
from docvalidator.codes import Severity
from docvalidator.text.names import name_key

SCOPE_NEGATIONS = ("不含", "不包括", "除", "不得从事", "不涉及")


@rule("DV501", needs={"facts"})
def capital_below_minimum(ctx: CheckContext) -> Iterator[Problem]:
    """The registered capital (注册资本, 认缴 allowed) read from the business licence, the
    application form, the articles or the manifest is under the schema's `min_capital_wan`.

    Fires: 注册资本 人民币伍佰万元整 for a 全网 licence (≥1000万).
    Silent: 人民币壹仟万元整, 1000万元, 10,000,000元; a scan without text (not evaluated)."""
    minimum = ctx.schema.param("min_capital_wan")
    fs = ctx.facts
    capitals = [f for f in fs.of("registered_capital") if f.value.get("currency") == "CNY"]
    if minimum is None or not capitals:
        return
    done: set[tuple] = set()
    for f in capitals:
        wan = f.value["wan"]
        if wan >= minimum or (f.file, wan) in done:
            continue
        done.add((f.file, wan))
        yield Problem("DV501", f"{mat_name(ctx, f)}所载注册资本为 {wan:g} 万元（“{f.value['text']}”），"
                               f"低于本申请 {minimum:g} 万元的下限。", **at(f),
                      requirement=f"{ctx.schema.matter}要求注册资本不低于 {minimum:g} 万元（认缴即可）"
                                  "（依据：《电信业务经营许可管理办法》第六条）。",
                      evidence={"registered_capital_wan": wan, "minimum_wan": minimum, **seen(f)})


def _scope_has(scope: str, term: str) -> bool:
    flat = re.sub(r"\s+", "", normalize(scope))
    for m in re.finditer(re.escape(term), flat):
        before = flat[max(0, m.start() - 6):m.start()]
        if not any(n in before for n in SCOPE_NEGATIONS):
            return True
    return False


@rule("DV502", needs={"facts"})
def business_scope_missing(ctx: CheckContext) -> Iterator[Problem]:
    """The business scope (经营范围) on the licence names none of the schema's `scope_terms`
    (e.g. 呼叫中心业务 / 第二类增值电信业务 / 增值电信业务 for B24).

    Fires: 经营范围 技术开发、技术咨询、软件开发.
    Silent: 许可项目：第二类增值电信业务中的呼叫中心业务; a term only in 不含呼叫中心业务 fires."""
    terms = ctx.schema.scope_terms
    scopes = ctx.facts.of("business_scope")
    if not terms or not scopes:
        return
    for f in scopes:
        if any(_scope_has(f.value, t) for t in terms):
            continue
        yield Problem("DV502", f"{mat_name(ctx, f)}的经营范围未包含所申请的电信业务"
                               f"（应含“{'”或“'.join(terms)}”之一）。", **at(f),
                      evidence={"scope": f.value[:300], "terms": list(terms), **seen(f)})


def _distance_le1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _variants(facts: list[Fact], key) -> dict[str, list[Fact]]:
    groups: dict[str, list[Fact]] = {}
    for f in facts:
        groups.setdefault(key(f.value), []).append(f)
    return groups


def _reference(ctx: CheckContext, groups: dict[str, list[Fact]]) -> str:
    """The licence's value, else the manifest's, else the most often seen."""
    licence = set(ctx.role_ids(LICENCE_ROLE))
    for pick in (lambda f: f.material in licence, lambda f: f.material is None):
        for k, fs in groups.items():
            if any(pick(f) for f in fs):
                return k
    return max(groups, key=lambda k: (len(groups[k]), k))


@rule("DV503", needs={"facts"})
def name_inconsistent(ctx: CheckContext) -> Iterator[Problem]:
    """The applicant's name differs between materials or from the manifest. Names are read only
    from labelled positions (名称, 申请单位, 单位名称, 承租方（乙方）, the seal line “…公司（盖章）”),
    never from a mention of another company (the lessor, a CPA firm, the regulator), and compared
    after normalising bracket and character width, spaces and quotes.

    Fires: 上海云声通信科技有限公司 on the licence, 上海云声通讯科技有限公司 on the pledge.
    Silent: 上海云声（中国）有限公司 vs 上海云声(中国)有限公司; the lessor's name in the lease.
    A one-character difference seen only in OCR text is a warning, not an error."""
    others = set(ctx.role_ids(OTHER_ENTITY_ROLE))
    names = [f for f in ctx.facts.of("company_name") if f.material not in others]
    groups = _variants(names, lambda v: name_key(str(v)))
    if len(groups) < 2:
        return
    ref = _reference(ctx, groups)
    ref_name = str(groups[ref][0].value)
    listing = [{"name": str(fs[0].value), "seen": [seen(f) for f in fs]} for fs in groups.values()]
    for k, fs in groups.items():
        if k == ref:
            continue
        first = fs[0]
        where = "、".join(dict.fromkeys(f.where() for f in fs))
        ocr_only = all(f.source == "ocr" for f in fs)
        yield Problem("DV503", f"单位名称“{first.value}”（见于 {where}）与“{ref_name}”不一致。", **at(first),
                      severity=Severity.WARNING if ocr_only and _distance_le1(k, ref) else None,
                      evidence={"name": str(first.value), "reference": ref_name, "variants": listing,
                                **seen(first)})


@rule("DV504", needs={"facts"})
def credit_code_invalid(ctx: CheckContext) -> Iterator[Problem]:
    """A unified social credit code (统一社会信用代码, 18 characters) fails the GB 32100-2015
    check character, or the applicant's code differs between materials or from the manifest.

    Fires: 91310115MA1HK7Q32X (check character should be 5); two valid but different codes.
    Silent: the same valid code on the licence, the form and the manifest."""
    codes = ctx.facts.of("credit_code")
    if not codes:
        return
    done: set[tuple] = set()
    valid = []
    for f in codes:
        why = credit_code_error(f.value)
        if why is None:
            valid.append(f)
            continue
        if (f.file, f.value) in done:
            continue
        done.add((f.file, f.value))
        yield Problem("DV504", f"{mat_name(ctx, f)}中的统一社会信用代码 {f.value} 无效：{why}。", **at(f),
                      evidence={"credit_code": f.value, "reason": why, **seen(f)})
    applicant = set(materials_extracting(ctx, "credit_code")) - set(ctx.role_ids(OTHER_ENTITY_ROLE))
    own = [f for f in valid if f.material is None or f.material in applicant]
    groups = _variants(own, str)
    if len(groups) > 1:
        ref = _reference(ctx, groups)
        listing = [{"credit_code": k, "seen": [seen(f) for f in fs]} for k, fs in groups.items()]
        for k, fs in groups.items():
            if k == ref:
                continue
            where = "、".join(dict.fromkeys(f.where() for f in fs))
            yield Problem("DV504", f"统一社会信用代码 {k}（见于 {where}）与 {ref} 不一致。", **at(fs[0]),
                          evidence={"credit_code": k, "reference": ref, "variants": listing,
                                    **seen(fs[0])})


@rule("DV505", needs={"facts"})
def id_number_invalid(ctx: CheckContext) -> Iterator[Problem]:
    """A resident ID number (公民身份号码, 18 characters) fails the GB 11643 check character or
    carries an impossible birth date. Read where labelled (身份证号码：…) and anywhere in the
    ID, staff and social-insurance materials.

    Fires: 310115198005122315 (check character should be 4); 310115198013322314 (no such date).
    Silent: 11010519491231002X."""
    fs = ctx.facts
    numbers = fs.of("id_numbers", manifest=False)
    if not numbers:
        return
    done: set[tuple] = set()
    for f in numbers:
        why = id_number_error(f.value, ctx.check_date)
        if why is None or (f.file, f.value) in done:
            continue
        done.add((f.file, f.value))
        yield Problem("DV505", f"{mat_name(ctx, f)}中的身份证号码 {f.value} 无效：{why}。", **at(f),
                      evidence={"id_number": f.value, "reason": why, **seen(f)})
