"""Company names, compared two ways. `name_key`: the exact comparison form of a name written
in a document (bracket and character width, spaces and quotes do not count), for telling
whether two documents name the same company. `name_similarity`: how much of a name an OCR
reading contains, tolerant of dropped and misread characters (seal rings, photos)."""

from __future__ import annotations

import difflib
import re
import unicodedata

CORPORATE_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "分公司", "公司")
AUTHORITY_WORDS = ("市场监督管理局", "工商行政管理局", "市场监管局", "行政审批局", "行政审批服务局",
                   "监督管理局", "工商局", "登记机关")


def name_key(name: str) -> str:
    """The comparison form of a company name: bracket and character width, spaces, quotes."""
    s = unicodedata.normalize("NFKC", name).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\s\"'“”‘’]", "", s).upper()


def name_letters(text: str | None) -> str:
    """Only the characters that carry a name (hanzi, letters, digits): what OCR of a seal or a
    sign can be compared on."""
    return "".join(re.findall(r"[\u4e00-\u9fffA-Za-z0-9]", text or ""))


def name_similarity(expected: str, seen: str) -> float:
    """How much of the expected name (its distinctive part, without 有限公司…) the seen text
    contains in order: 0..1, tolerant of dropped, extra and swapped characters."""
    e, s = name_letters(expected), name_letters(seen)
    for suffix in CORPORATE_SUFFIXES:
        if e.endswith(suffix) and len(e) > len(suffix) + 1:
            e = e[: -len(suffix)]
            break
    if not e or not s:
        return 0.0
    blocks = difflib.SequenceMatcher(None, e, s, autojunk=False).get_matching_blocks()
    return round(sum(b.size for b in blocks) / len(e), 3)


def is_authority(text: str | None) -> bool:
    """The text reads as a registration authority (市场监督管理局 …), not a company."""
    t = name_letters(text)
    return any(w in t for w in AUTHORITY_WORDS) or ("监督管理" in t and "公司" not in t)
