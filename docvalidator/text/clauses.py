"""The clause engine: read a material's sentences the way a reviewer does.

A quantity clause (留存 ≥ 6 个月) counts a number only when it belongs to the clause's subject
and action. The action is the nearest verb in its comma clause; the subject is the nearest
subject noun before the number in its comma clause (or a noun listed with it: 客户信息及通话记录),
else the nearest earlier noun that verb can take ("客户投诉…，并在3个工作日内给予答复"), else the
heading, lead-in, table header or previous sentence it stands under — so in "投诉应在24小时内响应,7个工作日内解决" the 7 days belong to 解决,
in "投诉记录保存1年,客户信息保存3个月" the 3 months belong to 客户信息, and in "办结后2个工作
日内告知" 办结 is where the count starts, not what it times. A number another party states,
an example or usual practice does not count for the applicant (`text.scope`).

Every verdict says how sure it is: `certain` is False when the text is related but unclear
(a number read from a heading only, a range, "AES" without its key length, "加密存储" without
a method, a statement attributed to someone else). The rules report uncertain verdicts as
warnings that quote the sentence and say what to verify.

Presence clauses and fields are read in `text.presence`, forbidden wording in
`text.forbidden`, encryption in `text.encryption`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from docvalidator.schema.model import Clause
from docvalidator.text.encryption import evaluate_encryption
from docvalidator.text.quantity import DURATION_CHARS, Quantity, describe, find_quantities, judge
from docvalidator.text.scope import in_example, named_party, speaker
from docvalidator.text.sentences import Sentence, cell_span, clause_spans, span_of
from docvalidator.text.stance import states_requirement
from docvalidator.text.terms import (
    GENERIC_ACTIONS,
    GENERIC_OBJECTS,
    Hit,
    TermSet,
    find_terms,
    has_any,
    norm_term,
    termset,
    words,
)
from docvalidator.text.verdict import FAILED, MISSING, NOT_EVALUATED, PASSED, Verdict, missing

__all__ = ["FAILED", "MISSING", "NOT_EVALUATED", "PASSED", "Verdict", "Vocabulary", "evaluate",
           "evaluate_field", "find_forbidden", "find_words", "norm_term"]

_BARE = ("信息", "数据", "资料", "记录")
_ACTORS = ("人员", "员工")
# (a listed noun may have a word of its own before it: 客户信息和开户文件)
_LIST_GLUE = re.compile(r"^(?:[\s、,和及与或并以及/]*(?:的)?|\s*(?:和|及|与|以及|、)\s*[\u4e00-\u9fff]{1,4})$")
_START_POINT = re.compile(r"^(?:后|以后|之后|起|开始|完毕后|结束后|完成后)")
# an action that only describes a noun (开展业务的有关情况) or names who acts (投诉受理部门,
# 处理专员) is not the verb the number times
_MODIFIER = re.compile(r"^(?:\w{0,4}的(?:有关|相关)?情况|部门|中心|单位|人员|专员|岗位|小组|窗口|团队)")
# 答复投诉人并结案 / 调查处理,并在3个工作日内回复: verbs joined by 并 share one deadline
_COORDINATED = re.compile(r"^[^。;；:：]{0,10}?并(?:且|在|于)?[^。;；:：]{0,10}$")
_RAMP = re.compile(r"从\s*$")  # 从100路逐步增至…: a starting point, not the value
_DOC_NAME = re.compile(r"承诺书|承诺函|声明书")
# "投诉在八周内未得到解决，可…": a condition for what follows, not a time the writer commits to
_UNMET = re.compile(r"\W{0,3}(?:内|之内|以内)?\s*(?:仍|尚|还|都|均)?(?:未|没有|未能|无法|不能)")
# hours naming when a channel is open (24小时投诉举报渠道), not how soon it acts
_OPEN_FOR = re.compile(r"[^\d,，。;；]{0,6}?(?:渠道|通道|热线|专线|值班|值守|服务台|受理台)")


@dataclass(frozen=True)
class Vocabulary:
    """Every subject noun and verb the schema's clauses know, plus generic ones."""

    objects: tuple[str, ...]
    actions: tuple[str, ...]
    takes: dict[str, frozenset[str]] = field(default_factory=dict)  # verb → the nouns it times

    @property
    def nouns(self) -> TermSet:
        return termset(self.objects)

    @property
    def verbs(self) -> TermSet:
        return termset(self.actions)

    @classmethod
    def of(cls, clauses: Iterable[Clause]) -> Vocabulary:
        objs, acts = set(GENERIC_OBJECTS), set(GENERIC_ACTIONS)
        takes: dict[str, set[str]] = {}
        for c in clauses:
            own = {norm_term(o) for o in c.objects}
            objs.update(own)
            for a in c.actions:
                acts.add(norm_term(a))
                takes.setdefault(norm_term(a), set()).update(own)
        # a verb some clause names as its subject (存储 for storage location) is still a verb
        return cls(tuple(sorted(objs - acts)), tuple(sorted(acts)),
                   {a: frozenset(o) for a, o in takes.items()})

    def fits(self, action: str | None, noun: str) -> bool:
        """Can the verb take this noun? A verb no clause names takes any noun; a clause's
        verb takes its clauses' nouns and the generic ones (not the actors: 人员, 员工)."""
        nouns = self.takes.get(action or "")
        if nouns is None:
            return True
        return noun in nouns or (noun in GENERIC_OBJECTS and noun not in _ACTORS)


