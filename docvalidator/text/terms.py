"""Find a schema's words in a sentence.

A term is a literal ("授权人员"), or a literal with gaps written "…": "客户…信息" matches
客户信息, 客户咨询信息 and 客户的身份信息 (up to four Chinese characters in each gap, never
across punctuation). Where two hits overlap, the longer wins. Every list of terms is prepared
once per process (`TermSet`), and what a sentence holds is remembered per sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from docvalidator.text.normalize import fold_width, to_simplified

GAP = "..."  # "…" as written in the schemas, after width folding (NFKC)
_GAP_RE = r"[^\s,，。;；:：|()（）]{0,4}?"

# nouns and verbs that compete with a clause's own: a quantity next to them belongs to them
GENERIC_OBJECTS = ("记录", "日志", "资料", "档案", "数据", "信息", "录音", "文件", "合同", "凭证", "证书",
                   "备份", "工单", "报告", "密码", "账号", "系统", "设备", "培训", "人员", "员工", "业务",
                   "处理结果", "申请", "请求", "订单", "商品", "邮件", "账单", "详单", "短信", "申诉",
                   "意见", "回执", "许可证", "年报", "营业执照", "报告书")
GENERIC_ACTIONS = ("保存", "留存", "保留", "存储", "存放", "备份", "删除", "销毁", "清除", "响应", "回复",
                   "答复", "受理", "解决", "处理", "办结", "反馈", "回访", "完成", "核实", "核查", "审核",
                   "培训", "开展", "开通", "上线", "更新", "更换", "检查", "审计", "演练", "评估", "提交",
                   "修改", "复核", "巡检", "续签", "到期", "转交", "转办", "转给", "转至", "转到", "转达",
                   "告知", "通知", "审查", "调查", "提出", "申诉", "决定", "递交", "报告", "报送", "归档",
                   "核验", "发货", "取回", "维修", "退换", "申请", "查询", "注销", "关闭", "失效", "报备",
                   "上报", "预警")

Hit = tuple[int, int, str]  # start, end, the term (as written in the schema, normalised)


@lru_cache(maxsize=4096)
def norm_term(term: str) -> str:
    return to_simplified(fold_width(term)).strip()


@lru_cache(maxsize=2048)
def _gap_regex(term: str) -> re.Pattern:
    return re.compile(_GAP_RE.join(re.escape(p) for p in term.split(GAP)))


class TermSet:
    """A list of terms, prepared once: the literal ones, the ones with gaps (each with the
    literal part it must contain) and their first characters, for cheap tests before any
    search. Interned by `termset` and hashed by identity, so caches keyed on it cost nothing
    to look up. Literal terms are found with str.find; a gap term's regex is compiled only
    when its literal part is in the text."""

    __slots__ = ("by_first", "firsts", "gapped", "gapped_by_first", "literals", "terms")

    def __init__(self, terms: tuple[str, ...]):
        uniq = sorted({t for t in terms if t.replace(GAP, "")}, key=lambda t: (-len(t.replace(GAP, "")), t))
        self.terms = tuple(uniq)
        self.literals = tuple(t for t in uniq if GAP not in t)
        self.gapped = tuple((t, max(t.split(GAP), key=len)) for t in uniq if GAP in t)
        self.firsts = frozenset([t[0] for t in self.literals] + [c[0] for _, c in self.gapped])
        # the literal terms by their first character: a text is searched only for the terms
        # whose first character it holds (a long list of 最… claims costs nothing without 最)
        by_first: dict[str, list[str]] = {}
        for t in self.literals:
            by_first.setdefault(t[0], []).append(t)
        self.by_first = {c: tuple(ts) for c, ts in by_first.items()}
        # the gap terms by their literal part's first character, each with its place in the list
        # (a text's hits keep the list's order where two are alike)
        gapped_by_first: dict[str, list[tuple[int, str, str]]] = {}
        for i, (t, c) in enumerate(self.gapped):
            gapped_by_first.setdefault(c[0], []).append((i, t, c))
        self.gapped_by_first = {c: tuple(g) for c, g in gapped_by_first.items()}

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def present(self, text: str) -> tuple[list[str], list[str]]:
        """The literal terms in the text, and the gap terms whose literal part is."""
        chars = char_set(text)
        if self.firsts.isdisjoint(chars):
            return [], []
        literals = [t for c in self.by_first.keys() & chars for t in self.by_first[c] if t in text]
        gapped = [g for c in self.gapped_by_first.keys() & chars for g in self.gapped_by_first[c] if g[2] in text]
        if len(gapped) > 1:
            gapped.sort()
        return literals, [t for _i, t, _c in gapped]


@lru_cache(maxsize=4096)
def _termset(terms: tuple[str, ...]) -> TermSet:
    return TermSet(terms)


def termset(terms: Sequence[str] | TermSet) -> TermSet:
    return terms if isinstance(terms, TermSet) else _termset(tuple(terms))


@lru_cache(maxsize=32768)
def char_set(text: str) -> frozenset[str]:
    """The characters of a text, remembered: the cheap test every clause makes first."""
    return frozenset(text)


def find_terms(text: str, terms: Sequence[str] | TermSet) -> list[Hit]:
    """Non-overlapping occurrences, the longest winning where two overlap."""
    return list(_find(text, termset(terms)))


@lru_cache(maxsize=32768)
def _find(text: str, ts: TermSet) -> tuple[Hit, ...]:
    """Cached per (sentence, term list): every clause reads the same sentences with the same
    vocabulary, and headings repeat as the context of many sentences."""
    literals, gapped = ts.present(text)
    hits: list[Hit] = []
    for t in literals:
        i = text.find(t)
        while i >= 0:
            hits.append((i, i + len(t), t))
            i = text.find(t, i + 1)
    for t in gapped:
        pattern, pos = _gap_regex(t), 0
        while (m := pattern.search(text, pos)) is not None:
            hits.append((m.start(), m.end(), t))
            pos = m.start() + 1
    if len(hits) < 2:
        return tuple(hits)
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: list[Hit] = []
    for h in hits:
        if all(h[1] <= t[0] or h[0] >= t[1] for t in taken):
            taken.append(h)
    return tuple(sorted(taken))


@lru_cache(maxsize=65536)
def _has(text: str, ts: TermSet) -> bool:
    if not text:
        return False
    literals, gapped = ts.present(text)
    return bool(literals) or any(_gap_regex(t).search(text) for t in gapped)


def has_any(text: str, terms: Sequence[str] | TermSet) -> bool:
    return _has(text, termset(terms))


def holds(text: str, ts: TermSet) -> bool:
    """has_any for a prepared TermSet, uncached: for the loops that test each sentence once
    per clause (a cache would only hold what is never asked again)."""
    literals, gapped = ts.present(text)
    return bool(literals) or any(_gap_regex(t).search(text) for t in gapped)


def normalised(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(norm_term(t) for t in terms)


class Words:
    """A clause's, field's or forbidden item's words, normalised and compiled once."""

    def __init__(self, spec):
        def ts(*names: str) -> TermSet:
            return termset(normalised(t for n in names for t in getattr(spec, n, ())))

        self.strong = ts("terms", "wordings", "self_terms")
        self.base = tuple(t for t in (norm_term(t) for t in getattr(spec, "terms", ())) if GAP not in t)
        self.self_terms = frozenset(norm_term(t) for t in getattr(spec, "self_terms", ()))
        self.related = ts("related")
        # forbidden wording reads both, and a use of a related word is only a warning
        self.strong_and_related = ts("terms", "wordings", "self_terms", "related")
        self.related_only = frozenset(self.related.terms) - frozenset(self.strong.terms)
        self.objects = ts("objects")
        self.actions = ts("actions")
        self.exclude = ts("exclude")
        self.allow = ts("allow")
        self.unlike = ts("unlike")
        # (objects, actions) per pairing
        self.pairs = tuple((termset(normalised(objs)), termset(normalised(acts)))
                           for objs, acts in getattr(spec, "pairs", ()))


_WORDS: dict[int, tuple[object, Words]] = {}


def words(spec) -> Words:
    """The compiled words of a schema item (cached per item object for the process)."""
    hit = _WORDS.get(id(spec))
    if hit is None or hit[0] is not spec:
        hit = (spec, Words(spec))
        _WORDS[id(spec)] = hit
    return hit[1]
