"""Terminal report (rich): a status line per material, then its findings in Chinese with the
requirement and the fix."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from docvalidator.codes import Severity
from docvalidator.model import Report
from docvalidator.report.common import (
    STATUS_MARK,
    combined_files,
    files_cell,
    fix_entries,
    fix_summary,
    summary_line,
    waiver_line,
)

_STATUS_STYLE = {"ok": "green", "missing": "bold red", "defective": "yellow", "not-required": "dim"}
_SEV_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def write(report: Report, console: Console) -> None:
    if report.fix is not None:
        _fix_log(report, console)
    console.print(Text(f"{report.schema_title}（{report.schema_id}）", style="bold"))
    if report.applicant.get("name"):
        console.print(f"申请单位：{report.applicant['name']}")
    console.print(f"材料包：{report.package_path}  文件 {len(report.files)} 个，页 {report.pages} 页")
    console.print()
    by_material: dict[str | None, list] = {}
    for f in report.findings:
        by_material.setdefault(f.material, []).append(f)
    for m in report.materials:
        line = Text()
        line.append(f"{STATUS_MARK[m.status]} ", style=_STATUS_STYLE[m.status])
        line.append(m.name, style=_STATUS_STYLE[m.status] if m.status != "ok" else "")
        line.append(f"  [{m.id}]", style="dim")
        if m.files:
            line.append("  " + "、".join(files_cell(m)), style="dim")
        if m.status == "missing" and m.level == "some-sources":
            line.append("  （部分来源要求）", style="dim")
        console.print(line)
        for f in by_material.get(m.id, []):
            _finding(console, f)
    combined = combined_files(report)
    if combined:
        console.print()
        console.print(Text("合并文件的分节", style="bold"))
        for path, line in combined:
            console.print(Text(f"  {path}：{line}"))
    rest = by_material.get(None, [])
    if rest:
        console.print()
        console.print(Text("其他文件", style="bold"))
        for f in rest:
            _finding(console, f)
    console.print()
    if waiver_line(report):
        console.print(Text(waiver_line(report), style="dim"))
    console.print(Text(summary_line(report), style="bold green" if report.passed() else "bold red"))


def _fix_log(report: Report, console: Console) -> None:
    console.print(Text(fix_summary(report) or "", style="bold"))
    for e in fix_entries(report):
        console.print(Text(f"  {e['target']}  ← {e['sources']}  [{e['what']}]  {e['size']}"))
        for line in e["pages"] + e["notes"]:
            console.print(Text(f"      {line}", style="dim"))
    for note in report.fix.notes if report.fix else ():
        console.print(Text(f"  注意：{note}", style="yellow"))
    console.print()


def _finding(console: Console, f) -> None:
    where = f.file or ""
    if f.page:
        where += f" 第{f.page}页"
    head = Text("    ")
    head.append(f"{f.code} {f.severity.label_zh}", style=_SEV_STYLE[f.severity])
    if where:
        head.append(f"  {where}", style="dim")
    console.print(head)
    console.print(Text(f"      问题：{f.message}"))
    console.print(Text(f"      要求：{f.requirement}", style="dim"))
    console.print(Text(f"      修改：{f.fix}", style="dim"))


def render(report: Report, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, color_system="standard" if color else None,
                      width=width, highlight=False, soft_wrap=True)
    write(report, console)
    return buf.getvalue()