def find_words(text: str, words: Sequence[str]) -> list[Hit]:
    return find_terms(text, words)


# --- quantity ------------------------------------------------------------------------------

def _group(text: str, objects: list[Hit], last: int) -> list[str]:
    """The noun at index `last` and the nouns listed with it before (客户信息、通话记录), each
    also as written (a compound names its parts: 投诉工单 is about 投诉)."""
    group = [objects[last]]
    for o in reversed(objects[:last]):
        if _LIST_GLUE.match(text[o[1]:group[-1][0]]):
            group.append(o)
        else:
            break
    return [g[2] for g in group] + [text[g[0]:g[1]] for g in group]


_JOINED = re.compile(r"并且?|然后|随后|同时")
# the noun phrase a time qualifies, up to the next item or clause (保存60天以上的系统运行日志)
_ATTRIBUTIVE = re.compile(r"(?:以上|以内|之内|内)?[的之][^、,，。;；和与及或]*")


def _subject_of(q: Quantity, s: Sentence, objects: list[Hit], span: tuple[int, int],
                vocab: Vocabulary, action: str | None) -> tuple[list[str], str]:
    """The subject nouns a quantity belongs to, and where they were read: "clause" (its own
    comma clause), "sentence" (an earlier clause) or "context" (a heading, lead-in, table
    header or the sentence before)."""
    inside = [i for i, o in enumerate(objects) if span[0] <= o[0] and o[1] <= q.start]
    # a time that qualifies the noun phrase after it (系统保存60天以上的操作日志): the phrase
    # names what is timed, beside a noun before it that may be the one who keeps it
    phrase = _ATTRIBUTIVE.match(s.text, q.end)
    within = [o[2] for o in objects if q.end <= o[0] and o[1] <= phrase.end()][::-1] if phrase else []
    if within:
        return within + (_group(s.text, objects, inside[-1]) if inside else []), "clause"
    if inside:
        group = _group(s.text, objects, inside[-1])
        if all(w in _BARE for w in group):
            outer = [h[2] for line in s.context for h in find_terms(line, vocab.nouns)
                     if any(h[2].endswith(w) and h[2] != w for w in group)]
            if outer:
                return [outer[-1]], "context"
        return group, "clause"
    # what the timed verb acts on, not what a verb joined after it does (1小时内确认受理并分配处理人员)
    joined = _JOINED.search(s.text, q.end, span[1])
    after = [o for o in objects if q.end <= o[0] < (joined.start() if joined else span[1])]
    if after:
        return [after[0][2]], "clause"
    before = [o[2] for o in objects if o[1] <= span[0] and vocab.fits(action, o[2])]
    if before:  # the nearest earlier noun the verb can take (客户投诉…, 并在3个工作日内给予答复)
        named = [w for w in before if w in vocab.takes.get(action or "", ())]
        return [(named or before)[-1]], "sentence"
    lines = [find_terms(line, vocab.nouns) for line in s.context]
    for n in range(len(lines) - 1, -1, -1):
        if not lines[n]:
            continue
        words = [h[2] for h in lines[n]]
        if all(w in _BARE for w in words):  # "…收集的信息项目" under "个人信息保存期限"
            outer = [h[2] for line in lines[:n] for h in line if any(h[2].endswith(w) for w in words)]
            if outer:
                return [outer[-1]], "context"
        return words, "context"
    return [], "context"


