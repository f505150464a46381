"""Every format shows where the materials of a combined file are: "第1–5页：…；第6–8页：…"
(issue 12), and the material table says which pages of a file are the material."""

import json

from docvalidator.model import MaterialResult, SectionRef
from docvalidator.report import REPORTER_BY_NAME
from tests.report.builders import synthetic_report

FILE = "人员身份证、学历及社保证明.pdf"
LINE = "第1–5页：主要管理、技术人员名单及身份证；第6–8页：社保缴纳证明"


def _report():
    materials = (
        MaterialResult("key-staff-ids", "主要管理、技术人员名单及身份证", "ok", (FILE,),
                       sections=(SectionRef(FILE, 1, 5),)),
        MaterialResult("social-insurance-proof", "社保缴纳证明", "ok", (FILE,),
                       sections=(SectionRef(FILE, 6, 8),)),
        MaterialResult("company-profile", "公司概况", "missing", (), required=False,
                       level="some-sources"),
    )
    return synthetic_report(materials=materials, findings=())


def _text(fmt: str) -> str:
    out = REPORTER_BY_NAME[fmt](_report())
    if isinstance(out, bytes):
        import io

        import docx

        return "\n".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    return out


def test_every_format_shows_the_sections_of_a_combined_file():
    for fmt in ("text", "markdown", "html", "docx", "sarif", "junit"):
        assert LINE in _text(fmt), fmt


def test_the_material_table_names_the_pages_of_the_file():
    for fmt in ("text", "markdown", "html"):
        assert f"{FILE}（第6–8页）" in _text(fmt), fmt


def test_json_carries_sections_and_levels():
    d = json.loads(REPORTER_BY_NAME["json"](_report()))
    staff, social, profile = d["materials"]
    assert staff["sections"] == [{"file": FILE, "pages": [1, 5], "unit": "page"}]
    assert social["level"] == "required" and profile["level"] == "some-sources"
    assert "sections" not in profile


def test_a_material_only_some_sources_ask_for_is_missing_as_a_warning():
    assert "缺失（部分来源要求）" in _text("markdown")


def test_a_word_file_without_page_breaks_counts_paragraphs():
    assert SectionRef("制度.docx", 3, 40, "paragraph").label() == "第3–40段"
    assert SectionRef("a.pdf", 2, 2).label() == "第2页"
