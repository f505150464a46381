"""Money amounts as written in Chinese documents → 万元.

人民币壹仟万元整, 壹佰伍拾万元, 一千万元, 1000万元, 1,000万元, 10,000,000元, 1000万人民币,
1.5亿元. Financial (大写) and ordinary numerals alike; the numerals themselves are read by
docvalidator.text.numerals, the parser the durations use too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docvalidator.text.numerals import CN_CHARS, DIGITS, SECTIONS, UNITS, parse_cn_integer

CURRENCIES = {"美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR", "日元": "JPY",
              "英镑": "GBP", "新加坡元": "SGD"}

AMOUNT_RE = re.compile(
    r"(?:人民币|RMB|CNY|¥|￥)?\s*"
    rf"(?P<num>\d[\d,，]*(?:\.\d+)?|[{CN_CHARS}]+)\s*"
    r"(?P<unit>亿元|億元|万元|萬元|亿|万|元|圆)?"
    r"\s*(?P<cur>人民币|美元|港元|港币|欧元|日元|英镑|新加坡元)?(?:整)?")


@dataclass(frozen=True)
class Amount:
    wan: float  # in 万 (ten thousands) of the currency
    currency: str  # "CNY" unless a foreign currency is named
    text: str


def parse_amount(text: str) -> Amount | None:
    """The first money amount at the start of ``text`` (leading spaces, 人民币 allowed), or None."""
    m = AMOUNT_RE.match(text.strip())
    if not m or not m.group("num"):
        return None
    num, unit, cur = m.group("num"), m.group("unit") or "", m.group("cur") or ""
    if num[0].isdigit():
        if not unit:
            return None
        value = float(num.replace(",", "").replace("，", ""))
        scale = {"亿元": 1e4, "億元": 1e4, "亿": 1e4, "万元": 1, "萬元": 1, "万": 1}.get(unit, 1e-4)
        wan = value * scale
    else:
        if not any(c in DIGITS or c in UNITS for c in num):
            return None  # 万元 alone is a unit, not an amount
        if not unit and not any(c in SECTIONS for c in num):
            return None
        try:
            yuan = parse_cn_integer(num)
        except ValueError:
            return None
        scale = {"亿元": 1e8, "億元": 1e8, "亿": 1e8, "万元": 1e4, "萬元": 1e4, "万": 1e4}.get(unit, 1)
        wan = yuan * scale / 1e4
    if wan <= 0:
        return None
    tail = text.strip()[m.end():m.end() + 6]
    currency = CURRENCIES.get(cur) or next((v for k, v in CURRENCIES.items() if tail.startswith(k)), "CNY")
    return Amount(round(wan, 4), currency, m.group(0).strip())
