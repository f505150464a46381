"""The clause engine: read a material's sentences the way a reviewer does.

A quantity clause (留存 ≥ 6 个月) counts a duration only when it is attached to the clause's
subject: the nearest subject noun before it in the same sentence is the clause's object (or
stands in a list with it: 客户信息及通话记录), and the nearest verb in its comma clause is one of
the clause's actions — so in "投诉应在24小时内响应,7个工作日内解决" the 7 days belong to 解决,
and in "投诉记录保存1年,客户信息保存3个月" the 3 months belong to 客户信息.
Encryption clauses read the algorithm and key length; presence clauses their terms (not
negated); forbidden wording is skipped when negated, quoted or not stated as a purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from docvalidator.schema.model import Clause, Field, Forbidden
from docvalidator.text.normalize import fold_width, to_simplified
from docvalidator.text.quantity import Quantity, describe, digitize, find_durations, satisfies
from docvalidator.text.sentences import Sentence, clause_spans

PASSED, FAILED, MISSING, NOT_EVALUATED = "passed", "failed", "missing", "not-evaluated"

# nouns and verbs that compete with a clause's own: a quantity next to them belongs to them
GENERIC_OBJECTS = ("记录", "日志", "资料", "档案", "数据", "信息", "录音", "文件", "合同", "凭证", "证书",
                   "备份", "工单", "报告", "密码", "账号", "系统", "设备", "培训", "人员", "员工", "业务")
GENERIC_ACTIONS = ("保存", "留存", "保留", "存储", "存放", "备份", "删除", "销毁", "清除", "响应", "回复",
                   "答复", "受理", "解决", "处理", "办结", "反馈", "回访", "完成", "核实", "核查", "审核",
                   "培训", "开展", "开通", "上线", "更新", "更换", "检查", "审计", "演练", "评估", "提交",
                   "修改", "复核", "巡检", "续签", "到期")
_LIST_GLUE = re.compile(r"^[\s、,和及与或并以及、/]*(?:的)?$")

NEGATORS = ("不得", "不用于", "不会", "不可", "不能", "不应", "不准", "不允许", "不从事", "不开展", "不做",
            "不进行", "不涉及", "不包括", "不含", "不提供", "不作", "不以", "不属于", "不使用", "不再",
            "严禁", "禁止", "杜绝", "避免", "拒绝", "防止", "切勿", "决不", "绝不", "不", "非", "无", "未", "勿")
_NOT_NEGATION = re.compile(r"不(?:仅|但|断|少|同|限|足|久|管|论|过|然|如|及|外|错|定|光|止)|非(?:常|法)|无(?:论|须|需)")
PURPOSE_WORDS = ("用于", "用途", "目的", "主要", "开展", "从事", "进行", "提供", "用作", "作为", "服务于")
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "\"": "\"", "'": "'"}

_AES_BITS = [re.compile(p, re.IGNORECASE) for p in (
    r"AES[-\s]?(?P<bits>\d{3})",
    r"(?P<bits>\d{3})\s*(?:位|bit|bits|比特)\s*(?:的)?\s*(?:密钥\s*(?:长度)?\s*(?:的)?)?\s*AES",
    r"AES\s*(?:加密)?\s*(?:算法)?\s*[(（]?\s*(?:密钥\s*(?:长度)?\s*(?:为)?)?\s*(?P<bits>\d{3})\s*(?:位|bit)",
)]
_AES_BARE = re.compile(r"(?<![A-Za-z])AES(?![A-Za-z])", re.IGNORECASE)
_WEAK = re.compile(r"(?<![A-Za-z0-9])(?P<alg>3DES|TDES|TripleDES|DES|RC4|MD5|SHA-?1|SM4|Base64|RSA|"
                   r"明文)(?![A-Za-z0-9])", re.IGNORECASE)


def norm_term(term: str) -> str:
    return to_simplified(fold_width(term)).strip()


@dataclass(frozen=True)
class Verdict:
    clause: str
    verdict: str  # passed | failed | missing | not-evaluated
    sentence: Sentence | None = None
    value: str | None = None  # what the text states ("3个月", "AES-128")
    detail: str = ""  # why, in Chinese, for the message
    boilerplate: bool = False  # "加密存储" with no method: a warning, not an error


@dataclass(frozen=True)
class Vocabulary:
    """Every subject noun and verb the schema's clauses know, plus generic ones."""

    objects: tuple[str, ...]
    actions: tuple[str, ...]

    @classmethod
    def of(cls, clauses: Iterable[Clause]) -> Vocabulary:
        objs, acts = set(GENERIC_OBJECTS), set(GENERIC_ACTIONS)
        for c in clauses:
            objs.update(norm_term(o) for o in c.objects)
            acts.update(norm_term(a) for a in c.actions)
        # a verb some clause names as its subject (存储 for storage location) is still a verb
        return cls(tuple(sorted(objs - acts)), tuple(sorted(acts)))


