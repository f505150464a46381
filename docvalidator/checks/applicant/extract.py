"""Text → facts with spans. Pure: a page's text in, hits (name, value, start, end) out.

Everything is read from labelled positions, never from a bare mention, so that a lease naming
its lessor, a report naming its CPA firm or a pledge naming the regulator does not become "the
applicant". The text is compared in NFKC form (full-width → half-width, （） → ()), and the
values are sliced from the original text where NFKC kept the length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docvalidator.checks.applicant import dates
from docvalidator.checks.applicant.amount import parse_amount

CJK = "\u4e00-\u9fff"
NAME_CHARS = rf"{CJK}A-Za-z0-9()·&"
COMPANY_RE = re.compile(rf"[{NAME_CHARS}](?:[{NAME_CHARS}]| (?=[{NAME_CHARS}])){{1,50}}?(?:公司|事务所|集团)")

# labels under which the applicant's own name is written
NAME_LABELS = ("申请单位名称", "申请人名称", "申请单位", "申请人", "单位名称", "企业名称", "公司名称",
               "名称", "缴费单位", "参保单位", "用人单位")
LESSEE_LABELS = ("承租方(乙方)", "乙方(承租方)", "承租方", "承租人", "乙方(盖章)")
# the name written just before these is the applicant's (signature blocks, titles)
NAME_SUFFIXES = ("(盖章)", "(公章)", "(签章)", "股权结构图", "章程")

ID_LABEL_RE = re.compile(r"(?:身份证|身份号码|证件号码|身份证号)[^\n\d]{0,8}$")
ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
CREDIT_CANDIDATE = r"([0-9A-Za-z]{18})(?![0-9A-Za-z])"

FOREIGN_WORDS = ("中外合资", "中外合作", "外商投资", "外商独资", "外国投资者", "境外投资者", "外资",
                 "外商", "境外", "港澳台")
FOREIGN_ROW_WORDS = ("香港", "澳门", "台湾", "开曼", "维尔京", "BVI", "新加坡", "美国", "英国",
                     "日本", "韩国", "德国", "法国", "加拿大", "澳大利亚", "株式会社", "有限会社")
FOREIGN_SUFFIX_RE = re.compile(r"\b(?:Ltd|Limited|Inc|LLC|Corp|Corporation|GmbH|Pte|PLC|B\.V|S\.A|AG)\b\.?",
                               re.IGNORECASE)
NEGATIONS = ("无", "不涉及", "不存在", "没有", "未", "不得", "不含", "非", "禁止", "不属于", "不是", "杜绝",
             "均为中国", "均为中华人民共和国")


@dataclass(frozen=True)
class Hit:
    name: str
    value: Any
    start: int
    end: int


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")


def _label(label: str) -> str:
    return r"\s*".join(re.escape(c) for c in label)


def _label_re(labels: Iterable[str], tail: str) -> re.Pattern[str]:
    alts = "|".join(_label(x) for x in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?<![{CJK}])(?:{alts})(?:\s*(?:名称|全称))?[\s:]*{tail}")


_NAME_AFTER = {False: _label_re(NAME_LABELS, rf"(?P<v>{COMPANY_RE.pattern})"),
               True: _label_re(NAME_LABELS + LESSEE_LABELS, rf"(?P<v>{COMPANY_RE.pattern})")}
_SUFFIX_RE = re.compile("|".join(re.escape(s) for s in NAME_SUFFIXES))
_CREDIT_RE = _label_re(("统一社会信用代码", "社会信用代码", "信用代码"), CREDIT_CANDIDATE)
_CAPITAL_RE = _label_re(("注册资本",), r"(?:\(认缴\)|认缴)?[\s:为]*")
_SCOPE_RE = _label_re(("经营范围",), "")
_SCOPE_END = re.compile(r"\n\s*(?:注\s*册\s*资\s*本|成\s*立\s*日\s*期|营\s*业\s*期\s*限|住\s*所|"
                        r"类\s*型|法\s*定\s*代\s*表\s*人|登\s*记\s*机\s*关|[一二三四五六七八九十]+、)")
_ESTABLISHED_RE = _label_re(("成立日期", "注册日期"), rf"(?P<v>{dates.DATE})")
_TERM_RE = _label_re(("营业期限", "经营期限", "有效期限", "有效期"), "")
_LEGAL_REP_RE = _label_re(("法定代表人", "法人代表"), rf"(?:\(负责人\))?[\s:]*为?(?P<v>[{CJK}·]{{2,5}}?)"
                          rf"(?=[\s,，。;；:(]|身份|$)")
_LEASE_RE = _label_re(("租赁期限", "租赁期间", "租赁期", "租期"), "")
_PERCENT_RE = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
_MONTHS_RE = re.compile(r"(?:缴费月数|参保月数|累计月数|月数)[^\d\n]{0,6}(\d{1,3})|(\d{1,3})\s*个月")
_CONTINUOUS_RE = re.compile(r"连续缴纳[^。\n]{0,12}?(\d{1,3})\s*个月")
_CLAUSE_SPLIT = re.compile(r"[。；;，,\n]")


def company_names(text: str, *, lessee: bool = False, labelled_only: bool = False) -> list[Hit]:
    """The applicant's name where a label gives it (名称, 申请单位 …; a lease's 承租方 too when
    `lessee`), and — unless `labelled_only`, for documents other organisations also write or
    sign — where a line ends in a seal or title suffix (…公司（盖章）, …股权结构图)."""
    out = []
    for m in _NAME_AFTER[lessee].finditer(text):
        if _is_branch(text, m.end("v")):
            continue
        out.append(Hit("company_name", m.group("v"), m.start("v"), m.end("v")))
    if labelled_only:
        return out
    for m in _SUFFIX_RE.finditer(text):
        i = m.start()
        j = i
        while j > 0 and re.match(rf"[{NAME_CHARS} ]", text[j - 1]):
            j -= 1
        while j < i and text[j] == " ":
            j += 1
        run = text[j:i].strip()
        if j > 0 and text[j - 1] not in "\n\t":
            continue  # the run does not start a line: not a signature block or a title
        if len(run) < 6 or run[0] in "本该我贵" or not run.endswith(("公司", "事务所", "集团")):
            continue
        if any(h.start <= j < h.end for h in out):
            continue
        out.append(Hit("company_name", run, j, i))
    return out


def _is_branch(text: str, end: int) -> bool:
    m = re.match(rf"[{NAME_CHARS}]{{0,12}}分公司", text[end:])
    return m is not None


def credit_codes(text: str) -> list[Hit]:
    return [Hit("credit_code", m.group(1).upper(), m.start(1), m.end(1)) for m in _CREDIT_RE.finditer(text)]


def id_numbers(text: str, any_position: bool) -> list[Hit]:
    """18-character ID numbers: labelled ones anywhere; unlabelled ones where the material is an
    ID or staff document (``any_position``)."""
    out = []
    for m in ID_RE.finditer(text):
        labelled = ID_LABEL_RE.search(text[max(0, m.start() - 16):m.start()]) is not None
        if labelled or any_position:
            out.append(Hit("id_numbers", m.group(1).upper(), m.start(1), m.end(1)))
    return out


def registered_capital(text: str) -> list[Hit]:
    out = []
    for m in _CAPITAL_RE.finditer(text):
        amount = parse_amount(text[m.end():m.end() + 40])
        if amount is None:
            continue
        start = text.index(amount.text[0], m.end()) if amount.text else m.end()
        out.append(Hit("registered_capital", {"wan": amount.wan, "currency": amount.currency,
                                              "text": amount.text}, start, start + len(amount.text)))
    return out


def business_scope(text: str) -> list[Hit]:
    out = []
    for m in _SCOPE_RE.finditer(text):
        rest = text[m.end():m.end() + 2000]
        stop = _SCOPE_END.search(rest)
        scope = rest[:stop.start()] if stop else rest
        if len(scope.strip()) >= 4:
            out.append(Hit("business_scope", scope.strip(), m.end(), m.end() + len(scope)))
    return out


def established_date(text: str) -> list[Hit]:
    out = []
    for m in _ESTABLISHED_RE.finditer(text):
        d = dates.DATE_RE.search(m.group("v"))
        day = dates.make_date(*d.groups()) if d else None
        if day:
            out.append(Hit("established_date", day.isoformat(), m.start("v"), m.end("v")))
    return out


def _terms(text: str, label_re: re.Pattern[str], name: str) -> list[Hit]:
    out = []
    for m in label_re.finditer(text):
        window = text[m.end():m.end() + 60]
        r = dates.RANGE_RE.search(window)
        if r:
            start, end, open_end = dates.parse_range(r)
            value = {"start": start.isoformat() if start else None,
                     "end": end.isoformat() if end else None, "open_ended": open_end}
            out.append(Hit(name, value, m.end() + r.start(), m.end() + r.end()))
        elif re.match(rf"\s*(?:{dates.OPEN_END})", window):
            out.append(Hit(name, {"start": None, "end": None, "open_ended": True}, m.end(), m.end() + 4))
    return out


def business_term(text: str) -> list[Hit]:
    return _terms(text, _TERM_RE, "business_term")


def lease_term(text: str) -> list[Hit]:
    return _terms(text, _LEASE_RE, "lease_term")


def legal_representative(text: str) -> list[Hit]:
    return [Hit("legal_representative", m.group("v"), m.start("v"), m.end("v"))
            for m in _LEGAL_REP_RE.finditer(text)]


def document_date(text: str) -> list[Hit]:
    """The last date on the page (a document's signing date stands at its end)."""
    found = list(dates.DATE_RE.finditer(text))
    for m in reversed(found):
        day = dates.make_date(*m.groups())
        if day:
            return [Hit("document_date", day.isoformat(), m.start(), m.end())]
    return []


def staff(text: str) -> list[Hit]:
    """People listed with their ID numbers, and the months of social insurance on their row
    (缴费月数 / 参保月数 / a month range 2025年11月至2026年10月), if any."""
    ids = list(ID_RE.finditer(text))
    fallback = _CONTINUOUS_RE.search(text)
    out = []
    for k, m in enumerate(ids):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = re.findall(rf"[{CJK}·]{{2,5}}", text[line_start:m.start()])
        name = before[-1] if before else None
        seg = text[m.end():ids[k + 1].start() if k + 1 < len(ids) else len(text)]
        months = _row_months(seg)
        value = {"name": name, "id_number": m.group(1).upper(), "months": months}
        if months is None and fallback:
            value["months"] = int(fallback.group(1))
            value["months_from"] = "statement"
        out.append(Hit("staff", value, m.start(), m.end()))
    return out


def _row_months(seg: str) -> int | None:
    r = dates.MONTH_RANGE_RE.search(seg)
    if r:
        y1, m1, y2, m2 = (int(x) for x in r.groups())
        n = (y2 - y1) * 12 + m2 - m1 + 1
        if 0 < n < 600:
            return n
    m = _MONTHS_RE.search(seg)
    if m:
        return int(m.group(1) or m.group(2))
    return None


ZWSP = "\u200b"
WRAP_WIDTH = 28  # a line at least this long that ends mid-word was wrapped by the layout


def unwrap(text: str) -> str:
    """Join lines the layout wrapped (a long line ending in a word character, the next starting
    with one) so that a table cell or a sentence split over two lines reads as one. Keeps the
    length (spans stay valid): the joining newline becomes a zero-width space, ZWSP."""
    lines = text.split("\n")
    out = [lines[0]]
    for nxt in lines[1:]:
        prev = out[-1]
        if (len(prev.strip()) >= WRAP_WIDTH and re.search(rf"[{CJK}A-Za-z0-9]$", prev)
                and re.match(rf"[{CJK}]", nxt)):
            out[-1] = prev + ZWSP + nxt
        else:
            out.append(nxt)
    return "\n".join(out)


def shareholders(text: str) -> list[Hit]:
    """Rows that give a holder and a percentage: 张三 60%, 张三 自然人（中国籍） 60% 600万元.
    Spans index the unwrapped text."""
    out = []
    text = unwrap(text)
    for line_m in re.finditer(r"[^\n]+", text):
        line, base = line_m.group(0), line_m.start()
        prev = 0
        for p in _PERCENT_RE.finditer(line):
            seg_start = max(line.rfind(sep, prev, p.start()) for sep in (";", "；", "、", "。")) + 1
            seg_start = max(seg_start, prev)
            row = line[seg_start:p.start()].replace(ZWSP, "").strip()
            prev = p.end()
            row = re.sub(r"^(?:股东及持股比例|股东名称|股东|出资人)[\s:]*", "", row)
            tokens = row.split()
            if not tokens or not re.search(rf"[{CJK}A-Za-z]", tokens[0]):
                continue
            if tokens[0] in ("合计", "总计", "股东合计持股"):
                continue
            out.append(Hit("shareholders", {"name": tokens[0], "percent": float(p.group(1)),
                                            "row": f"{row} {p.group(0)}"}, base + seg_start, base + p.end()))
    return out


def foreign_signs(text: str) -> list[Hit]:
    """Signs of foreign shareholding that are not negated in their clause (无外资, 不涉及外资,
    不存在境外投资者, 不得向境外投资者转让 stay silent)."""
    out: list[Hit] = []
    pos = 0
    text = unwrap(text)
    for clause in _CLAUSE_SPLIT.split(text):
        start = pos
        pos += len(clause) + 1
        for word in FOREIGN_WORDS:
            i = clause.find(word)
            if i < 0 or _negated(clause, i, word):
                continue
            out.append(Hit("foreign_sign", {"sign": word, "text": clause.replace(ZWSP, "").strip()}, start + i,
                           start + i + len(word)))
            break
    for h in shareholders(text):
        row = h.value["row"]
        sign = next((w for w in FOREIGN_ROW_WORDS if w in row), None)
        suffix = FOREIGN_SUFFIX_RE.search(row)
        if sign or suffix:
            out.append(Hit("foreign_sign", {"sign": sign or suffix.group(0), "text": row,
                                            "holder": h.value["name"],
                                            "percent": h.value["percent"]}, h.start, h.end))
    return out


def _negated(clause: str, i: int, word: str) -> bool:
    before = clause[:i]
    if any(n in before for n in NEGATIONS):
        return True
    after = clause[i + len(word):i + len(word) + 8]
    return re.match(r"[^:]{0,4}[:]\s*(?:无|否|0\s*%|不涉及)", after) is not None


EXTRACTORS = {
    "company_name": None,  # needs to know whose document it is, see extract()
    "credit_code": credit_codes,
    "registered_capital": registered_capital,
    "business_scope": business_scope,
    "established_date": established_date,
    "business_term": business_term,
    "legal_representative": legal_representative,
    "shareholders": shareholders,
    "staff": None,  # read with insured months, see extract()
    "insured_months": None,
    "lease_term": lease_term,
    "id_numbers": None,  # always read, see extract()
    "document_date": document_date,
}


def extract(text: str, wanted: Iterable[str], *, lessee: bool = False,
            labelled_only: bool = False) -> tuple[str, list[Hit]]:
    """Hits for the facts ``wanted`` (a material's `extract:` list) in one page's text;
    `lessee` and `labelled_only` as for `company_names`.

    Credit codes and ID numbers are always read (a wrong identifier is a defect wherever it
    stands); foreign-shareholding signs are read where shareholders are. Returns the text the
    spans index (the original when NFKC kept its length, else the normalised text)."""
    norm = normalize(text)
    shown = text if len(text) == len(norm) else norm
    wanted = set(wanted)
    hits: list[Hit] = []
    if "company_name" in wanted:
        hits += company_names(norm, lessee=lessee, labelled_only=labelled_only)
    hits += credit_codes(norm)
    hits += id_numbers(norm, any_position=bool(wanted & {"id_numbers", "staff"}))
    if "insured_months" in wanted or "staff" in wanted:
        hits += staff(norm)
    if "shareholders" in wanted:
        hits += foreign_signs(norm)
    for name in sorted(wanted):
        fn = EXTRACTORS.get(name)
        if fn is not None and name != "credit_code":
            hits += fn(norm)
    if shown is text:
        hits = [Hit(h.name, _reslice(h, text), h.start, h.end) for h in hits]
    seen: set[tuple[str, int]] = set()
    unique = []
    for h in hits:
        if (h.name, h.start) not in seen:
            seen.add((h.name, h.start))
            unique.append(h)
    return shown, unique


def _reslice(h: Hit, text: str) -> Any:
    if h.name == "company_name":
        return text[h.start:h.end]
    return h.value


def snippet(text: str, start: int, end: int, margin: int = 24) -> str:
    s = text[max(0, start - margin):min(len(text), end + margin)]
    return re.sub(r"\s+", " ", s).strip()
