"""What checks share: the rule and analysis registries, what a rule sees (`CheckContext`) and
what it yields (`Problem`).

A rule declares the codes it emits and what it needs (`@rule("DV302", needs={"seals",
"applicant"})`); an analysis declares what it provides and what it needs in turn. The engine
runs the analyses the enabled rules (and the report) need, in dependency order, then the
rules. The engine, not the rule, stamps severity, requirement and fix defaults from the code
table. A rule reads the context and never opens a file.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from docvalidator.classify import Classification, Pages
from docvalidator.codes import Severity
from docvalidator.config import Settings
from docvalidator.inspect.cache import Cache
from docvalidator.inspect.model import FileInspection
from docvalidator.inspect.units import Pool, Unit, Units
from docvalidator.manifest import Manifest
from docvalidator.package import Package, SourceFile
from docvalidator.package.kinds import IMAGE_KINDS
from docvalidator.schema import Material, Schema

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    material: str | None = None
    file: str | None = None
    page: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    requirement: str | None = None
    fix: str | None = None
    severity: Severity | None = None  # None: the code's default


@dataclass
class FileEvidence:
    """What the material-aware analyses found in one file (beyond its inspection)."""

    seals: dict[int, list[Any]] | None = None  # page → seals.Seal, for the pages checked
    signatures: list[Any] = field(default_factory=list)  # seals.SignatureCheck
    photos: list[Any] = field(default_factory=list)  # photos.PhotoInfo
    unreadable: dict[int, str] = field(default_factory=dict)  # page a rule needs → why no text
    # page → OCR'd lines (text, [x0, y0, x1, y1] in page fractions) of the pages OCR read
    ocr_lines: dict[int, list[tuple[str, list[float]]]] = field(default_factory=dict)
    # page → the OCR'd lines read with less than `imaging.ocr.SURE` confidence
    unsure_lines: dict[int, list[str]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # analysis → what went wrong (DV901)


@dataclass
class CheckContext:
    schema: Schema
    manifest: Manifest
    package: Package
    classification: Classification
    inspections: dict[str, FileInspection]
    settings: Settings
    conditions: dict[str, bool]  # the schema's conditions (has_branches …) as declared
    cache: Cache = field(default_factory=lambda: Cache(enabled=False))
    progress: Progress | None = None
    pool: Pool | None = None  # where work units run (engine: --jobs, batch: Dask); None: here
    evidence: dict[str, FileEvidence] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    # filled by analyses (typed by the families that provide them)
    facts: Any = None  # applicant.facts.FactSet
    applicant: Any = None  # applicant.identity.Applicant
    verdicts: Any = None  # content.verdicts.VerdictTable

    def __post_init__(self) -> None:
        self._files = {f.path: f for f in self.package.files}
        self.units = Units(self.cache, self.pool)

    @property
    def check_date(self) -> dt.date:
        return self.settings.check_date

    def file(self, path: str) -> SourceFile:
        return self._files[path]

    def found(self, path: str) -> FileEvidence:
        """The evidence record of a file, created on first use."""
        return self.evidence.setdefault(path, FileEvidence())

    def material_files(self, material_id: str) -> list[SourceFile]:
        return [self._files[p] for p in self.classification.files_of(material_id)]

    def material_pages(self, material_id: str) -> list[tuple[str, Pages | None]]:
        """Where a material is: (path, (first, last) page of its section in a combined file, or
        None for the whole file). Pages count as the inspection's texts do (a Word file's
        paragraphs). Checks that read a material's text or pages read only these."""
        return self.classification.pages_of(material_id)

    def required(self, material: Material) -> bool:
        return material.is_required(self.conditions)

    def present_materials(self) -> list[Material]:
        return [m for m in self.schema.materials if self.classification.files_of(m.id)]

    def with_role(self, role: str) -> list[Material]:
        """The materials the schema declares for a role (`role: business-licence`)."""
        return [m for m in self.schema.materials if m.role == role]

    def role_ids(self, role: str) -> list[str]:
        return [m.id for m in self.with_role(role)]

    def count(self, name: str, n: int = 1) -> None:
        self.counters[name] = self.counters.get(name, 0) + n

    def unit(self, unit: Unit) -> tuple[Any, bool]:
        """A work unit's result and whether it was computed in this run (not cached): from
        an earlier `prefetch`, the cache, or computed now (on the pool, if there is one)."""
        value, how = self.units.get(unit)
        return value, how != "cache"

    def prefetch(self, units: Iterable[Unit]) -> None:
        """Compute these units on the engine's pool, in parallel, ahead of `unit()`."""
        self.units.prefetch(units)


