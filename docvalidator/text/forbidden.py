"""Forbidden wording, read by meaning: a term fires only where it is used for real — as a
purpose (用于营销, 向您发送促销信息), or as a promotional claim (行业第一, 最好的服务) — never where
it is negated, quoted, described, reported, another party's, or the purpose of a refused act.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docvalidator.schema.model import Forbidden
from docvalidator.text import meaning
from docvalidator.text.scope import BANS, example_upto, first_person, is_negated, is_quoted, speaker
from docvalidator.text.sentences import Sentence, clause_spans
from docvalidator.text.stance import is_description
from docvalidator.text.terms import find_terms, holds, norm_term, words

PURPOSE_WORDS = ("用于", "用途", "目的", "主要", "开展", "从事", "进行", "提供", "用作", "作为", "服务于", "举办", "参加", "参与",
                 "适合", "适用于", "业务内容", "服务内容")
_PURPOSE_SUFFIX = re.compile(r"^\w{0,3}?(?:专线|热线|号码)")
_DEPARTMENT = re.compile(r"^\w{0,2}?(?:部|中心|团队|人员|岗位|总监|经理|部门)")
# selling by telephone, named as such (电话营销, 外呼营销, 电销, 电话销售), and a team or system for it
_BY_PHONE = re.compile(r"(?:电话|外呼|呼出)(?:营销|行销|销售|促销|推销)$|电销$|电话销售$")
_PHONE_TEAM = re.compile(r"\w?(?:团队|部门|部|体系|队伍)")
# "without needing …" describing the thing after its 的
_NO_NEED = re.compile(r"(?:不需|不必|无需|无须|毋须)(?=[^,，。;；]*的[^,，。;；]*$)")
# uses no one states: what a kind of thing is usually used for (一般用于, 常用于), what it suits, a
# use someone fears (a use the writer "may" make is still one it states)
_USUALLY = re.compile(r"(?:通常|一般|普遍|往往|大多|多|常)(?:被)?(?:用于|用来|用作|应用于)"
                      # what a kind of message suits (MMS特别适合用于行销活动); a product "适用于营销" is its use
                      r"|(?:特别|非常|很|最|尤其)?适合(?:用于|用来|用作)"
                      # what some numbers in general may be put to (部分号码可能会被用于商业营销推广)
                      r"|(?:部分|一些|某些|有些|不少)\w{0,4}?号码[^,，。;；]{0,6}被(?:用于|用来|用作)"
                      # a use someone fears (乘客担心个人出行数据被用于商业营销)
                      r"|(?:担心|担忧|顾虑|害怕|忧虑)[^,，。;；]{0,20}被(?:用于|用来|用作)")
# talk about banned words ("…等均属于极限用语") names them, it does not use them
_WORD_TALK = re.compile(r"极限用语|极限词|禁用词|违禁词|禁用语|绝对化用语|敏感词")


@dataclass(frozen=True)
class ForbiddenHit:
    forbidden: str
    term: str
    sentence: Sentence
    start: int
    certain: bool = True
    by_meaning: bool = False  # no term: the meaning model reads the sentence as this use


# the markets and regions a "first" or an "only" is claimed over (行业第一, 全台唯一)
_OVER = "全国|全球|世界|行业|国内|业内|全市|全省|全台|台湾|全港|香港|岛内"
_ORDINAL_CLAIM = re.compile(rf"(?:{_OVER}|中国|全网|亚洲|销量|排名|市场|份额|占有率|销售额|同行|本地)第一"
                            r"|第一(?:品牌|家(?!庭)|名(?!股东|称)|方阵)")
_UNIQUE_CLAIM = re.compile(rf"(?:{_OVER}|本市|市场上?)唯一|唯一(?:一家|具备|获得|拥有|能|实现|做到|的(?:企业|公司|服务商|机构)"
                           r"|\w{0,4}?(?:厂商|供应商|服务商|合作伙伴))"
                           # the only one of its kind that does something (唯一实现实时AI质检的平台)
                           r"|唯一[^,，。;；]{1,30}的(?:平台|产品|系统|品牌|解决方案)")
_ADVERB_AFTER = re.compile(r"^(?:提前|使用|选择|在|不要|不|是|能|要|先|尽量|尽早|有|及时|通过|由|采用|保持|避免|咨询|"
                           r"联系|按照|做|请|将|把|用|多|少|再|立即|直接|自行|备份|留存|保存)")
# a superlative followed by its number or by 可/达 (最快3秒, 最高可达) states a bound
_BOUND_AFTER = re.compile(r"\s*(?:[0-9０-９一二三四五六七八九十两几]|可|达|为|不)")
# a superlative in an award's name (年度最佳民生应用提名奖) names the award
_AWARD_AFTER = re.compile(r"[^，。,;；!！]{0,10}?奖")


def _is_claim(text: str, start: int, end: int, term: str) -> bool:
    """A promotional claim (行业第一, 最好的服务), not an ordinal (第一步), an adverb
    (最好提前预约), a bound (最快3秒), an award's name (最佳实用奖) or a technical term (唯一编号)."""
    if term.startswith("第一"):
        return any(m.start() <= start < m.end() for m in _ORDINAL_CLAIM.finditer(text))
    if term.startswith("唯一"):
        return any(m.start() <= start < m.end() for m in _UNIQUE_CLAIM.finditer(text))
    # (a superlative closed by 的 qualifies the noun phrase after it: 最高等级的15天无理由退货政策)
    if term.startswith("最") and ((_BOUND_AFTER.match(text, end) and not term.endswith("的"))
                                  or _AWARD_AFTER.match(text, end)):
        return False
    return not (term == "最好" and _ADVERB_AFTER.match(text[end:]))


