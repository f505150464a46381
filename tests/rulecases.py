"""Build a check context from a rule case (data, no files) and run a family's rules on it.

A case describes what the rules would see: the schema, the manifest, the files with their
inspections (texts, PDF pages, image header) and what the file-reading analyses found (seals,
signatures, photos, unreadable pages, failures). The analyses that read no file (facts, the
applicant, clause verdicts) run for real on that data; then the rules of the case's family.

Case keys (every one optional but `id` and `codes`):
  id, codes             the codes that must fire, exactly (as a set; [] = silent)
  schema, params        the application type (default b24-national) and parameter overrides
  manifest              docvalidator.yaml as text
  as_of, ocr            check date (default 2026-11-22) and whether OCR is on (default true)
  select                codes to run (default: every code of the family)
  materials             shorthand: material id → its text, a list of page texts, or a file spec
  files                 file specs: {path, material, kind, size, ext, pages|text, source, pdf,
                        image, error, seals, signatures, photos, unreadable, failures,
                        section, recognition}; `material` may list several (a combined file),
                        `section: [first, last]` the pages it is, `recognition` what the
                        name and content said ({meaningless, hints: {id: term}, first_heads,
                        content, conflict: [named, content], sections: [[a, b, id, heading]]})
  refused               package entries refused: [{path, reason, detail}]
  findings              details to pin: [{code, file, page, severity, material, message}] —
                        each must match one finding (`message`: a substring)
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from docvalidator.checks import RULES, CheckContext, Problem, plan
from docvalidator.checks.base import FileEvidence, all_needs
from docvalidator.checks.photos.model import PhotoInfo
from docvalidator.checks.seals.model import Seal, SignatureCheck
from docvalidator.classify import Assignment, Classification, Recognition, Section
from docvalidator.config import Settings
from docvalidator.engine import REPORT_NEEDS
from docvalidator.inspect.model import FileInspection, PageText
from docvalidator.manifest import parse_manifest
from docvalidator.package import Package, RefusedEntry, SourceFile
from docvalidator.package.names import file_ext
from docvalidator.schema import load_schema

CHECKS = Path(__file__).resolve().parent.parent / "docvalidator" / "checks"
CASE_FILES = sorted(CHECKS.glob("*/cases.yml"))


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for f in CASE_FILES:
        for case in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            out.append((f.parent.name, case))
    return out


def family_codes(family: str) -> set[str]:
    return {c for r in RULES.values() if r.name.split(".")[0] == family for c in r.codes}


@cache
def _schema(schema_id: str):
    return load_schema(schema_id)


def _file_spec(material: str | None, spec: Any) -> dict[str, Any]:
    if isinstance(spec, str):
        spec = {"pages": [spec]}
    elif isinstance(spec, list):
        spec = {"pages": spec}
    return {"material": material, **spec}


def _inspection(path: str, kind: str, spec: dict[str, Any]) -> FileInspection:
    pages = spec.get("pages")
    if pages is None and "text" in spec:
        pages = [spec["text"]]
    source = spec.get("source", "layer")
    texts = [PageText(number=i + 1, text=t, source="none" if not t.strip() else source)
             for i, t in enumerate(pages or [])]
    data: dict[str, Any] = {"path": path, "sha256": "0" * 64, "kind": kind,
                            "size": spec.get("size", 1000), "texts": texts,
                            "error": spec.get("error")}
    if "pdf" in spec:
        pdf = dict(spec["pdf"])
        pdf.setdefault("page_count", len(pdf.get("pages", [])) or len(texts))
        data["pdf"] = pdf
    elif kind == "pdf" and pages is not None:
        data["pdf"] = {"page_count": len(texts),
                       "pages": [{"number": i + 1, "has_text_layer": bool(t.text.strip())}
                                 for i, t in enumerate(texts)]}
    if "image" in spec:
        data["image"] = spec["image"]
    return FileInspection.model_validate(data)


def _evidence(spec: dict[str, Any]) -> FileEvidence:
    seals = spec.get("seals")
    return FileEvidence(
        seals={int(p): [Seal.model_validate({"bbox_px": [0, 0, 1, 1], "dpi": 75.0,
                                             "confidence": 1.0, "kind": "round", **s})
                        for s in found] for p, found in seals.items()} if seals is not None else None,
        signatures=[SignatureCheck.model_validate(s) for s in spec.get("signatures", [])],
        photos=[PhotoInfo.model_validate(p) for p in spec.get("photos", [])],
        unreadable={int(p): r for p, r in spec.get("unreadable", {}).items()},
        failures=dict(spec.get("failures", {})),
    )


def _recognition(path: str, spec: dict[str, Any]) -> Recognition:
    hints = spec.get("hints") or {}
    return Recognition(
        file=path, meaningless=spec.get("meaningless", False), hints=list(hints),
        hint_terms=dict(hints), first_heads=list(spec.get("first_heads") or []),
        content=spec.get("content", "text"),
        conflict=tuple(spec["conflict"]) if spec.get("conflict") else None,
        sections=[Section((a, b), m, h) for a, b, m, h in spec.get("sections") or []])


def context(case: dict[str, Any]) -> CheckContext:
    schema = _schema(case.get("schema", "b24-national")).with_overrides(case.get("params") or {})
    specs = [_file_spec(m, s) for m, s in (case.get("materials") or {}).items()]
    specs += [dict(s) for s in case.get("files") or []]
    sources, inspections, evidence = [], {}, {}
    assignments: dict[str, list[Assignment]] = {m.id: [] for m in schema.materials}
    unassigned = []
    recognition: dict[str, Recognition] = {}
    for spec in specs:
        material = spec.get("material")
        path = spec.get("path") or f"{material}.{spec.get('ext', 'pdf')}"
        ext = spec.get("ext", file_ext(path))
        kind = spec.get("kind") or {"jpg": "jpeg", "": "unknown"}.get(ext, ext)
        sources.append(SourceFile(path, spec.get("size", 1000), "0" * 64, kind, ext, ("case",)))
        inspections[path] = _inspection(path, kind, spec)
        evidence[path] = _evidence(spec)
        if "recognition" in spec:
            recognition[path] = _recognition(path, spec["recognition"])
        if material:
            # a file may serve several materials (a compilation): `material: [a, b]`
            section = tuple(spec["section"]) if spec.get("section") else None
            for mid in [material] if isinstance(material, str) else material:
                assignments[mid].append(Assignment(path, mid, "name", mid, section))
        else:
            unassigned.append(path)
    manifest_text = case.get("manifest") or ""
    package = Package(root="/case", is_zip=False, files=tuple(sorted(sources, key=lambda f: f.path)),
                      problems=tuple(RefusedEntry(**r) for r in case.get("refused") or []),
                      manifest=manifest_text.encode() or None, ignored=())
    manifest = parse_manifest(package.manifest)
    conditions = {k: bool(v.get("default", False)) for k, v in schema.facts.items()}
    conditions.update(manifest.facts)
    settings = Settings(as_of=dt.date.fromisoformat(str(case.get("as_of", "2026-11-22"))),
                        ocr=case.get("ocr", True))
    return CheckContext(schema=schema, manifest=manifest, package=package,
                        classification=Classification(assignments, unassigned, recognition),
                        inspections=inspections, settings=settings, conditions=conditions,
                        evidence=evidence)


def run_case(family: str, case: dict[str, Any]) -> list[Problem]:
    ctx = context(case)
    selected = set(case.get("select") or family_codes(family))
    rules = [r for r in RULES.values() if selected.intersection(r.codes)]
    analyses, needs = plan(all_needs(rules) | REPORT_NEEDS, files=False)
    for a in analyses:
        a.run(ctx, needs)
    return [p for r in rules for p in r.check(ctx) if p.code in selected]
