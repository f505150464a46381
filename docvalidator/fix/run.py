"""`docvalidator fix`: check the package, write a fixed copy elsewhere, check the copy.

What is mechanical is done: pages over the page limit re-encoded legibly (`pages`), files
over a configured file limit likewise, Word files and images converted to PDF where the
material takes PDF (`convert`), names made canonical and parts merged (`plan`), an
invisible OCR layer on image-only scans (`ocrlayer`). What needs a person — a missing
material, seal, signature or clause, a choice between two files — stays in the report of the
fixed copy. The original package is only ever read.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docvalidator import engine
from docvalidator.checks.base import Progress
from docvalidator.config import Settings
from docvalidator.errors import UsageError
from docvalidator.fix import convert, ocrlayer
from docvalidator.fix.output import refuse_bad_output, write_folder, write_zip
from docvalidator.fix.pages import Limits, page_weights, shrink
from docvalidator.fix.plan import Target, plan
from docvalidator.imaging import ocr
from docvalidator.inspect.cache import Cache
from docvalidator.manifest import MANIFEST_NAME, parse_manifest
from docvalidator.model import FileFix, FixLog, PageFix, Report
from docvalidator.package import discover
from docvalidator.package.kinds import IMAGE_KINDS

NAMES = ("keep", "canonical")


@dataclass(frozen=True)
class FixOptions:
    output: str
    as_zip: bool = False
    gbk: bool = False
    names: str = "keep"
    ocr_layer: bool = False


@dataclass
class _Built:
    path: str
    data: bytes
    log: FileFix


def fix_package(path: str, settings: Settings, options: FixOptions,
                progress: Progress | None = None, thumbnails: bool = False,
                before: Report | None = None) -> Report:
    """Write the fixed copy of the package at `path` and return the check of that copy, with
    the fix log. `before` is the check of the original when the caller has made it already
    (with the same settings). Raises UsageError for a bad output path (before any work)."""
    if options.gbk and not options.as_zip:
        raise UsageError("--gbk: only with --zip (GBK names are a property of a zip)")
    if options.names not in NAMES:
        raise UsageError(f"--names {options.names}: expected one of {', '.join(NAMES)}")
    package = discover(path)
    target = refuse_bad_output(options.output, package, options.as_zip)
    manifest = parse_manifest(package.manifest)
    schema = engine.resolve_schema(settings, manifest, package)
    if before is None:
        before = engine.run(path, settings, progress=progress)
    stats = engine.RunStats()
    inspections = engine.inspect_all(package, settings, stats)
    cls = engine.placed(package, manifest, schema, inspections, settings)
    targets = plan(package.files, schema, cls, options.names == "canonical")
    file_kb = schema.param("max_file_kb")
    limits = Limits(page_bytes=int((schema.param("max_page_kb") or 200) * 1024),
                    min_dpi=float(schema.param("min_scan_dpi") or 150),
                    ocr=bool(settings.ocr) and ocr.ENABLED)
    notes: list[str] = []
    if convert.libreoffice() is None and any(
            t.convert and any(s.kind in convert.OFFICE_KINDS for s in t.sources) for t in targets):
        notes.append("未安装 LibreOffice：Word 文件未转换为 PDF（安装 LibreOffice 后重新运行 fix）")
    if limits.ocr is False:
        notes.append("OCR 未开启或未安装：重新压缩的页面只核对了公章，未核对文字清晰度" if not settings.ocr
                     else ocr.INSTALL_HINT)
    built: list[_Built] = []
    cache = engine.make_cache(settings)  # the check's page OCR, for the text layer
    for n, t in enumerate(targets, 1):
        built.extend(_build(t, limits, file_kb, options.ocr_layer, cache))
        if progress is not None:
            progress("fix", n, len(targets))
    with tempfile.TemporaryDirectory(prefix="docvalidator-fix-") as tmp:
        staging = Path(tmp) / "package"
        staging.mkdir()
        for b in built:
            dest = staging / b.path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(b.data)
        if package.manifest is not None:
            (staging / MANIFEST_NAME).write_bytes(package.manifest)
        if options.as_zip:
            write_zip(staging, target, options.gbk)
        else:
            write_folder(staging, target)
    for p in package.problems:
        notes.append(f"未复制：{p.path or '材料包'}（{p.detail}）")
    after = engine.run(options.output, settings, progress=progress, thumbnails=thumbnails)
    log = FixLog(source=Path(path).as_posix(), output=Path(options.output).as_posix(),
                 files=tuple(sorted((b.log for b in built), key=lambda f: f.target)),
                 findings_before=before.findings, notes=tuple(notes))
    return dataclasses.replace(after, fix=log)


def _build(t: Target, limits: Limits, file_kb: int | None, ocr_layer: bool,
           cache: Cache) -> list[_Built]:
    """The bytes of one target, and its log entry; a conversion that fails leaves the
    sources as they were (each under its own name)."""
    size_before = sum(s.size for s in t.sources)
    actions, notes = list(t.actions), list(t.notes)
    if not t.convert and len(t.sources) == 1 and t.sources[0].kind != "pdf":
        data = t.sources[0].read_bytes()
        return [_Built(t.path, data, FileFix(t.path, (t.sources[0].path,), tuple(actions or ["copied"]),
                                             size_before, len(data), notes=tuple(notes)))]
    parts: list[bytes] = []
    for s in t.sources:
        raw = s.read_bytes()
        if t.convert and s.kind != "pdf":
            try:
                raw = convert.office_to_pdf(raw, s.kind) if s.kind in convert.OFFICE_KINDS \
                    else convert.image_to_pdf(raw) if s.kind in IMAGE_KINDS else raw
            except (convert.ConversionFailed, OSError, ValueError) as e:
                why = str(e) if isinstance(e, convert.ConversionFailed) else f"{type(e).__name__}: {e}"
                return [_Built(src.path, src.read_bytes(),
                               FileFix(src.path, (src.path,), ("copied",), src.size, src.size,
                                       notes=(f"未转换为 PDF：{why}",))) for src in t.sources]
        parts.append(raw)
    data = convert.merge_pdfs(parts) if len(parts) > 1 else parts[0]
    pages: list[PageFix] = []
    try:
        data, pages, more = _pdf_fixes(data, limits, file_kb, ocr_layer, cache)
        actions += more
    except Exception as e:  # a PDF pikepdf cannot rewrite is copied as it was
        notes.append(f"无法改写该 PDF（{type(e).__name__}: {e}）"[:200])
    if any(p.action == "left" for p in pages):
        notes.append("部分超限页面未能在保持清晰的前提下压缩，见各页说明")
    return [_Built(t.path, data, FileFix(t.path, tuple(s.path for s in t.sources),
                                         tuple(actions or ["copied"]), size_before, len(data),
                                         tuple(pages), tuple(notes)))]


def _pdf_fixes(data: bytes, limits: Limits, file_kb: int | None, ocr_layer: bool,
               cache: Cache) -> tuple[bytes, list[PageFix], list[str]]:
    actions: list[str] = []
    layer: dict[int, int] = {}
    if ocr_layer:
        data, layer = ocrlayer.add_text_layer(data, ocrlayer.image_only_pages(data), cache)
        if layer:
            actions.append("ocr-layer")
    weights = page_weights(data)
    targets = {n: limits.page_bytes for n, w in enumerate(weights, 1)
               if w is not None and w > limits.page_bytes}
    if file_kb and len(data) > file_kb * 1024:
        ratio = (file_kb * 1024 - 4096) / len(data)
        for n, w in enumerate(weights, 1):
            if w is not None and w > 16 * 1024:
                targets[n] = min(targets.get(n, limits.page_bytes), int(w * ratio))
    pages: list[PageFix] = []
    if targets:
        data, pages = shrink(data, targets, limits, weights)
        if any(p.action == "re-encoded" for p in pages):
            actions.append("re-encoded")
    for n, chars in sorted(layer.items()):
        if not any(p.page == n for p in pages):
            pages.append(PageFix(n, "ocr-layer", note=f"写入隐形文字层 {chars} 字"))
    return data, sorted(pages, key=lambda p: p.page), actions
