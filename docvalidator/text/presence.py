"""Presence clauses and fields, read by meaning.

A presence clause is stated when one of its terms — or, where the clause names `pairs`, one of
its actions near one of its objects (保护…个人资料) — stands in a sentence the applicant states
about the clause's subject: not negated (a negative term — 不转让 — is its verb under a
negator, or under a lead-in that forbids its items), not inside a document's or a law's name
(不涉及外资承诺书), not another party's, a law's or an example's (unless the clause is a
citation: `speaker: any`), not a requirement described where a fact must be stated
(`states: fact`: "技术负责人需具备5年以上经验" in a CV). A `related` word, or a term rejected
for one of those reasons, makes the clause "mentioned but unclear": a warning quoting it. Where
nothing states it, a `contrary` word in the applicant's sentence about its subject (服务器位于
新加坡, against servers in the mainland) fails it, as a warning.

A field is stated when its term is there with a value (`pattern`), or its value's form
appears in a sentence about it. Forbidden wording is read in `text.forbidden`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from docvalidator.schema.model import Clause, Field
from docvalidator.text import meaning, stance
from docvalidator.text.pairs import pair_hits
from docvalidator.text.quantity import digitize
from docvalidator.text.scope import (
    BANS,
    NEGATORS,
    REFUSING_HEADING,
    first_person,
    in_example,
    in_title,
    is_negated,
    is_quoted,
    negated_near,
    opens_with_denial,
    quoted_alone,
    speaker,
)
from docvalidator.text.sentences import Sentence, clause_spans, span_of
from docvalidator.text.terms import (
    GAP,
    GENERIC_OBJECTS,
    TermSet,
    find_terms,
    has_any,
    holds,
    termset,
    words,
)
from docvalidator.text.verdict import FAILED, MISSING, PASSED, Verdict

_NEGATIVE_START = ("不", "无", "非", "禁", "严", "杜", "拒", "避", "未", "防")
_NEGATORS_LONGEST_FIRST = tuple(sorted(NEGATORS, key=len, reverse=True))
_DOC_NAME = re.compile(r"^[^,，。;；]{0,2}(?:承诺书|承诺函|声明书|保证书|承诺)(?![的地]?(?:如下|以下))")
_LABEL = re.compile(r"^\s*(?:[:：]|是|为)\s*\S")  # "用途：预约提醒", "工作时间是周一至周五": the field's own label
_VALUE = re.compile(r"^\s*[:：]\s*[^\s。;；]{6,}")  # "服务流程：来电接入后由人工坐席受理"
_ANNOUNCE = re.compile(r"^[^,，。]{0,4}如下")  # "处理流程如下": the value follows
# "必要时,可以采用加密措施": a measure the writer may take, not one it takes
_OPTIONAL = re.compile(r"(?:必要时|如有必要|有需要时)[^。;；]{0,6}?可(?!靠|信|用性|控|追溯)")


_GENERIC = termset(GENERIC_OBJECTS)
_RULE_LINE = re.compile(BANS + r"|不能|不准|必须|应当|须|仅|只能|立即|立刻|马上"
                        r"|\d\s*(?:小时|分钟|个?工作日|日|天)内")  # a deadline: a commitment, not a topic


def _is_rule(line: str) -> bool:
    """A short line that states a rule rather than names a topic: a ban, a must, a deadline, or
    a clause that opens by denying its verb ("不收集、不上传、不分享任何用户数据")."""
    return _RULE_LINE.search(line) is not None or opens_with_denial(line)


@lru_cache(maxsize=64)
def _compiled_pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@lru_cache(maxsize=1024)
def _strip_negator(term: str) -> str | None:
    """'不得出租' → '出租'; None when the term does not start with a negator."""
    for neg in _NEGATORS_LONGEST_FIRST:
        if term.startswith(neg) and len(term) > len(neg):
            return term[len(neg):]
    return None


@lru_cache(maxsize=256)
def _verbs(terms: TermSet) -> tuple[TermSet, dict[str, str]]:
    """The verbs of a list's negative terms (不出租 → 出租), and the term each comes from."""
    by_verb: dict[str, str] = {}
    for t in terms:
        v = _strip_negator(t)
        if v:
            by_verb.setdefault(v, t)
    return termset(tuple(by_verb)), by_verb


