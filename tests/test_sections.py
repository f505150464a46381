"""classify.sections: headings of each page → sections of a combined document (pure; the real
B22 schema's vocabulary)."""

from docvalidator.classify.sections import Head, segment
from docvalidator.classify.terms import index_of
from docvalidator.schema import load_schema


def _segment(schema_id, pages):
    schema = load_schema(schema_id)
    materials = {m.id: m for m in schema.materials}
    got = segment([[Head(t) for t in p] for p in pages], index_of(schema), materials)
    return [(s.pages, s.material) for s in got]


def test_a_certificate_named_by_its_own_material_ends_the_cv_whose_pages_are_certificates():
    got = _segment("b22-national", [["个人简历"], [], ["通信工程师证书"], ["信息安全管理体系认证证书"]])
    assert got == [((1, 3), "tech-lead-cv-certs"), ((4, 4), "iso27001-cert")]


def test_id_card_pages_after_a_staff_list_stay_in_the_list():
    got = _segment("b22-national", [["人员名单"], ["居民身份证"], ["居民身份证"], ["社保缴纳证明"]])
    assert got == [((1, 3), "key-staff-ids"), ((4, 4), "social-insurance-proof")]


def test_a_security_policys_log_and_audit_headings_open_no_audit_report():
    got = _segment("b24-national", [["安全管理制度", "1.4 审计日志", "审计检查清单:"]])
    assert all(m != "audit-or-capital-report" for _, m in got)
    assert _segment("b24-national", [["审计报告"]]) == [((1, 1), "audit-or-capital-report")]


def _decide(name_says: str, heading_material: str, heading: str, name_term: str = "", heading_term: str = ""):
    from docvalidator.checks.materials.sections import decide
    from docvalidator.classify import Recognition, Section

    schema = load_schema("b24-national")
    rec = Recognition(file="f.pdf", name=[name_says], name_terms={name_says: name_term} if name_term else {})
    got = decide(rec, [Section((1, 1), heading_material, heading, heading_term)], 1,
                 {m.id: m for m in schema.materials}, index_of(schema))
    return rec.conflict, [(a.material, a.via) for a in got]


def test_a_name_more_precise_than_the_heading_that_names_another_material_stands():
    conflict, got = _decide("security-measures", "articles-of-association", "客户档案管理制度",
                            name_term="网络与信息安全保障措施", heading_term="档案")
    assert conflict is None and got == [("security-measures", "name")]


def test_a_title_that_names_another_material_by_its_own_name_still_decides_over_a_longer_file_name():
    """法定代表人身份证.pdf whose first page is a business licence: the file is the licence (DV106)."""
    conflict, got = _decide("legal-rep-id", "business-license", "营业执照",
                            name_term="法定代表人身份证", heading_term="营业执照")
    assert conflict == ("legal-rep-id", "business-license") and got == [("business-license", "heading")]


def test_a_heading_as_precise_as_the_name_still_decides():
    conflict, got = _decide("business-license", "premises-proof", "房屋租赁合同",
                            name_term="营业执照", heading_term="房屋租赁合同")
    assert conflict == ("business-license", "premises-proof") and got == [("premises-proof", "heading")]


def test_a_name_that_says_one_material_over_content_that_is_another_is_a_conflict():
    conflict, got = _decide("business-license", "premises-proof", "房屋租赁合同")
    assert conflict == ("business-license", "premises-proof")  # DV106 warns
    assert got == [("premises-proof", "heading")]  # the content decides


def test_a_page_the_named_material_contains_keeps_the_name_and_no_conflict():
    conflict, got = _decide("key-staff-ids", "id-card", "居民身份证")
    assert conflict is None
    assert got == [("key-staff-ids", "name")]


def test_a_scanned_page_top_line_that_ends_a_sentence_or_numbers_the_page_is_no_title():
    from docvalidator.checks.materials.pagetops import heads_of

    lines = [("第3页", (500, 10, 560, 30)), ("网络与信息安全保障措施", (300, 60, 900, 110)),
             ("本公司承诺严格遵守以下规定。", (120, 140, 700, 170))]
    assert [h.text for h in heads_of(lines, 1200, 400)] == ["网络与信息安全保障措施"]


def test_a_scanned_page_top_drops_the_running_header_the_text_layer_drops():
    """The same letterhead, document number and date are skipped on a scan's OCR'd top as on a
    text page's first lines (classify.running_header)."""
    from docvalidator.checks.materials.pagetops import heads_of

    lines = [("中国某某通信集团", (450, 10, 750, 40)), ("文件编号：SEC-2024-07", (900, 12, 1150, 36)),
             ("网络与信息安全保障措施", (300, 60, 900, 110))]
    assert [h.text for h in heads_of(lines, 1200, 400)] == ["网络与信息安全保障措施"]
