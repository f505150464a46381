"""Who the applicant is, in one place: name, short name, unified social credit code and legal
representative. The manifest's value when it declares one, else what the documents say — the
business licence first, then the name most materials agree on. Conflicts between them are
DV503's and DV504's to report (once); every rule that needs the applicant reads this."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from docvalidator.checks.applicant.facts import FactSet
from docvalidator.checks.applicant.model import Fact
from docvalidator.checks.base import CheckContext, analysis
from docvalidator.text.names import name_key

LICENCE_ROLE = "business-licence"
OTHER_ENTITY_ROLE = "branch"  # a branch's documents name another organisation


@dataclass(frozen=True)
class Applicant:
    name: str | None = None
    short_name: str | None = None
    credit_code: str | None = None
    legal_representative: str | None = None
    name_from: str = ""  # "manifest" | "documents" | ""

    def names(self) -> list[str]:
        """The names to look for (on a sign, a seal): the name and the short name."""
        return [n for n in (self.name, self.short_name) if n]

    def to_dict(self) -> dict[str, str | None]:
        return {"name": self.name, "credit_code": self.credit_code}


def preferred(facts: list[Fact], licence: set[str], others: set[str]) -> str | None:
    """The documents' value: the business licence's, else the one most materials give."""
    facts = [f for f in facts if f.material not in others]
    if not facts:
        return None
    lic = [f for f in facts if f.material in licence]
    if lic:
        return str(lic[0].value)
    counts = Counter(name_key(str(f.value)) for f in facts)
    best = counts.most_common(1)[0][0]
    return next(str(f.value) for f in facts if name_key(str(f.value)) == best)


def from_documents(ctx: CheckContext, fs: FactSet, name: str) -> str | None:
    licence = set(ctx.role_ids(LICENCE_ROLE))
    others = set(ctx.role_ids(OTHER_ENTITY_ROLE))
    return preferred(fs.of(name, manifest=False), licence, others)


@analysis("applicant", provides={"applicant"}, needs={"facts"}, reads_files=False)
def identify_applicant(ctx: CheckContext, needs: frozenset[str]) -> None:
    man = ctx.manifest
    found_name = from_documents(ctx, ctx.facts, "company_name")
    name = man.company_name or found_name
    ctx.applicant = Applicant(
        name=name,
        short_name=man.short_name,
        credit_code=man.credit_code or from_documents(ctx, ctx.facts, "credit_code"),
        legal_representative=man.company.get("legal_representative")
        or from_documents(ctx, ctx.facts, "legal_representative"),
        name_from="manifest" if man.company_name else ("documents" if found_name else ""),
    )