@lru_cache(maxsize=256)
def _anchors(terms: TermSet, related: TermSet) -> TermSet:
    return termset(tuple({*terms, *_verbs(terms)[0], *related}))


def term_hits(s: Sentence, terms: TermSet | tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Where a clause's terms occur. A negative term (不出租) also matches its verb under a
    negator earlier in the comma clause (不以任何形式转让、出租) or under a lead-in that forbids
    its items; a positive term right after a negator (不得删除) does not count."""
    terms = termset(terms)
    text = s.text
    out = []
    for start, end, term in find_terms(text, terms):
        if term.startswith(_NEGATIVE_START) or not negated_near(text, start):
            out.append((start, end, term))
    verbs, by_verb = _verbs(terms)
    if len(verbs):  # (a heading that ends by refusing forbids its items as a lead-in does)
        lead = s.lead or next((h for h in s.headings[-1:] if REFUSING_HEADING.search(h)), "")
        for start, end, verb in find_terms(text, verbs):
            if is_negated(text, start, lead):
                out.append((start, end, by_verb[verb]))
    return sorted(set(out))


def _why_not(clause: Clause | Field, s: Sentence, start: int, end: int, term: str,
             paired: bool = False) -> str | None:
    """Why a term's occurrence does not state the clause, or None when it does. `paired`: an
    object and an action found together (`pair_hits`): their own comma clause, not the whole
    sentence, decides whether an excluded word makes it another matter."""
    text = s.text
    if "《" not in term and "》" not in term and in_title(text, start, end):
        return "出现在文件或法规名称中"
    if _DOC_NAME.match(text[end:]):
        return "只是文件名称"
    w = words(clause)
    objects = w.objects
    labelled = _LABEL.match(text[end:]) and len(re.sub(r"^[\W\d一二三四五六七八九十、.]+", "", text[:start])) <= 2
    # the heading's subject carries only to a sentence that names no other (客户信息仅用于…)
    if len(objects) and not has_any(text, objects) and not labelled and (
            has_any(text, _GENERIC) or not any(has_any(x, objects) for x in s.context)):
        return "未说明对象"
    # a law named as an example of those complied with (遵守…法规（如《个保法》）) is still cited
    if in_example(text, start) and getattr(clause, "speaker", "applicant") != "any":
        return "只是举例"
    if _OPTIONAL.search(text[:start]):
        return "只是可选做法（必要时可…）"
    if stance.advises(text[:start]):
        return "只是建议，未写明措施"
    if term in w.self_terms and not first_person(text):
        return "未以申请人名义写明"
    if getattr(clause, "speaker", "applicant") != "any":
        who = speaker(s, end, hedges=False)
        if who:
            return f"属{who}"
        if stance.is_description(text):
            return "只是说明或定义"
    if getattr(clause, "states", "commitment") == "fact" and stance.states_requirement(s):
        return "只是描述要求，不是事实陈述"
    exclude = w.exclude
    spans = [(a, b) for a, b in clause_spans(text) if a <= end and start <= b]
    scope = text[spans[0][0]:spans[-1][1]] if spans else text
    if paired:
        if len(exclude) and has_any(scope, exclude):
            return "说的是另一事项"
    elif len(exclude) and (has_any(text, exclude) or (s.lead and has_any(s.lead, exclude))):
        return "说的是另一事项"
    # an aim (本预案旨在…防止信息泄露) names what the measures are for; a ban read from
    # 防止/避免 inside it is that aim, not a rule
    if (paired or term.startswith(_NEGATIVE_START)) and (
            stance.states_aim(text, scope) or stance.states_attitude(scope) or stance.states_stakes(text)):
        return "只是目的或态度，未写明措施"
    if spans and stance.ensures_in_general(text, spans[0][0], scope):
        return "只是目的或态度，未写明措施"
    # a sentence that opens by saying what a technique is for goes on describing it
    # (加密技术是…的核心手段，通过对数据进行加密处理，可以…), unless someone takes it up
    if not paired and isinstance(clause, Clause) and clause.speaker != "any" and (
            stance.states_attitude(scope) or stance.describes_technique(scope)
            or (stance.describes_technique(text) and not first_person(text))):
        return "只是说明其重要性，未写明措施"
    return None


def evaluate_presence(clause: Clause, sentences: Sequence[Sentence], match: str = "any") -> Verdict:
    w = words(clause)
    terms, related = w.strong, w.related
    anchors = _anchors(terms, related)
    # each pairing's actions, as found (negative actions by their verbs too)
    pairings = [(objs, acts, _anchors(acts, termset(()))) for objs, acts in w.pairs]
    found: dict[str, Sentence] = {}
    mention: tuple[Sentence, str | None, str] | None = None

    def weigh(s: Sentence, hits: list[tuple[int, int, str]], by_pair: bool) -> bool:
        """Record the hits that state the clause, or the first that does not and why."""
        nonlocal mention
        stated = False
        for start, end, term in hits:
            why = _why_not(clause, s, start, end, term, by_pair)
            if why is None:
                found.setdefault(term, s)
                stated = True
            elif mention is None:
                mention = (s, term, f"写有“{term}”，但{why}")
        return stated

    for s in sentences:
        paired = [(objs, acts) for objs, acts, a in pairings if s.has_chars(a.firsts) and holds(s.text, a)]
        if not paired and (not s.has_chars(anchors.firsts) or not holds(s.text, anchors)):
            continue
        # the words the schema lists are not there, or do not count here: an action next to
        # what it acts on may still state it (not in a heading, which names a topic, unless
        # the short line is itself a rule: "绝不出售您的个人资料")
        if not weigh(s, term_hits(s, terms), False) and paired and (not s.heading or _is_rule(s.text)):
            for objs, acts in paired:
                if weigh(s, pair_hits(s, objs, term_hits(s, acts), w.exclude), True):
                    break
        if mention is None and len(related) and has_any(s.text, related):
            hit = find_terms(s.text, related)[0]
            mention = (s, hit[2], f"提到“{hit[2]}”")
        if found and match != "all":
            break  # the earliest sentence that states it decides; later ones cannot
    if not found and clause.meaning and match != "all":
        read = _by_meaning(clause, sentences)
        if read and read[1] >= meaning.PASSES:
            s, p = read
            return Verdict(clause.id, PASSED, s, None, f"按语义读为写明（{p:.0%}）")
        if read and mention is None and read[1] >= meaning.MENTIONS:
            s, p = read
            mention = (s, None, f"读来与该条款相关（{p:.0%}），但未用其常见写法")
    if clause.contrary and match != "all":
        # nothing states it, or the comma clause that does names a place outside too (…的服务器
        # (中国内地、中国香港等)): the first statement of the opposite fails it, a warning
        failed = _contrary(clause, sentences) if not found else _contrary_beside(clause, found)
        if failed:
            return failed
    base = list(w.base)
    if match == "all":
        lacking = [t for t in base if t not in found]
        if not lacking:
            first = min(found.values(), key=lambda s: s.index)
            return Verdict(clause.id, PASSED, first, "、".join(base), "写明" + "、".join(base))
        return Verdict(clause.id, MISSING, None, None, "未写明" + "、".join(lacking))
    if found:
        term, s = min(found.items(), key=lambda kv: kv[1].index)
        return Verdict(clause.id, PASSED, s, term.replace(GAP, "…"), f"写明“{term.replace(GAP, '')}”")
    shown = "、".join(t.replace(GAP, "") for t in base[:4]) + ("等" if len(base) > 4 else "")
    if mention is not None:
        s, value, why = mention
        return Verdict(clause.id, MISSING, s, value.replace(GAP, "") if value else None,
                       f"相关语句“{s.text[:50]}”{why.replace(GAP, '')}，请核实是否写明{shown}", certain=False)
    return Verdict(clause.id, MISSING, None, None, "未找到" + shown)


_BEYOND = re.compile(r"[^,，。;；]{0,6}?(?:以外|之外)")
_IF = re.compile(r"若|如需|如果|假如|倘若|如确需|当您|一旦|如有必要")


def _contrary_beside(clause: Clause, found: dict[str, Sentence]) -> Verdict | None:
    """The opposite named in the same comma clause as the first statement of the clause."""
    term, s = min(found.items(), key=lambda kv: kv[1].index)
    hits = find_terms(s.text, termset((term,)))  # (a gap term is no substring to look up)
    at = hits[0][0] if hits else 0
    span = span_of(clause_spans(s.text), at)
    return _contrary(clause, [s], span)


def _contrary(clause: Clause, sentences: Sequence[Sentence], span: tuple[int, int] | None = None
              ) -> Verdict | None:
    """The first of the applicant's sentences that states the opposite of the clause (主存储在
    新加坡, for servers in the mainland): it fails it. Only a warning: the sentence may speak of a
    backup or one service among others. `span`: only there in the sentence."""
    opposite = termset(clause.contrary)
    for s in sentences:
        if s.heading or not s.has_chars(opposite.firsts):
            continue
        for start, end, term in find_terms(s.text, opposite):
            if span and not span[0] <= start < span[1]:
                continue
            # not "outside Hong Kong" (香港以外), nor a transfer only if one is ever needed (如需向境外传输)
            if _BEYOND.match(s.text, end) or _IF.search(s.text, 0, start):
                continue
            if not is_negated(s.text, start, s.lead) and _why_not(clause, s, start, end, term) is None:
                shown = "、".join(words(clause).base[:3])
                return Verdict(clause.id, FAILED, s, term, f"写的是“{term}”，要求{shown}，请核实", certain=False)
    return None


def _by_meaning(clause: Clause, sentences: Sequence[Sentence]) -> tuple[Sentence, float] | None:
    """The applicant's sentence the meaning model reads as most likely to state the clause:
    the earliest that passes, else the likeliest. Headings name topics, and another party's
    words, a definition, an aim or an attitude (我们高度重视您的隐私) are not the applicant's
    measure; a sentence with a word the clause is `unlike` is at most a mention."""
    read = meaning.read(clause.id, sentences)
    if read is None:
        return None
    best: tuple[Sentence, float] | None = None
    for s, p in read:
        if p < meaning.MENTIONS or (best and p <= best[1] and p < meaning.PASSES):
            continue
        text = s.text
        if (speaker(s) or stance.is_description(text) or stance.states_aim(text, text)
                or stance.states_attitude(text) or stance.describes_technique(text)):
            continue
        barred = holds(text, words(clause).unlike)
        if p >= meaning.PASSES and not barred:
            return s, p
        best = (s, min(p, meaning.MENTIONS) if barred else p)
    return best


# --- fields --------------------------------------------------------------------------------

def evaluate_field(field: Field, sentences: Sequence[Sentence]) -> Verdict:
    w = words(field)
    terms, objects, related = w.strong, w.objects, w.related
    pattern = _compiled_pattern(field.pattern) if field.pattern else None
    mention: tuple[Sentence, str | None, str] | None = None
    for n, s in enumerate(sentences):
        text = s.text
        hits = [h for h in term_hits(s, terms) if not is_negated(text, h[0], s.lead)]
        valid = [h for h in hits if _why_not(field, s, *h) is None]
        if hits and not valid and mention is None:
            mention = (s, hits[0][2], f"写有“{hits[0][2]}”，但{_why_not(field, s, *hits[0])}")
        if valid and (pattern is None or _ANNOUNCE.match(text[valid[0][1]:])
                      or (field.labelled and _VALUE.match(text[valid[0][1]:]))):
            return Verdict(field.id, PASSED, s, valid[0][2], f"写明“{valid[0][2]}”")
        if pattern is None and not valid and not s.heading:  # "客服热线95515,全年受理理赔报案"
            for objs, acts in (p for p in w.pairs if has_any(text, p[0])):  # the line named here
                # the applicant's own line: not what such lines usually do, or an example of one
                paired = [h for h in pair_hits(s, objs, term_hits(s, acts), w.exclude)
                          if _why_not(field, s, *h, paired=True) is None and not speaker(s, h[1])]
                if paired:
                    return Verdict(field.id, PASSED, s, paired[0][2], f"写明“{paired[0][2]}”")
        if field.labelled and not s.heading and s.headings and has_any(s.headings[-1], terms) \
                and len(objects) and has_any(text, objects) and len(text) >= 8:
            return Verdict(field.id, PASSED, s, text[:30], f"在“{s.headings[-1]}”下写明“{text[:30]}”")
        if pattern is None:
            if mention is None and len(related) and has_any(text, related):
                mention = (s, None, "提到了相关内容")
            continue
        # about the field: its term here or above, its object here, or its object in the line right
        # above ("全国咨询热线" over "工作日9:00-18:00") unless that line names another matter (外呼热线)
        above = s.context[-1] if s.context else ""
        about = valid or any(has_any(c, terms) for c in s.context) or has_any(text, objects) \
            or (has_any(above, objects) and not has_any(above, w.exclude))
        if valid:  # the value first, then the field's term: "工作日 8:00-18:00 是我们的工作时间"
            before = text[:valid[0][0]]
            for m in pattern.finditer(before):
                if _NAMED_BY_TERM_AFTER.match(before, m.end()):
                    return Verdict(field.id, PASSED, s, m.group(0), f"写明“{m.group(0)}”")
        windows = [text[valid[0][0]:] if valid else text]
        if valid and n + 1 < len(sentences):
            windows.append(sentences[n + 1].text)
        # one statement cut at its semicolons: steps that only its parts together name
        if s.prev.endswith((";", "；")) and not pattern.search(s.prev) and not pattern.search(text):
            windows.append(s.prev + text)
        for win in windows:
            own = win is windows[0]
            found = list(pattern.finditer(win)) or list(pattern.finditer(digitize(win)))
            for m in found:  # the first value that is the field's ("工作时间：周一至周五 9:00-18:00")
                # the field's own term names the value ("工作时间：9:00-20:00"): it needs no object
                named = own and bool(valid) and _NAMES_VALUE.match(m.string, valid[0][1] - valid[0][0], m.start())
                why = _value_why_not(field, s, text, own, about, m.group(0), bool(named))
                if why is None:
                    return Verdict(field.id, PASSED, s, m.group(0), f"写明“{m.group(0)}”")
                if mention is None:
                    mention = (s, m.group(0), f"写有“{m.group(0)}”，但{why}")
        if valid and mention is None:
            mention = (s, valid[0][2], "提到了该事项，但未写明具体内容")
        if mention is None and len(related) and has_any(text, related):
            mention = (s, None, "提到了相关内容")
    shown = "、".join(w.base[:4])
    if mention is not None:
        s, value, why = mention
        return Verdict(field.id, MISSING, s, value, f"相关语句“{s.text[:50]}”{why}，请核实是否写明{shown}",
                       certain=False)
    return Verdict(field.id, MISSING, None, None, "未找到" + shown)


# the field's term names the value after it, perhaps through the days it holds on ("工作时间:工作日 9:00-18:00")
_NAMES_VALUE = re.compile(r"\s*(?:为|是)?\s*[:：]?\s*[(（]?\s*(?:工作日|每天|每日|全年|平日)?\s*$")
_NAMED_BY_TERM_AFTER = re.compile(r"\s*(?:是|为)\s*\w{0,6}$")


def _value_why_not(field: Field, s: Sentence, text: str, own: bool, about: bool, value: str,
                   named: bool = False) -> str | None:
    """Why a value the field's pattern matched is not the field's, or None. `named`: the
    field's own term stands right before it, as its label."""
    why = None if about else "未说明是该事项"
    if why is None and own:
        # (a pattern of lookaheads matches no text: the whole sentence is its statement)
        pos = text.find(value) if value else len(text)
        pos = pos if pos >= 0 else 0
        if is_quoted(text, pos, pos + len(value)) and not quoted_alone(text, pos, pos + len(value)):
            why = "出现在名称中"
        elif not named:
            why = _why_not(field, s, pos, pos + len(value), value)
    return why
