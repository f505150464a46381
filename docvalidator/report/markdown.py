"""Markdown report: a 补正-style list a consultant can paste into an e-mail or an issue."""

from __future__ import annotations

from docvalidator.model import Report
from docvalidator.report.common import (
    combined_files,
    files_cell,
    findings_by_material,
    fix_entries,
    fix_summary,
    status_label,
    summary_line,
    waiver_line,
)


def _cell(s: object) -> str:
    return str(s if s is not None else "").replace("|", "\\|").replace("\n", " ")


def render(report: Report) -> str:
    lines = [f"# 形式审查自查报告：{report.schema_title}", ""]
    if report.applicant.get("name"):
        lines.append(f"- 申请单位：{report.applicant['name']}")
    lines += [f"- 申请类型：`{report.schema_id}`", f"- 检查日期：{report.check_date}",
              f"- 结果：{summary_line(report)}",
              *([f"- {waiver_line(report)}"] if waiver_line(report) else []), "", "## 材料", "",
              "| 状态 | 材料 | 文件 |", "|---|---|---|"]
    for m in report.materials:
        lines.append(f"| {status_label(m)} | {_cell(m.name)} (`{m.id}`) | {_cell('、'.join(files_cell(m)))} |")
    lines.append("")
    combined = combined_files(report)
    if combined:
        lines += ["## 合并文件的分节", ""]
        lines += [f"- {_cell(path)}：{_cell(line)}" for path, line in combined]
        lines.append("")
    if report.findings:
        lines += ["## 问题", "", "| # | 级别 | 代码 | 材料 | 文件 | 页 | 问题 | 补正要求（依据） | 修改建议 |",
                  "|---|---|---|---|---|---|---|---|---|"]
        n = 0
        for _material, group in findings_by_material(report):
            for f in group:
                n += 1
                lines.append(
                    f"| {n} | {f.severity.label_zh} | {f.code} | {_cell(f.material or '—')} | {_cell(f.file or '—')} "
                    f"| {f.page or ''} | {_cell(f.message)} | {_cell(f.requirement)} | {_cell(f.fix)} |")
        lines.append("")
    else:
        lines += ["未发现问题。", ""]
    if report.fix is not None:
        lines += ["## 修正记录", "", fix_summary(report) or "", "",
                  "| 文件 | 来源 | 改动 | 大小 | 各页与说明 |", "|---|---|---|---|---|"]
        for e in fix_entries(report):
            detail = "<br>".join(_cell(x) for x in e["pages"] + e["notes"])
            lines.append(f"| {_cell(e['target'])} | {_cell(e['sources'])} | {_cell(e['what'])} "
                         f"| {_cell(e['size'])} | {detail} |")
        lines += [f"- 注意：{_cell(n)}" for n in report.fix.notes]
        lines.append("")
    return "\n".join(lines)
