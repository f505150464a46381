"""Split a material's text into sentences that remember where they came from and what they
stand under.

A sentence ends at 。！？；, a line break or a blank; its comma-separated clauses (分句) are
what a quantity must share with its subject's verb. Each sentence also keeps its context, the
way a reader keeps it: the headings above it (章/条, 一、(一) 1. （1）, DOCX heading styles and
numbered paragraphs, short title lines), the lead-in its list hangs from ("严格禁止以下行为:"),
and a table row's header row. A heading gives its items a subject ("一、客户投诉" … "五个工作日内
办结"); a lead-in also gives them its negation or its speaker ("根据某管局规定:").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docvalidator.text.normalize import normalize
from docvalidator.text.terms import char_set

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n")
_CLAUSE_END = re.compile(r"[,，]")
_TERMINAL = tuple("。；;！？!?")
_CN = "一二三四五六七八九十百零〇两"
# numbering markers, outermost first: (pattern, heading level)
_MARKERS = (
    (re.compile(rf"^第[0-9{_CN}]+(?:部分|编|篇)"), 1),
    (re.compile(rf"^第[0-9{_CN}]+章"), 2),
    (re.compile(rf"^第[0-9{_CN}]+节"), 3),
    (re.compile(rf"^[{_CN}]+\s*[、.．]"), 4),
    (re.compile(rf"^[(（][{_CN}]+[)）]"), 5),
    (re.compile(r"^\d+(?:\.\d+)+\.?\s*(?=\D)"), 7),
    (re.compile(r"^\d+\s*[、.．](?!\d)"), 6),
    (re.compile(r"^\d+\s+(?=\D)"), 6),
    (re.compile(r"^[(（]\d+[)）]"), 7),
    (re.compile(r"^[\u2460-\u2473]"), 8),
    (re.compile(r"^[A-Za-z]\s*[.)、]"), 8),
)
_ARTICLE = re.compile(rf"^第[0-9{_CN}]+条")
_SHORT = 22  # a line this short, not ending a sentence, is a heading ...
# ... unless a comma parts it into clauses ("发生事故时,上报主管副总处理"): a rule, not a topic
_CLAUSES = re.compile(r"(?<=[\u4e00-\u9fff])[，,](?=[\u4e00-\u9fff])")
_BULLET = re.compile(r"^[-–—•·●○■□◆◇▪▶►√✓*]\s*")  # a bulleted line is a list's item, never its heading
_LEAD_IN = re.compile(r"[:：]$|(?:以下|如下)[^,，。]{0,12}[:：。]?$")
_CELL = " | "
_ITEM = 40  # after a lead-in, a line this short (or numbered) is one of its items
UNMARKED = 9  # an unmarked heading: the deepest level, replaced by the next heading


@dataclass(slots=True, eq=False)  # made by the thousand per run: plain slots, compared by identity
class Sentence:
    text: str  # normalised
    file: str
    page: int | None  # PDF page, or DOCX paragraph number
    index: int  # order within the material
    headings: tuple[str, ...] = ()  # the headings it stands under, outermost first
    lead: str = ""  # the lead-in line of the list it is an item of
    header: str = ""  # a table row's header row ("项目 | 保存期限")
    heading: bool = False  # the sentence is itself a heading
    prev: str = ""  # the sentence before it in the same paragraph or list (its topic carries)

    def has_chars(self, chars: frozenset[str]) -> bool:
        """Does the sentence contain one of these characters? (a cheap test before a search)"""
        return not chars.isdisjoint(char_set(self.text))

    @property
    def context(self) -> tuple[str, ...]:
        """What a reader has in mind when reading it, nearest last."""
        return self.headings + tuple(x for x in (self.lead, self.header, self.prev) if x)


def split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


@lru_cache(maxsize=16384)
def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of the comma-separated clauses of a sentence (cached: do not mutate)."""
    spans, start = [], 0
    for m in _CLAUSE_END.finditer(sentence):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(sentence)))
    return spans


def span_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The comma clause of `spans` (from `clause_spans`) that holds position `pos`."""
    for s, e in spans:
        if s <= pos <= e:
            return s, e
    return spans[-1]


def _column_of(s: Sentence, pos: int) -> tuple[tuple[int, int], str] | None:
    """The table cell of a row that holds position `pos` (its bounds in the row's text) and
    that column's header cell ("访问日志 | 1年 | 自动删除" under "数据类型 | 保留期限 | 删除方式":
    1年 is under 保留期限). None when `s` is no whole row or has not as many cells as its header."""
    if not s.header or _CELL not in s.text:
        return None
    heads = s.header.split(_CELL)
    cells = s.text.split(_CELL)
    if len(cells) != len(heads):
        return None
    start = 0
    for cell, head in zip(cells, heads, strict=True):
        end = start + len(cell)
        if start <= pos <= end:
            return (start, end), head
        start = end + len(_CELL)
    return None


def cell_span(s: Sentence, span: tuple[int, int], pos: int) -> tuple[tuple[int, int], str | None]:
    """`span` (the comma clause holding `pos`) cut to its table cell when `s` is a row aligned
    with its header, and that cell's column header; else `span` and None."""
    col = _column_of(s, pos)
    if col is None:
        return span, None
    (lo, hi), head = col
    return (max(span[0], lo), min(span[1], hi)), head


