"""The clause engine's reading: structure (headings, lead-ins, tables, DOCX layout), who speaks,
terms with gaps, quantities against units they only loosely compare with."""

from __future__ import annotations

import io

import pytest
from docx import Document

from docvalidator.inspect.docx import inspect_docx
from docvalidator.text.quantity import find_counts, find_durations, judge
from docvalidator.text.scope import is_negated, named_party, speaker
from docvalidator.text.sentences import sentences
from docvalidator.text.terms import find_terms


def _docx(build) -> bytes:
    d = Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_inspection_keeps_heading_levels_numbering_and_table_cells():
    def build(d):
        d.add_heading("投诉处理制度", level=1)
        d.add_paragraph("五个工作日内办结", style="List Number")
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "项目", "保存期限"
        t.cell(1, 0).text, t.cell(1, 1).text = "投诉记录", "一年"

    _, texts = inspect_docx(_docx(build))
    by_text = {t.text: t for t in texts}
    assert by_text["投诉处理制度"].level == 1
    assert by_text["五个工作日内办结"].list_level == 0
    assert by_text["保存期限"].table == [0, 0, 1] and by_text["一年"].table == [0, 1, 1]


def test_docx_table_rows_read_as_one_sentence_under_their_header():
    def build(d):
        d.add_heading("投诉处理制度", level=1)
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "项目", "保存期限"
        t.cell(1, 0).text, t.cell(1, 1).text = "投诉记录", "一年"

    _, texts = inspect_docx(_docx(build))
    pages = [("a.docx", t.number, t.text, {"level": t.level, "list_level": t.list_level, "table": t.table})
             for t in texts]
    row = next(s for s in sentences(pages) if "一年" in s.text)
    assert row.text == "投诉记录 | 一年"
    assert row.header == "项目 | 保存期限" and row.headings == ("投诉处理制度",)


def test_a_numbered_heading_gives_its_items_a_subject():
    s = sentences([("p.pdf", 1, "一、客户投诉\n原则上五个工作日内办结。")])
    assert s[1].headings == ("一、客户投诉",) and not s[1].heading


def test_a_lead_in_carries_its_negation_to_its_items_and_ends_with_the_list():
    s = sentences([("p.pdf", 1, "严格禁止以下行为:\n使用虚拟改号软件\n\n"
                                "客户信息保存期限为六个月,期满后删除,并由信息安全部门负责监督执行。")])
    item, after = s[1], s[2]
    assert item.lead == "严格禁止以下行为:" and is_negated(item.text, 2, item.lead)
    assert after.lead == ""


def test_a_heading_is_not_run_into_its_paragraph_in_a_pdf_text_layer():
    text = ("第一部分 客户数据安全管理制度\n"
            "客户数据采用AES-256加密存储,存储服务器部署于本公司上海机房,未经授权任何人\n"
            "不得访问客户数据。")
    s = sentences([("p.pdf", 1, text)])
    assert s[0].text == "第一部分客户数据安全管理制度" and s[0].heading
    assert s[1].text.endswith("不得访问客户数据。")


def test_another_party_example_law_and_question_are_not_the_applicant():
    assert speaker("某运营商的录音保存期为半年。").startswith("另一方")
    assert speaker("投诉受理后,12315会在45个工作日内办结投诉。").startswith("另一方")
    assert speaker("投诉专线10015承诺72小时内回复处理进展").startswith("另一方")
    assert speaker("根据泰康人寿公开承诺文件显示,营业厅主要服务承诺包含客户投诉48小时响应机制") == "报道转述"
    assert speaker("我们按10086的要求,在24小时内回复。") is None  # the writer acts first
    assert speaker("根据《物业管理条例》第四十八条规定,物业服务企业应当在24小时内出具回执。")
    assert speaker("能否提供7×24小时服务?") == "提问"
    assert speaker("通常情况下,企业会保留30天到1年的录音。") == "一般性描述"
    assert speaker("本公司承诺客户信息保存六个月。") is None
    # a bureau, a school or a site names itself as the writer, speaking to the reader
    assert speaker("你所提供的个人资料,会按需要知道的原则提供给在本署工作的职员。") is None
    assert speaker("你应妥善保存通话录音。") == "非申请人陈述"
    # a party whose capability an aim raises is not the speaker
    assert speaker("为提高银行应对突发电脑故障的能力,特制定本应急预案。", hedges=False) is None
    assert speaker("银行应对突发电脑故障须制定应急预案。", hedges=False).startswith("另一方")
    # a party named as an object is not the speaker
    assert speaker("云端存储需选择通过安全认证的服务商,确保数据加密。", hedges=False) is None


def test_a_rule_named_by_its_kind_an_opinion_and_a_trades_habit_are_not_the_applicant():
    assert speaker("此外,意见稿还要求快递企业对寄递信息加密存储。", hedges=False)
    assert speaker("本规范要求各部门对客户数据加密存储。", hedges=False) is None  # the writer's own rule
    assert speaker("行业专家认为,企业应对客户数据加密。", hedges=False) == "报道转述"
    assert speaker("我们认为,客户数据应当加密存储。", hedges=False) is None
    assert speaker("快递公司通常对面单信息进行加密。", hedges=False).startswith("另一方")
    assert speaker("本公司一般对面单信息进行加密。", hedges=False) is None
    assert speaker("公司一般在收到投诉后24小时内回复。", hedges=False) is None  # a bare 公司 is the writer


def test_a_party_named_at_length_before_it_commits_is_named():
    text = "如果在线提出投诉,Skype for Business 代表会在收到投诉的两个 (2) 工作日内做出响应。"
    assert named_party(text, text.index("工作日")) == "Skype for Business 代表"
    assert named_party("本公司客服代表会在两个工作日内回复。", 14) is None


def test_a_line_that_announces_a_new_rule_or_a_case_speaks_for_the_paragraph_after_it():
    text = "新机制核心内容:\n\n48小时响应:企业需在接到投诉后48小时内联系客户,核实情况并制定解决方案。"
    assert speaker(sentences([("p.pdf", 1, text)])[-1]) == "所在章节引用的规定或案例"
    case = "案例说明:\n\n通过为不同岗位员工分配不同访问权限,所有文件均做加密存储。"
    assert speaker(sentences([("p.pdf", 1, case)])[-1]) == "所在章节引用的规定或案例"
    own = "法律依据与用户权利:\n\n根据相关规定,我们基于您的明确同意收集和处理传感器数据,用于保障您的人身安全。"
    assert speaker(sentences([("p.pdf", 1, own)])[-1]) is None  # the writer speaks under it


def test_a_line_that_opens_by_reporting_a_pledge_speaks_for_each_part():
    line = "根据承诺,四大汽车站将实现联网售票;推出首问负责制;一般投诉三个工作日内回复。"
    last = sentences([("p.pdf", 1, line)])[-1]
    assert last.text.startswith("一般投诉") and speaker(last) == "报道转述"
    own = sentences([("p.pdf", 1, "本中心实现联网售票;推出首问负责制;一般投诉三个工作日内回复。")])[-1]
    assert speaker(own) is None


def test_a_section_quoting_rules_or_cases_is_not_the_applicant_speaking():
    s = sentences([("p.pdf", 1, "二、相关规定\n网络运营者应当对重要数据进行加密。\n\n"
                                "三、公司背景\n本公司对客户数据采用AES-256加密存储。\n\n"
                                "四、行业案例\n某平台采用分级响应处置安全事件。")])
    rule, own, case = (x for x in s if not x.heading)
    assert speaker(rule, hedges=False) and speaker(case, hedges=False)
    assert speaker(own, hedges=False) is None  # the company's own background speaks for it