def in_section(page: int, pages: Pages | None) -> bool:
    return pages is None or pages[0] <= page <= pages[1]


def section_span(pages: Pages | None, count: int) -> tuple[int, int]:
    """(first, last) page of a section, the whole file's when it is None."""
    if pages is None:
        return 1, count
    return pages[0], min(pages[1], count) if count else pages[1]


def material_requirement(material: Material) -> str:
    """The requirement line for a material finding: what is required, and on what basis."""
    return f"{material.requirement}（依据：{material.basis}）"


def accepted(source: SourceFile, material: Material) -> bool:
    """Only files that DV104/DV105 leave alone: a file in a format the material does not take,
    or whose bytes are not what its name says, is reported as such and not looked into."""
    fmt = "image" if source.kind in IMAGE_KINDS else source.kind
    return source.ext_matches_kind and fmt in material.formats


def vision_available(ctx: CheckContext) -> bool:
    """OpenCV is installed; without it the seal, signature and photo analyses are skipped and
    counted (`vision_unavailable`), not failed."""
    import importlib.util

    if importlib.util.find_spec("cv2") is None:
        ctx.counters["vision_unavailable"] = 1
        return False
    return True


# ------------------------------------------------------------------------------------------
# Registries


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    check: Callable[[CheckContext], Iterable[Problem]]
    needs: frozenset[str]
    doc: str = ""


@dataclass(frozen=True)
class Analysis:
    name: str
    provides: frozenset[str]
    needs: frozenset[str]
    run: Callable[[CheckContext, frozenset[str]], None]  # (ctx, every need of this run)
    reads_files: bool = True  # False: works on inspections alone (the rule cases run these)


RULES: dict[str, Rule] = {}
ANALYSES: dict[str, Analysis] = {}


def rule(*codes: str, needs: Iterable[str] = ()):
    """Register a check function for the codes it can emit and the analyses it reads."""

    def register(fn: Callable[[CheckContext], Iterable[Problem]]):
        name = f"{fn.__module__.rsplit('.', 2)[-2]}.{fn.__name__}"
        RULES[name] = Rule(name, codes, fn, frozenset(needs), inspect.getdoc(fn) or "")
        return fn

    return register


def analysis(name: str, *, provides: Iterable[str], needs: Iterable[str] = (),
             reads_files: bool = True):
    """Register an analysis: it fills the context with what it provides."""

    def register(fn: Callable[[CheckContext, frozenset[str]], None]):
        ANALYSES[name] = Analysis(name, frozenset(provides), frozenset(needs), fn, reads_files)
        return fn

    return register


def plan(needs: Iterable[str], *, files: bool = True) -> tuple[list[Analysis], frozenset[str]]:
    """The analyses that provide `needs`, with what they need in turn, in dependency order
    (registration order among equals), and every need of the run (each analysis is told them
    all: the pages OCR reads depend on who reads text). `files=False` keeps only the analyses
    that read no file."""
    wanted = set(needs)
    chosen: list[Analysis] = []
    changed = True
    while changed:
        changed = False
        for a in ANALYSES.values():
            if a not in chosen and a.provides & wanted:
                chosen.append(a)
                wanted |= a.needs
                changed = True
    ordered: list[Analysis] = []
    while chosen:
        ready = [a for a in chosen
                 if not any(b.provides & a.needs for b in chosen if b is not a)]
        if not ready:
            raise RuntimeError("analyses need each other: " + ", ".join(a.name for a in chosen))
        ordered.append(ready[0])
        chosen.remove(ready[0])
    return [a for a in ordered if files or not a.reads_files], frozenset(wanted)


def all_needs(rules: Iterable[Rule]) -> frozenset[str]:
    return frozenset(n for r in rules for n in r.needs)


def rules_for(codes: Iterable[str]) -> list[Rule]:
    wanted = set(codes)
    return [r for r in RULES.values() if wanted.intersection(r.codes)]


def code_docs() -> dict[str, str]:
    """Each code's documentation: the docstring of the rule that emits it."""
    return {c: r.doc for r in RULES.values() for c in r.codes}
