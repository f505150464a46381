"""Check digits of Chinese identifiers.

GB 32100-2015 统一社会信用代码 (18 chars: 31-char alphabet without I O S V Z, weighted sum
mod 31) and GB 11643-1999 公民身份号码 (17 digits + check char from '10X98765432', weighted sum
mod 11, plus a real birth date in positions 7-14).
"""

from __future__ import annotations

import datetime as dt

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def credit_code_check_char(code17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are given."""
    if len(code17) != 17 or any(c not in CREDIT_ALPHABET for c in code17):
        raise ValueError(f"not 17 credit-code characters: {code17!r}")
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(code17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Why ``code`` is not a valid credit code (Chinese, for messages), or None if it is."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"长度为 {len(code)} 位，应为 18 位"
    bad = sorted({c for c in code if c not in CREDIT_ALPHABET})
    if bad:
        return f"含有代码字符集以外的字符 {''.join(bad)}（不使用 I、O、S、V、Z）"
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return f"校验码应为 {expected}，实为 {code[17]}"
    return None


def credit_code_valid(code: str) -> bool:
    return credit_code_error(code) is None


def id_check_char(id17: str) -> str:
    """The 18th character of a resident ID number whose first 17 digits are given."""
    if len(id17) != 17 or not id17.isdigit():
        raise ValueError(f"not 17 digits: {id17!r}")
    return ID_CHECK[sum(int(c) * w for c, w in zip(id17, ID_WEIGHTS, strict=True)) % 11]


def id_number_error(number: str, today: dt.date | None = None) -> str | None:
    """Why ``number`` is not a valid 18-digit resident ID number, or None if it is."""
    number = number.strip().upper()
    if len(number) != 18:
        return f"长度为 {len(number)} 位，应为 18 位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "前 17 位应为数字，末位应为数字或 X"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"出生日期 {number[6:14]} 不是有效日期"
    if birth.year < 1850 or (today is not None and birth > today):
        return f"出生日期 {birth.isoformat()} 不合理"
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return f"校验码应为 {expected}，实为 {number[17]}"
    return None


def id_number_valid(number: str) -> bool:
    return id_number_error(number) is None