def test_a_notice_promising_about_your_data_speaks_for_its_writer():
    assert speaker("我们会将你的个人资料保密,只有获得授权的人士才可查阅。", hedges=False) is None
    assert speaker("你可以要求公司删除录音吗?") == "提问"
    assert speaker("你只需拨打客服电话即可。", hedges=False) == "非申请人陈述"  # a reader addressed
    assert speaker("示例:某律所规定客户信息只能由承办律师接触。", hedges=True) == "举例"


def test_a_heading_names_a_topic_and_states_no_clause_by_pairs():
    from docvalidator.text.clauses import evaluate
    from tests.test_clause_corpus import _schema

    schema, vocab = _schema("b24-national")
    clause = next(c for c in schema.clauses if c.id == "security-user-data-protection")
    under = sentences([("p.pdf", 1, "一、客户信息安全\n定期组织员工培训。")])
    assert under[0].heading  # 客户信息 and 安全 pair up in the heading alone
    assert evaluate(clause, under, None, vocab, clause.match).verdict == "missing"
    body = sentences([("p.pdf", 1, "一、管理要求\n确保客户信息安全,不得外传。")])
    assert evaluate(clause, body, None, vocab, clause.match).verdict == "passed"


def test_gap_terms_match_compounds_and_the_longest_term_wins():
    hits = find_terms("客户咨询信息与客户信息", ("客户...信息", "信息"))
    assert [h[2] for h in hits] == ["客户...信息", "客户...信息"]


def test_ranges_with_a_unit_on_each_side_and_counted_quantities():
    q = find_durations("录音保存30天到1年不等")[0]
    assert q.unit == "year" and q.high == 1.0 and round(q.value, 3) == round(30 / 365, 3)
    assert find_durations("将于工作天内1~3hr内回复")[0].unit == "hour"
    c = find_counts("全天控制在200通以内")[0]
    assert (c.value, c.unit, c.comparator) == (200.0, "call", "<=")


def test_hours_meet_working_days_and_working_days_fail_hours():
    forty_eight = find_durations("48小时内处理完毕")[0]
    assert judge(forty_eight, "<=", 7, "workday") == (True, True)
    three = find_durations("3个工作日内答复")[0]
    assert judge(three, "<=", 24, "hour") == (False, True)  # surely over 24 h
    one = find_durations("1个工作日内答复")[0]
    assert judge(one, "<=", 24, "hour") == (False, False)  # perhaps over: a warning


def _verdict(schema_id: str, clause_id: str, text: str):
    from docvalidator.text.clauses import evaluate
    from tests.test_clause_corpus import _schema

    schema, vocab = _schema(schema_id)
    clause = next(c for c in schema.clauses if c.id == clause_id)
    required = schema.resolve(clause.quantity.value) if clause.quantity else None
    return evaluate(clause, sentences([("p.pdf", 1, text)]), required, vocab, clause.match)


def test_an_aside_in_brackets_does_not_part_an_object_from_its_action():
    v = _verdict("b24-national", "security-user-data-protection",
                 "调取客户身份信息（如证件号码、家庭住址、联系电话、开户资料等）前,须经部门负责人书面授权。")
    assert v.verdict == "passed"
    far = _verdict("b24-national", "security-user-data-protection",
                   "客户身份信息由前台登记后录入业务系统,每季度由行政部与财务部共同核对一次后再书面授权。")
    assert far.verdict == "missing"  # 30 characters of plain text still part them


def _field(field_id: str):
    from tests.test_clause_corpus import _schema

    return next(f for f in _schema(_N95)[0].fields if f.id == field_id)


def _clause(clause_id: str):
    from tests.test_clause_corpus import _schema

    return next(c for c in _schema(_N95)[0].clauses if c.id == clause_id)


# What the labellers read as a usage plan's flow or use, and the engine cannot place: a plan that
# has only these may state the field, so its absence is not certain. The flow: a single step of a
# call (taken, answered, referred on; a script's greeting or answer). The use: what visitors may
# raise, the writer calling its customers, a sales line with its number, a survey call's opening,
# help offered, repair calls, the answers a call gives. The flow also: a call back, an invitation to visit,
# an agent (座席), an answer given, a voice menu's keys, a matter handled and answered, requests sorted.
# The use also:
# what callers report, the calls a centre takes. The flow also: what the agent notes, help offered
# to the caller, a finding passed on. The use also: what is done by phone, a lost card reported.
RELATED_TO_A_FIELD = [
    ("service-flow", "咨询中心会把您的热线转介到本公司产品部。"),
    ("service-flow", "工程师将在接到客户电话后2小时之内予以响应。"),
    ("service-flow", "“先生/女士,您好!我是某某保险公司客户服务人员。”"),
    ("service-flow", "用户不愿接受访问,则回答:十分抱歉打扰您了,再见!"),
    ("service-flow", "而是应当告诉客户稍后理解清楚后给客户回电。"),
    ("service-flow", "要点三:邀请客户到现场访问"),
    ("service-flow", "遇到用户提出建议时:呼叫座席员:“谢谢您,您提出的宝贵建议,我们将及时反馈。”"),
    ("service-flow", "这些选项按业务类型分类组织,例如“查询账户信息请按1,办理业务请按2”。"),
    ("service-flow", "如果投诉并不成立,就可以委婉的方式答复客户,以取得客户的谅解。"),
    ("service-flow", "一般事项由办公室协调有关部门办理并回复。"),
    ("service-flow", "(1)根据诉求的性质和内容,将其分为咨询、投诉、建议等不同类型。"),
    ("usage-purpose", "来访者可就幼儿园的日常管理反映问题,提出意见、建议和批评等。"),
    # customers reached by phone (会以电话联系)
    ("usage-purpose", "若遇缺货、瑕疵等商品状况,会以电话或 email 联系。"),
    ("usage-purpose", "如遇缺货,我们亦有专人联络客户核实资料及安排送货事宜。"),
    ("usage-purpose", "销售：0755-83271919"),
    ("usage-purpose", "您好!我是***公司的市场调查员,目前就您使用的通信产品作一些市场调查。"),
    ("usage-purpose", "如您仍需协助,欢迎致电63494163并提供相关资料予我们跟进。"),
    ("usage-purpose", "客户可通过微信、电话、邮件等多渠道报修。"),
    ("usage-purpose", "目的:简要回答客户提出的问题,引导客户到现场。"),
    ("usage-purpose", "中心负责接听、录入市民举报的现场信息。"),
    ("service-flow", "接线员需记录来电人的姓名、联系方式和问题描述。"),
    ("service-flow", "为了更好地帮您查询,请提供您的会员编号。"),
    ("service-flow", "检查结果异常的,由护士向主治医生汇报。"),
    ("usage-purpose", "客户可透过电话办理转账及缴费。"),
    ("usage-purpose", "报失存折或银行卡"),
    ("usage-purpose", "外呼专员配合开展客户满意度调研。"),
    ("usage-purpose", "居民可电话至营业厅报停暖气。"),
    ("service-hours", "热线晚间服务至21点。"),
]


@pytest.mark.parametrize("field_id", ["service-flow", "usage-purpose"])
def test_a_plan_that_says_nothing_related_lacks_the_field_for_certain(field_id):
    from docvalidator.text.clauses import evaluate_field

    v = evaluate_field(_field(field_id), sentences([("p.pdf", 1, "本公司注册资本为一千万元。")]))
    assert (v.verdict, v.certain) == ("missing", True)


