"""Find a schema's words in a sentence.

A term is a literal ("授权人员"), or a literal with gaps written "…": "客户…信息" matches
客户信息, 客户咨询信息 and 客户的身份信息 (up to four Chinese characters in each gap, never
across punctuation). Where two hits overlap, the longer wins. Every list of terms is compiled
once per process into one regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from docvalidator.text.normalize import fold_width, to_simplified

GAP = "..."  # "…" as written in the schemas, after width folding (NFKC)
_GAP_RE = r"[\u3400-\u9fffA-Za-z0-9]{0,4}?"

Hit = tuple[int, int, str]  # start, end, the term (as written in the schema, normalised)


def norm_term(term: str) -> str:
    return to_simplified(fold_width(term)).strip()


def _pattern(term: str) -> str:
    return _GAP_RE.join(re.escape(p) for p in term.split(GAP))


@lru_cache(maxsize=1024)
def compiled(terms: tuple[str, ...]) -> tuple[re.Pattern | None, tuple[str, ...]]:
    """One regex for a term list (a group per term), and the terms by group."""
    uniq = sorted(set(terms), key=lambda t: (-len(t.replace(GAP, "")), t))
    if not uniq:
        return None, ()
    return re.compile("|".join(f"({_pattern(t)})" for t in uniq)), tuple(uniq)


def find_terms(text: str, terms: Sequence[str]) -> list[Hit]:
    """Non-overlapping occurrences, the longest winning where two overlap."""
    pattern, names = compiled(tuple(terms))
    if pattern is None:
        return []
    hits: list[Hit] = []
    # overlapping search: a hit at every position where some term matches
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        hits.append((m.start(), m.end(), names[m.lastindex - 1]))
        pos = m.start() + 1
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: list[Hit] = []
    for h in hits:
        if all(h[1] <= t[0] or h[0] >= t[1] for t in taken):
            taken.append(h)
    return sorted(taken)


def has_any(text: str, terms: Sequence[str]) -> bool:
    pattern, _ = compiled(tuple(terms))
    return pattern is not None and pattern.search(text) is not None


def normalised(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(norm_term(t) for t in terms)
