"""Whose statement a sentence is, and what it denies.

A clause counts for the applicant only when the applicant states it: not when the sentence
reports another party's practice ("某运营商的录音保存期为半年", "12315会在…"), quotes a law or
a regulator ("根据《某条例》第十条规定，物业服务企业应当…"), gives an example ("例如，在某些
国家…", "（如国内通常留存3-6个月）"), describes usual practice ("通常", "一般来说",
"大多数公司会…"), asks a question or addresses the reader. A list's lead-in speaks for its
items ("根据某管局规定：" … "通话间隔需大于30分钟").

These are facts of the language, not of the regulations, so they live here rather than in the
schemas.
"""

from __future__ import annotations

import re

from docvalidator.text.sentences import REPORT_OPENING, Sentence, clause_spans, span_of

# a lack takes its object, adjectives and all (缺乏必要的加密措施): no attributive 的 ends it
_LACKS = ("缺乏", "缺少", "欠缺")
NEGATORS = ("不得", "不用于", "不会", "不可", "不能", "不应", "不准", "不允许", "不从事", "不开展", "不做",
            "不进行", "不涉及", "不包括", "不含", "不提供", "不作", "不以", "不属于", "不使用", "不再",
            "严禁", "禁止", "杜绝", "避免", "拒绝", "防止", "切勿", "决不", "绝不", "无法", "不", "非", "无",
            "未", "勿", "而非", "并非", *_LACKS)
_NOT_NEGATION = re.compile(r"不(?:仅|但|断|少|同|限|足|久|管|论|过|然|如|及|外|错|定|光|止|等|时)"
                           r"|非(?:常|法|工作)|无(?:论|须|需|限|线|缝|忧|纸)|未来")
# a negated verb that only describes a noun (未解决的投诉): the negation stops at 的
_ATTRIBUTIVE = re.compile(r"(?![将把对向以在用与])\w{1,2}的(?![:：])")
_NEAR_NEGATION = re.compile(r"(?:不得|不能|不可|不会|不予|无法|禁止|严禁|不准|不|未|勿)"
                            r"(?:随意|擅自|任意|彻底|私自|轻易|予以|进行|再)?$"
                            # a lack of the thing, its adjectives between (缺乏必要的加密措施)
                            rf"|(?:{'|'.join(_LACKS)})[^,，。;；:：]{{0,4}}$")
# a lead-in or heading that ends by refusing (2.2 我们承诺永远不会): its items are what the writer refuses
_REFUSING_END = r"(?:不会|绝不|决不|从不|不得|禁止|严禁)\s*[:：]?\s*$"
REFUSING_HEADING = re.compile(_REFUSING_END)
_LEAD_NEGATION = re.compile(r"(?:禁止|严禁|不得|杜绝|不允许|严格禁止|不准|以下(?:不正当|违规|违法|违禁))|" + _REFUSING_END)
_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "\"": "\"", "'": "'"}

