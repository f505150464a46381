"""Normalise document text before matching: the same clause reads the same whatever its source.

Traditional → Simplified (OpenCC), full-width → half-width (NFKC, which also folds the Kangxi
radicals some PDF fonts emit), spaces between CJK characters dropped, a web page's pinyin
readings after characters (投訴(sù)) dropped, wrapped lines joined,
the OCR confusions that break Latin tokens repaired (AES-2S6, AES—256, AE5-256), and an ASCII
full stop between Chinese characters read as the comma OCR took it for.
Pure functions; OpenCC is loaded once per process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
# spaces around CJK punctuation and between CJK and digits inside a sentence
_PUNCT_GAP = re.compile(r"[ \t]+(?=[，。；：、！？,;:!?）)】])|(?<=[，。；：、！？,;:!?（(【])[ \t]+")
_TERMINAL = "。！？!?；;:："
# an ASCII full stop between two Chinese characters is a comma OCR misread (，→.)
_OCR_STOP = re.compile(rf"(?<=[{_CJK}])\.(?=[{_CJK}])")
# a line that starts a new item: 第一条, 一、, 1. 1、 (1) （一） ① • -
_ITEM_START = re.compile(r"^\s*(?:第[0-9一二三四五六七八九十百]+[条章节款项部分]|[0-9一二三四五六七八九十]+\s*[、.．)）]"
                         r"|[(（][0-9一二三四五六七八九十]+[)）]|[•·\-*■□▪]|[A-Za-z][.)、])")
# a pinyin reading a web page prints after a character, 投訴(sù): a tone mark tells it from "(a)"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_RUBY = re.compile(rf"(?<=[{_CJK}])\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,6}}\)")
_WRAP_MIN = 24  # a line narrower than this (columns) ends on purpose (a heading), it did not wrap

# Latin tokens broken by OCR or by odd typography
_DASHES = re.compile(r"(?<=[A-Za-z0-9])\s*[‐‑‒–—―一－~_]\s*(?=\d)")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1",
                                   "S": "5", "s": "5", "Z": "2", "z": "2"})
# a token of 3+ digits and lookalikes, mostly digits: 2S6, 1O0, 2O2O (not 5G, not 5S)
_NUMERIC_TOKEN = re.compile(r"(?<![A-Za-z])(?=[0-9OoIl|SsZz]*\d)[0-9OoIl|SsZz]{3,}(?![A-Za-z])")
_AES = re.compile(r"(?<![A-Za-z])(?:A\s?E\s?[S5$]|4ES|AE5)(?![A-Za-z])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a core dependency
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    converter = _t2s()
    return converter.convert(text) if converter is not None and text else text


def fold_width(text: str) -> str:
    """Full-width letters, digits and punctuation → ASCII; compatibility forms folded."""
    return unicodedata.normalize("NFKC", text)


def repair_latin(text: str) -> str:
    """Repair the OCR confusions inside Latin/number tokens: AES—256 → AES-256,
    AES-2S6 → AES-256, AE5 → AES."""
    text = _AES.sub("AES", text)
    text = _DASHES.sub("-", text)
    return _NUMERIC_TOKEN.sub(lambda m: m.group(0).translate(_DIGIT_LOOKALIKES)
                              if sum(c.isdigit() for c in m.group(0)) * 2 >= len(m.group(0))
                              else m.group(0), text)


def _columns(line: str) -> int:
    """How wide a line prints: a Chinese character (three bytes in UTF-8) takes two columns, a
    Latin letter one (a full line that mixes English words holds more characters than one that
    does not)."""
    return (len(line.encode("utf-8")) + len(line)) // 2


def join_lines(text: str) -> str:
    """Join lines that wrapped in the middle of a sentence (PDF text layers and OCR give one
    line per printed line). A line break stays where a sentence ends, where the next line
    starts an item (第二条, 2., （三）) or after a line well short of the page's widest (a
    heading, the last line of a paragraph)."""
    lines = [ln.strip() for ln in text.split("\n")]
    widths = [_columns(ln) for ln in lines]
    # a line well short of the page's full lines ended on purpose (a heading, a list item)
    full = max(_WRAP_MIN, int(0.75 * max(widths, default=0)))
    out: list[str] = []
    prev_full = False  # the last line kept is full (a line joined to a full one stays full)
    for line, width in zip(lines, widths, strict=True):
        if not line:
            if out and out[-1] != "":
                out.append("")
            prev_full = False
            continue
        if prev_full and out[-1][-1] not in _TERMINAL and not _ITEM_START.match(line):
            prev = out[-1]
            sep = " " if prev[-1].isascii() and line[0].isascii() and prev[-1].isalpha() else ""
            out[-1] = prev + sep + line
        else:
            out.append(line)
            prev_full = width >= full
    return "\n".join(x for x in out if x)


def normalize(text: str) -> str:
    """The matching form of a page's text."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = to_simplified(fold_width(text))
    text = _CJK_GAP.sub("", text)
    text = _RUBY.sub("", text)
    text = _PUNCT_GAP.sub("", text)
    text = _OCR_STOP.sub(",", text)
    text = repair_latin(text)
    return join_lines(text)
