"""Run the pipeline: discover → classify → inspect → check → report data.

The engine stamps each rule's problems with severity, requirement and fix defaults from the
code table, turns inspection failures into DV901, applies --select/--ignore, and sorts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from docvalidator import __version__, codes
from docvalidator.baseline import Waiver, apply_baseline
from docvalidator.checks import CheckContext, Problem, code_docs, plan, rules_for
from docvalidator.checks.base import Progress, all_needs
from docvalidator.classify import Classification, classify
from docvalidator.codes import Severity
from docvalidator.config import Settings
from docvalidator.errors import UsageError
from docvalidator.imaging.ocr import use_threads
from docvalidator.inspect import FileInspection
from docvalidator.inspect.cache import Cache
from docvalidator.inspect.stage import inspect_files
from docvalidator.inspect.units import LocalPool, Pool
from docvalidator.manifest import Manifest, parse_manifest
from docvalidator.model import (
    FileRecord,
    Finding,
    MaterialResult,
    Report,
    SectionRef,
    sort_findings,
)
from docvalidator.package import Package, discover
from docvalidator.schema import Schema, builtin_ids, load_schema
from docvalidator.text import meaning
from docvalidator.thumbnails import make_thumbnails, write_evidence

# What every report shows, whichever codes are selected: the material table with its sections,
# the clause table and the applicant.
REPORT_NEEDS = frozenset({"sections", "verdicts", "applicant"})
# A work unit (one OCR'd page; a file's signature search, up to three pages) may take this many
# times a file's inspection limit: a dense page takes 20 s to OCR on a loaded machine.
UNIT_TIME_FACTOR = 5
# A unit worker lives for the run and holds the OCR models beside the page or photo it works on
# (704 MB resident on SCAN-B24, bench/README.md; 1.5 GB of address space on the messy 95
# sample): its address-space ceiling is this many times an inspection worker's. Under the
# inspection's 2 GB, a venue photo decoded after a few OCR'd pages failed to allocate now and then.
UNIT_MEMORY_FACTOR = 2


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
    schema = load_schema(ref, cache=make_cache(settings, namespace="schema"))
    if schema.abstract:
        raise UsageError(f"schema {ref!r} is a base for other schemas, not an application type")
    overrides = {**manifest.parameters, **settings.parameters}
    unknown = sorted(set(overrides) - set(schema.parameters))
    if unknown:
        raise UsageError(f"unknown schema parameter {unknown[0]!r} "
                         f"(parameters of {schema.id}: {', '.join(sorted(schema.parameters))})")
    return schema.with_overrides(overrides)


def _conditions(schema: Schema, manifest: Manifest) -> dict[str, bool]:
    """The schema's conditions (has_branches …): their defaults, as the manifest declares."""
    unknown = sorted(set(manifest.facts) - set(schema.facts))
    if unknown:
        raise UsageError(f"docvalidator.yaml: facts.{unknown[0]}: not a fact of schema {schema.id} "
                         f"(facts: {', '.join(sorted(schema.facts))})")
    conditions = {k: bool(v.get("default", False)) for k, v in schema.facts.items()}
    conditions.update(manifest.facts)
    return conditions


def make_cache(settings: Settings, namespace: str = "inspect") -> Cache:
    """The cache of a run: --cache-dir (or DOCVALIDATOR_CACHE_DIR, else the user cache dir)."""
    return Cache(Path(settings.cache_dir) if settings.cache_dir else None, enabled=settings.cache,
                 namespace=namespace)


def inspect_all(package: Package, settings: Settings, stats: RunStats,
                progress: Progress | None = None) -> dict[str, FileInspection]:
    """Every file's inspection: from the cache, else from worker processes with limits."""
    inspections, counts = inspect_files(
        package.files, jobs=settings.job_count, timeout=settings.timeout,
        memory_mb=settings.memory_mb, cache=make_cache(settings), progress=progress)
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


def _to_finding(p: Problem) -> Finding:
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


def _material_results(ctx: CheckContext, findings: tuple[Finding, ...]) -> tuple[MaterialResult, ...]:
    """The material table. Whether a material is missing comes from the classification, not
    from which findings were selected; defective means a reported finding names it."""
    out = []
    for m in ctx.schema.materials:
        files = tuple(ctx.classification.files_of(m.id))
        mine = [f for f in findings if f.material == m.id]
        required = ctx.required(m)
        if m.expectation(ctx.conditions) is not None and _incomplete(ctx, m):
            status = "missing"
        elif any(f.severity in (Severity.ERROR, Severity.WARNING) for f in mine):
            status = "defective"
        elif files:
            status = "ok"
        else:
            status = "not-required"
        clauses = tuple(ctx.verdicts.entries(ctx, m.id)) if ctx.verdicts is not None else ()
        sections = tuple(_section_ref(ctx, path, pages)
                         for path, pages in ctx.classification.pages_of(m.id) if pages is not None)
        out.append(MaterialResult(m.id, m.name, status, files, required, clauses, m.level, sections))
    return tuple(out)


