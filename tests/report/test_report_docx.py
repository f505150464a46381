import io
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from docvalidator.report import REPORTER_BY_NAME
from tests.report.builders import APPLICANT, CREDIT_CODE, synthetic_report
from tests.report.conftest import check, need


def _doc(report=None):
    return Document(io.BytesIO(REPORTER_BY_NAME["docx"](report or synthetic_report())))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_docx_notice_has_the_header_fields_basis_deadline_and_passed_materials():
    text = _text(_doc())
    for expected in ("申请材料补正预审通知书", f"申请单位：{APPLICANT}", f"统一社会信用代码：{CREDIT_CODE}",
                     "申请事项：码号资源—95 号码（上海）", "检查日期：2026-11-22", "《中华人民共和国行政许可法》第三十二条",
                     "《电信网码号资源管理办法》", "10 日内", "未发现问题的材料：营业执照副本", "分支机构名录"):
        assert expected in text, expected


def test_docx_table_lists_errors_before_warnings_with_material_problem_and_requirement():
    table = _doc().tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["序号", "材料名称", "问题", "补正要求（依据）"]
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4"]
    assert [r[1] for r in rows[1:]] == ["客户数据安全保护制度", "码号使用方案", "码号使用方案", "其他文件（未对应材料）"]
    assert rows[2][2].startswith("【必须补正】录音保存期限为 3 个月") and "第2页" in rows[2][2]
    assert rows[3][2].startswith("【建议修改】")
    assert "依据：码号管理办法" in rows[2][3] and "修改建议：" in rows[2][3]


def test_docx_without_a_correction_window_defers_to_the_official_notice():
    report = synthetic_report()
    info = {**report.schema_info, "correction_window": None}
    assert "以审批机关正式通知载明的期限为准" in _text(_doc(synthetic_report(schema_info=info)))


def test_docx_is_a4_with_east_asian_font_page_field_and_self_check_footer():
    doc = _doc()
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "宋体"
    footer_xml = section.footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert "不是审批机关出具的正式补正通知书" in "".join(p.text for p in section.footer.paragraphs)


def test_docx_core_properties_are_fixed_from_the_check_date():
    a, b = _doc().core_properties, _doc().core_properties
    assert a.created == b.created == a.modified
    assert a.created.date().isoformat() == "2026-11-22"
    assert a.author == "docvalidator" and a.revision == 1


def test_docx_needs_an_output_file_on_the_command_line(package):
    from tests.helpers import cli

    root, schema = package
    r = cli("check", root, "--schema", schema, "--format", "docx", "--no-cache")
    assert r.code == 2 and "--output" in r.err and "Traceback" not in r.err


def test_docx_converts_with_libreoffice_to_a_pdf_with_applicant_materials_and_problems(package, tmp_path):
    soffice = need("soffice")
    out = tmp_path / "notice.docx"
    assert check(package, "docx", out).code == 1
    profile = (tmp_path / "lo-profile").as_uri()
    try:
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180, check=True)
    except subprocess.TimeoutExpired:
        pytest.skip("LibreOffice did not finish in 180 s")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(tmp_path / "notice.pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = "".join(text.split())
    assert APPLICANT in flat
    for material, problem in (("营业执照副本", "该文件实际为JPEG图片"), ("客户数据安全保护制度", "缺少必交材料"),
                              ("其他文件", "无法对应材料清单中的任何一项")):
        assert material in flat and problem in flat, (material, problem)