# what the writer bans or refuses (不得泄露, 我们不会出售): shared by rule lines and refused acts
BANS = r"不得|严禁|禁止|绝不|决不|不会"
# the writer naming itself
_WRITER_NAMES = r"本公司|我公司|我司|我们|本单位|我单位|本企业|本中心|我方|我行|本行|本机构|本署|本局|本院|本校|本店|本站|本网站|本集团"
# the applicant speaking of itself (a bare 公司 too: "公司对客户数据加密存储")
FIRST_PERSON = re.compile(_WRITER_NAMES + r"|本人|公司(?!法)")
# the writer as the one who acts before another party is named: strictly, since a bare 公司
# may be another (证券公司)
_WRITER = re.compile(_WRITER_NAMES + r"|本团队|本平台")
# a carrier's or a government's line named by its service number (投诉专线10015承诺…, 12345热线)
_SERVICE_LINE = r"(?<![\d-])(?:100(?:0[0-9]|1[0-9]|86)|123[0-9]{2})(?![\d-])|1231[0-9]|12321"
# another party as the one who acts
_OTHER = re.compile(
    r"某(?!些时候|种|项|一|个|类|些情况)\w{0,5}?(?:企业|公司|银行|运营商|机构|平台|APP|医院|行业|单位|电商|品牌|国家|地区|集团|酒店)"
    r"|中国(?:移动|联通|电信|银行|邮政)|三大运营商|基础电信企业|(?:电信|通信)?运营商(?!级)|服务商|供应商|厂商|代理商"
    r"|" + _SERVICE_LINE + r"|工信部|工业和信息化部|信息产业部|通信管理局|管局|国务院|监管(?:部门|机构|机关)|公安机关"
    r"|(?:有关)?行政(?:管理)?部门|(?:银保|银|保|证)监会|金融监管(?:总局|局)"
    r"|(?:非?公务|政府|主管|各)机关|可以?(?:协助|帮助)(?:企业|客户|您)"
    r"|(?:工商|农业|建设|交通|招商|邮政|民生|浦发|光大|商业|开户)?银行(?!卡|账|转账|结算|汇款|级)|金融机构"
    r"|物业(?:服务)?(?:企业|公司)"
    # a trade's habit (快递公司通常采用…, 正规平台通常…): not the writer's own firm (本公司一般…)
    r"|(?:(?<=[\u4e00-\u9fff])(?<![本我们贵该])(?:公司|企业|平台|机构)|商家|厂商|服务商|医院|学校)"
    r"(?=通常|一般(?!情况|来说|而言)|普遍|往往|大多|多半|大都)"
    r"|(?:一些|部分|多数|大多数|绝大多数|很多|许多|不少|其他|其它|各家|大型|小型|一家|有的|有些)\w{0,4}?"
    r"(?:企业|公司|系统|服务商|机构|国家|地区|行业)"
    r"|不法分子|诈骗分子|欧盟|美国|英国|各国|孟加拉|GDPR|CCPA|业务经营者|企业经营者|资料使用者|经营者(?:应|须|需|必须|不得|确因)"
    r"|(?<!增值)电信企业(?=按照|应|须|必须|需|要)|持证企业|申请者|个人用户|投诉人|消费者(?:可|有权)|任何(?:单位|组织)(?:和|或|或者|及)个人|有人(?=用|租|将|会)|(?:400|800)(?:电话|号码|短号)|(?:该|此)许可证|(?:部分|一些|各)省(?!级?分公司|子公司)")
_PREPOSITION = tuple("与向和同给对跟把被从自及")
_RAISED = ("提高", "提升", "加强", "增强")
_RECEIVED = re.compile(r"(?:收到|接到|接获|来自)\w?$")
_QUALIFIERS = ("有关", "相关", "各级", "当地")
_ARTICLE_HEAD = re.compile(r"^第[0-9一二三四五六七八九十百]+条\s*")
_ACTOR = re.compile(r"(?:要求|规定|设置|设定|会|将|必须|应|需|须|可以|通常|一般|的|在|都|也|已|均|还|有权|默认|采用|提供|允许"
                    r"|不得|不能|不准)")
_LAW = re.compile(
    r"根据[^,，。;]{0,40}?(?:法|条例|办法|规定|通知|规范|意见)》?[^,，。;]{0,12}?(?:规定|要求|指出|明确)"
    r"|^根据(?:相关|有关|国家)(?:规定|法规|要求)[,，]"
    r"|(?<![数证单票根依])据[^,，。;]{0,20}?《[^》]{1,40}》[^,，。;]{0,6}?(?:规定|要求|指出|明确)"
    r"|^\W*(?:描述|说明|概述)[:：]\s*《[^》]{1,40}》(?:要求|规定)"
    r"|《[^》]{1,40}》第[0-9一二三四五六七八九十百]+条|第[0-9一二三四五六七八九十百]+条规定"
    r"|(?:法律|法规|法律法规|条例|通知)(?:明确)?(?:规定|指出)|[省市局部委厅]规定|明确规定|通知指出|办法规定"
    # a title that speaks as the subject of its clause (《规定》明确所有被投诉企业…, 新实施的《办法》要求…),
    # not one the writer follows (根据《GB/T 29639》要求，…) or names as a rule's source (《隐私权政策》规定的例外)
    r"|(?:^|(?<=[,，;；:：的年]))《[^》]{1,40}》(?:明确)?(?:规定|要求|指出|明确)(?!的)"
    # a rule named by its kind alone, speaking (意见稿还要求企业…, 规范中明确了…), not the writer's own (本规范要求)
    r"|(?:^|(?<=[,，;；:：]))(?:征求)?(?:意见稿|规范|指引|条例|细则)(?:中|还|也|亦)?(?:明文|明确)?(?:规定|要求|列明|明确)")
# the writer complying with the law (严格遵守各项法律规定，绝不会泄露…) quotes none of it
_COMPLIES = re.compile(r"(?:遵守|遵循|恪守|依照|按照)[^,，。;；]{0,6}$")


def _cites_law(text: str) -> bool:
    """The text quotes or reports a law's provision, not the writer complying with laws."""
    return any(not _COMPLIES.search(text, 0, m.start()) for m in _LAW.finditer(text))