def _action_of(q: Quantity, text: str, actions: list[Hit], span: tuple[int, int]) -> Hit | None:
    """The verb a quantity times: the nearest in its comma clause that is not where the count
    starts (办结后2个工作日内: 办结 starts it); else the nearest before it in the sentence."""
    actions = [a for a in actions if not _MODIFIER.match(text[a[1]:])]
    inside = [a for a in actions if a[0] >= span[0] and a[1] <= span[1]
              and not (a[1] <= q.start and _START_POINT.match(text[a[1]:q.start].lstrip("的")))]
    if inside:
        return min(inside, key=lambda a: min(abs(a[0] - q.end), abs(q.start - a[1])))
    before = [a for a in actions if a[1] <= span[0]]
    if before:
        return before[-1]
    after = [a for a in actions if a[0] >= span[1]]
    return after[0] if after else None


def _coordinated(q: Quantity, text: str, actions: list[Hit], timed: Hit, own: set[str],
                 timed_elsewhere: set[Hit]) -> str | None:
    """The clause's own verb joined by 并 to the verb `q` times ("3-5个工作日内答复投诉人并结案",
    "调查处理,并在3个工作日内回复"): the reply closes the handling, so the deadline is the
    handling's too — unless that verb has a time of its own (`timed_elsewhere`: "24小时内响应并在
    7个工作日内解决") or another deadline stands between them ("48小时内响应,并在15日内完成处理并
    反馈结果"). None when no own verb is so joined."""
    for a in actions:
        if a[2] not in own or a == timed or a in timed_elsewhere:
            continue
        if a[1] <= timed[0] and _START_POINT.match(text[a[1]:].lstrip("的")):
            continue  # 处理后…回复: the handling starts the count
        lo, hi = (a[1], timed[0]) if a[1] <= timed[0] else (timed[1], a[0])
        if _COORDINATED.match(text[lo:hi]) and all(
                lo + o.start == q.start for o in find_quantities(text[lo:hi], q.unit)):
            return a[2]
    return None


def _nouns_and_verbs(text: str, vocab: Vocabulary, own_objects: set[str], own_actions: set[str]
                     ) -> tuple[list[Hit], list[Hit]]:
    nouns = vocab.nouns if own_objects <= set(vocab.objects) else termset(vocab.objects + tuple(own_objects))
    verbs = vocab.verbs if own_actions <= set(vocab.actions) else termset(vocab.actions + tuple(own_actions))
    return _read_words(text, nouns, verbs)


@lru_cache(maxsize=16384)
def _read_words(text: str, nouns: TermSet, verbs: TermSet) -> tuple[list[Hit], list[Hit]]:
    objects = find_terms(text, nouns)
    # a verb inside a longer noun (处理 in 处理结果) is the noun
    actions = [a for a in find_terms(text, verbs)
               if not any(o[0] <= a[0] and a[1] <= o[1] and o[1] - o[0] > a[1] - a[0] for o in objects)]
    return objects, actions


@dataclass(frozen=True)
class Reading:
    quantity: Quantity
    attached: bool
    from_context: bool  # the subject (or the verb) was read from a heading or table header
    same_clause: bool = False  # subject and verb both in the number's own comma clause


