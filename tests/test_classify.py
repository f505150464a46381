import pytest

from docvalidator.classify import classify, normalize_name
from docvalidator.package import SourceFile
from docvalidator.schema.model import Material, Schema


def _m(id, keywords, **kw):
    return Material(id=id, name=id, formats=("pdf",), keywords=tuple(keywords), requirement="r",
                    basis="b", **kw)


SCHEMA = Schema(
    id="t", title_zh="t", title_en="t", authority="a", legal_basis=("b",), source="t",
    materials=(
        _m("application-form", ["申请表", "application_form"]),
        _m("business-license", ["营业执照", "执照副本", "yyzz", "BL"]),
        _m("legal-rep-id", ["法人身份证", "法定代表人身份证"]),
        _m("key-staff-ids", ["人员名单", "员工身份证"], multiple=True),
        _m("site-photos", ["场地照片", "坐席"], multiple=True),
        _m("customer-data", ["客户数据"], collections=("安全管理制度汇编", "制度汇编")),
        _m("complaints", ["投诉处理"], collections=("安全管理制度汇编", "制度汇编")),
    ),
)


def _f(path, kind="pdf"):
    return SourceFile(path=path, size=10, sha256="0" * 64, kind=kind, ext=path.rsplit(".", 1)[-1],
                      origin=("fs", "/nonexistent/" + path))


@pytest.mark.parametrize(("raw", "expected"), [
    ("01-电信业务经营许可证申请表（盖章）", "电信业务经营许可证申请表"),
    ("附件3 营业执照副本", "营业执照副本"),
    ("附件三：公司章程(最终版)", "公司章程"),
    ("第1项-营业执照", "营业执照"),
    ("12.技术方案v2", "技术方案"),
    ("05_法定代表人身份证", "法定代表人身份证"),
])
def test_numbering_and_annotations_are_stripped_from_names(raw, expected):
    assert normalize_name(raw) == expected


def test_year_in_a_name_is_not_taken_for_numbering():
    assert normalize_name("2024年度审计报告") == "2024年度审计报告"


def test_ascii_keywords_match_whole_tokens_only():
    from docvalidator.classify import index_of
    from docvalidator.schema import load_schema

    index = index_of(load_schema("b24-national"))
    assert index.name("03_business_license_scan").materials == ["business-license"]
    assert index.name("nobusiness_licensed_table").materials == []
    assert index.name("Business License copy").materials == ["business-license"]


def test_files_are_assigned_by_name_folder_and_title():
    files = [_f("01-申请表（盖章）.pdf"), _f("附件3 营业执照副本.pdf"), _f("场地照片/IMG_0001.jpg", "jpeg"),
             _f("scan0003.pdf"), _f("会议纪要.pdf")]
    c = classify(files, SCHEMA, titles={"scan0003.pdf": "法定代表人身份证\n姓名 张三"})
    assert c.files_of("application-form") == ["01-申请表（盖章）.pdf"]
    assert c.files_of("business-license") == ["附件3 营业执照副本.pdf"]
    assert [a.via for a in c.assignments["site-photos"]] == ["folder"]
    assert [a.via for a in c.assignments["legal-rep-id"]] == ["title"]
    assert c.unassigned == ["会议纪要.pdf"]


def test_the_more_specific_keyword_wins():
    c = classify([_f("法定代表人身份证.pdf"), _f("员工身份证及人员名单.pdf")], SCHEMA)
    assert c.files_of("legal-rep-id") == ["法定代表人身份证.pdf"]
    assert c.files_of("key-staff-ids") == ["员工身份证及人员名单.pdf"]


def test_a_name_that_says_nothing_and_has_no_title_stays_unassigned():
    c = classify([_f("scan0003.pdf")], SCHEMA, titles={})
    assert c.unassigned == ["scan0003.pdf"]


def test_policies_named_one_by_one_go_to_their_own_material():
    c = classify([_f("客户数据安全管理制度.pdf"), _f("投诉处理制度.pdf")], SCHEMA)
    assert c.files_of("customer-data") == ["客户数据安全管理制度.pdf"]
    assert c.files_of("complaints") == ["投诉处理制度.pdf"]


def test_a_file_named_like_a_collection_serves_every_material_it_collects():
    c = classify([_f("安全管理制度汇编.pdf")], SCHEMA)
    assert c.files_of("customer-data") == c.files_of("complaints") == ["安全管理制度汇编.pdf"]


def test_title_is_read_after_running_headers_and_body_text_does_not_vote():
    text = "上海云声通信科技有限公司\n第 1 页\n会议纪要\n时间：2026年10月30日\n议题：讨论许可申请表及法定代表人身份证"
    c = classify([_f("scan0007.pdf")], SCHEMA, titles={"scan0007.pdf": text})
    assert c.unassigned == ["scan0007.pdf"]


def test_title_after_the_company_header_classifies_the_scan():
    text = "上海云声通信科技有限公司\n第 1 页\n法定代表人身份证\n姓名 陈志远 公司概况"
    c = classify([_f("scan0003.pdf")], SCHEMA, titles={"scan0003.pdf": text})
    assert c.files_of("legal-rep-id") == ["scan0003.pdf"]