_LABEL = re.compile(r"^[^,，。;；:：]{2,12}[:：]")


# a line that opens by reporting another's words (根据承诺,四大汽车站将…;…;…): news, not the
# writer's statement (text.scope reads it so)
REPORT_OPENING = re.compile(r"^\W*(?:据悉|据报道|据了解|据介绍|根据承诺|《[^》]{1,40}》(?:称|指出))[,，]")


def _label(line: str) -> str:
    """A line's leading label ("报考条件：", "严禁以下行为："), when the line runs on past it,
    or its opening report (根据承诺,…), which speaks for every part of the line."""
    if ";" not in line:
        return ""
    m = _LABEL.match(line)
    if m and len(line) > m.end() + 1:
        return m.group(0)
    return line.split(";", 1)[0] if REPORT_OPENING.match(line) else ""


def marker_level(line: str) -> int | None:
    for pattern, level in _MARKERS:
        if pattern.match(line):
            return level
    return None


def heading_level(line: str, layout: dict[str, Any], first: bool) -> int | None:
    """The heading level of a line, or None for body text."""
    if _CELL in line:
        return None
    short = len(line) <= _SHORT and not line.endswith(_TERMINAL) and not line.endswith((":", "：")) \
        and not _CLAUSES.search(line)
    level = layout.get("level")
    if level is not None and len(line) <= 40 and not line.endswith(_TERMINAL):
        return int(level)
    if not short or _ARTICLE.match(line) or _BULLET.match(line):
        return None
    mark = marker_level(line)
    if mark is not None:
        return mark
    if layout.get("list_level") is not None:
        return 6 + int(layout["list_level"])
    return 0 if first else UNMARKED


@dataclass(slots=True)
class _Unit:
    file: str
    page: int | None
    text: str
    layout: dict[str, Any]
    row: int | None = None  # a table row: its index (0 = header)


_NO_LAYOUT: dict[str, Any] = {}


def _units(pages: Iterable[Sequence[Any]]) -> list[_Unit]:
    """Lines of text; a DOCX table's cells joined into one line per row."""
    out: list[_Unit] = []
    for page in pages:
        file, number, raw = page[0], page[1], page[2]
        layout = page[3] if len(page) > 3 and page[3] else _NO_LAYOUT
        text = normalize(raw)
        cell = layout.get("table")
        if cell:
            key = (file, cell[0], cell[1])
            last = out[-1] if out else None
            cell_text = " ".join(text.split("\n"))
            if last is not None and last.row is not None and last.layout.get("_key") == key:
                last.text += _CELL + cell_text
            else:
                out.append(_Unit(file, number, cell_text, {"_key": key}, row=cell[1]))
            continue
        for line in text.split("\n"):
            if line.strip():
                out.append(_Unit(file, number, line.strip(), layout,
                                 row=-1 if _CELL in line else None))
    return out


def sentences(pages: Iterable[Sequence[Any]]) -> list[Sentence]:
    """(file, page, raw text[, layout]) per page or DOCX paragraph → the normalised sentences,
    in order, each with its headings, lead-in and table header."""
    out: list[Sentence] = []
    stack: list[tuple[int, str]] = []
    lead = header = prev = ""
    prev_row = body = False
    files_seen: set[str] = set()
    for u in _units(pages):
        first = u.file not in files_seen
        files_seen.add(u.file)
        if first:
            stack, lead, header, prev, prev_row, body = [], "", "", "", False, False
        if u.row is not None:
            is_header = u.row == 0 or (u.row == -1 and not prev_row)
            prev_row = True
            heads = tuple(t for _, t in stack)
            # a cell's later sentences keep the row's earlier ones as what came before
            # ("用户信息 | 根据存储时长保存。 专业版 7 天、旗舰版 90 天。")
            before = ""
            for s in split(u.text):
                out.append(Sentence(s, u.file, u.page, len(out), heads, lead, "" if is_header else header,
                                    prev=before))
                before = s
            if is_header:
                header = u.text
            continue
        prev_row = False
        header = ""
        if lead and not (marker_level(u.text) is not None or u.layout.get("list_level") is not None
                         or len(u.text) <= _ITEM // 2
                         or (len(u.text) <= _ITEM and not u.text.endswith("。"))):
            lead = ""  # an unnumbered full sentence: the list is over
        level = heading_level(u.text, u.layout, first)
        if level is not None and lead and u.layout.get("level") is None and (
                level == UNMARKED or not stack or level > stack[-1][0]):
            level = None  # an item of the lead-in's list, not a heading
        heads = tuple(t for _, t in stack)
        if level is not None:
            out.append(Sentence(u.text, u.file, u.page, len(out), heads, "", "", heading=True))
            if level == UNMARKED and stack and stack[-1][0] >= UNMARKED and not body:
                level = stack[-1][0] + 0.1  # short lines in a row (a table in a PDF): they nest
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, u.text))
            lead = prev = ""
            body = False
            continue
        body = True
        label = lead or _label(u.text)  # "报考条件：…；…；…": the label speaks for the whole line
        for n, s in enumerate(split(u.text)):
            out.append(Sentence(s, u.file, u.page, len(out), heads, lead if n == 0 else label, prev=prev))
            prev = s
        if _LEAD_IN.search(u.text):
            lead = u.text
    return out