def _usual_use(text: str, upto: int | None = None) -> bool:
    """What a kind of thing is usually used for (群发短信一般用于商业营销), or a use someone fears
    (担心…被用于商业营销), said before `upto` and not in the writer's voice: no use the writer states."""
    return _USUALLY.search(text, 0, len(text) if upto is None else upto) is not None and not first_person(text)


_PLAIN_PURPOSE = ("用于", "用途", "用作")
# the use named after the term: "可作市场推销之用", "作营销用途"
_USE_AFTER = re.compile(r"\w{0,4}?(?:之用|用途)")
# sending it to people (向您发送促销信息, 寄送行销资料) is using the line or the data for it
_SENDING = ("发送", "传送", "推送", "寄送", "传递")


def _purpose(s: Sentence, start: int, end: int) -> bool | None:
    """The term at start states a purpose: True when plainly (用于…营销 in its comma clause, 作…推销之用),
    None when only by its place — a label ("推广营销：…"), a line's name (营销外呼专线), an item
    under a heading or lead-in about the purpose, a weaker verb (开展, 提供…), a sending of it
    (向您发送促销信息), a "为…营销…等目的" frame, the last items of a list of uses after a
    comma — False when not."""
    text = s.text
    spans = clause_spans(text)
    i, (cs, ce) = next((k, span) for k, span in enumerate(spans) if span[0] <= start <= span[1])
    if any(p in text[cs:start] for p in _PLAIN_PURPOSE) or _USE_AFTER.match(text, end, ce):
        return True
    if any(p in text[cs:start] for p in (*PURPOSE_WORDS, *_SENDING)):
        return None
    if "目的" in text[end:ce] and ("为" in text[cs:start] or "基于" in text[cs:start]):  # 为…营销…等目的
        return None
    if text[end:end + 1] == ":" and end < 12:  # "推广营销：向老客户推荐新套餐"
        return None
    if _PURPOSE_SUFFIX.match(text[end:]):
        return None
    if i and start - cs <= 2 and ce - cs <= _LIST_ITEM and _LIST_JOIN.search(text, cs, ce) \
            and any(p in text[spans[i - 1][0]:spans[i - 1][1]] for p in _PLAIN_PURPOSE):  # 用于…产品,推广或服务
        return None
    return None if any(p in c for c in (s.lead, *s.headings[-1:]) for p in ("用途", "用于", "目的")) else False


