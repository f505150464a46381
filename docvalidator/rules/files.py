"""PDF structure and file limits: DV201–DV207."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.codes import Severity
from docvalidator.inspect.types import PdfInfo
from docvalidator.rules.base import CheckContext, Problem, rule

DEFAULT_MAX_PAGE_KB = 200
DEFAULT_MIN_SCAN_DPI = 150


@rule("DV201")
def pdf_corrupt(ctx: CheckContext) -> Iterator[Problem]:
    """The PDF cannot be parsed. Stops the other PDF checks for that file."""
    for path, insp in sorted(ctx.inspections.items()):
        if insp.pdf is not None and insp.pdf.corrupt:
            yield Problem("DV201", f"PDF 文件“{path.rsplit('/', 1)[-1]}”已损坏，无法解析。",
                          material=ctx.classification.material_of(path), file=path,
                          evidence={"error": insp.pdf.corrupt, "damage": insp.pdf.damage[:5]})


@rule("DV202")
def pdf_encrypted(ctx: CheckContext) -> Iterator[Problem]:
    """A user password is an error; owner-only restrictions (printing, copying) a warning."""
    for path, insp in sorted(ctx.inspections.items()):
        if insp.pdf is None or not insp.pdf.encrypted:
            continue
        name = path.rsplit("/", 1)[-1]
        material = ctx.classification.material_of(path)
        if insp.pdf.encrypted == "user-password":
            yield Problem("DV202", f"PDF 文件“{name}”设置了打开密码，审查人员无法打开。",
                          material=material, file=path, evidence={"encryption": "user-password"})
        else:
            what = "、".join({"print": "打印", "copy": "复制"}.get(r, r)
                            for r in insp.pdf.restrictions) or "打印或复制"
            yield Problem("DV202", f"PDF 文件“{name}”设置了权限限制（禁止{what}）。",
                          material=material, file=path, severity=Severity.WARNING,
                          evidence={"encryption": insp.pdf.encrypted,
                                    "restrictions": insp.pdf.restrictions})


def _kb(n: float) -> str:
    """KB as a reader compares it with a limit: whole KB, one decimal near a round number."""
    kb = n / 1024
    return f"{kb:.0f}" if (kb >= 10 and abs(kb - round(kb)) > 0.05) or kb >= 1000 else f"{kb:.1f}"


def _measured_pdfs(ctx: CheckContext) -> Iterator[tuple[str, PdfInfo]]:
    """PDFs whose pages were measured: not corrupt, not locked by a user password."""
    for path, insp in sorted(ctx.inspections.items()):
        pdf = insp.pdf
        if pdf is not None and not pdf.corrupt and pdf.encrypted != "user-password":
            yield path, pdf


@rule("DV203")
def file_too_large(ctx: CheckContext) -> Iterator[Problem]:
    """A file over `max_file_kb` (a schema parameter or config value; unset: silent)."""
    limit = ctx.schema.param("max_file_kb")
    if not limit:
        return
    for path, insp in sorted(ctx.inspections.items()):
        if insp.size > limit * 1024:
            yield Problem("DV203", f"文件 {_kb(insp.size)} KB，超过 {limit} KB 上限",
                          material=ctx.classification.material_of(path), file=path,
                          evidence={"bytes": insp.size, "limit_kb": limit})


@rule("DV204")
def page_too_large(ctx: CheckContext) -> Iterator[Problem]:
    """A PDF page weighs more than `max_page_kb` (default 200 KB), measured as SPEC "Page
    bytes" says; the evidence names the largest contributors."""
    limit = ctx.schema.param("max_page_kb", DEFAULT_MAX_PAGE_KB) or DEFAULT_MAX_PAGE_KB
    for path, pdf in _measured_pdfs(ctx):
        for page in pdf.pages:
            if page.bytes is None or page.bytes <= limit * 1024:
                continue
            top = "，".join(f"{c['desc']} {_kb(c['bytes'])} KB" for c in page.contributors[:3])
            yield Problem("DV204", f"第{page.number}页 {_kb(page.bytes)} KB，超过 {limit} KB 上限"
                          f"（最大的是 {top}）",
                          material=ctx.classification.material_of(path), file=path,
                          page=page.number,
                          evidence={"bytes": page.bytes, "limit_kb": limit,
                                    "contributors": page.contributors[:5]})


@rule("DV205")
def scan_resolution_low(ctx: CheckContext) -> Iterator[Problem]:
    """A scanned page (an image covering at least half of it) whose image DPI is under
    `min_scan_dpi` (default 150). Text pages are not scans."""
    minimum = ctx.schema.param("min_scan_dpi", DEFAULT_MIN_SCAN_DPI) or DEFAULT_MIN_SCAN_DPI
    for path, pdf in _measured_pdfs(ctx):
        for page in pdf.pages:
            # 1 % slack: 1240 px across A4 is 149.98 dpi, and that is a 150-dpi scan
            if page.scan and page.image_dpi is not None and page.image_dpi < minimum * 0.99:
                yield Problem("DV205", f"第{page.number}页扫描分辨率约 {page.image_dpi:.0f} dpi，"
                              f"低于 {minimum} dpi",
                              material=ctx.classification.material_of(path), file=path,
                              page=page.number,
                              evidence={"dpi": page.image_dpi, "min_dpi": minimum,
                                        "images": page.images[:3]})


@rule("DV206")
def page_blank(ctx: CheckContext) -> Iterator[Problem]:
    """A PDF page with no text layer whose rendering is near-uniform (a blank sheet)."""
    for path, pdf in _measured_pdfs(ctx):
        for page in pdf.pages:
            if page.blank:
                yield Problem("DV206", f"第{page.number}页为空白页（无文字，页面内容近乎均匀）",
                              material=ctx.classification.material_of(path), file=path,
                              page=page.number, evidence={"scan": page.scan})
