"""PDF structure and file limits: DV201–DV207."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.codes import Severity
from docvalidator.rules.base import CheckContext, Problem, rule


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
            yield Problem("DV202", f"PDF 文件“{name}”设置了权限限制（禁止打印或复制）。",
                          material=material, file=path, severity=Severity.WARNING,
                          evidence={"encryption": insp.pdf.encrypted})
