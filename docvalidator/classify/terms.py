"""Which materials a piece of text names: every term of every material found in it, then the
longest non-overlapping ones kept.

A material's terms are its `keywords`, its `vocabulary` (real-world names with sources) and —
for titles and headings, which are printed on the document — its `title_keywords`. Terms are
compared in `names.fold` spelling. An ASCII term (`yyzz`, `business_license`) matches whole
tokens only, so that "bl" is not found in "table". A longer term wins over the shorter ones it
overlaps (坐席租赁合同 over 租赁合同, 法定代表人授权委托书 over 法定代表人); two materials named
by the same words (a shared term) leave that span undecided. A term inside a company's name
(上海网络安全科技有限公司) names nothing; an `exclude_keywords` word in the same part of a
combined name (分公司 in 分公司营业执照) rules its material out there. `collections` (制度汇编)
count only when nothing more specific is named.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from docvalidator.classify.names import company_spans, fold, segment_of
from docvalidator.schema import Material, Schema


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    material: str
    term: str  # as the schema writes it
    kind: str  # "keyword" | "vocabulary" | "title" | "collection" | "ambiguous"

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Named:
    """What a text names: the materials in order of appearance, with the term that named each;
    spans two materials share (undecided) and ambiguous terms (hints only)."""

    materials: list[str] = field(default_factory=list)
    terms: dict[str, str] = field(default_factory=dict)  # material → term
    undecided: list[Hit] = field(default_factory=list)
    hints: list[Hit] = field(default_factory=list)
    collection: bool = False  # named through a collection (制度汇编)

    def __bool__(self) -> bool:
        return bool(self.materials)


def _own_names(name: str) -> tuple[str, ...]:
    """The material's own name is a term: 股权结构图（股权穿透图） gives 股权结构图 and 股权穿透图
    (a bracket that lists several things gives nothing)."""
    m = re.match(r"^(.*?)[（(]([^）)]*)[）)]$", name.strip())
    if not m:
        return (name,)
    inner = m.group(2)
    return (m.group(1),) if re.search(r"[、,，/]", inner) else (m.group(1), inner)


@dataclass(frozen=True)
class _Entry:
    folded: str
    material: str
    term: str
    kind: str


class TermIndex:
    """Every term of a schema's materials, folded once; looked up by first character."""

    def __init__(self, materials: Sequence[Material]):
        self.order = {m.id: i for i, m in enumerate(materials)}
        self.excludes = {m.id: tuple(fold(k) for k in m.exclude_keywords) for m in materials}
        self.by_first: dict[str, list[_Entry]] = {}
        self.ascii: list[_Entry] = []
        # (material, folded term) of the terms that name a material by more than a bare keyword:
        # its title keywords, its vocabulary and its own name
        self.specific: set[tuple[str, str]] = set()
        seen: set[tuple[str, str, str]] = set()
        for m in materials:
            own = _own_names(m.name)
            groups = (("title", m.title_keywords), ("keyword", (*m.keywords, *own)),
                      ("vocabulary", m.match_terms), ("collection", m.collections),
                      ("ambiguous", tuple(t.term for t in m.vocabulary if t.ambiguous)))
            self.specific |= {(m.id, fold(t)) for t in (*m.title_keywords, *own, *m.match_terms)}
            for kind, terms in groups:
                for term in terms:
                    f = fold(term)
                    if not f or (f, m.id, kind) in seen:
                        continue
                    seen.add((f, m.id, kind))
                    entry = _Entry(f, m.id, term, kind)
                    if f.isascii():
                        self.ascii.append(entry)
                    else:
                        self.by_first.setdefault(f[0], []).append(entry)
        # each material's non-ASCII names with their character pairs, for saying what an unplaced
        # file most likely is (`closest`)
        self.names = {m.id: _names(m) for m in materials}
        # whole tokens, a plural allowed (system_screenshots, complaints); one pattern for all,
        # the longest first (compiling one per term was most of a warm run's recognition)
        self.ascii_by: dict[str, list[_Entry]] = {}
        for e in self.ascii:
            self.ascii_by.setdefault(e.folded, []).append(e)
        words = sorted(self.ascii_by, key=len, reverse=True)
        self._ascii_re = re.compile(
            r"(?<![a-z0-9])(" + "|".join(map(re.escape, words)) + r")(?:e?s)?(?![a-z0-9])") \
            if words else None

    def by_keyword_only(self, material: str, term: str) -> bool:
        """The term names the material only as one of its bare keywords (档案, 审计, 照片), not
        by a title keyword, a vocabulary term or the material's own name."""
        return (material, fold(term)) not in self.specific

    def hits(self, folded: str, titles: bool) -> list[Hit]:
        out = []
        for i, ch in enumerate(folded):
            for e in self.by_first.get(ch, ()):
                if (titles or e.kind != "title") and folded.startswith(e.folded, i):
                    out.append(Hit(i, i + len(e.folded), e.material, e.term, e.kind))
        if self._ascii_re is not None and re.search(r"[a-z]", folded):
            for m in self._ascii_re.finditer(folded):
                out += [Hit(m.start(), m.end(), e.material, e.term, e.kind)
                        for e in self.ascii_by[m.group(1)] if titles or e.kind != "title"]
        return out

    def name(self, text: str, *, titles: bool = False) -> Named:
        """The materials `text` names (a file name, a folder, a title line, a heading)."""
        folded = fold(text)
        hits = self.hits(folded, titles)
        companies = [_company_start(a, b, hits, folded) for a, b in company_spans(folded)]
        found = []
        for h in hits:
            if any(a <= h.start and h.end <= b for a, b in companies):
                continue  # a word of the company's name
            seg = segment_of(folded, h.start, h.end)
            if any(x and x in seg for x in self.excludes[h.material]):
                continue
            found.append(h)
        return _resolve(found, self.order)


