"""What a sentence does when it names a measure without taking it.

A protective word can stand in a sentence that states the measure's purpose (为保护客户隐私，特制定本
制度), how much it matters (我们深知个人信息对您的重要性), a pledge in general terms (将按照法律法规的
规定，保护您的个人信息), what a technique is in general (加密技术是保障信息安全的核心手段), advice,
a definition, or a requirement described rather than a fact stated. Like `scope`, these are
facts of the language, so they live here rather than in the schemas.
"""

from __future__ import annotations

import re

from docvalidator.text.sentences import Sentence, clause_spans

_REQUIREMENT = re.compile(r"(?:须|需|需要|必须|应|应当|要求)(?:具备|具有|持有|拥有|提供|达到|满足|通过|为|是|有)"
                          r"|(?:条件|要求|资格)[:：]|报考|应聘|招聘|任职资格|优先考虑")
# what a statement does when it names a measure without taking it: the purpose of a clause or
# document (为保护客户隐私，特制定本制度), how much it matters (高度重视…, 已成为企业不可忽视的议题),
# what a technique is for in general (加密技术是保障信息安全的核心手段)
_AIM = re.compile(r"^[\s\d一二三四五六七八九十、.:：()（）第条]*(?:[^,，。;；]{0,6}目的[:：])?"
                  r"(?:为了?|旨在|以便|以(?=应对|备|防|免)|目的是|目的在于"
                  # what a set of measures aims at (制定…措施的目标包括:确保…)
                  r"|[^,，。;；:：]{0,16}的目标(?:包括|是|为|在于))")
_PREAMBLE = re.compile(r"特制定|特制订|特订定|制定本|制订本|订定本|旨在")
_ATTITUDE = re.compile(r"重视|注重保护|深知|尊重|致力|非常重要|至关重要|不可忽视|议题|已成为|重要保障|基本的责任"
                       r"|涉及[^,，。;；]{0,20}问题|是[^,，。;；]{0,16}的(?:基础|关键|前提|基石|(?:第一道|重要|最后一道)?防线)"
                       # what kind of measure it is (对数据进行加密是最基础的安全措施)
                       r"|是(?:最|非常|十分|一项|一种)?(?:基础|基本|重要|关键|核心|必要)的(?:安全)?(?:措施|手段|环节)"
                       # a pledge to protect, or "reasonable measures", that names no measure
                       r"|承诺[^,，。;；]{0,6}保护|合理(?:可行)?的[^,，。;；]{0,8}措施|尽(?:全|最大)?力[^,，。;；]{0,4}保护"
                       r"|(?:相应|适当|恰当)的?(?:安全保护|安全|保护|技术(?:和|与|及)组织)措施|必要的(?:安全保护|安全|保护)措施"
                       # measures of no named kind, taken to protect (采取相应的措施保护您个人信息的安全)
                       r"|(?:相应|适当|恰当|必要)的?措施(?:来|以)?(?:保护|保障|确保)"
                       # where the weight lies (合规重点在于“安全加密”), not what is done
                       r"|(?:重点|关键|核心|要点)在于"
                       # a policy or habit named, or protection in general terms (采取各种安全技术和程序保护…)
                       r"|基本政策|一贯(?:的)?(?:制度|政策|原则|做法)|严格保护您|予以保护$"
                       r"|(?:各种|相应的?|必要的)(?:安全)?技术(?:和|与|及)(?:程序|管理措施|其他措施)"
                       # a duty borne (承担着保障…安全的重要责任)
                       r"|承担着[^,，。;；]{0,20}责任|承担[^,，。;；]{0,20}重要责任")
# what a whole sentence says of data's safety without a measure: a condition for trust, a harm
# feared (只有确保…的安全,才能让用户放心; 这些信息一旦被泄露,可能会…)
_STAKES = re.compile(r"只有(?:确保|保障|保证)[^。;；]{0,30}才能|一旦(?:被)?(?:泄露|外泄|泄漏)[^。;；]{0,30}(?:可能|将会|会)")
_TECHNIQUE = re.compile(r"技术是[^,，。;；]{0,20}(?:手段|方法|方式|技术)|技术主要有|主要(?:有|包括)[^,，。;；]{0,4}技术")


def states_aim(text: str, scope: str) -> bool:
    """`scope` (comma clauses of `text`) is a purpose clause, or `text` a document's preamble."""
    return bool(_AIM.match(scope) or _PREAMBLE.search(text))


def states_attitude(scope: str) -> bool:
    """How much it matters, said in the comma clauses `scope`."""
    return _ATTITUDE.search(scope) is not None