def read_quantities(clause: Clause, s: Sentence, vocab: Vocabulary, unit: str) -> list[Reading]:
    """The quantities of `s` in the clause's kind of unit, each with whether it belongs to the
    clause's subject and action."""
    quantities = find_quantities(s.text, unit)
    if not quantities:
        return []
    w = words(clause)
    own_objects, own_actions = set(w.objects), set(w.actions)
    objects, actions = _nouns_and_verbs(s.text, vocab, own_objects, own_actions)
    spans = clause_spans(s.text)
    out = []
    # a table row's verb is read in the number's own cell; its subject in the whole row
    own_span = {q: span_of(spans, q.start) for q in quantities}
    cells = {q: cell_span(s, own_span[q], q.start) for q in quantities}
    timed = {q: _action_of(q, s.text, actions, cells[q][0]) for q in quantities}
    for q in quantities:
        span, ((lo, hi), column), verb = own_span[q], cells[q], timed[q]
        # a table cell with no verb of its own: its column's header names what the time is for
        # (首次响应 | 解决时限), before any verb of another cell (删除方式)
        in_cell = verb is not None and lo <= verb[0] < hi
        head_verbs = find_terms(column, vocab.verbs) if column is not None and not in_cell else []
        if head_verbs:
            verb = None
        action = head_verbs[-1][2] if head_verbs else verb[2] if verb else None
        if verb and own_actions and action not in own_actions:
            elsewhere = {v for other, v in timed.items() if other is not q and v}
            action = _coordinated(q, s.text, actions, verb, own_actions, elsewhere) or action
        subject, where = _subject_of(q, s, objects, span, vocab, action)
        from_ctx = where == "context" or bool(head_verbs)
        verb_here = any(span[0] <= a[0] < span[1] and a[2] == action for a in actions)
        if action is None and own_actions:
            for line in reversed(s.context):
                found = [a for a in find_terms(line, vocab.verbs) if a[2] in own_actions]
                if found:
                    action, from_ctx = found[-1][2], True
                    break
        literal = [o for o in own_objects if "..." not in o]
        ok = (bool(own_objects.intersection(subject)) or any(o in w for w in subject for o in literal)) \
            and (not own_actions or action in own_actions)
        if clause.exclude:  # in its clause, or wherever its subject was read from
            own_here = any(span[0] <= o[0] < span[1] and o[2] in own_objects for o in objects)
            where = s.text[span[0]:span[1]] if own_here else s.text[:span[1]]
            if has_any(where, w.exclude) or has_any(s.lead, w.exclude):
                ok = False
        if _RAMP.search(s.text[span[0]:q.start]) or _DOC_NAME.search(s.text[q.end:span[1]]) \
                or _UNMET.match(s.text, q.end) or (q.comparator == "=" and _OPEN_FOR.match(s.text, q.end)):
            ok = False
        out.append(Reading(q, ok, from_ctx, where == "clause" and (verb_here or not own_actions)))
    return out


_IMMEDIATE = re.compile(r"即时|立即|立刻|马上|当日|当天|当场|即日|实时|次日|翌日|隔日|同日|第一时间")
# kept "long" (长期保存) names no length (kept for good, 永久保存, is a duration: text.quantity)
_LONG = re.compile(r"长期|长久")


def evaluate_quantity(clause: Clause, sentences: Sequence[Sentence], required: float,
                      vocab: Vocabulary) -> Verdict:
    q_req = clause.quantity
    assert q_req is not None
    want = describe(q_req.comparator, required, q_req.unit)
    w = words(clause)
    own, own_actions, related = w.objects, w.actions, w.related
    passed: Verdict | None = None
    sure_fail: Verdict | None = None
    unsure_fail: Verdict | None = None
    loose_pass: Quantity | None = None  # a time that would meet it, whose subject is unclear
    mentions: list[tuple[int, tuple[Sentence, str | None, str]]] = []
    for s in sentences:
        if not s.has_chars(DURATION_CHARS) or not find_quantities(s.text, q_req.unit):
            if _IMMEDIATE.search(s.text) and _related(s, own, own_actions):  # 当场解决, 回覆:即日
                mentions.append((2, (s, None, "未写明具体期限")))
            elif q_req.comparator in (">=", ">") and (m := _LONG.search(s.text)) \
                    and has_any(s.text, own_actions) and any(has_any(x, own) for x in (s.text, *s.context)) \
                    and not speaker(s, m.end()):
                mentions.append((1, (s, m.group(), f"写有“{m.group()}”，但未写明具体期限")))
            elif hit := _related_word(s, related, own):  # 资料会立即删除, 不保留任何资料
                mentions.append((1, (s, hit, f"写有“{hit}”，但未写明具体期限")))
            continue
        readings = read_quantities(clause, s, vocab, q_req.unit)
        for r in readings:
            q = r.quantity
            if not r.attached:
                continue
            who = speaker(s, q.end)
            if not who and clause.states == "fact" and states_requirement(s):
                who = "对要求的描述"
            if who or in_example(s.text, q.start):
                mentions.append((0, (s, q.text, f"写有“{q.text}”，但属{who or '举例'}，不是申请人的承诺")))
                continue
            if q_req.threshold:  # "超过0.5%即暂停": the trigger is 0.5 %, whatever the bound word
                q = replace(q, comparator="=")
            ok, exact = judge(q, q_req.comparator, required, q_req.unit, q_req.day_is_24h)
            if ok is None:
                unsure_fail = unsure_fail or Verdict(
                    clause.id, FAILED, s, q.text, f"写的是“{q.text}”，无法按要求的单位核验（要求{want}）",
                    certain=False)
            elif not ok:
                upper_vs_min = q_req.comparator in (">=", ">") and q.comparator in ("<", "<=")
                # an error only when the number's own comma clause names the subject and its verb
                named = named_party(s.text, q.start)
                sure = exact and r.same_clause and not upper_vs_min and not named
                verify = f"；承诺方写作“{named}”，请核实是否即申请人" if named else "，请核实"
                v = Verdict(clause.id, FAILED, s, q.text, f"写的是“{q.text}”，要求{want}" + ("" if sure else verify),
                            certain=sure)
                if sure:
                    sure_fail = sure_fail or v
                else:
                    unsure_fail = unsure_fail or v
            elif passed is None:
                passed = Verdict(clause.id, PASSED, s, q.text, f"写明“{q.text}”，满足{want}")
        loose = [r.quantity for r in readings if not r.attached and _related(s, own, own_actions)]
        if loose:
            mentions.append((1, (s, loose[0].text, f"写有“{loose[0].text}”，但未能确定它是该事项的期限")))
            loose_pass = loose_pass or next(
                (q for q in loose if judge(q, q_req.comparator, required, q_req.unit, q_req.day_is_24h)[0]
                 and _own_clause_related(s.text, q, own, own_actions) and not speaker(s, q.end)), None)
    if sure_fail:  # a failing number beats a passing one; an error unless another time may meet it
        if loose_pass:  # 工单处理:2小时首响承诺 beside 10个工作日内…答复: perhaps the response is the 2 hours
            return replace(sure_fail, certain=False,
                           detail=f"{sure_fail.detail}；另有“{loose_pass.text}”可能是该时限，请核实")
        return sure_fail
    if unsure_fail:  # only a sure failing number is an error
        return unsure_fail
    if passed:
        return passed
    return missing(clause.id, want, min(mentions, key=lambda m: (m[0], m[1][0].index))[1] if mentions else None)