@lru_cache(maxsize=256)
def _alternation(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))


def find_words(text: str, words: Sequence[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences, the longest word winning where two overlap."""
    if not words:
        return []
    hits = []
    for w in set(words):
        start = text.find(w)
        while start >= 0:
            hits.append((start, start + len(w), w))
            start = text.find(w, start + 1)
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: list[tuple[int, int, str]] = []
    for h in hits:
        if all(h[1] <= t[0] or h[0] >= t[1] for t in taken):
            taken.append(h)
    return sorted(taken)


def _span_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos <= e:
            return s, e
    return spans[-1]


def is_negated(text: str, start: int) -> bool:
    """A negator (不得, 严禁, 不用于 …) before `start` in the same comma clause."""
    cs, _ = _span_of(clause_spans(text), start)
    before = text[cs:start]
    for neg in NEGATORS:
        i = before.find(neg)
        while i >= 0:
            if not _NOT_NEGATION.match(before, i):
                return True
            i = before.find(neg, i + 1)
    return False


def is_quoted(text: str, start: int, end: int) -> bool:
    """Inside quotation marks or book-title marks: named, not used."""
    before, after = text[:start], text[end:]
    for opening, closing in _QUOTES.items():
        if opening == closing:
            if before.count(opening) % 2 == 1 and closing in after:
                return True
        elif before.rfind(opening) > before.rfind(closing) and closing in after:
            return True
    return False


# --- quantity ------------------------------------------------------------------------------

def _subject_of(q: Quantity, text: str, objects: list[tuple[int, int, str]],
                span: tuple[int, int]) -> list[str]:
    """The subject nouns a quantity belongs to: the nearest before it (with the nouns listed
    together with it: 客户信息、通话记录), else the first one after it in its comma clause."""
    before = [o for o in objects if o[1] <= q.start]
    if not before:
        after = [o for o in objects if q.end <= o[0] < span[1]]
        return [after[0][2]] if after else []
    group = [before[-1]]
    for o in reversed(before[:-1]):
        if _LIST_GLUE.match(text[o[1]:group[-1][0]]):
            group.append(o)
        else:
            break
    return [g[2] for g in group]


def _action_of(q: Quantity, actions: list[tuple[int, int, str]], span: tuple[int, int]) -> str | None:
    inside = [a for a in actions if a[0] >= span[0] and a[1] <= span[1]]
    if inside:
        return min(inside, key=lambda a: min(abs(a[0] - q.end), abs(q.start - a[1])))[2]
    before = [a for a in actions if a[1] <= q.start]
    return before[-1][2] if before else None


def attached_quantities(clause: Clause, sentence: str, vocab: Vocabulary) -> list[Quantity]:
    """The durations in `sentence` that belong to the clause's subject and action."""
    quantities = find_durations(sentence)
    if not quantities:
        return []
    own_objects = {norm_term(o) for o in clause.objects}
    own_actions = {norm_term(a) for a in clause.actions}
    objects = find_words(sentence, vocab.objects + tuple(own_objects))
    if not any(o[2] in own_objects for o in objects):
        return []
    actions = find_words(sentence, vocab.actions + tuple(own_actions))
    spans = clause_spans(sentence)
    out = []
    for q in quantities:
        span = _span_of(spans, q.start)
        subject = _subject_of(q, sentence, objects, span)
        action = _action_of(q, actions, span)
        if own_objects.intersection(subject) and (not own_actions or action in own_actions):
            out.append(q)
    return out


def evaluate_quantity(clause: Clause, sentences: Sequence[Sentence], required: float,
                      vocab: Vocabulary) -> Verdict:
    q_req = clause.quantity
    assert q_req is not None
    want = describe(q_req.comparator, required, q_req.unit)
    passed = None
    for s in sentences:
        for q in attached_quantities(clause, s.text, vocab):
            ok = satisfies(q, q_req.comparator, required, q_req.unit, q_req.day_is_24h)
            if ok is None:
                return Verdict(clause.id, FAILED, s, q.text,
                               f"写的是“{q.text}”，无法按要求的单位核验（要求{want}）")
            if not ok:
                return Verdict(clause.id, FAILED, s, q.text, f"写的是“{q.text}”，要求{want}")
            if passed is None:
                passed = Verdict(clause.id, PASSED, s, q.text, f"写明“{q.text}”，满足{want}")
    if passed:
        return passed
    own_objects = [norm_term(o) for o in clause.objects]
    own_actions = [norm_term(a) for a in clause.actions]
    for s in sentences:
        if find_words(s.text, own_objects) and (not own_actions or find_words(s.text, own_actions)):
            return Verdict(clause.id, MISSING, s, None, f"提到了该事项，但未写明期限（要求{want}）")
    return Verdict(clause.id, MISSING, None, None, f"未找到该条款（要求{want}）")


# --- encryption ----------------------------------------------------------------------------

def evaluate_encryption(clause: Clause, sentences: Sequence[Sentence]) -> Verdict:
    spec = clause.encryption or {}
    algorithm = str(spec.get("algorithm", "AES")).upper()
    min_bits = int(spec.get("min_bits", 256))
    want = f"{algorithm}-{min_bits}"
    weak: Verdict | None = None
    bare: Verdict | None = None
    boilerplate: Verdict | None = None
    own_objects = [norm_term(o) for o in clause.objects]
    for s in sentences:
        text = s.text
        for pattern in _AES_BITS:
            for m in pattern.finditer(text):
                bits = int(m.group("bits"))
                if bits >= min_bits:
                    return Verdict(clause.id, PASSED, s, m.group(0).strip(), f"写明 {m.group(0).strip()}")
                if weak is None and not is_negated(text, m.start()):
                    weak = Verdict(clause.id, FAILED, s, m.group(0).strip(),
                                   f"写的是“{m.group(0).strip()}”，要求 {want}")
        for m in _WEAK.finditer(text):
            if weak is None and not is_negated(text, m.start()) and ("加密" in text or "算法" in text):
                weak = Verdict(clause.id, FAILED, s, m.group("alg"),
                               f"写的是“{m.group('alg')}”，要求 {want}")
        if bare is None and _AES_BARE.search(text):
            bare = Verdict(clause.id, FAILED, s, "AES", f"只写了 AES，未写明密钥长度（要求 {want}）")
        if boilerplate is None and "加密" in text and (not own_objects or find_words(text, own_objects)) \
                and not is_negated(text, text.find("加密")):
            boilerplate = Verdict(clause.id, MISSING, s, None,
                                  f"只写了“加密”，未写明加密方式（要求 {want}）", boilerplate=True)
    return weak or bare or boilerplate or Verdict(clause.id, MISSING, None, None,
                                                 f"未找到加密条款（要求 {want}）")


# --- presence ------------------------------------------------------------------------------

_NEGATIVE_START = ("不", "无", "非", "禁", "严", "杜", "拒", "避", "未")


_NEGATORS_LONGEST_FIRST = tuple(sorted(NEGATORS, key=len, reverse=True))


@lru_cache(maxsize=1024)
def _strip_negator(term: str) -> str | None:
    """'不得出租' → '出租'; None when the term does not start with a negator."""
    for neg in _NEGATORS_LONGEST_FIRST:
        if term.startswith(neg) and len(term) > len(neg):
            return term[len(neg):]
    return None


def _negated_near(text: str, start: int, window: int = 2) -> bool:
    """A negator right before the word (不得删除, 不予删除): the word is denied."""
    before = text[max(0, start - window - 2):start]
    return any(before.endswith(neg) or before[:-1].endswith(neg) for neg in NEGATORS
               if len(neg) <= window) and not _NOT_NEGATION.search(before)


def _term_hits(text: str, terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where a presence clause's terms occur. A negative term (不出租) also matches its verb
    under a negator earlier in the comma clause (不以任何形式转让、出租); a positive term
    right after a negator (不得删除) does not count."""
    out = []
    for start, end, term in find_words(text, terms):
        if term.startswith(_NEGATIVE_START) or not _negated_near(text, start):
            out.append((start, end, term))
    for term in terms:
        verb = _strip_negator(term)
        if not verb or verb not in text:
            continue
        i = text.find(verb)
        while i >= 0:
            if is_negated(text, i):
                out.append((i, i + len(verb), term))
            i = text.find(verb, i + 1)
    return sorted(out)


def evaluate_presence(clause: Clause, sentences: Sequence[Sentence], match: str = "any") -> Verdict:
    terms = [norm_term(t) for t in clause.terms]
    objects = [norm_term(o) for o in clause.objects]
    found: dict[str, Sentence] = {}
    for s in sentences:
        if objects and not find_words(s.text, objects):
            continue
        for _start, _end, term in _term_hits(s.text, terms):
            found.setdefault(term, s)
    if match == "all":
        missing = [t for t in terms if t not in found]
        if not missing:
            first = min(found.values(), key=lambda s: s.index)
            return Verdict(clause.id, PASSED, first, "、".join(terms), "写明" + "、".join(terms))
        return Verdict(clause.id, MISSING, None, None, "未写明" + "、".join(missing))
    if found:
        term, s = min(found.items(), key=lambda kv: kv[1].index)
        return Verdict(clause.id, PASSED, s, term, f"写明“{term}”")
    return Verdict(clause.id, MISSING, None, None, "未找到" + "、".join(terms[:4]) + ("等" if len(terms) > 4 else ""))


def evaluate(clause: Clause, sentences: Sequence[Sentence], required: float | None,
             vocab: Vocabulary, match: str = "any") -> Verdict:
    if clause.kind == "quantity" and clause.quantity is not None and required is not None:
        return evaluate_quantity(clause, sentences, float(required), vocab)
    if clause.kind == "encryption":
        return evaluate_encryption(clause, sentences)
    return evaluate_presence(clause, sentences, match)


# --- fields and forbidden wording ----------------------------------------------------------

def evaluate_field(field: Field, sentences: Sequence[Sentence]) -> Verdict:
    terms = [norm_term(t) for t in field.terms]
    pattern = re.compile(field.pattern) if field.pattern else None
    first_term: Sentence | None = None
    for n, s in enumerate(sentences):
        hits = find_words(s.text, terms)
        if not hits:
            continue
        if pattern is None:
            return Verdict(field.id, PASSED, s, hits[0][2], f"写明“{hits[0][2]}”")
        first_term = first_term or s
        window = [s.text[hits[0][0]:]] + ([sentences[n + 1].text] if n + 1 < len(sentences) else [])
        for w in window:
            m = pattern.search(w) or pattern.search(digitize(w))
            if m:
                return Verdict(field.id, PASSED, s, m.group(0), f"写明“{m.group(0)}”")
    if first_term is not None:
        return Verdict(field.id, MISSING, first_term, None, "提到了该事项，但未写明具体内容")
    return Verdict(field.id, MISSING, None, None, "未找到" + "、".join(terms[:4]))


@dataclass(frozen=True)
class ForbiddenHit:
    forbidden: str
    term: str
    sentence: Sentence
    start: int


def find_forbidden(forbidden: Forbidden, sentences: Sequence[Sentence],
                   allow: Sequence[str] = ()) -> list[ForbiddenHit]:
    """Forbidden terms used for real: not negated (不用于营销, 严禁促销), not quoted
    (不得使用“最好”), not inside an allowed compound (第一条), and — for purpose terms — stated
    as a purpose (用于/用途/目的/主要 … before it in the same comma clause)."""
    terms = [norm_term(t) for t in forbidden.terms]
    allowed = [norm_term(a) for a in allow]
    out = []
    for s in sentences:
        text = s.text
        for start, end, term in find_words(text, terms):
            if any(_inside(text, start, term, a) for a in allowed):
                continue
            if is_quoted(text, start, end) or is_negated(text, start):
                continue
            if forbidden.as_purpose:
                cs, _ = _span_of(clause_spans(text), start)
                if not any(p in text[cs:start] for p in PURPOSE_WORDS):
                    continue
            out.append(ForbiddenHit(forbidden.id, term, s, start))
    return out


def _inside(text: str, start: int, term: str, compound: str) -> bool:
    """Is the term at `start` part of an occurrence of `compound` (第一 in 第一条)?"""
    i = compound.find(term)
    while i >= 0:
        s = start - i
        if s >= 0 and text[s:s + len(compound)] == compound:
            return True
        i = compound.find(term, i + 1)
    return False
