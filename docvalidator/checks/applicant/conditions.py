"""The applicant's conditions over time and people: terms and dates (DV506), staff and social
insurance (DV507), foreign shareholding (DV508). See `rules.py` for how facts are read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docvalidator.checks.applicant import dates
from docvalidator.checks.applicant.facts import at, mat_name, materials_extracting, seen
from docvalidator.checks.applicant.identity import LICENCE_ROLE
from docvalidator.checks.applicant.model import Fact
from docvalidator.checks.base import CheckContext, Problem, rule
from docvalidator.codes import Severity
from docvalidator.schema import source_label

TELECOM_LICENCE_ROLE = "telecom-licence"
STAFF_LIST_ROLE = "staff-list"
SOCIAL_INSURANCE_ROLE = "social-insurance"


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def _latest_per_file(facts: list[Fact]) -> list[Fact]:
    """One term per file: the one ending last (open-ended wins)."""
    best: dict[str, Fact] = {}
    for f in facts:
        cur = best.get(f.file or "")
        end = f.value.get("end") or ("9999-12-31" if f.value.get("open_ended") else "")
        if cur is None or end > (cur.value.get("end") or ("9999-12-31" if cur.value.get("open_ended") else "")):
            best[f.file or ""] = f
    return list(best.values())


@rule("DV506", needs={"facts"})
def document_expired(ctx: CheckContext) -> Iterator[Problem]:
    """A dated document is expired or its term too short on the check date (`--as-of`, else
    today): the business licence's 营业期限 has ended; the premises lease has ended or has fewer
    months left than `min_lease_months`; a telecom licence has fewer months of validity left than
    `licence_min_validity_months` (95 numbers).

    Fires: 租赁期限自2026年6月1日起至2026年11月30日止 (6 months) checked on 2026-11-22.
    Silent: 营业期限 2019年03月12日至长期; a lease to 2028-12-31 with a 24-month minimum."""
    today = ctx.check_date
    fs = ctx.facts
    telecom = ctx.role_ids(TELECOM_LICENCE_ROLE)
    for f in _latest_per_file(fs.of("business_term", [*ctx.role_ids(LICENCE_ROLE), *telecom])):
        end = _date(f.value.get("end"))
        if end is None:
            continue
        left = dates.months_between(today, end)
        need = ctx.schema.param("licence_min_validity_months") if f.material in telecom else None
        if end < today:
            yield Problem("DV506", f"{mat_name(ctx, f)}的有效期至 {end.isoformat()}，"
                                   f"在检查日 {today.isoformat()} 已届满。", **at(f),
                          evidence={"end": end.isoformat(), "check_date": today.isoformat(), **seen(f)})
        elif need is not None and left < need:
            yield Problem("DV506", f"{mat_name(ctx, f)}有效期至 {end.isoformat()}，距检查日仅剩 "
                                   f"{left} 个月，少于要求的 {need} 个月。", **at(f),
                          requirement=f"申请时经营许可证剩余有效期应不少于 {need} 个月。",
                          evidence={"end": end.isoformat(), "months_left": left, "minimum_months": need,
                                    **seen(f)})
    need, sources, warn = _threshold(ctx, "min_lease_months")
    leases = _latest_per_file(fs.of("lease_term", materials_extracting(ctx, "lease_term")))
    for f in leases:
        end, start = _date(f.value.get("end")), _date(f.value.get("start"))
        if end is None:
            continue
        left = dates.months_between(today, end + dt.timedelta(days=1))
        total = dates.lease_months(start, end) if start else None
        ev = {"start": f.value.get("start"), "end": end.isoformat(), "term_months": total,
              "months_left": left, "minimum_months": need, "check_date": today.isoformat(), **seen(f)}
        span = f"租期 {start.isoformat()} 至 {end.isoformat()}（共 {total} 个月）" if start else \
            f"租期至 {end.isoformat()}"
        if end < today:
            yield Problem("DV506", f"场地租赁合同租期至 {end.isoformat()}，在检查日 {today.isoformat()} 已到期。",
                          **at(f), evidence=ev)
        elif need is not None and left < need:
            yield Problem("DV506", f"场地租赁合同{span}，检查日 {today.isoformat()} 起剩余 {left} 个月，"
                                   f"少于要求的 {need} 个月。", **at(f),
                          requirement=f"经营场地租赁合同剩余租期应不少于 {need} 个月（来源 {sources}）。",
                          evidence=ev)
        elif warn is not None and left < warn.value:
            yield Problem("DV506", f"场地租赁合同{span}，检查日 {today.isoformat()} 起剩余 {left} 个月；"
                                   f"部分地区要求不少于 {warn.value} 个月（来源 {warn.label}）。", **at(f),
                          severity=Severity.WARNING,
                          requirement=f"部分地区要求（来源 {warn.label}）：{warn.note or f'剩余租期不少于 {warn.value} 个月'}。"
                                      "本申请类型的主要来源未规定租期。",
                          evidence={**ev, "minimum_months": None, "stricter_months": warn.value,
                                    "stricter_sources": list(warn.sources)})


def _threshold(ctx: CheckContext, name: str):
    """(error threshold with its sources, stricter warning threshold or None) of a parameter."""
    p = ctx.schema.parameters.get(name)
    return ctx.schema.param(name), source_label(p.sources) if p else "", ctx.schema.stricter(name)


@rule("DV507", needs={"facts"})
def staffing_insufficient(ctx: CheckContext) -> Iterator[Problem]:
    """Fewer than `min_staff` people on the key-staff list (distinct ID numbers), or fewer than
    `min_staff` people in the social-insurance proof who reach `min_insured_months` (缴费月数,
    参保月数, or the month range 2025年11月至2026年10月 on their row).

    The thresholds are the seed's for the application type (B24 and B22 全网: 3 staff, 1 month;
    B22 地网: 3 months; 95: 5 staff, 3 months in Shanghai): below them is an error. A stricter
    value only secondary sources give (5 staff [W22, W27]; 3 months to a year [W1]) is a warning
    that names them. A value set in the configuration (`--param`) is the rule, without warnings.

    Fires: 2 insured people where 3 are required (error); 3 people where W22/W27 ask for 5
    (warning); B22 全网 people insured for 1 month where W1 asks for 3 (warning).
    Silent: 6 people with 12 months each; a scanned proof without OCR text (not evaluated)."""
    min_staff, staff_src, warn_staff = _threshold(ctx, "min_staff")
    min_months, months_src, warn_months = _threshold(ctx, "min_insured_months")
    min_months = min_months or 0
    fs = ctx.facts
    listed = {f.value: f for f in fs.of("id_numbers", ctx.role_ids(STAFF_LIST_ROLE))}
    if min_staff and listed and len(listed) < min_staff:
        first = next(iter(listed.values()))
        yield Problem("DV507", f"主要管理、技术人员名单仅列 {len(listed)} 人（按身份证号码计），"
                               f"少于要求的 {min_staff} 人。", material=first.material, file=first.file,
                      requirement=f"主要管理、技术人员不少于 {min_staff} 人（来源 {staff_src}）。",
                      evidence={"people": len(listed), "minimum": min_staff,
                                "id_numbers": sorted(listed)})
    elif warn_staff and listed and len(listed) < warn_staff.value:
        first = next(iter(listed.values()))
        yield _warn(f"主要管理、技术人员名单列 {len(listed)} 人（按身份证号码计）", warn_staff, "人",
                    at(first), {"people": len(listed), "id_numbers": sorted(listed)})
    rows = [f for f in fs.of("staff", ctx.role_ids(SOCIAL_INSURANCE_ROLE))
            if f.value.get("months") is not None]
    if not (min_staff and rows):
        return
    months: dict[str, int] = {}
    names: dict[str, str | None] = {}
    for f in rows:
        idn = f.value["id_number"]
        months[idn] = max(months.get(idn, 0), f.value["months"])
        names[idn] = f.value.get("name")
    ok = [i for i, m in months.items() if m >= min_months]
    people = [{"name": names[i], "id_number": i, "months": months[i]} for i in sorted(months)]
    if len(ok) < min_staff:
        yield Problem("DV507", f"社保缴纳证明中连续缴纳满 {min_months} 个月的仅 {len(ok)} 人"
                               f"（共列 {len(months)} 人），少于要求的 {min_staff} 人。", **at(rows[0]),
                      requirement=f"须有不少于 {min_staff} 名人员由申请人缴纳社保满 {min_months} 个月"
                                  f"（来源 {staff_src}；月数 {months_src}）。",
                      evidence={"qualified": len(ok), "listed": len(months), "minimum_people": min_staff,
                                "minimum_months": min_months, "people": people})
        return
    longer = [i for i, m in months.items() if warn_months and m >= warn_months.value]
    if warn_months and len(longer) < min_staff:
        yield _warn(f"社保缴纳证明中连续缴纳满 {warn_months.value} 个月的仅 {len(longer)} 人", warn_months,
                    "个月", at(rows[0]), {"qualified": len(longer), "people": people})
    elif warn_staff and len(ok) < warn_staff.value:
        yield _warn(f"社保缴纳证明中连续缴纳满 {min_months} 个月的有 {len(ok)} 人", warn_staff, "人",
                    at(rows[0]), {"qualified": len(ok), "people": people})


def _warn(seen_text: str, stricter, unit: str, where: dict, evidence: dict) -> Problem:
    """A stricter secondary threshold not met: a warning that names its sources."""
    return Problem("DV507", f"{seen_text}；部分地区要求不少于 {stricter.value} {unit}（来源 {stricter.label}），"
                            "本申请类型的主要来源要求已满足。", **where, severity=Severity.WARNING,
                   requirement=f"部分地区要求（来源 {stricter.label}）：{stricter.note or stricter.value}。",
                   fix="向受理机关确认当地要求；确需时增加人员或待缴纳月数达到后再申报。",
                   evidence={**evidence, "stricter": stricter.value,
                             "stricter_sources": list(stricter.sources)})


@rule("DV508", needs={"facts"})
def foreign_investment(ctx: CheckContext) -> Iterator[Problem]:
    """Signs of foreign shareholding in the application form, articles or equity chart where the
    schema caps foreign ownership (`max_foreign_percent`, 0 = domestic capital only): 外资, 外商,
    境外, 中外合资, shareholders from 香港/澳门/台湾 or abroad, foreign company suffixes (Ltd, Inc,
    GmbH, Pte, 株式会社).

    The cap is the seed's for the application type (B24: none at all [S2]; B22: ≤50% [S3]); a
    foreign holding within it that only other sources forbid (纯内资 [S2, W23, W26] for B22) is a
    warning naming them.

    Fires: 股东 香港嘉盛投资有限公司 40% (B24: error; B22: warning).
    Silent: 以上股东均为中国公民，无境外投资者; 股权结构中不涉及外资; 不得向境外投资者转让股权."""
    cap = ctx.schema.param("max_foreign_percent")
    warn = ctx.schema.stricter("max_foreign_percent")
    holders = materials_extracting(ctx, "shareholders")
    fs = ctx.facts
    if cap is None:
        return
    if not fs.readable(holders):
        return
    signs = fs.of("foreign_sign", holders, manifest=False)
    done: set[tuple] = set()
    foreign_percent = sum({(f.value.get("holder")): f.value.get("percent") or 0
                           for f in signs if f.value.get("holder")}.values())
    for f in signs:
        key = (f.file, f.value["text"])
        if key in done:
            continue
        done.add(key)
        holder = f.value.get("holder")
        within = cap > 0 and bool(holder) and foreign_percent <= cap
        if within and (warn is None or foreign_percent <= warn.value):
            continue
        what = (f"股东“{holder}”（{f.value.get('percent'):g}%）显示为境外/外资股东" if holder
                else f"出现外资迹象“{f.value['sign']}”")
        if within:
            what += f"；部分来源要求纯内资（来源 {warn.label}），本申请类型的主要来源允许不超过 {cap}%"
        requirement = ("申请主体须为内资企业，股权穿透至自然人或国有资本无外资成分" if cap == 0
                       else f"部分来源要求（来源 {warn.label}）：{warn.note}" if within
                       else f"外资持股比例不得超过 {cap}%。")
        yield Problem("DV508", f"{mat_name(ctx, f)}中{what}：“{f.value['text'][:60]}”。", **at(f),
                      severity=Severity.WARNING if cap > 0 and (not holder or within) else None,
                      requirement=requirement,
                      evidence={"sign": f.value["sign"], "max_foreign_percent": cap,
                                "foreign_percent": foreign_percent or None, **seen(f)})