_EXAMPLE = re.compile(r"例如|比如|举例|譬如|案例[:：]|示例[:：]")
_EXAMPLE_OPENING = re.compile(r"^\W*(?:例如|比如|譬如|举例来说)")
# a section that quotes others: the rules a policy rests on, an industry's practice, cases
# (a writer's own success stories, 成功案例, are its own)
_QUOTED_SECTION = re.compile(r"(?:相关|有关)(?:规定|法规|通知)|(?:法规|法律|编制|政策)依据|^\W*[一二三四五六七八九十\d]*[、.]?\s*依据$"
                             r"|行业(?:背景|案例|做法|说明|分析|现状)|(?<!成功)案例"
                             # what a new rule holds (新机制核心内容:, 新规要点)
                             r"|新(?:规|政|机制|规定|办法)[^,，。]{0,4}(?:内容|要点|解读|亮点)"
                             # what a standard or a rule requires of firms (三级等保认证要求企业必须实现:)
                             r"|要求(?:企业|单位|运营者|经营者|机构|平台)(?:必须|应当?|须|需)")
_HEDGE = re.compile(r"通常|一般来说|一般而言|一般情况下|一般(?:为|是|会|都|支持|可|可以)|普遍|往往|大多|多数|"
                    r"不等|可能|或许|大约|因[^,，。]{0,8}而异|视[^,，。]{0,10}而定|灵活配置|取决于|常见的?|惯例")
# how long a kind of matter usually takes, said of no one (旅游景区投诉一般在5个工作日内受理); the
# writer's own habit (本公司一般在5天内确认) is its commitment
_USUALLY_WITHIN = "一般在"
# what stands at `pos` qualifies a trade's habit (投诉处理流程超过15个工作日的行业常规)
_HABIT_AFTER = re.compile(r"\w{0,4}的(?:行业|业内|业界)?(?:常规|惯例|通行做法|普遍做法|常态)")
_QUESTION = re.compile(r"[?？]$|能否|吗[。.]?$")
# (a privacy notice's "你的个人资料" is the writer's promise about the reader's data)
# "为你提供", "告知你": the reader served, not addressed as the one who acts
_READER = re.compile(r"(?<![您为向给对与让使知])你(?!们公司|的)")
# quoted words ("「你知道的」与「你拥有的」") are not the writer addressing a reader
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|“[^”]*”")
_EXAM_OPTION = re.compile(r"^[A-D]\s*[.、．]")
_LABELLED_EXAMPLE = re.compile(r"^[\W\d]*(?:示例|案例|举例|范例)\d*[:：]")
_PAREN_EXAMPLE = re.compile(r"[(（](?:如|例如|比如|像)[^)）]*[)）]")


def is_negated(text: str, start: int, lead: str = "") -> bool:
    """A negator (不得, 严禁, 不用于 …) before `start` in the same comma clause, or a lead-in
    that forbids its items ("严格禁止以下行为：")."""
    cs, _ = span_of(clause_spans(text), start)
    before = text[cs:start]
    for neg in NEGATORS:
        i = before.find(neg)
        while i >= 0:
            if not _NOT_NEGATION.match(before, i) and (neg in _LACKS or not _ATTRIBUTIVE.match(before, i + len(neg))):
                return True
            i = before.find(neg, i + 1)
    return bool(lead) and _LEAD_NEGATION.search(lead) is not None


_CLAUSE_OPENING_DENIAL = re.compile(r"(?:^|(?<=[、，,；;\s]))[不未]")


def opens_with_denial(text: str) -> bool:
    """A comma clause or list item that opens by denying its verb (不收集、不上传…), not with an
    adjective or adverb that only starts with 不 (不同, 不断)."""
    return any(not _NOT_NEGATION.match(text, m.start()) for m in _CLAUSE_OPENING_DENIAL.finditer(text))


def negated_near(text: str, start: int) -> bool:
    """A negator just before the word, perhaps with an adverb between (不得删除, 无法彻底删除,
    不得擅自删除): the word is denied."""
    before = text[max(0, start - 6):start]
    m = _NEAR_NEGATION.search(before)
    return m is not None and not _NOT_NEGATION.match(before, m.start())


# quotation marks, not title marks: a value set in them alone is stressed ("7×24小时"的服务)
_STRESS_OPEN = frozenset(_QUOTES) - {"《"}
_STRESS_CLOSE = "".join(sorted(frozenset(_QUOTES.values()) - {"》"}))
_STRESS_CLOSED = re.compile(r"\s*(?:小时|h|H)?\s*[" + re.escape(_STRESS_CLOSE) + "]")


