"""Money amounts as written in Chinese documents → 万元.

人民币壹仟万元整, 壹佰伍拾万元, 一千万元, 1000万元, 1,000万元, 10,000,000元, 1000万人民币,
1.5亿元. Financial (大写) and ordinary numerals alike. issue 4 ships docvalidator/text/quantity.py
with a general Chinese-numeral parser; this small one is what the capital check needs and may
be unified with it later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {"零": 0, "〇": 0, "○": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "兩": 2,
          "叁": 3, "參": 3, "三": 3, "肆": 4, "四": 4, "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6,
          "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
SECTIONS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(SECTIONS)
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


def parse_cn_integer(s: str) -> int:
    """Chinese numerals (大写 or 小写) → int. Raises ValueError on a character it cannot read."""
    result = section = number = 0
    for ch in s:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in UNITS:  # 十二 = 12: a unit without a digit counts one
            section += (number or 1) * UNITS[ch]
            number = 0
        elif ch in SECTIONS:
            value = (section + number) or 1
            result = (result + value) * SECTIONS[ch] if ch in "亿億" else result + value * SECTIONS[ch]
            section = number = 0
        else:
            raise ValueError(f"not a Chinese numeral: {ch!r}")
    return result + section + number


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
