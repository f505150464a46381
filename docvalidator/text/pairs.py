"""Pairs: a presence clause stated by an action next to what it acts on (保护…个人资料,
不会将…个人信息提供给第三方, 发生安全事件时…处置), for clauses whose schema names `pairs:
{objects, actions}`. The pair then goes through the same rejections as a term (presence.py),
plus its own: a purpose or preamble clause, or an attitude, states no measure."""

from __future__ import annotations

import re

from docvalidator.text.scope import in_title
from docvalidator.text.sentences import Sentence
from docvalidator.text.terms import TermSet, find_terms, has_any

# an action's first character that ends the word before it (确保密钥 holds no 保密)
_WORD_ACROSS = frozenset(("确保", "担保", "环保", "医保", "社保"))
# 应对 that is 应 + 对 ("should … to"): 本人应对网站重要文件作定期备份
_SHOULD_TOWARD = re.compile(r"[^,，。;；]{0,30}?(?:进行|作|做|加以|予以|实施)")
PAIR_WINDOW = 30  # characters between a pair's object and its action
_ASIDE = re.compile(r"[(（][^()（）]{0,40}[)）]")  # 敏感信息(如生物识别、财产状况)的收集


def pair_hits(s: Sentence, objects: TermSet, actions: list[tuple[int, int, str]],
              exclude: TermSet) -> list[tuple[int, int, str]]:
    """Of the actions found in the sentence (start, end, term; negated verbs already read as
    their negative terms), those that stand near one of the objects (or under a heading or
    lead-in that names one, when the sentence names none): "保护…个人资料" states user-data
    protection without the set phrase. An object inside a title (《个人信息保护法》) or an action
    inside an excluded word (保护 in 保护法) does not count."""
    text = s.text
    acts = [h for h in actions
            if not any(a <= h[0] < b for a, b, _t in find_terms(text, exclude))
            and text[max(0, h[0] - 1):h[0] + 1] not in _WORD_ACROSS
            and not (h[2] == "应对" and _SHOULD_TOWARD.match(text, h[1]))]
    if not acts:
        return []
    objs = [o for o in find_terms(text, objects) if not in_title(text, o[0], o[1])]
    if not objs:
        above = (s.lead, *s.headings[-1:])
        return acts if any(c and has_any(c, objects) for c in above) else []
    out = []
    for a in acts:
        near = [o for o in objs if _gap(text, min(a[1], o[1]), max(a[0], o[0])) <= PAIR_WINDOW]
        if near:  # the span from the object to the action, as the words that state it
            o = min(near, key=lambda o: abs(o[0] - a[0]))
            start, end = min(a[0], o[0]), max(a[1], o[1])
            out.append((start, end, text[start:end]))
    return out


def _gap(text: str, start: int, end: int) -> int:
    """Characters from `start` to `end` (negative where they overlap), not counting asides in
    brackets."""
    return len(_ASIDE.sub("", text[start:end])) if end > start else end - start