def quoted_alone(text: str, start: int, end: int) -> bool:
    """Quotation marks round just the span from `start` to `end` (a unit of hours after it at
    most): the value is stressed, not part of a name ("7x24租用型呼叫中心系统")."""
    return text[:start].rstrip()[-1:] in _STRESS_OPEN and _STRESS_CLOSED.match(text, end) is not None


def is_quoted(text: str, start: int, end: int) -> bool:
    """Inside quotation marks or book-title marks: named, not used."""
    before, after = text[:start], text[end:]
    for opening, closing in _QUOTES.items():
        if opening == closing:
            if before.count(opening) % 2 == 1 and closing in after:
                return True
        elif before.rfind(opening) > before.rfind(closing) and closing in after:
            return True
    return False


def in_title(text: str, start: int, end: int) -> bool:
    """Inside 《…》: the name of a law or a document."""
    before = text[:start]
    return before.rfind("《") > before.rfind("》") and "》" in text[end:]


def in_example(text: str, start: int) -> bool:
    """Inside a parenthesised example (（如国内通常留存3-6个月）) or a sentence labelled as one
    (示例：发生泄露后24小时内启动调查)."""
    return bool(_LABELLED_EXAMPLE.match(text)) or any(
        m.start() < start < m.end() for m in _PAREN_EXAMPLE.finditer(text))


def example_upto(text: str, pos: int | None = None) -> bool:
    """An example is given before `pos` (例如…, 比如…, 示例：) or `pos` stands inside one
    (（如国内通常留存3-6个月）)."""
    upto = text if pos is None else text[:pos]
    return _EXAMPLE.search(upto) is not None or (pos is not None and in_example(text, pos))


def other_party(text: str, end: int | None = None) -> str | None:
    """Another party acting before position `end` — at the head of its comma clause (after at
    most a short lead: "例如，", "投诉受理后，") or followed by what an actor does (要求, 规定,
    会, 必须, 的…): its name, else None."""
    limit = len(text) if end is None else end
    spans = clause_spans(text)
    for m in _OTHER.finditer(text, 0, limit):
        at = m.start() - 2 if text[max(0, m.start() - 2):m.start()] in _QUALIFIERS else m.start()
        before = text[max(0, at - 1):at]
        if before and before in _PREPOSITION:  # 向(有关)监管部门提供: acted on, not acting
            continue
        if text[max(0, at - 2):at] in _RAISED:  # 为提高银行应对…的能力: the object of an aim, not acting
            continue
        if _RECEIVED.search(text, max(0, at - 4), at):  # 收到省管局或用户投诉后: where it comes from
            continue
        cs, _ = span_of(spans, m.start())
        if _WRITER.search(text, cs, m.start()):  # 我们将按照监管部门要求…: the writer acts
            continue
        head = _ARTICLE_HEAD.sub("", text[cs:m.start()].rsplit(":", 1)[-1])
        if sum(1 for ch in head if "\u4e00" <= ch <= "\u9fff") <= 4 or _ACTOR.match(text, m.end()):
            return m.group(0)
    return None


# a party named at the head of a comma clause as the one who commits (平安保险承诺…, 某某4S店将在…,
# 商务用 Skype 代表会在…): perhaps the applicant under its own name, perhaps another
_NAMED = re.compile(r"(?:^|(?<=[,，;；:：]))\s*(?:[\d一二三四五六七八九十]+[.、．)）]\s*)?"
                    r"([\u4e00-\u9fffA-Za-z0-9 &]{1,24}?(?:公司|保险|银行|集团|门店|店|代表|医院|学校"
                    # a firm named by its trade (西咸公交会在…, 某某物业将…)
                    r"|企业|公交|地铁|航空|快递|物流|物业|燃气|电力|水务|证券|基金|酒店|客运))"
                    r"(?=承诺|将|会|应|须)")
_OWN_NAME = re.compile(r"^(?:本|我|该|贵)|^公司$")  # the writer's own: 本公司, 该公司, a bare 公司


def named_party(text: str, end: int) -> str | None:
    """A party named, not the writer, that commits to what stands before `end`: its name, or
    None when the writer speaks of itself (我们, 本公司…)."""
    if FIRST_PERSON.search(text, 0, end):
        return None
    for m in _NAMED.finditer(text, 0, end):
        name = m.group(1).strip()
        if not _OWN_NAME.match(name):
            return name
    return None


