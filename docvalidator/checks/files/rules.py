"""PDF structure and file limits: DV201–DV207."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, rule
from docvalidator.codes import Severity
from docvalidator.inspect.model import PdfInfo

DEFAULT_MAX_PAGE_KB = 200
DEFAULT_MIN_SCAN_DPI = 150


@rule("DV201")
def pdf_corrupt(ctx: CheckContext) -> Iterator[Problem]:
    """The PDF cannot be parsed: truncated download, broken cross-reference table, not a PDF at all
    past its header. A corrupt PDF stops the other PDF checks for that file, so it gives one
    finding, not a cascade. Recoverable damage that pypdf repaired is reported as evidence.

    Fires: a PDF cut off halfway.
    Silent: a PDF with a repairable xref offset error that opens in every viewer."""
    for path, insp in sorted(ctx.inspections.items()):
        if insp.pdf is not None and insp.pdf.corrupt:
            yield Problem("DV201", f"PDF 文件“{path.rsplit('/', 1)[-1]}”已损坏，无法解析。",
                          material=ctx.classification.material_of(path), file=path,
                          evidence={"error": insp.pdf.corrupt, "damage": insp.pdf.damage[:5]})


@rule("DV202")
def pdf_encrypted(ctx: CheckContext) -> Iterator[Problem]:
    """A PDF that needs a password to open is an error: the reviewer cannot read it. A PDF that opens
    without a password but restricts printing or copying (owner password only) is a warning.

    Fires: user-password PDF (error); print-restricted PDF (warning).
    Silent: an unencrypted PDF."""
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
    """The file is over the per-file limit (`max_file_kb`, a schema parameter or config value). The
    sources set no per-file limit, so it is unset by default and this rule stays silent unless a
    limit is configured."""
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
    """A page weighs more than the per-page limit (`max_page_kb`, default 200 KB — the sources'
    “单张 ≤200KB”). A page's weight is what the page alone would weigh split into its own PDF:
    its content streams plus every image, form and font it draws, as stored (compressed), a
    shared object counted on every page that draws it, objects in object streams included. The
    evidence lists the largest contributors so the fix is obvious.

    Fires: a dense full-page scan at 150 dpi stored as a 240 KB JPEG.
    Silent: a half-page scan of 120 KB; a text page with an embedded font subset."""
    limit = ctx.schema.param("max_page_kb", DEFAULT_MAX_PAGE_KB) or DEFAULT_MAX_PAGE_KB
    for path, pdf in _measured_pdfs(ctx):
        for page in pdf.pages:
            if page.bytes is None or page.bytes <= limit * 1024:
                continue
            top = "，".join(f"{c['desc']} {_kb(c['bytes'])} KB" for c in page.contributors[:3])
            yield Problem("DV204", f"第{page.number}页 {_kb(page.bytes)} KB，超过 {limit} KB 上限"
                          f"（最大的是 {top}）",
                          material=ctx.classification.material_of(path, page.number), file=path,
                          page=page.number,
                          evidence={"bytes": page.bytes, "limit_kb": limit,
                                    "contributors": page.contributors[:5]})


@rule("DV205")
def scan_resolution_low(ctx: CheckContext) -> Iterator[Problem]:
    """A scanned page's image has an effective resolution (pixels over the size it is drawn at)
    below `min_scan_dpi`. Text pages with no images are not scans and stay silent.

    Fires: a page drawn from a 595×842 pixel image (72 dpi).
    Silent: a 1240×1754 image on A4 (150 dpi)."""
    minimum = ctx.schema.param("min_scan_dpi", DEFAULT_MIN_SCAN_DPI) or DEFAULT_MIN_SCAN_DPI
    for path, pdf in _measured_pdfs(ctx):
        for page in pdf.pages:
            # 1 % slack: 1240 px across A4 is 149.98 dpi, and that is a 150-dpi scan
            if page.scan and page.image_dpi is not None and page.image_dpi < minimum * 0.99:
                yield Problem("DV205", f"第{page.number}页扫描分辨率约 {page.image_dpi:.0f} dpi，"
                              f"低于 {minimum} dpi",
                              material=ctx.classification.material_of(path, page.number),
                              file=path, page=page.number,
                              evidence={"dpi": page.image_dpi, "min_dpi": minimum,
                                        "images": page.images[:3]})


@rule("DV206")
def page_blank(ctx: CheckContext) -> Iterator[Problem]:
    """A page carries no text and its rendering is near-uniform: a blank sheet fed through the
    scanner, or an empty page left by a Word export.

    Fires: a white page with scanner noise only.
    Silent: a page with a seal and one line of text."""
    for path, pdf in _measured_pdfs(ctx):
        for page in pdf.pages:
            if page.blank:
                yield Problem("DV206", f"第{page.number}页为空白页（无文字，页面内容近乎均匀）",
                              material=ctx.classification.material_of(path, page.number),
                              file=path, page=page.number, evidence={"scan": page.scan})