def test_what_a_line_offers_its_callers_is_its_use_but_customer_service_alone_is_not():
    from docvalidator.text.clauses import evaluate_field

    use = _field("usage-purpose")
    for text in ("“95105”热线电话为本公司统一的服务监督电话,主要功能包括服务监督、投诉举报、咨询服务等。",
                 "通过供电营业场所、“95598”电话(网站)、网上国网App(微信公众号)等渠道,提供咨询、办电、交费、报修、"
                 "节能、电动汽车、新能源并网等服务。"):
        assert evaluate_field(use, sentences([("p.pdf", 1, text)])).verdict == "passed", text
    for text in ("本公司为用户提供客户服务的服务热线:400-810-9889。", "详情可咨询服务热线。"):
        assert evaluate_field(use, sentences([("p.pdf", 1, text)])).verdict == "missing", text


# What a clause's words must read in real wordings, and the near-misses they must leave alone:
# (what it pins, schema, clause, sentence, verdict[, certain])
_B24, _N95 = "b24-national", "number-95-shanghai"
_UDP, _PLAN, _AUTH, _LP = ("security-user-data-protection", "security-emergency-plan",
                           "customer-data-authorised-access", "access-least-privilege")
WORDINGS = [
    ("masking is user-data protection", _B24, _UDP, "坐席界面自动屏蔽敏感字段,身份证号仅显示前4位。", "passed"),
    ("a guest's data not given out", _B24, _UDP, "客人信息未经批准不得对外提供。", "passed"),
    ("a student's data for its use only", _B24, _UDP, "学生个人信息只能用于教学管理。", "passed"),
    # encryption of customer data has a clause of its own; as user-data protection it is not read
    ("encryption is not user-data protection", _B24, _UDP, "在应用程序中使用加密算法,包括客户信息的存储和传输过程中。", "missing"),
    ("the data of anyone served: guests", _B24, _UDP, "酒店工作人员不得擅自向他人透露宾客信息。", "passed"),
    ("the data of anyone served: customers' records", _B24, _UDP, "顾客记录不得与第三方共享。", "passed"),
    ("the data of anyone served: borrowers", _B24, _UDP, "催收完成后,要求第三方机构销毁借款人信息。", "passed"),
    ("a maintenance log is nobody's data", _B24, _UDP, "设备维护记录由运维部门保存并定期销毁。", "missing"),
    ("records obtained kept secret", _B24, _UDP, "经查询系统取得的资料应予保密,不得外传。", "passed"),
    ("only what is needed collected", _B24, _UDP, "办理业务时只收集提供服务所必要的信息。", "passed"),
    ("data used only for its purpose", _B24, _UDP, "采集的数据仅用于合同约定的业务,不得挪作他用。", "passed"),
    ("card numbers not kept", _B24, _UDP, "支付环节中,本平台不储存完整的信用卡卡号。", "passed"),
    ("selling or renting data refused, after its aim", _B24, _UDP, "为保障用户隐私,本平台绝不允许有贩售、出租个人资料等情事。", "passed"),
    ("data offered for sale is no protection", _B24, _UDP, "本平台提供个人资料贩售服务。", "missing"),
    # a sense of secrecy trained, or secret information defined, is no measure on anyone's data
    ("awareness of secrecy is no measure", _B24, _UDP, "定期开展培训,提升员工保密意识。", "missing"),
    ("confidential information defined", _B24, _UDP, "接收方在履行合同过程中可能从披露方获取保密信息。", "missing"),
    ("a short rule line is a rule", _B24, _UDP, "绝不出售、出租或交易您的个人资料", "passed"),
    ("a short topic heading is not", _B24, _UDP, "二、客户资料的保密", "missing"),
    # a pledge to protect that gives only its ground (the law, standards) or no kind of measure
    ("protection by the law in general is no measure", _B24, _UDP,
     "我们深知个人信息对您的重要性,我们将按照法律法规的规定,保护您的个人信息及隐私安全。", "missing"),
    ("measures of no named kind are no measure", _B24, _UDP,
     "我们将按照法律法规的要求,采取相应的措施保护您个人信息的安全可控。", "missing"),
    ("caring much about protection is no measure", _B24, _UDP, "我们非常注重保护用户的个人信息及隐私。", "missing"),
    ("a measure after its ground is one", _B24, _UDP,
     "我们将按照法律法规的要求,对客户信息进行脱敏处理,确保客户信息安全。", "passed"),
    ("a measure named after general ones is one", _B24, _UDP,
     "我们采取相应的措施保护您的个人信息,员工不得向任何第三方提供客户资料。", "passed"),
    ("a leak met by an immediate step", _B24, _PLAN, "发现客户数据外泄时,立即封锁相关账号并通报主管。", "passed"),
    ("a bulleted short line is an item, not a heading", _B24, _PLAN, "- 值守人员十五分钟内完成故障等级评估", "passed"),
    ("a recovery plan", _B24, _PLAN, "订定核心系统之复原计画,以确保业务持续。", "passed"),
    ("an outage met by a switch-over", _B24, _PLAN, "机房主服务器宕机时,由值班人员立即切换至备用服务器。", "passed"),
    # preventing a leak is protection, not the response to one
    ("preventing a leak is no plan", _B24, _PLAN, "建立完善的数据安全机制,防止数据泄露、篡改和丢失。", "missing"),
    ("a leak kept from spreading further is its handling", _B24, _PLAN, "调查期间采取有效措施,防止客户信息进一步泄露。", "passed"),
    ("a leak looked into at once", _B24, _PLAN, "发现信息泄露后,迅速调查泄露的范围和影响的客户。", "passed"),
    ("a power cut handled", _B24, _PLAN, "如有断电情况发生,值班主管立即通知运维人员处理。", "passed"),
    ("a serious case reported to the police at once", _B24, _PLAN, "如认为情况严重,应及时向公安部门报警。", "passed"),
    ("a possible leak reported at once", _B24, _PLAN, "如果发现任何顾客记录有可能遭受泄露,员工应立即报告给公司领导。", "passed"),
    ("lost records reported at once", _B24, _PLAN, "病历丢失的,应立即向科主任或总值班报告。", "passed"),
    # backing up against a loss, or punishing a leak, is no step taken when one happens
    ("a backup against loss is no plan", _B24, _PLAN, "为防止数据丢失,应及时备份重要数据。", "missing"),
    ("punishing a leak is no plan", _B24, _PLAN, "泄露客户信息情节严重的,依法追究法律责任。", "missing"),
    ("an infected machine cut off", _B24, _PLAN, "当发现计算机感染病毒后,应立即将该机从网络上隔离出来。", "passed"),
    ("a virus update is no plan", _B24, _PLAN, "各坐席电脑每周更新病毒库。", "missing"),
    ("data visible only to some staff", _N95, _AUTH, "客户手机号仅对当班坐席可见。", "passed"),
    ("no browsing on one's own", _N95, _AUTH, "严禁私自翻阅客户档案。", "passed"),
    ("visible to all is no limit", _N95, _AUTH, "本公告对所有用户可见。", "missing"),
    ("access on approval", _N95, _AUTH, "如需调用客户资料,需经安全部经理同意方可。", "passed"),
    # a ban on changing the records on one's own limits who may touch them
    ("no change on one's own", _N95, _AUTH, "严禁擅自变更客户登记信息。", "passed"),
    # keeping the records up to date says nothing of who may reach them
    ("records kept up to date", _N95, _AUTH, "客户信息如有变化,应及时更新。", "missing"),
    ("reading records on signed consent", _N95, _AUTH, "研究生查阅病案须经所属科室主任或导师签字同意后进行。", "passed"),
    ("no lending of records", _N95, _AUTH, "实习医师及进修医师不得借阅病案。", "passed"),
    ("no reading on one's own", _N95, _AUTH, "其他人员不得擅自查阅顾客的体检报告。", "passed"),
    ("filing records is no limit", _N95, _AUTH, "客户档案每年整理一次。", "missing"),
    ("a named custodian", _N95, _AUTH, "秘密级客户档案如需外带,由指定人员负责。", "passed"),
    # a privacy notice: the writer ("我们") acts, the reader ("你") is the one served
    ("the writer acts, the reader is served", _B24, _PLAN, "若发生个人信息泄露等安全事件,我们会启动应急预案并及时告知你。", "passed"),
    ("the writer follows a regulator's rule", _B24, _PLAN, "我们将按照监管部门要求,上报安全事件的处置情况。", "passed"),
    ("a regulator's rule for firms is not the writer's", _B24, _PLAN, "按照监管部门要求,企业应上报安全事件的处置情况。", "missing"),
    ("a short line with a deadline is a rule", _B24, _PLAN, "重大安全事件于30分钟内响应", "passed"),
    ("a drill in a table row", _B24, _PLAN, "灾备切换演练 | 每半年 | 运维部", "passed"),
    ("a yearly drill", _B24, _PLAN, "每年至少演练一次数据泄露处置流程。", "passed"),
    ("a review after the incident", _B24, _PLAN, "事件处置结束后三个工作日内完成复盘。", "passed"),
    ("an incident level with its response time", _B24, _PLAN, "一级 | 核心系统中断 | 30分钟内响应", "passed"),
    ("the impact assessed", _B24, _PLAN, "安全小组20分钟内评估影响范围。", "passed"),
    ("a grading of incidents", _B24, _PLAN, "较大及以上安全事件应在2小时内上报。", "passed"),
    ("incidents sorted by their impact", _B24, _PLAN, "根据影响程度对事件进行分类和分级。", "passed"),
    ("an incident contained", _B24, _PLAN, "采取措施遏制事件的影响,防止进一步扩散。", "passed"),
    ("the security team called in", _B24, _PLAN, "发现严重安全问题时,立即联系安全团队。", "passed"),
    ("users reach only their own records", _N95, _AUTH, "使用者仅能读写自己的资料。", "passed"),
    ("a runbook's severity level", _B24, _PLAN, "SEV-3 → 72 小时内解决", "passed"),
    ("incidents graded and declared", _B24, _PLAN, "1. 分级与宣布事件", "passed"),
    ("an export only by named roles", _N95, _AUTH, "数据导出:生成文件仅管理员/社工可创建。", "passed"),
    ("kept for internal use only", _B24, _UDP, "上述资料仅供内部使用,不对外公开。", "passed"),
    # a pledge to protect, or "reasonable measures", names no measure
    ("a pledge to protect is no measure", _B24, _UDP, "本平台承诺严格保护用户的个人信息。", "missing"),
    ("reasonable measures named is no measure", _B24, _UDP, "我们将采取合理的安全措施保护您的个人信息。", "missing"),
    ("a policy named is no measure", _B24, _UDP, "保护用户隐私是本公司的一项基本政策。", "missing"),
    ("security techniques in general are no measure", _B24, _UDP, "我们使用各种安全技术和程序来保护您的个人信息。", "missing"),
    ("a law described is not the writer's", _B24, _UDP, "描述:《个人信息保护法》要求处理个人信息应当限于实现处理目的的最小范围,不得过度收集个人信息。", "missing"),
    ("records never published", _B24, _UDP, "系统访问记录只作内部分析,决不对外公布。", "passed"),
    ("collection held to what is needed", _B24, _UDP, "收集个人信息时,将收集范围限制在必要的限度内。", "passed"),
    ("consent before another use", _B24, _UDP, "如需将收集的信息用于其他用途,将事先征得用户同意。", "passed"),
    ("access on an approval flow", _N95, _AUTH, "访问审批:调用客户数据须走审批流程。", "passed"),
    ("systems behind sign-in limits", _N95, _AUTH, "客户资料存放在有严格登录限制的系统中。", "passed"),
    ("only named staff may read the recordings", _N95, _AUTH, "只有值班主管可以调阅通话录音。", "passed"),
    ("a pledge not to access the data", _N95, _AUTH, "本公司承诺不访问客户存放在平台上的数据。", "passed"),
    # preventing unlawful access is a goal, not a rule on who may reach the records
    ("preventing unlawful access is no access rule", _N95, _AUTH, "采用防火墙等手段,防止客户资料被非法访问。", "missing"),
    ("the permissions a post needs", _B24, _LP, "员工只能获取履行岗位职责所必要的权限。", "passed"),
    ("rights matched to the duties", _B24, _LP, "各岗位的系统权限应与其工作职责相匹配。", "passed"),
    ("rights reviewed is not yet rights limited", _B24, _LP, "员工的权限设置每年检查一次。", "missing"),
    # a named cipher other than AES is not AES-256, but may be the applicant's own choice: verify
    ("another cipher for storage is a failure to verify", _N95, "customer-data-encryption",
     "端到端加密:采用 Curve25519 进行密钥交换,使用 ChaCha20-Poly1305 进行加密存储。", "failed", False),
    ("Blowfish named without 加密 is no cipher statement", _N95, "customer-data-encryption",
     "日志中记录了 Blowfish 测试用例的运行结果。", "missing"),
    # a short list item with no final stop still states a rule when it opens by denying its verb
    ("a denied act in a checklist line protects user data", _B24, _UDP, "不收集、不上传、不分享任何用户数据", "passed"),
    ("a short title that starts with 不同 is not a denied act", _B24, _UDP, "不同用户的数据保护", "missing", True),
    # a runbook's step names the incident's handling without the plan's words: a warning, not an error
    ("a step checking for recurrence is a warning", _B24, _PLAN, "確認沒有復發跡象", "missing", False),
    ("a rollback step is a warning", _B24, _PLAN, "2. 回滚到上一个版本", "missing", False),
    ("a post-mortem is a plan's step", _B24, _PLAN, "每次故障后 48 小时内召开 Post-Mortem 会议。", "passed"),
    ("a security response team is the plan's", _B24, _PLAN, "安全响应团队使用数据分析查找不规则的访问模式。", "passed"),
    ("a security incident response in Taiwan's words is the plan", _B24, _PLAN,
     "本公司會定期進行安全性事件回應演練。", "passed"),
    ("an incident management framework is the plan", _B24, _PLAN, "已建立一个事件管理框架，其中定义了角色并分配了职责。", "passed"),
    ("a calendar's event management is no plan", _B24, _PLAN, "应用提供日历事件管理功能。", "missing"),
    ("a crisis plan is the plan", _B24, _PLAN, "危机管理计划明确了危机之前、期间和之后的角色、责任和缓解活动。", "passed"),
    ("crisis response described is no plan", _B24, _PLAN, "危机沟通绝非事后补救的附属品,而是危机应对的核心。", "missing"),
    # "bank-grade" names a grade, not a bank
    ("bank-grade is no bank speaking", _B24, _UDP, "银行级数据加密,客户信息严格保密。", "passed"),
    ("a bank's own secrecy is another party's", _B24, _UDP, "某银行的客户信息严格保密。", "missing", False),
    ("the only purpose of using the data", _B24, _UDP, "我们使用客户数据的唯一目的是为客户提供服务。", "passed"),
    ("an intrusion met by shutting servers and a report", _B24, _PLAN,
     "发现有人侵入内部网络时,应及时关闭相关服务器并向主管部门报告。", "passed"),
    # a retention with no length: keeping nothing, or deleting at once, is a warning to verify the
    # length; deleting "at expiry" says nothing of the length and stays a certain absence
    ("data kept not at all is a retention to verify", _N95, "customer-data-retention",
     "我们不会保留您上传的资料。", "missing", False),
    ("data deleted at once is a retention to verify", _N95, "customer-data-retention",
     "订单完成后,客户数据立即删除。", "missing", False),
    ("records deleted at expiry give no length", _N95, "call-record-retention",
     "通话记录期满后删除。", "missing", True),
    ("your data is the customer's data", _N95, "customer-data-retention",
     "您的个人资料保存三个月。", "failed", True),
    # a short line parted by a comma is a rule, not a heading
    ("a short rule line with a comma is read", _B24, _PLAN, "发生事故时,上报主管副总处理", "passed"),
    # a time in a table whose column names the clause's verb, for something the row does not
    # name: it may be the clause's, so its absence is not certain
    ("a response-time column's value is a warning", _N95, "complaint-response-time",
     "级别 | 描述 | 响应时间\n一级 | 核心功能中断 | 1小时内", "missing", False),
    ("records backed up for good are a warning", _N95, "customer-data-retention",
     "客户聊天记录永久备份。", "missing", False),
    ("trading days are working days", _N95, "complaint-response-time",
     "本公司在收到客户投诉后2个交易日内予以答复。", "failed", True),
    # a digest is not encryption: a warning, not a certain absence of AES-256
    ("a hash called encryption is a warning", _N95, "customer-data-encryption",
     "用户密码采用SHA-256哈希加密后保存。", "missing", False),
    # servers named in a place outside the mainland fail the clause (a warning: it is secondary);
    # "outside Hong Kong", or a transfer abroad only if one is ever needed, does not
    ("servers abroad fail the mainland clause", "b22-national", "servers-in-mainland",
     "我们的服务器和数据库位于美国的云服务平台上。", "failed", False),
    ("data kept outside a place is no place", "b22-national", "servers-in-mainland",
     "您的资料可能在香港以外地区处理。", "missing"),
    ("a place's full name before 以外 is still outside it", "b22-national", "servers-in-mainland",
     "您的资料有可能被转移并储存于位处于香港特别行政区以外的地方之服务器。", "missing"),
    ("a transfer abroad if ever needed is no place", "b22-national", "servers-in-mainland",
     "如需将个人信息传输至境外，我们会依法履行必要义务。", "missing"),
    # a cache is a keeping: its time is the retention's
    ("a cache time is a retention", _N95, "customer-data-retention",
     "我们的服务器会暂时缓存您的消息，缓存时间为 72 小时。", "failed", False),
    ("data kept briefly is a retention to verify", _N95, "customer-data-retention",
     "这只是一个时间记录，不含您的消息内容，也仅会短暂保留。", "missing", False),
    # who may act on the records: only a named role, or each user on their own
    ("only administrators may delete customers", _N95, _AUTH, "只有管理员可以删除客户", "passed"),
    ("each user sees only their own customers", _B24, _LP, "普通用户:只能看到自己的客户和线索。", "passed"),
    ("database access control in Taiwan's words", _N95, _AUTH,
     "我們採取合理的技術措施保護您的個人資料,包括安全的資料庫存取控制。", "passed"),
    # the time of the verb a number times, not of a verb joined after it
    ("a deadline's subject is not the next verb's object", _N95, "complaint-response-time",
     "收到投诉后,1小时内确认受理并分配处理人员", "passed"),
    # a final reply closes the complaint: its time is the resolution's, not the response's
    ("a final reply is the resolution", _N95, "complaint-response-time",
     "投诉事项承诺2小时内受理,复杂投诉不超过5个工作日给出最终答复。", "passed"),
    ("the next day is a time to verify", _N95, "complaint-response-time",
     "於翌日正午前回應在下午一時後接獲的投訴。", "missing", False),
    ("a regulator's deadline is another party's", _N95, "complaint-resolution-time",
     "保监会对受理的保险消费投诉,自受理投诉之日起60日内作出处理决定。", "missing"),
    # files stored a while, then deleted: a keeping whose subject is unclear, to verify
    ("a file kept a while then deleted is a time to verify", _N95, "customer-data-retention",
     "AI产出档案先暂存于边缘储存,14天后自动永久删除。", "missing", False),
    # who can see the data, however it is said, bears on access: its absence is not certain
    ("who can see the data is an access matter to verify", _N95, _AUTH,
     "所谓全程加密,就是数据从上传到处理都经过加密,连系统管理员都无法直接查看原始数据。", "missing", False),
    # a law's title cut short or missing a word is most likely the law: verify, not an error;
    # another law, or another place's (個人資料保護法), is a certain absence
    ("a law title cut short is a citation to verify", "b22-national", "privacy-cites-pipl",
     "建立符合《个人信息保》《数据安全法》等法规的隐私保护制度。", "missing", False),
    ("another law alone is no citation", "b22-national", "privacy-cites-pipl",
     "建立符合《数据安全法》的隐私保护制度。", "missing", True),
    ("a title missing a word is a citation to verify", "b22-national", "privacy-cites-pipl",
     "依照《个人保护法》处理用户信息。", "missing", False),
    ("another place's data law is no citation", "b22-national", "privacy-cites-pipl",
     "依照個人資料保護法處理用戶資料。", "missing", True),
    # a failing time committed by a firm named by its trade (某某公交), or a kind of firm bound by a
    # rule (供水企业应当…), may be the applicant or another: a warning; the writer's own fails surely
    ("a firm named by its trade fails only as a warning", _N95, "complaint-response-time",
     "某某公交会在收到投诉后的5个工作日内回复。", "failed", False),
    ("the writer's own failing time is certain", _N95, "complaint-response-time",
     "我们会在收到投诉后的5个工作日内回复。", "failed", True),
    ("a kind of firm bound by a rule fails only as a warning", _N95, "complaint-response-time",
     "供水企业应当在接到投诉后5个工作日内答复。", "failed", False),
    ("the writer's own firm bound by its rule fails surely", _N95, "complaint-response-time",
     "本企业应当在接到投诉后5个工作日内答复。", "failed", True),
]


