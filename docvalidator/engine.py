"""Run the pipeline: discover → classify → inspect → check → report data.

The engine stamps each rule's problems with severity, requirement and fix defaults from the
code table, turns inspection failures into DV901, applies --select/--ignore, and sorts.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docvalidator import __version__, codes
from docvalidator.analysis import ANALYSES, AnalysisJob
from docvalidator.analysis.ocr import title_texts
from docvalidator.baseline import Waiver, apply_baseline
from docvalidator.classify import Classification, classify
from docvalidator.codes import Severity
from docvalidator.config import Settings
from docvalidator.discover import Package, discover
from docvalidator.errors import UsageError
from docvalidator.inspect import FileInspection
from docvalidator.inspect.cache import Cache
from docvalidator.inspect.stage import inspect_files
from docvalidator.manifest import Manifest, parse_manifest
from docvalidator.model import FileRecord, Finding, MaterialResult, Report, sort_findings
from docvalidator.rules import REGISTRY, CheckContext, Problem
from docvalidator.schema import Schema, builtin_ids, load_schema
from docvalidator.thumbnails import make_thumbnails, write_evidence

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class RunStats:
    """Counters a run reports about itself (files inspected vs. served from the cache, …)."""

    files: int = 0
    inspected: int = 0
    cached: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def resolve_schema(settings: Settings, manifest: Manifest, package: Package | None = None) -> Schema:
    """--schema (or the config) wins over the manifest. A schema file the manifest names is
    found relative to the package folder, so the package carries its own schema."""
    ref = settings.schema or manifest.schema
    if ref and not settings.schema and package is not None and not package.is_zip \
            and ref not in builtin_ids() and (Path(package.root) / ref).is_file():
        ref = str(Path(package.root) / ref)
    if not ref:
        raise UsageError("no schema given: pass --schema ID or set `schema:` in docvalidator.yaml "
                         f"(built-in ids: {', '.join(builtin_ids())})")
    schema = load_schema(ref)
    if schema.abstract:
        raise UsageError(f"schema {ref!r} is a base for other schemas, not an application type")
    overrides = {**manifest.parameters, **settings.parameters}
    unknown = sorted(set(overrides) - set(schema.parameters))
    if unknown:
        raise UsageError(f"unknown schema parameter {unknown[0]!r} "
                         f"(parameters of {schema.id}: {', '.join(sorted(schema.parameters))})")
    return schema.with_overrides(overrides)


def _facts(schema: Schema, manifest: Manifest) -> dict[str, bool]:
    unknown = sorted(set(manifest.facts) - set(schema.facts))
    if unknown:
        raise UsageError(f"docvalidator.yaml: facts.{unknown[0]}: not a fact of schema {schema.id} "
                         f"(facts: {', '.join(sorted(schema.facts))})")
    facts = {k: bool(v.get("default", False)) for k, v in schema.facts.items()}
    facts.update(manifest.facts)
    return facts


def inspect_all(package: Package, settings: Settings, stats: RunStats,
                progress: Progress | None = None) -> dict[str, FileInspection]:
    """Every file's inspection: from the cache, else from worker processes with limits."""
    inspections, counts = inspect_files(
        package.files, jobs=settings.job_count, timeout=settings.timeout,
        memory_mb=settings.memory_mb, cache=Cache(enabled=settings.cache), progress=progress)
    stats.inspected += counts.inspected
    stats.cached += counts.cached
    if counts.workers_replaced:
        stats.extra["workers_replaced"] = counts.workers_replaced
    return inspections


def _evidence_dir(folder: str, package: Package) -> str:
    """--evidence-dir, refused inside the package (a check never writes into it)."""
    target = Path(folder).resolve()
    root = Path(package.root).resolve()
    if not package.is_zip and (target == root or root in target.parents):
        raise UsageError(f"--evidence-dir {folder}: inside the package; choose a folder outside it")
    return str(target)


def _to_finding(p: Problem, schema: Schema) -> Finding:
    c = codes.get(p.code)
    return Finding(
        code=p.code,
        severity=p.severity or c.severity,
        material=p.material,
        file=p.file,
        page=p.page,
        message=p.message,
        requirement=p.requirement or c.requirement,
        fix=p.fix or c.fix,
        evidence=p.evidence,
    )


def _processing_failures(inspections: dict[str, FileInspection],
                         classification: Classification) -> list[Problem]:
    out = []
    for path, insp in sorted(inspections.items()):
        if insp.error:
            out.append(Problem("DV901", f"文件“{path.rsplit('/', 1)[-1]}”处理失败：{insp.error}",
                               material=classification.material_of(path), file=path,
                               evidence={"error": insp.error}))
    return out