# the safety of data to be ensured (确保客户信息的安全), in a comma clause of its own
_ENSURES = re.compile(r"\W*(?:以|从而|进而|借以|用以)?(?:确保|保证|保障|保护)[^,，。;；]{0,24}"
                      r"(?:安全|安全性|完整性|保密性|机密性)[^,，。;；]{0,6}[。;；]?$")
# a sentence that opens by advising (建议启用多因素认证), after what for if it says (为确保…,建议…)
_ADVICE = re.compile(r"^[\s\d一二三四五六七八九十、.:：()（）-]*(?:为了?[^,，。;；]{1,20}[,，])?(?:我们|本公司|公司|本会)?"
                     r"(?:亦|也|还)?(?:建议|推荐)(?![书稿函人])")


def advises(upto: str) -> bool:
    """The text up to a term opens by advising: it recommends a measure, it does not take it."""
    return _ADVICE.match(upto) is not None


# a comma clause that gives only the ground of what follows: the law, standards, good practice
# (我们将按照法律法规的规定, 并将按照法律法规要求和业界成熟的安全标准)
_BY_THE_RULES = re.compile(r"^\W*(?:并|且|同时)?(?:我们|本公司|公司)?(?:将会|将|会|均|都|也)?(?:承诺)?(?:严格)?"
                           r"(?:按照|依照|根据|遵照|依据|遵循|参照|依)[^,，。;；]{0,40}"
                           r"(?:法律|法规|规定|要求|标准|实践|规范)[^,，。;；]{0,3}$")


def ensures_in_general(text: str, at: int, scope: str) -> bool:
    """`scope` (from `at`) ensures the data's safety, and the comma clause before it names the
    measures only in general terms (采取必要的技术和管理措施,确保客户信息的安全) or only their
    ground (将按照法律法规的规定,保护您的个人信息及隐私安全): no measure named."""
    if not _ENSURES.match(scope):
        return False
    before = [(a, b) for a, b in clause_spans(text) if b <= at]
    if not before:
        return False
    last = text[before[-1][0]:before[-1][1]]
    return states_attitude(last) or _BY_THE_RULES.match(last) is not None


def states_stakes(text: str) -> bool:
    """The sentence says what is at stake (a condition for trust, a harm feared), not a measure."""
    return _STAKES.search(text) is not None


_DESCRIPTION = re.compile(r"是一种|作为一种|是一份|是指|指的是|定义(?:为|是|如下)|的定义|又称|称为|所谓|被设计"
                          # a quoted term defined (「加密」:指利用数学演算法…)
                          r"|^[\W\d]*[「“\"][^」”\"]{1,12}[」”\"]\s*[:：]\s*指(?![定派导示出挥])"
                          r"|是[^,，。;；]{1,24}的一种"
                          # what a kind of message or call covers (商业性短信息…包括用于推销商品…的短信息)
                          r"|包括用于[^,，。;；]{1,30}的(?:短信息?|短消息|信息|电话|呼叫|号码)"
                          r"|原则(?:包括|之一)|可以?通过[^,，。;；]{1,24}实现"
                          # what any such thing is worth (制定…应急预案是…不可或缺的措施; 一个完善的应急预案能够帮助企业…)
                          r"|^[^。;；]{0,40}?是[^。;；]{0,40}?(?:不可或缺|必不可少|至关重要)的|^\W*一[个套份][^,，。;；]{0,10}的[^,，。;；]{1,12}(?:能够|可以)"
                          # a notion put plainly (权限设置,简单说就是明确谁可以访问什么数据)
                          r"|简单(?:地)?(?:说|来说|讲)(?:就是)?|简言之|说白了|通俗(?:地)?(?:说|来说|讲)"
                          # what a document explains (本公司之《隐私权政策》会说明…如何处理您的个人资料)
                          r"|(?:》|本政策|本声明|本隐私政策)(?:中)?(?:会|将)?(?:向您)?(?:说明|载明|阐述|阐明|介绍)"
                          r"(?:了|如何|我们|本公司|当您|您)")


def is_description(text: str) -> bool:
    """What something is or how it is defined ("电话营销是一种常见的营销手段"), not a measure taken."""
    return _DESCRIPTION.search(text) is not None


def describes_technique(scope: str) -> bool:
    """What a technique is for in general (技术是…的核心手段, 技术主要有…)."""
    return _TECHNIQUE.search(scope) is not None


def states_requirement(s: Sentence | str) -> bool:
    """"须具备5年以上经验", "报考条件：…": a requirement described, not a fact stated — in the
    sentence, or in the sentence or lead-in its list continues."""
    if isinstance(s, str):
        return _REQUIREMENT.search(s) is not None
    return any(_REQUIREMENT.search(x) for x in (s.text, s.prev, s.lead) if x)