@pytest.mark.parametrize("schema,clause,text,verdict,certain",
                         [pytest.param(*w[1:5], w[5] if len(w) > 5 else None, id=w[0]) for w in WORDINGS])
def test_clause_words_read_real_wordings_and_leave_near_misses(schema, clause, text, verdict, certain):
    v = _verdict(schema, clause, text)
    assert v.verdict == verdict
    if certain is not None:
        assert v.certain is certain


def test_a_section_headed_by_another_carriers_line_describes_that_line():
    """一、10018电话的主要用途 heads what the carrier's line is used for, not the writer's number;
    the same section headed by the writer's own line is the writer's."""
    from tests.test_clause_corpus import verdict_of

    item = "5. 营销活动:有时也会用于推广新的通信产品或优惠活动。"
    marketing = "forbidden:marketing-purpose"
    assert verdict_of("number-95-shanghai", marketing, "一、10018电话的主要用途\n" + item) == "silent"
    assert verdict_of("number-95-shanghai", marketing, "一、本热线的主要用途\n" + item) == "fires"


def test_a_sentence_labelled_as_an_example_states_no_measure():
    shown = _verdict("number-95-shanghai", "customer-data-authorised-access", "示例:客户数据仅授权人员可访问。")
    assert (shown.verdict, shown.certain) == ("missing", False)
    # an example given inside a measure leaves the measure standing
    taken = _verdict("number-95-shanghai", "customer-data-authorised-access",
                     "客户财务数据仅授权人员可查看,例如财务主管。")
    assert taken.verdict == "passed"


