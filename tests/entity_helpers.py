"""Run the entity rules (DV501–DV508) on texts given per material, without any files."""

from __future__ import annotations

import datetime as dt
from functools import cache

from docvalidator.classify import Assignment, Classification
from docvalidator.config import Settings
from docvalidator.discover import Package
from docvalidator.inspect.types import FileInspection, PageText
from docvalidator.manifest import parse_manifest
from docvalidator.rules import REGISTRY, CheckContext, Problem
from docvalidator.schema import load_schema

ENTITY = {f"DV50{i}" for i in range(1, 9)}


@cache
def _schema(schema_id: str):
    return load_schema(schema_id)


def context(schema: str, materials: dict, manifest: str = "", params: dict | None = None,
            as_of: str = "2026-11-22") -> CheckContext:
    """``materials``: material id → text, or list of page texts, or {"pages": [...],
    "source": "ocr"|"layer"|"none", "kind": "pdf"|"docx"}."""
    sch = _schema(schema).with_overrides(params or {})
    assignments, inspections = {}, {}
    for mid, spec in materials.items():
        if isinstance(spec, str):
            spec = {"pages": [spec]}
        elif isinstance(spec, list):
            spec = {"pages": spec}
        source = spec.get("source", "layer")
        path = spec.get("file", f"{mid}.pdf")
        texts = [PageText(number=i + 1, text=t, source="none" if not t.strip() else source)
                 for i, t in enumerate(spec["pages"])]
        inspections[path] = FileInspection(path=path, sha256="0" * 64, kind=spec.get("kind", "pdf"),
                                           texts=texts)
        assignments[mid] = [Assignment(path, mid, None, "name", mid)]
    pkg = Package(root="/pkg", is_zip=False, files=(), problems=(), manifest=None, ignored=())
    return CheckContext(schema=sch, manifest=parse_manifest(manifest.encode() if manifest else None),
                        package=pkg, classification=Classification(assignments),
                        inspections=inspections,
                        settings=Settings(as_of=dt.date.fromisoformat(as_of)), facts={})


def entity_problems(ctx: CheckContext) -> list[Problem]:
    out: list[Problem] = []
    for rule in REGISTRY.values():
        if set(rule.codes) & ENTITY:
            out.extend(rule.check(ctx))
    return out