# the last items of a list of uses run on after a comma (只用于为您提供产品,推广或服务)
_LIST_ITEM = 8
_LIST_JOIN = re.compile(r"或|和|及|等")


_PURPOSE_CLAUSE = re.compile(r"^\s*(?:以|以便|用以|用于|用作|从而)")
_REFUSING = BANS + r"|从不|不将|不向"  # what the writer refuses to do
# a use put to the person as a choice (勾选是否同意将个人信息用于短信营销推广): not one the writer makes
_CHOICE = re.compile(r"(?:是否|可选择|可自行选择)(?:同意|允许|授权)[^,，。;；]{0,24}$")
_REFUSAL = re.compile(_REFUSING)


def _refused_purpose(text: str, start: int) -> bool:
    """"我们不会向第三方披露个人信息，以用于直接营销目的": the purpose clause goes with a refused
    act in the clause before it — or before the acts listed with it ("不会把个人信息出售，出租，或
    转让给任何第三方用于市场营销目的")."""
    spans = clause_spans(text)
    i = next((k for k, (a, b) in enumerate(spans) if a <= start <= b), None)
    if not i:
        return False
    a, _b = spans[i]
    pa, pb = spans[i - 1]
    if _PURPOSE_CLAUSE.match(text[a:start]) and _REFUSAL.search(text[pa:pb]):
        return True
    if not _LISTED.match(text[a:start]):
        return False
    while i > 0:  # back over the acts listed before it, to the one that carries the refusal
        i -= 1
        pa, pb = spans[i]
        if _REFUSAL.search(text[pa:pb]):
            return True
        if pb - pa > _LISTED_ACT:
            return False
    return False


# an act listed after others (…出售，出租，或转让…): its clause opens with the list's conjunction
_LISTED = re.compile(r"^\s*(?:或者|或|以及|及|和)")
_LISTED_ACT = 4  # a listed act's clause is a verb or two (出租)


def find_forbidden(forbidden: Forbidden, sentences: Sequence[Sentence],
                   allow: Sequence[str] = ()) -> list[ForbiddenHit]:
    """Forbidden terms used for real: not negated (不用于营销, 严禁促销), not quoted
    (不得使用“最好”), not inside an allowed compound (第一条), not another party's, a law's or
    a description's ("电话营销是一种常见的营销方式"); purpose terms only as a purpose, claim
    terms only as a promotional claim."""
    w = words(forbidden)
    terms = w.strong_and_related
    allowed = [norm_term(a) for a in allow] if allow else []
    out = []
    for s in sentences:
        text = s.text
        if not s.has_chars(terms.firsts) or not holds(text, terms):
            continue
        hits = find_terms(text, terms)
        if forbidden.claims and _word_list(text, hits):
            continue
        for start, end, term in hits:
            # the cheap and selective tests first: most hits are 第一条 or 第一步
            if forbidden.claims and not _is_claim(text, start, end, term):
                continue
            if any(_inside(text, start, term, a) for a in allowed):
                continue
            plain = True
            if forbidden.as_purpose:
                plain = _purpose(s, start, end)
                # a team or a system for selling by telephone (电话营销团队, 电销部门, 优化电话营销体系):
                # the writer's calls are used for selling, though no purpose is stated
                phone_team = _BY_PHONE.search(text, 0, end) is not None and _PHONE_TEAM.match(text, end) is not None
                if plain is False and phone_team:
                    plain = None
                if plain is False or (_DEPARTMENT.match(text[end:]) and not phone_team) or _refused_purpose(text, start) \
                        or _CHOICE.search(text, 0, start):
                    continue
            # (what the claimed thing spares, 又不需扩编人力的最佳…, denies nothing of it)
            spared = forbidden.claims and _NO_NEED.search(text, 0, start)
            read = text[:spared.start()] + "." * len(spared.group()) + text[spared.end():] if spared else text
            if (is_quoted(text, start, end) and not _motto(text, start)) or is_negated(read, start, s.lead):
                continue
            # another party, a law or a description anywhere in the sentence; an example up to
            # the term (an example after it, "（例如优惠活动）", only illustrates it); a use or a
            # claim the writer "may" make is still one it states
            if speaker(s, hedges=not (forbidden.as_purpose or forbidden.claims)) \
                    or example_upto(text, end) or is_description(text) or _WORD_TALK.search(text):
                continue
            if forbidden.as_purpose and _usual_use(text, start):
                continue
            out.append(ForbiddenHit(forbidden.id, term, s, start, certain=plain is True and term not in w.related_only))
    if not out and forbidden.meaning:
        out = _by_meaning(forbidden, sentences)
    return out