def test_records_kept_for_good_meet_a_minimum_and_kept_long_is_a_warning():
    forever = _verdict("number-95-shanghai", "customer-data-retention", "住院病案原则上应永久保存。")
    assert (forever.verdict, forever.value) == ("passed", "永久")
    long = _verdict("number-95-shanghai", "customer-data-retention", "客户资料应长期保存。")
    assert (long.verdict, long.certain) == ("missing", False)
    # 永久 said of something else is no retention
    other = _verdict("number-95-shanghai", "customer-data-retention", "本中心永久免费提供客户信息查询服务。")
    assert other.verdict == "missing"


def test_an_aim_or_a_pledge_to_protect_data_is_no_protection_measure():
    for text in ("本预案旨在明确网络安全事件应对流程,防止信息泄露,维护用户隐私权益。",
                 "本公司致力保护您的私隐以及个人资料的保密性。"):
        v = _verdict("b24-national", "security-user-data-protection", text)
        assert (v.verdict, v.certain) == ("missing", False), text
    rule = _verdict("b24-national", "security-user-data-protection", "坐席人员严禁泄露客户信息。")
    assert rule.verdict == "passed"


def test_a_sentence_about_the_topic_in_other_words_is_a_warning_not_an_error():
    # nothing names the clause, but failures and shared accounts are its topic
    plan = _verdict("b24-national", "security-emergency-plan", "核心交换机的故障率每年统计一次。")
    assert (plan.verdict, plan.certain) == ("missing", False)
    # a failure met by a switch-over within minutes is a step of the plan, read by meaning
    step = _verdict("b24-national", "security-emergency-plan",
                    "核心交换机出现故障时,值班工程师在十五分钟内切换至备用链路。")
    assert step.verdict == "passed"
    access = _verdict("number-95-shanghai", "customer-data-authorised-access",
                      "坐席人员不得多人共用一个系统账号。")
    assert access.verdict == "passed"
    unrelated = _verdict("b24-national", "security-emergency-plan", "坐席每天上班前整理工位。")
    assert (unrelated.verdict, unrelated.certain) == ("missing", True)


