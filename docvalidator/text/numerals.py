"""Chinese numerals, 大写 (壹贰叁…拾佰仟) and 小写 (一二三…十百千), with 万/亿 sections and
Traditional forms: the one parser behind durations (text.quantity) and amounts (facts.amount)."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "○": 0, "壹": 1, "一": 1, "贰": 2, "貳": 2, "二": 2, "两": 2, "兩": 2,
          "叁": 3, "參": 3, "三": 3, "肆": 4, "四": 4, "伍": 5, "五": 5, "陆": 6, "陸": 6, "六": 6,
          "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
SECTIONS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
TENS = {"廿": 20, "卄": 20, "卅": 30, "卌": 40}  # one character for two tens and more (廿四小時 = 24 hours)
CN_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(SECTIONS) + "".join(TENS)


def parse_cn_integer(s: str) -> int:
    """Chinese numerals (大写 or 小写) → int: 壹仟万 = 10,000,000, 十二 = 12, 一八〇 = 180.
    Raises ValueError on a character it cannot read."""
    if s and all(ch in DIGITS for ch in s) and len(s) > 1:
        return int("".join(str(DIGITS[ch]) for ch in s))  # a digit string written in Chinese
    result = section = number = 0
    for ch in s:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch in UNITS:  # 十二 = 12: a unit without a digit counts one
            section += (number or 1) * UNITS[ch]
            number = 0
        elif ch in TENS:
            section += TENS[ch]
            number = 0
        elif ch in SECTIONS:
            value = (section + number) or 1
            result = (result + value) * SECTIONS[ch] if ch in "亿億" else result + value * SECTIONS[ch]
            section = number = 0
        else:
            raise ValueError(f"not a Chinese numeral: {ch!r}")
    return result + section + number
