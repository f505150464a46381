"""What a rule sees (CheckContext) and what it yields (Problem). The engine, not the rule,
stamps severity, requirement and fix defaults from the code table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from docvalidator.classify import Classification
from docvalidator.codes import Severity
from docvalidator.config import Settings
from docvalidator.discover import Package, SourceFile
from docvalidator.inspect.types import FileInspection
from docvalidator.manifest import Manifest
from docvalidator.schema import Material, Schema


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
class CheckContext:
    schema: Schema
    manifest: Manifest
    package: Package
    classification: Classification
    inspections: dict[str, FileInspection]
    settings: Settings
    facts: dict[str, bool]
    results: dict[str, Any] = field(default_factory=dict)  # rule outputs others report (clauses verified)

    @property
    def check_date(self) -> dt.date:
        return self.settings.check_date

    def file(self, path: str) -> SourceFile:
        return self._by_path[path]

    @property
    def _by_path(self) -> dict[str, SourceFile]:
        cache = self.__dict__.get("_files")
        if cache is None:
            cache = self.__dict__["_files"] = {f.path: f for f in self.package.files}
        return cache

    def material_files(self, material_id: str) -> list[SourceFile]:
        return [self._by_path[p] for p in self.classification.files_of(material_id)]

    def required(self, material: Material) -> bool:
        return material.is_required(self.facts)

    def present_materials(self) -> list[Material]:
        return [m for m in self.schema.materials if self.classification.files_of(m.id)]


def material_requirement(material: Material) -> str:
    """The requirement line for a material finding: what is required, and on what basis."""
    return f"{material.requirement}（依据：{material.basis}）"


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    check: Callable[[CheckContext], Iterable[Problem]]
    doc: str = ""


REGISTRY: dict[str, Rule] = {}


def rule(*codes: str):
    """Register a check function for the codes it can emit."""

    def register(fn: Callable[[CheckContext], Iterable[Problem]]):
        name = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"
        REGISTRY[name] = Rule(name, codes, fn, (fn.__doc__ or "").strip())
        return fn

    return register