def test_a_verb_inside_a_department_name_does_not_time_the_deadline():
    # the 5 working days time a preliminary check, named in the next comma clause
    v = _verdict("number-95-shanghai", "complaint-response-time",
                 "投诉受理部门应在收到投诉后的五个工作日内,对投诉材料进行初步核查。")
    assert not v.certain
    own = _verdict("number-95-shanghai", "complaint-response-time",
                   "客服部应在收到投诉后五个工作日内受理并答复。")
    assert (own.verdict, own.certain) == ("failed", True)


def test_a_deadline_to_report_a_complaint_upward_is_not_its_resolution():
    # the 24 hours time telling the managers (报备), while the complaint is still being handled
    v = _verdict("number-95-shanghai", "complaint-resolution-time",
                 "重大投诉在处理过程中,须在24小时内向管理部报备。")
    assert (v.verdict, v.certain) == ("missing", False)
    done = _verdict("number-95-shanghai", "complaint-resolution-time", "重大投诉须在24小时内处理完毕。")
    assert done.verdict == "passed"


def test_a_deadline_a_named_party_commits_to_fails_only_as_a_warning():
    """"平安保险承诺…15日内": perhaps the applicant under its own name, perhaps a company quoted;
    the failing deadline is reported to verify. The writer's own (我们承诺…) stays an error."""
    named = _verdict("number-95-shanghai", "complaint-resolution-time",
                     "对于简易投诉,平安保险承诺自收到投诉之日起15日内作出处理决定。")
    assert (named.verdict, named.certain) == ("failed", False) and "平安保险" in named.detail
    own = _verdict("number-95-shanghai", "complaint-resolution-time",
                   "对于简易投诉,我们承诺自收到投诉之日起15日内作出处理决定。")
    assert (own.verdict, own.certain) == ("failed", True)
    department = _verdict("number-95-shanghai", "complaint-resolution-time",
                          "客服中心承诺自收到投诉之日起15日内作出处理决定。")
    assert (department.verdict, department.certain) == ("failed", True)


def test_a_deadline_that_is_the_condition_of_an_appeal_is_no_commitment():
    v = _verdict("number-95-shanghai", "complaint-resolution-time",
                 "如果您的投诉在八周内未得到解决,可向通信管理局申诉。")
    assert v.verdict != "failed"


def test_a_reply_joined_to_the_handling_by_bing_shares_its_deadline():
    closed = _verdict("number-95-shanghai", "complaint-resolution-time",
                      "投诉受理后要在3-5个工作日之内答复投诉人并结案归档。")
    assert closed.verdict == "passed"
    after = _verdict("number-95-shanghai", "complaint-resolution-time", "接到投诉,认真调查处理,并在3个工作日内回复。")
    assert after.verdict == "passed"
    # stays apart: a second deadline between the verbs, or a handling that starts the count
    two = _verdict("number-95-shanghai", "complaint-resolution-time",
                   "接到投诉后应在8个工作日内首次答复,并在15个工作日内完成处理。")
    assert two.value == "15个工作日内"
    starts = _verdict("number-95-shanghai", "complaint-resolution-time", "接到投诉,调查处理后,在3个工作日内回复。")
    assert starts.verdict == "missing"


def test_a_lead_in_naming_the_regulator_makes_its_items_not_the_applicants():
    s = sentences([("p.pdf", 1, "监管机构要求企业建立以下机制:\n\n48小时投诉响应时效")])
    assert speaker(s[-1], hedges=False).startswith("另一方")


def test_business_days_are_working_days():
    q = find_durations("将于收到申诉后 2 个营业日内确认受理")[0]  # 營業日, once in Simplified
    assert (q.value, q.unit) == (2.0, "workday")


def test_a_deadline_whose_subject_is_unread_is_a_warning_not_an_error():
    # "发票存根" and "简单问题" are not names the engine knows for the clause's subject,
    # but a retention verb with a duration, or an immediate time with a resolving verb, may be it
    kept = _verdict("number-95-shanghai", "customer-data-retention", "发票存根保留五年。")
    assert (kept.verdict, kept.certain) == ("missing", False)
    now = _verdict("number-95-shanghai", "complaint-resolution-time", "简单问题:当场解决。")
    assert (now.verdict, now.certain) == ("missing", False)
    none = _verdict("number-95-shanghai", "customer-data-retention", "员工每年参加两次消防演习。")
    assert (none.verdict, none.certain) == ("missing", True)


