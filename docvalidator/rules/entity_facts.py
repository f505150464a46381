"""The applicant's facts, read once per run from every material's text (schema `extract:` lists)
and the manifest, and shared by the entity rules (DV501–DV508) through the check context.

A material whose files carry no text (a scan with OCR off or failed) yields no facts: the checks
that need them report "not-evaluated" in ``ctx.results["entity"]`` instead of passing or firing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docvalidator.facts.amount import parse_amount
from docvalidator.facts.extract import extract, name_key, snippet
from docvalidator.facts.model import Fact
from docvalidator.manifest import MANIFEST_NAME
from docvalidator.rules.base import CheckContext

# materials naming another organisation as their subject (a branch has its own name and code)
OTHER_ENTITY_MATERIALS = frozenset({"branch-documents", "branch-proof"})


@dataclass
class FactSet:
    facts: list[Fact] = field(default_factory=list)
    unread: dict[str, list[str]] = field(default_factory=dict)  # material → files without text
    read: dict[str, list[str]] = field(default_factory=dict)  # material → files with text

    def of(self, name: str, materials: Iterable[str] | None = None, manifest: bool = True) -> list[Fact]:
        allowed = set(materials) if materials is not None else None
        return [f for f in self.facts if f.name == name
                and ((f.material is None and manifest) or (f.material is not None
                     and (allowed is None or f.material in allowed)))]

    def readable(self, materials: Iterable[str]) -> bool:
        return any(self.read.get(m) for m in materials)

    def to_dict(self) -> dict[str, Any]:
        return {"facts": [f.to_dict() for f in self.facts],
                "unread": {k: list(v) for k, v in sorted(self.unread.items())},
                "applicant": self.applicant()}

    def applicant(self) -> dict[str, str | None]:
        """The applicant's name and credit code as the documents give them (licence first)."""
        return {"name": _preferred(self.of("company_name", manifest=False, materials=None)),
                "credit_code": _preferred([f for f in self.of("credit_code", manifest=False)
                                           if f.material not in OTHER_ENTITY_MATERIALS])}


def _preferred(facts: list[Fact]) -> str | None:
    facts = [f for f in facts if f.material not in OTHER_ENTITY_MATERIALS]
    if not facts:
        return None
    lic = [f for f in facts if f.material == "business-license"]
    if lic:
        return str(lic[0].value)
    counts = Counter(name_key(str(f.value)) for f in facts)
    best = counts.most_common(1)[0][0]
    return next(str(f.value) for f in facts if name_key(str(f.value)) == best)


def materials_extracting(ctx: CheckContext, fact: str) -> list[str]:
    return [m.id for m in ctx.schema.materials if fact in m.extract]


def facts_of(ctx: CheckContext) -> FactSet:
    """Read (once) and return the facts; publishes them in ``ctx.results["facts"]``."""
    cached = ctx.__dict__.get("_entity_facts")
    if cached is not None:
        return cached
    fs = FactSet()
    for m in ctx.schema.materials:
        for path in ctx.classification.files_of(m.id):
            insp = ctx.inspections.get(path)
            pages = [t for t in (insp.texts if insp and not insp.error else []) if t.text.strip()]
            if not pages:
                fs.unread.setdefault(m.id, []).append(path)
                continue
            fs.read.setdefault(m.id, []).append(path)
            for t in pages:
                shown, hits = extract(t.text, m.extract, m.id)
                page = t.number if insp.kind == "pdf" else None
                fs.facts += [Fact(h.name, h.value, m.id, path, page, snippet(shown, h.start, h.end),
                                  t.source) for h in hits]
    fs.facts += _manifest_facts(ctx)
    ctx.__dict__["_entity_facts"] = fs
    ctx.results["facts"] = fs.to_dict()
    return fs


def _manifest_facts(ctx: CheckContext) -> list[Fact]:
    man = ctx.manifest
    out = []

    def add(name: str, value: Any, shown: Any) -> None:
        out.append(Fact(name, value, None, MANIFEST_NAME, None, f"company.{shown}", "manifest"))

    if man.company_name:
        add("company_name", man.company_name, f"name: {man.company_name}")
    if man.credit_code:
        add("credit_code", man.credit_code.upper(), f"credit_code: {man.credit_code}")
    capital = man.company.get("registered_capital")
    if capital is not None:
        amount = (parse_amount(f"{capital}万元") if isinstance(capital, int | float)
                  else parse_amount(str(capital)))
        if amount is not None:
            add("registered_capital", {"wan": amount.wan, "currency": amount.currency,
                                       "text": str(capital)}, f"registered_capital: {capital}")
    rep = man.company.get("legal_representative")
    if rep:
        add("legal_representative", str(rep), f"legal_representative: {rep}")
    return out


def at(f: Fact) -> dict:
    return {"material": f.material, "file": f.file, "page": f.page}


def seen(f: Fact) -> dict:
    return {"file": f.file, "page": f.page, "snippet": f.snippet, "source": f.source}


def mat_name(ctx: CheckContext, f: Fact) -> str:
    if f.material is None:
        return "申报清单 docvalidator.yaml"
    return ctx.schema.material(f.material).name


def unread_reason(ctx: CheckContext, materials: list[str]) -> str:
    files = [p for m in materials for p in facts_of(ctx).unread.get(m, [])]
    if files:
        return f"无可读文本（扫描件未识别）：{', '.join(files)}"
    return "未找到相应材料或字段"


def record(ctx: CheckContext, code: str, status: str, **detail: Any) -> None:
    """Note what a check concluded (passed, failed, not-evaluated) for reports to show."""
    ctx.results.setdefault("entity", {})[code] = {"status": status, **detail}