# a motto the writer holds to, in quotation marks (本着“最优惠的价格、最周到的服务”的原则): quoted,
# and still the writer's claim
_MOTTO_OPENS = re.compile(r"(?:以|本着|秉承|秉持|坚持|奉行|恪守)\s*[“「\"]$")
_MOTTO_CLOSES = re.compile(r"[”」\"]\s*(?:的|之)?\s*(?:原则|宗旨|理念|方针|口号|精神|目标|承诺)")


def _motto(text: str, start: int) -> bool:
    opening = max(text.rfind(q, 0, start) for q in "“「\"")
    if opening < 0:
        return False
    closing = min((i for i in (text.find(q, start) for q in "”」\"") if i >= 0), default=-1)
    return bool(_MOTTO_OPENS.search(text, 0, opening + 1)) and closing >= 0 \
        and bool(_MOTTO_CLOSES.match(text, closing))


# a refused or conditional use (我们不会…, 未经您同意…不会): the use is what the writer forbids
_REFUSED = re.compile(_REFUSING + r"|不用于|不作|不做|未经|不属于|并非|而非")


def _by_meaning(forbidden: Forbidden, sentences: Sequence[Sentence]) -> list[ForbiddenHit]:
    """Where no term is used for real, the first of the applicant's sentences the meaning model
    reads as this use: a warning that quotes it. Never a heading, a refusal (我们不会…, 非营销
    用途: one of the item's own words right after 非), a department (市场营销部负责…: the item's
    words only as a department's name), another party's words, a description or usual practice."""
    terms = words(forbidden).strong_and_related
    for s, p in meaning.read(f"forbidden:{forbidden.id}", sentences) or ():
        if p < meaning.PASSES:
            continue
        text = s.text
        own = find_terms(text, terms)
        if _REFUSED.search(text) or speaker(s, hedges=False) or is_description(text) or _WORD_TALK.search(text) \
                or (forbidden.as_purpose and _usual_use(text)) \
                or any(text[a - 1:a] == "非" for a, _, _ in own) \
                or (own and all(_DEPARTMENT.match(text[b:]) for _, b, _ in own)):
            continue
        return [ForbiddenHit(forbidden.id, "", s, 0, certain=False, by_meaning=True)]
    return []


def _word_list(text: str, hits: list) -> bool:
    """A list of banned words (销量第一、服务最好、价格最低、顶级…): many different claim terms in a
    run of short 、-separated items names the words, it makes no claim."""
    return len({h[2] for h in hits}) >= _LIST_TERMS and text.count("、") >= _LIST_TERMS


_LIST_TERMS = 5


def _inside(text: str, start: int, term: str, compound: str) -> bool:
    """Is the term at `start` part of an occurrence of `compound` (第一 in 第一条)?"""
    i = compound.find(term)
    while i >= 0:
        s = start - i
        if s >= 0 and text[s:s + len(compound)] == compound:
            return True
        i = compound.find(term, i + 1)
    return False