# a time the reader is asked to keep (請於7天內向客戶服務人員提出): the reader's deadline
_REQUEST = re.compile(r"(?:^|(?<=[,，;；:：]))\s*(?:请|敬请|烦请|恳请)(?:您|阁下|客户|顾客)?(?:于|在)?[^,，。;；]{0,8}?"
                      r"[\d一二三四五六七八九十两]+\s*个?(?:小时|天|日|工作日|周|星期|月)[内前]")
# a report of what others said or did (据悉，该公司…; 记者了解到…): news, not the writer's statement
_REPORTED = re.compile(r"据悉|据报道|据了解|据介绍|记者(?:从|了解到|获悉)|报道称|根据[^,，。;；]{2,24}显示"
                       # a court case told (案情指,客户要求…; 控方呈上…), a paper's proposal (咨询文件建议由持牌人…)
                       r"|案情(?:指|称|显示|透露)|控方|辩方|(?:咨询文件|征求意见稿|意见稿|草案|报告)中?(?:建议|提议|提出|指出)"
                       # a statistic of what happened (根据2021年的统计,约85%的投诉…): an outcome, not a commitment
                       r"|(?:^|(?<=[,，;；:：]))\s*(?:根据|据)[^,，。;；]{0,12}统计\s*[,，:：]"
                       # what a named body or person said (勞動部今天表示,…; 研考會指出,…)
                       rf"|^(?![^,，。;；]*(?:{_WRITER_NAMES}))[^,，。;；]{{1,20}}?(?:表示|指出|透露|强调|强調|说|說|认为|認為|称|稱|宣布)\s*[,，:：]")


def _under_quoted_rules(s: Sentence) -> bool:
    """The sentence stands in a section that quotes rules or cases, or under a lead-in line that
    announces them (新机制核心内容:), unless the writer speaks under that line (法律依据与用户权利:
    我们基于您的明确同意…)."""
    if s.headings and _QUOTED_SECTION.search(s.headings[-1]):
        return True
    announced = s.prev if s.prev.endswith((":", "：")) else ""
    return any(_QUOTED_SECTION.search(x) for x in (s.lead, announced) if x) and not FIRST_PERSON.search(s.text)


# a heading that names another's line (一、10018电话的主要用途): the section describes that line
_LINE_HEADING = re.compile(_SERVICE_LINE)


def speaker(s: Sentence | str, pos: int | None = None, hedges: bool = True) -> str | None:
    """Why the sentence (up to `pos`) is not the applicant's own commitment, or None.

    `hedges`: also count usual practice and examples ("通常", "例如") as not a commitment —
    for quantities, where the number is the commitment."""
    text = s if isinstance(s, str) else s.text
    lead = "" if isinstance(s, str) else s.lead
    upto = text if pos is None else text[:pos]
    if _QUESTION.search(text):
        return "提问"
    # advice to a reader ("你应保存录音"), unless the writer speaks too ("我们会…告知你")
    if _EXAM_OPTION.match(text) or (_READER.search(_QUOTED.sub("", text)) and not FIRST_PERSON.search(text)):
        return "非申请人陈述"
    # (a line's opening report speaks for each part of the line: their lead)
    if any(_REPORTED.search(x) or REPORT_OPENING.match(x) for x in (upto, lead) if x):
        return "报道转述"
    request = _REQUEST.search(upto)
    if request and request.end() >= len(upto) - 1:  # the time read is the one asked of the reader
        return "对读者的要求"
    party = other_party(upto) or (other_party(lead) if lead else None)
    if party:
        return f"另一方（{party}）"
    line = _LINE_HEADING.search(s.headings[-1]) if not isinstance(s, str) and s.headings else None
    if line and not FIRST_PERSON.search(text):
        return f"另一方（{line.group()}）"
    if not isinstance(s, str) and _under_quoted_rules(s):
        return "所在章节引用的规定或案例"
    if (_cites_law(upto) or (lead and _cites_law(lead))) and not FIRST_PERSON.search(text):
        return "法规原文"
    # a sentence that opens as an example and names no writer (例如,滴滴对用户个人信息进行AES加密存储)
    if _EXAMPLE_OPENING.match(text) and not FIRST_PERSON.search(text):
        return "举例"
    if hedges:
        if example_upto(text, pos):
            return "举例"
        if _HEDGE.search(upto) or (pos is not None and _HABIT_AFTER.match(text, pos)) \
                or (_USUALLY_WITHIN in upto and not FIRST_PERSON.search(text)):
            return "一般性描述"
    return None


def first_person(text: str) -> bool:
    return FIRST_PERSON.search(text) is not None
