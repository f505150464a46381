"""The applicant's facts, read once per run from every material's text (the schema's `extract:`
lists) and the manifest, and shared by the applicant rules (DV501–DV508).

A material whose files carry no text (a scan with OCR off or failed) yields no facts: the checks
that need them neither fire nor pass on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docvalidator.checks.applicant.amount import parse_amount
from docvalidator.checks.applicant.extract import extract, snippet
from docvalidator.checks.applicant.model import Fact
from docvalidator.checks.base import CheckContext, analysis, in_section
from docvalidator.manifest import MANIFEST_NAME


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


@analysis("facts", provides={"facts"}, needs={"fact-text", "sections"}, reads_files=False)
def read_facts(ctx: CheckContext, needs: frozenset[str]) -> None:
    fs = FactSet()
    for m in ctx.schema.materials:
        lessee, labelled_only = m.role == "lease", m.third_party
        for path, section in ctx.material_pages(m.id):
            insp = ctx.inspections.get(path)
            pages = [t for t in (insp.texts if insp and not insp.error else [])
                     if t.text.strip() and in_section(t.number, section)]
            if not pages:
                fs.unread.setdefault(m.id, []).append(path)
                continue
            fs.read.setdefault(m.id, []).append(path)
            for t in pages:
                shown, hits = extract(t.text, m.extract, lessee=lessee, labelled_only=labelled_only)
                page = t.number if insp.kind == "pdf" else None
                fs.facts += [Fact(h.name, h.value, m.id, path, page, snippet(shown, h.start, h.end),
                                  t.source) for h in hits]
    fs.facts += _manifest_facts(ctx)
    ctx.facts = fs


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


def materials_extracting(ctx: CheckContext, fact: str) -> list[str]:
    return [m.id for m in ctx.schema.materials if fact in m.extract]


def at(f: Fact) -> dict:
    return {"material": f.material, "file": f.file, "page": f.page}


def seen(f: Fact) -> dict:
    return {"file": f.file, "page": f.page, "snippet": f.snippet, "source": f.source}


def mat_name(ctx: CheckContext, f: Fact) -> str:
    if f.material is None:
        return "申报清单 docvalidator.yaml"
    return ctx.schema.material(f.material).name
