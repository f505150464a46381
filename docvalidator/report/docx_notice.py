"""DOCX pre-review notice in the form of a 补正通知书 (catalogue §7), for the applicant's file.

Title; applicant and credit code; the matter (schema title, 全网/地网); check date; the basis;
a numbered table 序号 / 材料名称 / 问题 / 补正要求（依据）, errors before warnings; the deadline
the schema carries (`correction_window`); the materials that passed; a footer saying it is a
self-check, not an official notice, with page numbers. A4, 宋体 set for East Asian text.
Core properties are fixed values derived from the check date.
"""

from __future__ import annotations

import datetime as dt
import io

from docvalidator.model import Finding, Report
from docvalidator.report.common import combined_files, fix_entries, fix_summary, material_names

FONT = "SimSun"  # 宋体; w:eastAsia makes Word and LibreOffice use it (or a CJK substitute) for Chinese
FONT_ZH = "宋体"
HEI = "SimHei"
BASIS_LAW = "《中华人民共和国行政许可法》第三十二条第一款第（四）项"


def _set_font(run_or_style, name: str = FONT, east_asia: str = FONT_ZH, size=None, bold=None) -> None:
    from docx.oxml.ns import qn

    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), name)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute on display."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    _set_font(run)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)


def _para(doc, text: str = "", *, bold=False, size=None, align=None, font=FONT, east_asia=FONT_ZH,
          space_after=None):
    from docx.shared import Pt

    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    if text:
        run = p.add_run(text)
        _set_font(run, font, east_asia, size=size, bold=bold)
    return p


def _cell_text(cell, text: str, *, bold=False) -> None:
    from docx.shared import Pt

    cell.text = ""
    lines = text.split("\n")
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        run = p.add_run(line)
        _set_font(run, size=Pt(10.5), bold=bold)


def _column_widths(table, widths) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and on every cell (Word does)."""
    from docx.oxml.ns import qn

    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _ordered(report: Report) -> list[Finding]:
    """Errors before warnings before info; within a severity, the report's order."""
    return sorted(report.findings, key=lambda f: -f.severity.rank)


def _problem_text(f: Finding) -> str:
    where = "、".join(x for x in (f.file or "", f"第{f.page}页" if f.page else "") if x)
    head = f"【{f.severity.label_zh}】{f.message}"
    return head + (f"\n（{where}）" if where else "")


def _check_datetime(report: Report) -> dt.datetime:
    try:
        d = dt.date.fromisoformat(report.check_date or "")
    except ValueError:
        d = dt.date(2000, 1, 1)
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)


def build(report: Report):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal, size=Pt(12))
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)

    names = material_names(report)
    applicant = report.applicant.get("name") or "（申请单位未在 docvalidator.yaml 中声明）"
    credit = report.applicant.get("credit_code") or "（未声明）"
    info = report.schema_info
    matter = info.get("matter") or report.schema_title
    authority = info.get("authority") or ""
    window = info.get("correction_window")

    _para(doc, "申请材料补正预审通知书", bold=True, size=Pt(22), align=WD_ALIGN_PARAGRAPH.CENTER,
          font=HEI, east_asia="黑体", space_after=4)
    _para(doc, "（申请单位自查稿）", size=Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _para(doc, f"申请单位：{applicant}")
    _para(doc, f"统一社会信用代码：{credit}")
    _para(doc, f"申请事项：{matter}（{report.schema_title}）")
    if authority:
        _para(doc, f"审批机关：{authority}")
    _para(doc, f"检查日期：{report.check_date or ''}", space_after=12)

    basis = "、".join(info.get("legal_basis") or [])
    errors = sum(1 for f in report.findings if f.severity.value == "error")
    if report.findings:
        _para(doc, f"{applicant}：", bold=True)
        _para(doc, f"　　根据{BASIS_LAW}" + (f"及{basis}" if basis else "")
              + f"，经对贵单位拟提交的“{matter}”申请材料进行形式审查预审，发现下列 "
              f"{len(report.findings)} 项问题（其中必须补正 {errors} 项），请逐项补正：")
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        widths = (Mm(12), Mm(32), Mm(58), Mm(58))
        for cell, title in zip(table.rows[0].cells, ("序号", "材料名称", "问题", "补正要求（依据）"),
                               strict=True):
            _cell_text(cell, title, bold=True)
        for n, f in enumerate(_ordered(report), 1):
            material = names.get(f.material or "", "其他文件（未对应材料）")
            row = table.add_row().cells
            _cell_text(row[0], str(n))
            _cell_text(row[1], material)
            _cell_text(row[2], _problem_text(f))
            _cell_text(row[3], f"{f.requirement}\n修改建议：{f.fix}")
        _column_widths(table, widths)
    else:
        _para(doc, "　　经对申请材料进行形式审查预审，未发现需要补正的问题。")

    _para(doc, "")
    if window:
        _para(doc, f"　　补正期限：审批机关出具正式补正通知后，申请单位一般应在 {window}内一次性提交全部补正材料"
              "（以审批机关正式通知载明的期限为准）。")
    else:
        _para(doc, "　　补正期限：以审批机关正式通知载明的期限为准。")

    passed = [m.name for m in report.materials if m.status == "ok"]
    skipped = [m.name for m in report.materials if m.status == "not-required"]
    _para(doc, "　　未发现问题的材料：" + ("、".join(passed) if passed else "无") + "。")
    if skipped:
        _para(doc, "　　非必交且未提交的材料：" + "、".join(skipped) + "。")
    for path, line in combined_files(report):
        _para(doc, f"　　合并文件“{path}”的分节：{line}。")

    if report.fix is not None:
        _fix_table(doc, report)

    notice = section.footer.paragraphs[0]
    notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = notice.add_run(f"本文件由 docvalidator {report.tool_version} 生成，为申请单位自查结果，"
                         "不是审批机关出具的正式补正通知书。")
    _set_font(run, size=Pt(8))
    footer = section.footer.add_paragraph()
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run("第 ")
    _set_font(run, size=Pt(9))
    _field(footer, "PAGE")
    run = footer.add_run(" 页 共 ")
    _set_font(run, size=Pt(9))
    _field(footer, "NUMPAGES")
    run = footer.add_run(" 页")
    _set_font(run, size=Pt(9))

    props = doc.core_properties
    when = _check_datetime(report)
    props.title = f"申请材料补正预审通知书 {report.schema_id}"
    props.subject = matter
    props.author = props.last_modified_by = "docvalidator"
    props.comments = "self-check, not an official notice"
    props.keywords = report.schema_id
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.language = "zh-CN"
    return doc


def _fix_table(doc, report: Report) -> None:
    from docx.shared import Mm

    _para(doc, "")
    _para(doc, "附：材料修正记录", bold=True)
    _para(doc, "　　" + (fix_summary(report) or "") + "。")
    entries = fix_entries(report)
    if entries:
        table = doc.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, title in zip(table.rows[0].cells, ("文件", "改动", "各页与说明"), strict=True):
            _cell_text(cell, title, bold=True)
        for e in entries:
            row = table.add_row().cells
            _cell_text(row[0], f"{e['target']}\n（来源：{e['sources']}）")
            _cell_text(row[1], f"{e['what']}\n{e['size']}")
            _cell_text(row[2], "\n".join(e["pages"] + e["notes"]) or "—")
        _column_widths(table, (Mm(50), Mm(35), Mm(75)))
    for note in report.fix.notes if report.fix else ():
        _para(doc, f"　　注意：{note}")


def render(report: Report) -> bytes:
    buf = io.BytesIO()
    build(report).save(buf)
    return buf.getvalue()