def test_a_docx_line_is_sized_by_its_text_not_by_its_paragraph_mark():
    """Word stores how an empty line would look on the paragraph mark (pPr/rPr); a 16-pt mark
    on an 11-pt line does not make it a heading, a 16-pt run does."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def sized(paragraph, half_points: int) -> None:  # the paragraph mark's run properties
        rpr, sz = OxmlElement("w:rPr"), OxmlElement("w:sz")
        sz.set(qn("w:val"), str(half_points))
        rpr.append(sz)
        paragraph._p.get_or_add_pPr().append(rpr)

    def build(d):
        for i in range(6):
            d.add_paragraph().add_run(f"正文第{i}段,客户资料按规定保存并定期检查。").font.size = Pt(11)
        mark = d.add_paragraph()
        mark.add_run("定期检查").font.size = Pt(11)
        sized(mark, 32)
        d.add_paragraph().add_run("数据安全").font.size = Pt(16)

    _, texts = inspect_docx(_docx(build))
    by_text = {t.text: t for t in texts}
    assert not by_text["定期检查"].headings
    assert [h.text for h in by_text["数据安全"].headings] == ["数据安全"]


def test_a_rule_restated_after_according_to_the_rules_is_not_the_applicants():
    assert speaker("根据相关规定,铁路单位应在收到投诉后5个工作日内作出答复。", hedges=False)
    assert speaker("根据相关规定,本公司在收到投诉后24小时内作出答复。", hedges=False) is None


def test_a_retention_table_row_names_its_records_and_period():
    """Header "数据类型 | 保留期限", row "客户档案 | 账户关闭后1年": the customer files kept a year."""
    v = _verdict("number-95-shanghai", "customer-data-retention", "数据类型 | 保留期限\n客户档案 | 账户关闭后1年")
    assert (v.verdict, v.value) == ("passed", "1年")


def test_data_kept_for_good_meets_any_minimum_retention():
    """"永久" in a retention table, "永久保存" in prose: kept longer than any minimum."""
    v = _verdict("number-95-shanghai", "customer-data-retention", "信息类型 | 收集目的 | 保存期限\n手机号 | 身份验证 | 永久")
    assert (v.verdict, v.value) == ("passed", "永久")
    assert _verdict("number-95-shanghai", "customer-data-retention", "客户资料永久保存。").verdict == "passed"


def test_data_deleted_for_good_states_no_retention():
    """永久删除 is how data is deleted, not how long it is kept."""
    v = _verdict("number-95-shanghai", "customer-data-retention", "注销后我们将永久删除您的个人信息。")
    assert v.verdict == "missing"


def test_trade_records_are_customer_data_but_a_law_on_trade_data_is_not_the_applicants():
    v = _verdict("number-95-shanghai", "customer-data-retention", "交易记录 | 交易完成后保留 5 年")
    assert (v.verdict, v.value.replace(" ", "")) == ("passed", "5年")
    law = _verdict("number-95-shanghai", "customer-data-retention",
                   "依据电子商务法，交易信息的保存时间自交易完成之日起不少于三年。")
    assert law.verdict != "passed"


def test_a_table_cell_split_at_its_full_stop_keeps_the_row_before_it():
    """"用户信息 | 按套餐保存。 基础版 7 天…": the periods follow a full stop inside the cell; read
    with the row's earlier cells before them, the short period is a failing retention to
    verify, not a clause nobody wrote."""
    v = _verdict("number-95-shanghai", "customer-data-retention",
                 "数据类型 | 存储时间\n聊天消息 | 用户信息 | 按所购套餐保存。 基础版 7 天、高级版 180 天。")
    assert (v.verdict, v.certain) == ("failed", False)
    assert v.value.replace(" ", "") == "7天"


def test_a_web_pages_pinyin_after_a_character_does_not_part_a_number_from_its_unit():
    from docvalidator.text.normalize import normalize

    assert normalize("最遲不超過1個(gè)工作日給用戶(hù)答復(fù)") == "最迟不超过1个工作日给用户答复"
    assert normalize("见附件(a)及(ok)") == "见附件(a)及(ok)"  # no tone mark: not a reading


@pytest.mark.parametrize("field_id,text", [
    ("usage-purpose", "您可以通过电话连线我们 00-0000-0000。"),
    ("service-flow", "语音通知是系统自动批呼,接通后播放一句话通知。"),
])
def test_a_contact_line_or_a_connected_call_leaves_the_field_to_verify(field_id, text):
    """The labellers read a line to call, or a call's stages, as the field; the engine cannot
    tell, so the field's absence is a warning that quotes the sentence, not an error."""
    from docvalidator.text.clauses import evaluate_field
    from tests.test_clause_corpus import _schema

    schema, _ = _schema("number-95-shanghai")
    v = evaluate_field(next(f for f in schema.fields if f.id == field_id), sentences([("p.pdf", 1, text)]))
    assert (v.verdict, v.certain) == ("missing", False)


def test_a_time_to_tell_the_customer_with_no_complaint_named_leaves_the_response_to_verify():
    """告知顾客24小时内处理 under a heading that names no complaint: perhaps the response time, so
    its absence is a warning that quotes the time, not an error."""
    v = _verdict(_N95, "complaint-response-time", "记录,告知顾客24小时内处理或配合顾客要求时间处理。")
    assert (v.verdict, v.certain, v.value) == ("missing", False, "24小时内")
    plain = _verdict(_N95, "complaint-response-time", "顾客可在门店领取会员卡。")
    assert (plain.verdict, plain.certain) == ("missing", True)


def test_a_failing_time_is_unsure_when_another_time_that_would_meet_it_may_be_the_clauses():
    answer = "二、投诉服务\n\n投诉处理人员将在自受理投诉案件之日起10个工作日内向投诉人做出明确答复。"
    alone = _verdict(_N95, "complaint-response-time", answer)
    assert (alone.verdict, alone.certain) == ("failed", True)
    both = _verdict(_N95, "complaint-response-time", "1. 响应时效分级条款\n\n工单处理:2小时首响承诺\n\n" + answer)
    assert (both.verdict, both.certain, both.value) == ("failed", False, "10个工作日内")
    assert "2小时" in both.detail
    # a time of another matter in the same sentence (24小时值班) leaves the failure certain
    duty = _verdict(_N95, "complaint-response-time", "开通服务热线并坚持24小时值班,客户投诉三个工作日内回复客户。")
    assert (duty.verdict, duty.certain) == ("failed", True)


# What bears on a clause without stating it, so that a material holding only this has the clause
# to verify, not missing for certain: an incident's record; a ticket's first response with no
# complaint named; a summary after a fix, incident reports in time, a standby system started,
# attack traffic scrubbed; every export of data tracked; who may listen to recordings.
RELATED_TO_A_CLAUSE = [
    ("security-emergency-plan", "处理完的后期工作\n\n做一个事件备忘录"),
    ("complaint-response-time", "1. 响应时效分级条款\n\n工单处理:2小时首响承诺"),
    ("security-emergency-plan", "问题处理后会做一次简短总结。"),
    ("security-emergency-plan", "有关情况须如实上报,严禁瞒报。"),
    ("security-emergency-plan", "启用备用服务器,保证收银功能可用。"),
    ("security-emergency-plan", "流量清洗由云服务商提供。"),
    ("customer-data-authorised-access", "我们跟踪每次导出操作并留存日志。"),
    ("customer-data-authorised-access", "我们非常重视用户隐私,只有优步的专业安全团队才能听取录音内容。"),
    # a leak named as a duty (泄密 as much as 泄露), a security leadership group set up, harmful
    # content taken down, anomalies to be reported; a request form for a lookup
    ("security-emergency-plan", "职责:制度解释、保密培训、保密检查、保密技术防护、泄密事件调查。"),
    ("security-emergency-plan", "幼儿园成立以园长为组长的网络安全管理领导小组,通过成立组织机构,明确职责,加强控制。"),
    ("security-emergency-plan", "在保留有关上网信息和日志记录的前提下,及时删除有关信息。"),
    ("security-emergency-plan", "为了维护我校校园网的使用安全,防止恶性案件的发生,特制定校园网异常情况案件报告制度。"),
    ("customer-data-authorised-access",
     "根据公司的流程,填写相应的申请表格,申请表格通常会要求提供查询的目的、时间范围等信息,填写完毕后提交申请。"),
]


