"""Small shared helpers for formatters: labels and groupings. Nothing here computes findings."""

from __future__ import annotations

from docvalidator.codes import Severity
from docvalidator.model import Finding, MaterialResult, Report, file_sections, sections_line

STATUS_LABEL = {"ok": "✔ 齐全", "missing": "✘ 缺失", "defective": "⚠ 需补正", "not-required": "– 非必交"}
STATUS_MARK = {"ok": "✔", "missing": "✘", "defective": "⚠", "not-required": "–"}


def summary_line(report: Report) -> str:
    e, w, i = report.count(Severity.ERROR), report.count(Severity.WARNING), report.count(Severity.INFO)
    verdict = "通过" if report.passed() else "未通过"
    return f"{verdict}：{e} 项必须补正，{w} 项建议修改，{i} 项提示"


def findings_by_material(report: Report) -> list[tuple[str | None, list[Finding]]]:
    """Findings grouped by material, in report order (package-level findings last)."""
    groups: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.material, []).append(f)
    return list(groups.items())


def status_label(m: MaterialResult) -> str:
    """The status as the material table shows it; a material only some sources ask for is
    missing as a warning, not as a defect to correct."""
    if m.status == "missing" and m.level == "some-sources":
        return "⚠ 缺失（部分来源要求）"
    return STATUS_LABEL[m.status]


def files_cell(m: MaterialResult) -> list[str]:
    """The files of a material, each with the pages that are the material in a combined file:
    人员材料.pdf（第1–7页）."""
    return [f"{p}（{m.where(p)}）" if m.where(p) else p for p in m.files]


def combined_files(report: Report) -> list[tuple[str, str]]:
    """Each file that holds several materials, with its sections:
    ("人员材料.pdf", "第1–2页：身份证；第3–5页：社保缴纳证明")."""
    return [(f, sections_line(parts)) for f, parts in file_sections(report.materials).items()]


def material_names(report: Report) -> dict[str, str]:
    return {m.id: m.name for m in report.materials}


def waiver_line(report: Report) -> str | None:
    """One line on the baseline, when one was used: suppressed, expired and unused waivers."""
    w = report.waivers
    if w is None:
        return None
    return (f"基线：已豁免 {w.get('suppressed', 0)} 项；过期豁免 {len(w.get('expired', []))} 项（问题恢复报告）；"
            f"未使用豁免 {len(w.get('unused', []))} 项")


ACTION_LABEL = {"copied": "原样复制", "converted": "转换为 PDF", "renamed": "重命名", "merged": "合并",
                "re-encoded": "重新压缩图像", "ocr-layer": "加入 OCR 文字层"}


def _kb(n: int | None) -> str:
    return "—" if n is None else f"{n / 1024:.0f} KB"


def fix_page_line(p) -> str:
    """One page of the fix log as a sentence: bytes, encoding, legibility proof."""
    if p.action == "ocr-layer":
        return f"第{p.page}页：{p.note}"
    head = f"第{p.page}页 {_kb(p.bytes_before)} → {_kb(p.bytes_after)}"
    if p.action != "re-encoded":
        return f"{head}，未改动：{p.note}"
    proof = [p.encoding]
    if p.cer is not None:
        proof.append(f"OCR 字符错误率 {p.cer * 100:.1f}%（对照原页识别结果）")
    if p.seals_before:
        proof.append(f"公章 {p.seals_before} 枚{'位置不变' if p.seals_kept else '未能再次识别'}")
    if p.note:
        proof.append(p.note)
    return f"{head}，" + "，".join(proof)


def fix_entries(report: Report) -> list[dict]:
    """The fix log's changed files (and files with notes), ready to print: target, sources,
    what was done, bytes, one line per page, notes. Empty when the report has no fix log."""
    if report.fix is None:
        return []
    out = []
    for f in report.fix.files:
        if not f.changed and not f.notes:
            continue
        out.append({"target": f.target, "sources": "、".join(f.sources),
                    "what": "、".join(ACTION_LABEL.get(a, a) for a in f.actions),
                    "size": f"{_kb(f.bytes_before)} → {_kb(f.bytes_after)}",
                    "pages": [fix_page_line(p) for p in f.pages], "notes": list(f.notes)})
    return out


def fix_summary(report: Report) -> str | None:
    """One line: where the fixed copy is, how many files changed, what the original had."""
    if report.fix is None:
        return None
    n = len(report.fix.changed)
    noted = sum(1 for f in report.fix.files if not f.changed and f.notes)
    kept = f"，{noted} 个文件原样复制并附说明" if noted else ""
    return (f"已生成修正副本：{report.fix.output}（由 {report.fix.source} 生成，{n} 个文件有改动{kept}；"
            f"原材料包检查发现 {len(report.fix.findings_before)} 项问题，下表为副本的检查结果）")
