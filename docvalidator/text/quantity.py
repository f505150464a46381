"""Durations in Chinese text: numerals (Arabic, Chinese, 大写), units, bounds and ranges.

    find_durations("通话记录保存不少于六个月") → [Quantity(6, unit="month", comparator=">=")]

Text is expected normalised (text.normalize): half-width digits, Simplified characters.
Comparison happens in the requirement's unit: working days are not calendar days, and a day
is 24 hours only when the caller says so (`day_is_24h`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from docvalidator.text.numerals import CN_CHARS, parse_cn_integer
from docvalidator.text.numerals import DIGITS as _DIGITS
from docvalidator.text.numerals import TENS as _TENS
from docvalidator.text.numerals import UNITS as _UNITS

_CN = "".join(_DIGITS) + "".join(_UNITS) + "万" + "".join(_TENS)
NUMBER = rf"(?:\d+(?:\.\d+)?|[{_CN}]+)"

# text unit → canonical unit
UNIT_WORDS = {
    "个工作日": "workday", "工作日": "workday", "个工作天": "workday", "工作天": "workday",
    "个营业日": "workday", "营业日": "workday", "个营业天": "workday", "营业天": "workday",
    "个交易日": "workday", "交易日": "workday",  # an exchange's trading days: its working days
    "个自然日": "day", "自然日": "day", "个日历日": "day",
    # working hours (8个工作小时): hours, the day's working part of them
    "个工作小时": "hour", "工作小时": "hour",
    "个小时": "hour", "小时": "hour", "个钟头": "hour", "钟头": "hour", "hrs": "hour", "hr": "hour",
    "h": "hour", "H": "hour", "分钟": "minute", "秒钟": "second", "秒": "second",
    "天": "day", "日": "day", "个星期": "week", "星期": "week", "周": "week",
    "个月": "month", "月": "month", "周年": "year", "年": "year",
}
# counted things, for clauses that count (calls a day, channels, a percentage)
COUNT_WORDS = {"%": "percent", "路": "channel", "通": "call", "次": "call", "个电话": "call"}
_UNIT_RE = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True)).replace(
    "|h|", r"|h(?![A-Za-z])|").replace("|H|", r"|H(?![A-Za-z])|")
_COUNT_RE = "|".join(sorted(map(re.escape, COUNT_WORDS), key=len, reverse=True))

_AT_LEAST = ["不少于", "不低于", "不短于", "不小于", "不得少于", "不应少于", "不得低于", "不得短于",
             "不应低于", "不应短于", "至少", "最少", "最低", "最短", "大于等于", "大于或等于", "≥", ">=",
             "不能少于", "不可少于"]
_MORE_THAN = ["超过", "大于", "多于", "长于", "高于", ">", "超出", "超"]
_AT_MOST = ["不超过", "不多于", "不大于", "不长于", "不得超过", "不应超过", "不能超过", "不高于", "最多",
            "最长", "至多", "小于等于", "小于或等于", "≤", "<=", "最迟"]
_LESS_THAN = ["少于", "小于", "低于", "短于", "<"]
_PREFIX = {w: c for ws, c in ((_AT_LEAST, ">="), (_MORE_THAN, ">"), (_AT_MOST, "<="), (_LESS_THAN, "<"))
           for w in ws}
_PREFIX_RE = "|".join(sorted(map(re.escape, _PREFIX), key=len, reverse=True))
_SUFFIX = {"及以上": ">=", "或以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<=",
           "之内": "<=", "内": "<="}
_SUFFIX_RE = "|".join(sorted(map(re.escape, _SUFFIX), key=len, reverse=True))

_SEP = r"[-~～至到—]|之间"
_RESTATED = r"(?:\s*个?\s*[(（]\s*\d+(?:\.\d+)?\s*[)）])?"  # 六（6）个月, 三个(3)个工作日: the figure said twice
_QUANTITY = re.compile(
    rf"(?:(?P<pre>{_PREFIX_RE})\s*(?:为|是|在|达到|达)?\s*)?"
    rf"(?:(?P<n1>{NUMBER}){_RESTATED}\s*(?:(?P<u1>{_UNIT_RE})?\s*(?P<sep>[-~～至到—])\s*(?P<n2>{NUMBER}){_RESTATED}\s*)?"
    rf"(?P<half1>个半)?\s*(?P<unit>{_UNIT_RE})(?P<half2>半)?"
    rf"|(?P<halfonly>半)\s*(?P<hunit>个月|年|个小时|小时|天|日|个工作日))"
    rf"\s*(?P<post>{_SUFFIX_RE})?"
)
_COUNT = re.compile(
    rf"(?:(?P<pre>{_PREFIX_RE})\s*(?:为|是|在|达到|达)?\s*)?"
    rf"(?P<n1>\d+(?:\.\d+)?|[{_CN}]+)\s*(?:(?P<sep>[-~～至到])\s*(?P<n2>\d+(?:\.\d+)?|[{_CN}]+)\s*)?"
    rf"(?P<unit>{_COUNT_RE})\s*(?P<post>{_SUFFIX_RE})?"
)


@dataclass(frozen=True)
class Quantity:
    value: float  # the stated value, or the low end of a range
    unit: str  # hour | day | week | month | year | workday | minute
    comparator: str  # "=" | ">=" | ">" | "<=" | "<"
    start: int
    end: int
    text: str
    high: float | None = None  # the high end of a range ("3-6个月")

    @property
    def is_range(self) -> bool:
        return self.high is not None


def parse_number(token: str) -> float | None:
    """'24', '6.5', '二十四', '两', '贰拾肆', '一八〇' → number; None when not a numeral."""
    token = token.strip()
    if not token:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return float(token)
    if any(ch not in _CN for ch in token):
        return None
    return float(parse_cn_integer(token))


def _is_date(text: str, m: re.Match, value: float, unit_word: str) -> bool:
    before = text[max(0, m.start() - 1):m.start()]
    after = text[m.end():m.end() + 3]
    if before in ("第", "每", "×", "x", "X", "*", "/") or (before.isdigit() and not m.group("pre")):
        return True
    if text[max(0, m.start() - 2):m.start()] == "每隔":  # 每隔6个月: a frequency
        return True
    if before.isascii() and before.isalpha():  # SHA256, AES-256 are names, not durations
        return True
    if unit_word == "年" and value >= 1900:
        return True
    if unit_word == "月" and (before == "年" or re.match(r"\d|[一二三四五六七八九十]+[日号]|份", after)):
        return True
    return unit_word in ("日", "天") and before in ("月", "年")


# a line that opens with a list item's number run into a figure of two digits or more
# (1.48小时内…): no duration is written to the hundredth, so it is item 1 and 48 hours
_ITEM_NUMBER = re.compile(r"^\s*([1-9]\d?)\.(\d{2,4})(?!\.\d)")
# kept for good ("病案永久保存", "终身保存", a retention table's "永久"): longer than any minimum;
# not an act done for good (永久删除, 永久封禁)
_PERMANENT = re.compile(r"(?:永久|永远|终身|无限期)(?=保存|保留|存储|储存|留存|保管|有效|备份|存档|归档|云存|$|[\s|,，。;；)）])")
PERMANENT_YEARS = 100.0
# a sentence without one of these states no duration (a cheap test before find_quantities)
DURATION_CHARS = frozenset("0123456789" + CN_CHARS + "半永终限")


def find_durations(text: str) -> list[Quantity]:
    """Every duration stated in the text, with its bound or range, in text order."""
    out = [Quantity(PERMANENT_YEARS, "year", ">=", m.start(), m.end(), m.group(0))
           for m in _PERMANENT.finditer(text)]
    opening = _ITEM_NUMBER.match(text)
    for m in _QUANTITY.finditer(text):
        item = None
        if m.group("halfonly"):
            value, high, unit_word = 0.5, None, m.group("hunit")
        else:
            value = parse_number(m.group("n1"))
            if value is None:
                continue
            if opening and opening.end() == m.end("n1") and not m.group("n2"):
                item = opening  # "1.48小时内…" opening a line: item 1, 48 hours
                value = float(item.group(2))
            high = parse_number(m.group("n2")) if m.group("n2") else None
            unit_word = m.group("unit")
            if _is_date(text, m, value, unit_word):
                continue
            if m.group("half1") or m.group("half2"):
                value += 0.5
            if m.group("u1") and high is not None:  # 3个月至6个月, 30天到1年: low end in the high's unit
                low = convert(value, UNIT_WORDS[m.group("u1")], UNIT_WORDS[unit_word], True)
                if low is None:
                    continue
                value = low
        pre, post = m.group("pre"), m.group("post")
        comparator = _PREFIX[pre] if pre else (_SUFFIX[post] if post else "=")
        if pre and post and _SUFFIX[post] != comparator:
            comparator = _PREFIX[pre]  # 至少…以上: the prefix says it
        start = m.start("pre") if pre else item.start(2) if item else m.start()
        out.append(Quantity(value, UNIT_WORDS[unit_word], comparator, start, m.end(),
                            text[start:m.end()].rstrip(), high))
    return sorted(out, key=lambda q: q.start)


def find_counts(text: str) -> list[Quantity]:
    """Counted quantities (200通, 1000路, 0.5%), with their bound or range."""
    out = []
    for m in _COUNT.finditer(text):
        value = parse_number(m.group("n1"))
        if value is None:
            continue
        high = parse_number(m.group("n2")) if m.group("n2") else None
        pre, post = m.group("pre"), m.group("post")
        comparator = _PREFIX[pre] if pre else (_SUFFIX[post] if post else "=")
        start = m.start("pre") if pre else m.start()
        out.append(Quantity(value, COUNT_WORDS[m.group("unit")], comparator, start, m.end(),
                            text[start:m.end()], high))
    return out


@lru_cache(maxsize=16384)
def _quantities(text: str, counted: bool) -> tuple[Quantity, ...]:
    return tuple(find_counts(text) if counted else find_durations(text))


def find_quantities(text: str, unit: str) -> list[Quantity]:
    """The quantities a requirement in `unit` can be compared with (a count only with its
    own kind: calls with calls, not a percentage)."""
    found = _quantities(text, unit in COUNTED)
    return [q for q in found if q.unit == unit] if unit in COUNTED else list(found)


# --- units -------------------------------------------------------------------------------

_DAYS = {"day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0}
COUNTED = {"percent", "channel", "call"}


def convert(value: float, unit: str, to: str, day_is_24h: bool = False) -> float | None:
    """`value` in `unit` expressed in `to`; None when the units cannot be compared
    (working days vs. calendar time, hours vs. days unless a day is 24 hours here)."""
    if unit == to:
        return value
    if {unit, to} <= {"month", "year"}:
        return value * 12 if unit == "year" else value / 12
    if unit in _DAYS and to in _DAYS:
        return value * _DAYS[unit] / _DAYS[to]
    if unit in _HOURS and to in _HOURS:
        return value * _HOURS[unit] / _HOURS[to]
    if day_is_24h:
        if unit in _HOURS and to in _DAYS:
            return value * _HOURS[unit] / 24 / _DAYS[to]
        if unit in _DAYS and to in _HOURS:
            return value * _DAYS[unit] * 24 / _HOURS[to]
    return None


def _workday_bounds(value: float, unit: str, day_is_24h: bool) -> tuple[float, float] | None:
    """The fewest and the most working days a calendar duration can contain (48 hours reach
    into at most 2 days, so they meet "7 working days")."""
    if unit in _HOURS:
        days = value * _HOURS[unit] / 24
        return math.floor(days / 7) * 5, float(math.ceil(days - 1e-9))
    days = convert(value, unit, "day", day_is_24h)
    if days is None:
        return None
    return math.floor(days / 7) * 5, days


def _calendar_days_bounds(workdays: float) -> tuple[float, float]:
    """The fewest and the most calendar days `workdays` working days can span."""
    weeks, rest = divmod(workdays, 5)
    return workdays, weeks * 7 + rest + (2 if rest else 0)


def _bounds(q: Quantity, to: str, day_is_24h: bool) -> tuple[float, float] | None:
    """The (low, high) range of what the stated value can mean, in unit `to`."""
    lo_hi = []
    for v in (q.value, q.high if q.high is not None else q.value):
        if to == "workday" and q.unit != "workday":
            b = _workday_bounds(v, q.unit, day_is_24h)
        elif q.unit == "workday" and to != "workday":
            lo, hi = _calendar_days_bounds(v)
            clo, chi = convert(lo, "day", to, day_is_24h), convert(hi, "day", to, day_is_24h)
            b = None if clo is None or chi is None else (clo, chi)
        else:
            c = convert(v, q.unit, to, day_is_24h)
            b = None if c is None else (c, c)
        if b is None:
            return None
        lo_hi.append(b)
    return lo_hi[0][0], lo_hi[1][1]


def satisfies(q: Quantity, comparator: str, required: float, unit: str,
              day_is_24h: bool = False) -> bool | None:
    """Does the stated quantity meet `comparator required unit`? None: not comparable."""
    bounds = _bounds(q, unit, day_is_24h)
    if bounds is None:
        return None
    lo, hi = bounds
    eps = 1e-9
    if comparator in (">=", ">"):
        # the document must guarantee at least the requirement: an upper bound does not
        if q.comparator in ("<=", "<"):
            return False
        return lo > required + eps if comparator == ">" else lo >= required - eps
    if comparator in ("<=", "<"):
        if q.comparator in (">=", ">"):
            return False
        return hi < required - eps if comparator == "<" else hi <= required + eps
    return q.comparator == "=" and not q.is_range and abs(lo - required) < eps and abs(hi - required) < eps


def _loose_hours(q: Quantity) -> tuple[float, float] | None:
    """(fewest, most) hours a stated span of days or working days can take, a day read as
    24 hours and a working day as at least 8 of them."""
    lo_hi = []
    for v in (q.value, q.high if q.high is not None else q.value):
        if q.unit == "workday":
            lo_hi.append((max(v - 1, 0) * 24 + 8, _calendar_days_bounds(v)[1] * 24))
        elif q.unit in _DAYS:
            lo_hi.append((v * _DAYS[q.unit] * 24,) * 2)
        else:
            return None
    return lo_hi[0][0], lo_hi[1][1]


def judge(q: Quantity, comparator: str, required: float, unit: str,
          day_is_24h: bool = False) -> tuple[bool | None, bool]:
    """(meets the requirement, sure): like `satisfies`, and where the units only compare
    loosely (days or working days against hours) sure only when every reading agrees —
    "3个工作日内" fails "24小时" for sure, "1个工作日内" only perhaps."""
    ok = satisfies(q, comparator, required, unit, day_is_24h)
    if ok is not None:
        return ok, True
    if unit not in _HOURS:
        return None, False
    bounds = _loose_hours(q)
    if bounds is None:
        return None, False
    lo, hi = (b / _HOURS[unit] for b in bounds)
    if comparator in ("<=", "<") and q.comparator not in (">=", ">"):
        if hi <= required + 1e-9:
            return True, True
        return (False, True) if lo > required + 1e-9 else (lo <= required and hi <= 24 + 1e-9, False)
    if comparator in (">=", ">") and q.comparator not in ("<=", "<"):
        if lo >= required - 1e-9:
            return True, True
        return False, hi < required - 1e-9
    return False, False


_COUNTED = re.compile(rf"(?<![\d.])[{_CN}]+(?=\s*[个名席台位人座套])")


def digitize(text: str) -> str:
    """Chinese numerals that count something (五个坐席, 二十名) → Arabic digits."""
    def repl(m: re.Match) -> str:
        v = parse_number(m.group(0))
        return str(int(v)) if v is not None else m.group(0)

    return _COUNTED.sub(repl, text)


UNIT_ZH = {"hour": "小时", "day": "天", "week": "周", "month": "个月", "year": "年", "workday": "个工作日",
           "minute": "分钟", "second": "秒", "percent": "%", "channel": "路", "call": "通"}
COMPARATOR_ZH = {">=": "不少于", ">": "超过", "<=": "不超过", "<": "少于", "=": ""}


def describe(comparator: str, value: float, unit: str) -> str:
    """'不少于 6 个月' for messages."""
    v = int(value) if float(value).is_integer() else value
    return f"{COMPARATOR_ZH.get(comparator, comparator)} {v} {UNIT_ZH.get(unit, unit)}".strip()
