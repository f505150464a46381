"""A document's sections from the headings at the top of its pages (pure: the headings are read
elsewhere — the text layer's type sizes, Word's styles, OCR of the page tops).

A page whose title names a material starts that material's section, unless the material being
read contains such a document (居民身份证 pages in a staff list, 学历证书 after the list) or the
title names it again. A sub-heading never starts another material. Pages before the first title
that names something are a cover or contents (no material). A collection's title (安全管理制度
汇编) starts a section of all its materials; the member titles found after it take their pages,
and the collection's own pages are a cover once every member has been found. A run of pages
longer than its material can be (`max_pages`: an ID card is two pages) belongs to the material
that contains such pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from docvalidator.classify.model import Section
from docvalidator.classify.names import fold
from docvalidator.classify.terms import TermIndex
from docvalidator.schema import Material


@dataclass(frozen=True)
class Head:
    text: str
    level: int = 1


@dataclass
class _Open:
    start: int
    materials: list[str]
    heading: str
    term: str
    collection: bool = False
    members: list[str] = field(default_factory=list)


def contains(material: Material, heading: str, than: str = "") -> bool:
    """The material is made of such pages: its `contains` names the heading — more specifically
    than `than`, the term another material is named by (信息安全管理体系认证证书 is not one of a
    CV's 证书)."""
    f = fold(heading)
    return any(fold(c) in f and len(fold(c)) >= len(fold(than)) for c in material.contains)


def opener(heads: Sequence[Head], index: TermIndex) -> tuple[list[str], str, str, bool, int] | None:
    """What a page's headings say it starts: (materials, heading, term, collection?, level)."""
    for level in (1, 2):
        for h in heads:
            if h.level != level:
                continue
            named = index.name(h.text, titles=True)
            if named.materials:
                term = next(iter(named.terms.values()), "")
                return list(named.materials), h.text, term, named.collection, level
    return None


def segment(pages: Sequence[Sequence[Head]], index: TermIndex,
            materials: dict[str, Material]) -> list[Section]:
    """Sections of a document whose page i (1-based) has the headings pages[i-1]."""
    found: list[_Open] = []
    cur: _Open | None = None
    for n, heads in enumerate(pages, 1):
        op = opener(heads, index)
        if op is None:
            continue
        mats, text, term, collection, level = op
        if cur is not None and _continues(cur, mats, text, term, level, materials):
            continue
        cur = _Open(n, mats, text, term, collection, list(mats) if collection else [])
        found.append(cur)
    out: list[Section] = []
    if found and found[0].start > 1:
        out.append(Section((1, found[0].start - 1), None, ""))
    for i, s in enumerate(found):
        end = found[i + 1].start - 1 if i + 1 < len(found) else len(pages)
        later = {m for t in found[i + 1:] for m in t.materials}
        if s.collection:
            rest = [m for m in s.members if m not in later]
            if not rest:
                out.append(Section((s.start, end), None, s.heading, s.term))
                continue
            s.materials = rest
        for m in s.materials:
            out.append(Section((s.start, end), m, s.heading, s.term))
    return _merge(_long_runs(out, materials))


def _continues(cur: _Open, mats: list[str], text: str, term: str, level: int,
               materials: dict[str, Material]) -> bool:
    if cur.collection:
        # the collection's title again continues it; a member's own title, or another
        # material's, ends its opening pages
        return set(mats) == set(cur.members)
    if set(mats) <= set(cur.materials):
        return True
    if any(contains(materials[m], text, term) for m in cur.materials if m in materials):
        return True
    return level > 1


def _long_runs(sections: list[Section], materials: dict[str, Material]) -> list[Section]:
    """A run longer than its material can be is the material that contains such pages."""
    out = []
    for s in sections:
        m = materials.get(s.material or "")
        pages = s.pages[1] - s.pages[0] + 1
        if m is not None and m.max_pages and pages > m.max_pages:
            hosts = [x.id for x in materials.values() if x.id != m.id and contains(x, s.heading)]
            if len(hosts) == 1:
                s = Section(s.pages, hosts[0], s.heading, s.term)
        out.append(s)
    return out


def _merge(sections: list[Section]) -> list[Section]:
    """Adjacent sections of the same material are one."""
    out: list[Section] = []
    for s in sections:
        prev = out[-1] if out else None
        if prev is not None and prev.material == s.material and prev.pages[1] + 1 == s.pages[0] \
                and not any(x.pages == prev.pages and x.material != prev.material for x in out):
            out[-1] = Section((prev.pages[0], s.pages[1]), s.material, prev.heading, prev.term)
        else:
            out.append(s)
    return out
