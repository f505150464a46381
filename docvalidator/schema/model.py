"""Typed view of a validated schema. Built only by the loader, from a dict the meta-schema accepted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The roles a material can play for the checks: rules find "the business licence" or "the venue
# photos" by role, never by a material id, so a schema may name its materials as it likes.
ROLES = {
    "business-licence": "营业执照：申请单位名称的首要来源，营业期限，登记机关印章",
    "lease": "经营场地租赁合同：承租方为申请单位，租期",
    "venue-photos": "场地照片：坐席、标识",
    "staff-list": "主要管理、技术人员名单：人数",
    "social-insurance": "社保缴纳证明：参保人数与月数",
    "telecom-licence": "已取得的电信业务经营许可证：有效期",
    "branch": "分支机构的材料：另一主体的名称和代码，不与申请单位比对",
}


@dataclass(frozen=True)
class Stricter:
    """A stricter value that only secondary sources or some regions ask for (a warning)."""

    value: Any
    sources: tuple[str, ...]
    note: str = ""

    @property
    def label(self) -> str:
        return source_label(self.sources)


@dataclass(frozen=True)
class Parameter:
    name: str
    default: Any
    description: str
    alternatives: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    stricter: Stricter | None = None


LEVELS = ("required", "some-sources", "conditional", "optional")


def source_label(sources: tuple[str, ...] | list[str], most: int = 4) -> str:
    """Sources as a reader sees them: catalogue keys as they are (S2, W27), a URL by its host
    (icp-1.com), at most `most` of them."""
    out: list[str] = []
    for s in sources:
        if "://" in s:
            s = s.split("://", 1)[1].split("/", 1)[0].removeprefix("www.").removeprefix("m.")
        if s not in out:
            out.append(s)
    more = len(out) - most
    return "、".join(out[:most]) + (f" 等 {len(out)} 处" if more > 0 else "")


@dataclass(frozen=True)
class Term:
    """A real-world name of a material and where it was found."""

    term: str
    lang: str
    sources: tuple[str, ...]
    ambiguous: bool = False  # the name alone does not decide: a hint, never an assignment
    note: str = ""


@dataclass(frozen=True)
class SealNeed:
    pages: str  # first | last | every | any
    issuer: str = "applicant"
    printed_authority_seal: bool = False


@dataclass(frozen=True)
class Material:
    id: str
    name: str
    formats: tuple[str, ...]
    keywords: tuple[str, ...]
    requirement: str
    basis: str
    name_en: str = ""
    required_if: str | None = None
    multiple: bool = False
    title_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()  # names of combined documents that usually hold it
    vocabulary: tuple[Term, ...] = ()
    contains: tuple[str, ...] = ()  # headings of the documents it is made of
    max_pages: int | None = None
    level: str = "required"  # LEVELS
    level_sources: tuple[str, ...] = ()
    level_note: str = ""
    seal: SealNeed | None = None
    signature_labels: tuple[str, ...] = ()
    content: str = ""
    extract: tuple[str, ...] = ()
    fix: str = ""
    role: str | None = None  # what the checks know it as (ROLES)
    third_party: bool = False  # other organisations also write or sign it

    def condition_holds(self, facts: dict[str, bool]) -> bool:
        if not self.required_if:
            return False
        name = self.required_if.strip()
        negate = name.startswith("not ")
        if negate:
            name = name[4:].strip()
        return bool(facts.get(name, False)) != negate

    def is_required(self, facts: dict[str, bool]) -> bool:
        """Required for certain (a missing one is an error): the primary sources require it, or
        a fact the package declares (``required_if``) makes it required."""
        return self.level == "required" or self.condition_holds(facts)

    def expectation(self, facts: dict[str, bool]) -> str | None:
        """What a missing material is: "required" (error), "some-sources" (warning) or None."""
        if self.is_required(facts):
            return "required"
        return "some-sources" if self.level == "some-sources" else None

    @property
    def match_terms(self) -> tuple[str, ...]:
        """The vocabulary terms that may decide a file on their own."""
        return tuple(t.term for t in self.vocabulary if not t.ambiguous)


@dataclass(frozen=True)
class QuantityRequirement:
    comparator: str
    value: Any  # number, or "$parameter" resolved through Schema.param
    unit: str
    day_is_24h: bool = False
    threshold: bool = False  # a trigger value: compared as stated, whatever bound word surrounds it


@dataclass(frozen=True)
class Clause:
    id: str
    name: str
    kind: str  # quantity | encryption | presence
    materials: tuple[str, ...]
    requirement: str
    basis: str
    objects: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    quantity: QuantityRequirement | None = None
    encryption: dict[str, Any] | None = None
    terms: tuple[str, ...] = ()
    severity: str = "error"
    match: str = "any"  # presence: any one term, or all of them
    wordings: tuple[str, ...] = ()  # other ways real text states it; count like terms
    related: tuple[str, ...] = ()  # words that mention it without stating it: a warning, never a pass
    self_terms: tuple[str, ...] = ()  # terms that count only where the applicant speaks of itself
    speaker: str = "applicant"  # "any": a citation counts whoever makes it
    states: str = "commitment"  # "fact": a requirement described ("须具备…") does not count
    exclude: tuple[str, ...] = ()  # words that, in the same comma clause, make it another matter
    # presence: an action near an object states it (保护…个人资料): (objects, actions), one per
    # way of stating it (an incident and its handling; a leak and the report made at once)
    pairs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    meaning: bool = False  # presence: also read by the meaning model (text.meaning)
    contrary: tuple[str, ...] = ()  # presence: words that state the opposite (新加坡 for 境内): fails it
    # presence: a sentence with one of these is never passed by meaning (防止…泄露: a leak
    # prevented, not an incident's handling)
    unlike: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    id: str
    name: str
    materials: tuple[str, ...]
    terms: tuple[str, ...]
    requirement: str
    basis: str
    pattern: str | None = None
    objects: tuple[str, ...] = ()  # what the sentence (or its heading) must be about
    related: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    severity: str = "error"
    labelled: bool = False  # "服务流程：<a value>" states it, whatever the value's form
    speaker: str = "applicant"
    states: str = "commitment"
    # (objects, actions): an action near an object states a field that has no pattern (热线…受理报案)
    pairs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Forbidden:
    id: str
    name: str
    terms: tuple[str, ...]
    materials: tuple[str, ...]
    severity: str
    requirement: str
    basis: str
    as_purpose: bool = False
    allow: tuple[str, ...] = ()  # compounds that contain a term but are not the forbidden use
    claims: bool = False  # fires only as a promotional claim (not 第一步, 最好提前…, 唯一编号)
    meaning: bool = False  # also read by the meaning model (text.meaning): a warning to verify
    related: tuple[str, ...] = ()  # weaker words: a use of one is only ever a warning

    def applies_to(self, material_id: str) -> bool:
        return "*" in self.materials or material_id in self.materials


@dataclass(frozen=True)
class Schema:
    id: str
    title_zh: str
    title_en: str
    authority: str
    legal_basis: tuple[str, ...]
    materials: tuple[Material, ...]
    source: str
    matter: str = ""
    parameters: dict[str, Parameter] = field(default_factory=dict)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    scope_terms: tuple[str, ...] = ()
    clauses: tuple[Clause, ...] = ()
    fields: tuple[Field, ...] = ()
    forbidden: tuple[Forbidden, ...] = ()
    overrides: dict[str, Any] = field(default_factory=dict)  # parameter values set by config
    abstract: bool = False

    def material(self, material_id: str) -> Material:
        for m in self.materials:
            if m.id == material_id:
                return m
        raise KeyError(material_id)

    @property
    def material_ids(self) -> list[str]:
        return [m.id for m in self.materials]

    def param(self, name: str, default: Any = None) -> Any:
        """A parameter's value: the config's override, else the schema's default."""
        if name in self.overrides:
            return self.overrides[name]
        p = self.parameters.get(name)
        return p.default if p is not None else default

    def stricter(self, name: str) -> Stricter | None:
        """The stricter secondary value of a parameter, unless the configuration chose the
        parameter's value itself (then that value is the rule)."""
        if name in self.overrides:
            return None
        p = self.parameters.get(name)
        return p.stricter if p is not None else None

    def resolve(self, value: Any) -> Any:
        """Resolve a ``$parameter`` reference used inside clauses."""
        if isinstance(value, str) and value.startswith("$"):
            return self.param(value[1:])
        return value

    def clauses_for(self, material_id: str) -> list[Clause]:
        return [c for c in self.clauses if material_id in c.materials]

    def fields_for(self, material_id: str) -> list[Field]:
        return [f for f in self.fields if material_id in f.materials]

    def with_overrides(self, overrides: dict[str, Any]) -> Schema:
        from dataclasses import replace

        return replace(self, overrides={**self.overrides, **overrides})