@pytest.mark.parametrize("item,text", [*((f"field:{f}", t) for f, t in RELATED_TO_A_FIELD), *RELATED_TO_A_CLAUSE])
def test_a_statement_related_to_a_clause_or_field_makes_its_absence_a_warning(item, text):
    from docvalidator.text.clauses import evaluate_field

    kind, _, item_id = item.rpartition(":")
    v = (evaluate_field(_field(item_id), sentences([("p.pdf", 1, text)])) if kind == "field"
         else _verdict(_N95, item_id, text))
    if v.verdict == "passed":  # only the meaning model, refitted as the corpus grows, may read it as stated
        assert kind != "field" and _clause(item_id).meaning
    else:
        assert (v.verdict, v.certain) == ("missing", False)


def _table_verdict(schema_id: str, clause_id: str, title: str, header: list[str], rows: list[list[str]]):
    """The clause read from a DOCX holding a title heading and one table."""
    from docvalidator.text.clauses import evaluate
    from tests.test_clause_corpus import _schema

    def build(d):
        d.add_heading(title, level=1)
        t = d.add_table(rows=1 + len(rows), cols=len(header))
        for r, cells in enumerate([header, *rows]):
            for c, text in enumerate(cells):
                t.cell(r, c).text = text

    _, texts = inspect_docx(_docx(build))
    pages = [("a.docx", t.number, t.text, {"level": t.level, "list_level": t.list_level, "table": t.table})
             for t in texts]
    schema, vocab = _schema(schema_id)
    clause = next(c for c in schema.clauses if c.id == clause_id)
    required = schema.resolve(clause.quantity.value) if clause.quantity else None
    return evaluate(clause, sentences(pages), required, vocab, clause.match)


# A DOCX table's cell with no verb of its own is timed by its column header, its subject read in
# the whole row: "一般投诉 | 2小时内 | 72小时" under "投诉类型 | 首次响应 | 解决时限" responds in 2
# hours and resolves in 72, neither time the other column's; "客户档案 | 1年 | 到期自动删除" under
# "数据类型 | 保留期限 | 删除方式" is kept a year, the deletion the next column's; a cell with a verb
# of its own (交易完成后保留3个月) is read by it.
_COMPLAINT_TABLE = ("投诉处理制度", ["投诉类型", "首次响应", "解决时限"])
_RETENTION_TABLE = ("客户数据安全管理制度", ["数据类型", "保留期限", "删除方式"])
TABLE_CELLS = [
    ("complaint-response-time", _COMPLAINT_TABLE, ["一般投诉", "2小时内", "72小时"], "passed", "2小时内"),
    ("complaint-resolution-time", _COMPLAINT_TABLE, ["一般投诉", "2小时内", "10个工作日"], "failed", "10个工作日"),
    ("customer-data-retention", _RETENTION_TABLE, ["客户档案", "1年", "到期自动删除"], "passed", "1年"),
    ("customer-data-retention", _RETENTION_TABLE, ["客户档案", "交易完成后保留3个月", "到期自动删除"], "failed", "3个月"),
]


@pytest.mark.parametrize("clause_id,table,row,verdict,value", TABLE_CELLS)
def test_a_table_cells_time_is_for_what_its_column_header_names(clause_id, table, row, verdict, value):
    title, header = table
    v = _table_verdict("number-95-shanghai", clause_id, title, header, [row])
    assert (v.verdict, v.value) == (verdict, value)


def test_a_time_under_a_line_naming_the_clauses_verb_leaves_it_to_verify():
    """"一般查询:1-3个工作日" under "预期回复时间": perhaps the complaint response, perhaps not
    (the row names no complaint); under a line that names no reply, nothing bears on it."""
    under = _verdict("number-95-shanghai", "complaint-response-time", "预期回复时间\n一般查询:1-3个工作日")
    assert (under.verdict, under.certain) == ("missing", False)
    alone = _verdict("number-95-shanghai", "complaint-response-time", "服务说明\n一般查询:1-3个工作日")
    assert (alone.verdict, alone.certain) == ("missing", True)


def test_a_public_service_line_numbered_123xx_is_anothers_but_a_95_number_ending_so_is_not():
    from docvalidator.text.clauses import evaluate_field

    public = evaluate_field(_field("usage-purpose"), sentences([("p.pdf", 1, "12395铁路公安报警平台受理治安问题的报警。")]))
    assert (public.verdict, public.certain) == ("missing", False)
    own = evaluate_field(_field("usage-purpose"), sentences([("p.pdf", 1, "本公司客服热线95123受理挂失、报修和投诉。")]))
    assert own.verdict == "passed"


def test_bare_aes_given_as_an_example_leaves_the_encryption_to_verify():
    """"例如，采用AES算法…" under a heading on encryption: perhaps the writer's own measure, its
    key length unread; a warning quoting it, as AES-256 in an example gives, not a certain absence."""
    example = _verdict("number-95-shanghai", "customer-data-encryption", "二、数据加密\n例如,客户资料采用AES算法加密后存储。")
    assert (example.verdict, example.certain, example.value) == ("missing", False, "AES")
    nothing = _verdict("number-95-shanghai", "customer-data-encryption", "二、数据备份\n客户资料每日备份一次。")
    assert (nothing.verdict, nothing.certain) == ("missing", True)


def test_a_list_items_number_run_into_a_figure_is_read_as_the_item_and_the_figure():
    """"1.48小时内…" at a line's start: item 1, 48 hours (no duration is written to the
    hundredth); a single decimal (1.5小时) and a number later in the line stay as written."""
    assert [(q.value, q.text) for q in find_durations("1.48小时内联系投诉人")] == [(48.0, "48小时内")]
    assert [q.value for q in find_durations("1.5小时内响应")] == [1.5]
    assert [q.value for q in find_durations("响应不超过1.25小时")] == [1.25]


def test_steps_of_one_statement_cut_at_a_semicolon_read_together_as_a_flow():
    """A call taken, handled and answered, told across two semicolon parts, is a flow; either
    part alone is one step."""
    from docvalidator.text.presence import evaluate_field

    flow = _field("service-flow")
    first = "3.认真受理来电、来访事项,涉及业务工作的,及时协调有关科室处理;"
    second = "涉及举报、投诉等情况反映的,及时向领导汇报,并将办理、处理结果及时反馈来电、来访人;"
    assert evaluate_field(flow, sentences([("p.pdf", 1, first + second)])).verdict == "passed"
    assert evaluate_field(flow, sentences([("p.pdf", 1, first)])).verdict == "missing"
    assert evaluate_field(flow, sentences([("p.pdf", 1, second)])).verdict == "missing"


def test_a_heading_that_ends_by_refusing_makes_its_items_refusals():
    """Under 2.2 我们承诺永远不会, the item 出售您的数据给第三方 is data never sold; under a heading
    that only names a ban within it (禁止立即列印文件(强制保留)) an item keeps its own sense."""
    refused = _verdict("b24-national", "security-user-data-protection", "2.2 我们承诺永远不会\n出售您的数据给第三方")
    assert refused.verdict == "passed"
    plain = _verdict("b24-national", "security-user-data-protection", "2.2 我们会\n出售您的数据给第三方")
    assert plain.verdict == "missing"
    held = _verdict("b24-national", "security-user-data-protection",
                    "禁止立即从电脑列印文件(强制保留)\n从电脑传送到本机的文件可以暂时保留在本机中并禁止立即列印。")
    assert held.verdict == "missing"