def _material_results(schema: Schema, ctx: CheckContext, findings: tuple[Finding, ...]) -> tuple[MaterialResult, ...]:
    out = []
    for m in schema.materials:
        files = tuple(ctx.classification.files_of(m.id))
        mine = [f for f in findings if f.material == m.id]
        required = ctx.required(m)
        if any(f.code == "DV101" for f in mine):
            status = "missing"
        elif any(f.severity in (Severity.ERROR, Severity.WARNING) for f in mine):
            status = "defective"
        elif files:
            status = "ok"
        else:
            status = "not-required"
        clauses = tuple(ctx.results.get("clauses", {}).get(m.id, ()))
        out.append(MaterialResult(m.id, m.name, status, files, required, clauses))
    return tuple(out)


def _applicant(manifest: Manifest, ctx: CheckContext) -> dict:
    """The manifest's name and credit code; what the documents say fills in what it leaves out."""
    found = ctx.results.get("facts", {}).get("applicant", {})
    return {"name": manifest.company_name or found.get("name"),
            "credit_code": manifest.credit_code or found.get("credit_code")}


def run(path: str | os.PathLike, settings: Settings, progress: Progress | None = None,
        stats: RunStats | None = None, *, baseline: list[Waiver] | None = None,
        thumbnails: bool = False) -> Report:
    """Check one package and return the report data. Raises DocValidatorError for user errors.

    `baseline`: waivers to suppress (expired ones do not); the report then carries the waiver
    bookkeeping. `thumbnails`: render the pages findings point at (for the html format)."""
    stats = stats if stats is not None else RunStats()
    package = discover(path)
    manifest = parse_manifest(package.manifest)
    schema = resolve_schema(settings, manifest, package)
    facts = _facts(schema, manifest)
    enabled = settings.enabled_codes()

    inspections = inspect_all(package, settings, stats, progress)
    stats.files = len(package.files)
    titles = {p: i.title_text() for p, i in inspections.items()}
    # files the manifest names (the logo, a package's own schema) describe the package;
    # they are not materials
    described = {p for p in (manifest.logo, manifest.schema) if p}
    classifiable = [f for f in package.files if f.path not in described]
    classification = classify(classifiable, schema, titles)
    cache = Cache(enabled=settings.cache)
    if settings.ocr and classification.unassigned:
        # a scan named scan001.pdf: OCR the top of its first page and classify again by title
        found = title_texts(package, inspections, classification, schema, cache, stats.extra)
        if found:
            classification = classify(classifiable, schema, {**titles, **found})

    job = AnalysisJob(package=package, schema=schema, manifest=manifest,
                      classification=classification, inspections=inspections, settings=settings,
                      enabled=enabled, cache=cache, progress=progress)
    for _name, analysis in ANALYSES:
        analysis(job)
    for name, n in job.counters.items():
        stats.extra[name] = stats.extra.get(name, 0) + n

    ctx = CheckContext(schema=schema, manifest=manifest, package=package,
                       classification=classification, inspections=inspections,
                       settings=settings, facts=facts)
    problems: list[Problem] = _processing_failures(inspections, classification)
    for rule in REGISTRY.values():
        if not enabled.intersection(rule.codes):
            continue
        problems.extend(rule.check(ctx))
    findings = [_to_finding(p, schema) for p in problems if p.code in enabled]
    files = tuple(FileRecord(f.path, f.sha256, f.size, f.kind, inspections[f.path].page_count)
                  for f in package.files)
    ordered = sort_findings(findings, schema.material_ids)
    waivers = None
    if baseline is not None:
        kept, waivers = apply_baseline(ordered, files, baseline, settings.check_date)
        ordered = tuple(kept)
    if settings.evidence_dir:
        ordered = write_evidence(package, ordered, _evidence_dir(settings.evidence_dir, package))
    pictures = make_thumbnails(package, ordered) if thumbnails else {}
    return Report(
        tool_version=__version__,
        schema_id=schema.id,
        schema_title=schema.title_zh,
        package_path=Path(path).as_posix(),
        materials=_material_results(schema, ctx, ordered),
        findings=ordered,
        files=files,
        applicant=_applicant(manifest, ctx),
        schema_info={"authority": schema.authority, "legal_basis": list(schema.legal_basis),
                     "matter": schema.matter, "title_en": schema.title_en,
                     "correction_window": schema.param("correction_window")},
        check_date=settings.check_date.isoformat(),
        thumbnails=pictures,
        waivers=waivers,
    )