def _section_ref(ctx: CheckContext, path: str, pages: tuple[int, int]) -> SectionRef:
    """A section as the report shows it: pages; a Word file's paragraphs turned into the pages
    its page breaks give, or kept as paragraphs when it has none."""
    insp = ctx.inspections.get(path)
    docx = insp.docx if insp is not None else None
    if docx is None:
        return SectionRef(path, pages[0], pages[1])
    on = docx.pages
    if max(on, default=1) <= 1 or pages[1] > len(on):
        return SectionRef(path, pages[0], pages[1], "paragraph")
    return SectionRef(path, on[pages[0] - 1] or 1, max(on[pages[1] - 1], on[pages[0] - 1], 1))


def _incomplete(ctx: CheckContext, m) -> bool:
    """No file (or section of a file) for the material."""
    return not ctx.classification.assignments.get(m.id)


def classify_package(package: Package, manifest: Manifest, schema: Schema,
                     inspections: dict[str, FileInspection]) -> Classification:
    """Whole files to materials by name, folder and first-page title. The `sections` analysis
    then reads the headings on every page (OCR'ing the tops of scans whose names say nothing)
    and narrows combined files to page ranges."""
    titles = {p: i.title_text() for p, i in inspections.items()}
    # files the manifest names (the logo, a package's own schema) describe the package;
    # they are not materials
    described = {p for p in (manifest.logo, manifest.schema) if p}
    classifiable = [f for f in package.files if f.path not in described]
    return classify(classifiable, schema, titles)


def _context(package: Package, manifest: Manifest, schema: Schema,
             inspections: dict[str, FileInspection], settings: Settings,
             progress: Progress | None = None, pool: Pool | None = None) -> CheckContext:
    """What the analyses and rules of a run share, starting from the files' classification."""
    return CheckContext(schema=schema, manifest=manifest, package=package,
                        classification=classify_package(package, manifest, schema, inspections),
                        inspections=inspections, settings=settings,
                        conditions=_conditions(schema, manifest), cache=make_cache(settings),
                        progress=progress, pool=pool)


def placed(package: Package, manifest: Manifest, schema: Schema,
           inspections: dict[str, FileInspection], settings: Settings) -> Classification:
    """Where each file goes once every page's headings are read (the sections analysis: a
    scan named Scan_0007.pdf placed by its title, a combined file split) — what `fix` plans
    from. Its page tops come from the cache the check filled."""
    ctx = _context(package, manifest, schema, inspections, settings)
    analyses, needs = plan({"sections"})
    for a in analyses:
        a.run(ctx, needs)
    return ctx.classification


def run(path: str | os.PathLike, settings: Settings, progress: Progress | None = None,
        stats: RunStats | None = None, *, baseline: list[Waiver] | None = None,
        thumbnails: bool = False, pool: Pool | None = None) -> Report:
    """Check one package and return the report data. Raises DocValidatorError for user errors.

    `baseline`: waivers to suppress (expired ones do not); the report then carries the waiver
    bookkeeping. `thumbnails`: render the pages findings point at (for the html format).
    `pool`: where the analyses' work units run (`docvalidator batch` passes its Dask cluster);
    without one, `--jobs N` uses N cores: N > 1 runs them in that many worker processes with
    one OCR thread each, 1 in this process with one thread."""
    own = None
    if pool is None and settings.job_count > 1:
        pool = own = LocalPool(settings.job_count, settings.timeout * UNIT_TIME_FACTOR,
                               settings.memory_mb * UNIT_MEMORY_FACTOR)
    elif pool is None:
        use_threads(1)
    try:
        return _run(path, settings, progress, stats if stats is not None else RunStats(),
                    baseline, thumbnails, pool)
    finally:
        if own is not None:
            own.close()


def _run(path: str | os.PathLike, settings: Settings, progress: Progress | None, stats: RunStats,
         baseline: list[Waiver] | None, thumbnails: bool, pool: Pool | None) -> Report:
    package = discover(path)
    manifest = parse_manifest(package.manifest)
    schema = resolve_schema(settings, manifest, package)
    _conditions(schema, manifest)  # an unknown fact is a usage error before any file is read
    enabled = settings.enabled_codes()

    inspections = inspect_all(package, settings, stats, progress)
    stats.files = len(package.files)
    ctx = _context(package, manifest, schema, inspections, settings, progress, pool)
    rules = rules_for(enabled)
    analyses, needs = plan(all_needs(rules) | REPORT_NEEDS)
    # what the meaning model read is kept in the cache: a warm run neither loads it nor numpy
    with meaning.remembering(make_cache(settings, namespace="meaning")):
        for a in analyses:
            a.run(ctx, needs)
        problems: list[Problem] = [p for r in rules for p in r.check(ctx)]
    for name, n in ctx.counters.items():
        stats.extra[name] = stats.extra.get(name, 0) + n

    findings = [_to_finding(p) for p in problems if p.code in enabled]
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
        materials=_material_results(ctx, ordered),
        findings=ordered,
        files=files,
        applicant=ctx.applicant.to_dict(),
        schema_info={"authority": schema.authority, "legal_basis": list(schema.legal_basis),
                     "matter": schema.matter, "title_en": schema.title_en,
                     "correction_window": schema.param("correction_window")},
        check_date=settings.check_date.isoformat(),
        thumbnails=pictures,
        code_docs=code_docs(),
        waivers=waivers,
    )
