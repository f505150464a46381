from docvalidator.checks.applicant.extract import extract
from docvalidator.schema import load_schema
from docvalidator.text.names import name_key

# the materials the built-in schemas say other organisations also write or sign
THIRD_PARTY = {m.id for sid in ("b24-national", "b22-national", "number-95-shanghai")
               for m in load_schema(sid).materials if m.third_party}


def _values(text, wanted, material="application-form", name=None):
    _, hits = extract(text, wanted, lessee=material == "premises-proof",
                      labelled_only=material in THIRD_PARTY)
    return [h.value for h in hits if h.name == (name or next(iter(wanted)))]


def test_name_key_ignores_bracket_width_spaces_and_quotes():
    assert name_key("上海云声（中国）通信有限公司") == name_key("上海云声 (中国) 通信有限公司")
    assert name_key("“上海云声通信科技有限公司”") == name_key("上海云声通信科技有限公司")
    assert name_key("上海云声通信科技有限公司") != name_key("上海云声通讯科技有限公司")


def test_lessor_is_not_read_as_the_applicant():
    text = "出租方（甲方） 上海张江科技园区开发有限公司\n承租方（乙方） 上海云声通信科技有限公司"
    assert _values(text, ["company_name"], "premises-proof") == ["上海云声通信科技有限公司"]


def test_other_companies_mentioned_in_a_sentence_are_not_names():
    text = "本公司委托北京信测通检测技术有限公司进行压力测试。\n上海云声通信科技有限公司（盖章）"
    assert _values(text, ["company_name"], "business-plan") == ["上海云声通信科技有限公司"]


def test_branch_name_is_not_the_applicant():
    assert _values("名称 上海云声通信科技有限公司北京分公司", ["company_name"]) == []


def test_spaced_label_on_a_licence():
    assert _values("名　　称 上海云声通信科技有限公司", ["company_name"], "business-license") == \
        ["上海云声通信科技有限公司"]


def test_capital_labelled_with_subscribed():
    [v] = _values("注册资本（认缴）：人民币壹仟万元整", ["registered_capital"])
    assert v["wan"] == 1000


def test_social_insurance_rows_read_months_from_ranges():
    text = "陈志远 310115198005122314 养老、医疗、\n生育 2025年11月 2026年10月 12 正常缴\n费\n" \
           "李晓梅 310115198609233023 2026年05月至2026年10月"
    rows = _values(text, ["staff", "insured_months"], "social-insurance-proof", "staff")
    assert [(r["name"], r["months"]) for r in rows] == [("陈志远", 12), ("李晓梅", 6)]


def test_lease_term_and_open_ended_business_term():
    [lease] = _values("租赁期限自2026年1月1日起至2028年12月31日止", ["lease_term"], "premises-proof")
    assert (lease["start"], lease["end"]) == ("2026-01-01", "2028-12-31")
    [term] = _values("营业期限 2019年03月12日至长期", ["business_term"], "business-license")
    assert term["open_ended"] and term["end"] is None
