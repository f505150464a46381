"""Processing failures: a file the tool could not process, at any stage (DV901)."""

from __future__ import annotations

from collections.abc import Iterator

from docvalidator.checks.base import CheckContext, Problem, rule

STAGE_LABEL = {"seals": "印章识别", "signatures": "签字识别", "photos": "照片分析"}


@rule("DV901", needs={"seals", "signatures", "photos"})
def processing_failed(ctx: CheckContext) -> Iterator[Problem]:
    """The file could not be processed: its inspection failed (a parser error, the time or
    memory limit), or an analysis of it (seals, signatures, photos) did. The other files are
    still checked.

    Fires: a PDF whose parser runs past the time limit; a photo the analysis fails on.
    Silent: a corrupt PDF (DV201 says it better); a password-protected Word file (DV105)."""
    for path, insp in sorted(ctx.inspections.items()):
        if insp.error:
            yield Problem("DV901", f"文件“{path.rsplit('/', 1)[-1]}”处理失败：{insp.error}",
                          material=ctx.classification.material_of(path), file=path,
                          evidence={"error": insp.error})
    for path in sorted(ctx.evidence):
        for stage, error in sorted(ctx.evidence[path].failures.items()):
            yield Problem("DV901", f"文件“{path.rsplit('/', 1)[-1]}”的{STAGE_LABEL.get(stage, stage)}"
                                   f"失败：{error}",
                          material=ctx.classification.material_of(path), file=path,
                          evidence={"error": error, "stage": stage})