def _own_clause_related(text: str, q: Quantity, objects: TermSet, actions: TermSet) -> bool:
    """The comma clause that holds `q` names the clause's subject or its verb (工单处理:2小时首响承诺),
    not another matter (坚持24小时值班)."""
    a, b = span_of(clause_spans(text), q.start)
    return has_any(text[a:b], objects) or (bool(len(actions)) and has_any(text[a:b], actions))


def _related_word(s: Sentence, related: TermSet, objects: TermSet) -> str | None:
    """A word that bears on the clause without giving its number (不保留 for a retention, 并发
    for a load test) in a sentence the applicant states about the clause's subject (named
    there or above): the number's absence is then not certain."""
    if not len(related):
        return None
    hits = find_terms(s.text, related)
    if not hits or speaker(s, hits[0][1]):
        return None
    return hits[0][2] if any(has_any(w, objects) for w in (s.text, *s.context)) else None


def _related(s: Sentence, objects: TermSet, actions: TermSet) -> bool:
    """The sentence (or its context) names the clause's subject, or it, its table header or the
    line right above it has its verb: a time whose subject the engine cannot tell ("交易记录保留
    7年", "当场解决", "1级 | … | 1小时内" under "响应时间", "一般查询:1-3个工作日" under "预期回复
    时间") may be the clause's, so its absence is not certain."""
    return any(has_any(w, objects) for w in (s.text, *s.context)) \
        or (bool(len(actions)) and any(has_any(w, actions) for w in (s.text, s.header, *s.context[-1:])))


def evaluate(clause: Clause, sentences: Sequence[Sentence], required: float | None,
             vocab: Vocabulary, match: str = "any") -> Verdict:
    if clause.kind == "quantity" and clause.quantity is not None and required is not None:
        return evaluate_quantity(clause, sentences, float(required), vocab)
    if clause.kind == "encryption":
        return evaluate_encryption(clause, sentences)
    return evaluate_presence(clause, sentences, match)


# the readers of presence, fields and forbidden wording, re-exported here
from docvalidator.text.forbidden import ForbiddenHit, find_forbidden  # noqa: E402
from docvalidator.text.presence import evaluate_field, evaluate_presence  # noqa: E402

__all__ += ["ForbiddenHit", "evaluate_presence"]