_JOINERS = "及和与、+&,，;；"


def _company_start(a: int, b: int, hits: list[Hit], folded: str) -> tuple[int, int]:
    """A company's name starts after the material names written right before it
    (营业执照及章程上海某某有限公司): skip every hit that starts where the name would."""
    moved = True
    while moved:
        moved = False
        for h in hits:
            if h.start == a and h.end < b:
                a = h.end
                while a < b and folded[a] in _JOINERS:
                    a += 1
                moved = True
                break
    return a, b


def _resolve(found: list[Hit], order: dict[str, int]) -> Named:
    out = Named()
    specific = [h for h in found if h.kind not in ("collection", "ambiguous")]
    taken: list[tuple[int, int]] = []
    chosen: list[Hit] = []
    for h in sorted(specific, key=lambda h: (-h.length, h.start, order[h.material])):
        if any(h.start < b and a < h.end for a, b in taken):
            # the same span, named as long by another material: the words are shared
            same = [c for c in chosen if (c.start, c.end) == (h.start, h.end) and c.material != h.material]
            if same:
                out.undecided.append(h)
            continue
        taken.append((h.start, h.end))
        chosen.append(h)
    shared = {(u.start, u.end) for u in out.undecided}
    out.undecided += [c for c in chosen if (c.start, c.end) in shared]
    for h in sorted((c for c in chosen if (c.start, c.end) not in shared), key=lambda h: h.start):
        if h.material not in out.terms:
            out.materials.append(h.material)
            out.terms[h.material] = h.term
    if not out.materials and not out.undecided:
        bundle = [h for h in found if h.kind == "collection"]
        if bundle:
            longest = max(h.length for h in bundle)
            for h in sorted(bundle, key=lambda h: order[h.material]):
                if h.length == longest and h.material not in out.terms:
                    out.materials.append(h.material)
                    out.terms[h.material] = h.term
            out.collection = True
    out.hints = [h for h in found if h.kind == "ambiguous"]
    return out


@lru_cache(maxsize=16)
def _index(schema_key: tuple) -> TermIndex:
    return TermIndex(schema_key[1])


def index_of(schema: Schema) -> TermIndex:
    """The term index of a schema, built once per process."""
    return _index((schema.id, schema.materials))


def closest(text: str, index: TermIndex) -> tuple[str, str, str] | None:
    """The material whose words a text shares most (at least two characters in a row): its id,
    the term and the shared part. For saying what an unplaced file most likely is. Among
    materials sharing as much, the one with the most names holding the shared part wins
    (合同 is a 租赁合同 more often than a 劳动合同)."""
    f = fold(text)
    pairs = {f[i:i + 2] for i in range(len(f) - 1)}  # a shared part holds a shared pair
    best: tuple[int, int, str, str, str] | None = None
    for mid, terms in index.names.items():
        for term, ft, term_pairs in terms:
            if pairs.isdisjoint(term_pairs):
                continue
            common = _longest_common(f, ft)
            if len(common) < 2:
                continue
            score = (len(common), sum(common in other for _, other, _ in terms))
            if best is None or score > best[:2]:
                best = (*score, mid, term, common)
    return best[2:] if best else None


def _names(m: Material) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """A material's non-ASCII names: (term, folded, the folded term's character pairs)."""
    out = []
    for t in (*m.keywords, *m.title_keywords, *(t.term for t in m.vocabulary), *m.collections):
        ft = fold(t)
        if not ft.isascii():
            out.append((t, ft, frozenset(ft[i:i + 2] for i in range(len(ft) - 1))))
    return tuple(out)


def _longest_common(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
            else:
                break
    return best
