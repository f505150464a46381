"""The DV code table: every finding code with its name, group, default severity, summary and
default requirement and fix texts.

Codes are stable: once released a code keeps its meaning. A code's documentation (what it
checks, examples that fire and that stay silent) is the docstring of the rule that emits it;
`docvalidator explain CODE` and `docs/rules.md` (`python -m docvalidator.checks.docs`) show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # 必须补正: blocks the application
    WARNING = "warning"  # 建议修改
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @property
    def label_zh(self) -> str:
        return {"error": "必须补正", "warning": "建议修改", "info": "提示"}[self.value]


GROUPS = {
    "materials": "材料齐全性 / materials",
    "files": "文件格式与大小 / file format and size",
    "seals": "公章与签字 / seals and signatures",
    "content": "制度条款与内容 / clauses and content",
    "entity": "申请主体条件 / the applicant",
    "photos": "场地照片 / venue photos",
    "processing": "处理 / processing",
}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    group: str
    severity: Severity
    summary: str  # one line, Chinese
    requirement: str  # default requirement text, used when a rule gives none
    fix: str  # default fix text, used when a rule gives none


def _c(code, name, group, severity, summary, requirement, fix) -> Code:
    return Code(code, name, group, Severity(severity), summary, requirement, fix)


_TABLE = [
    _c("DV101", "material-missing", "materials", "error",
       "必交材料缺失",
       "申请材料应齐全，缺少任何一项必交材料，审查机关将出具补正通知书（《行政许可法》第三十二条）。",
       "补充该材料的文件，文件名包含材料名称（如“01-营业执照副本.pdf”），放入申请材料文件夹。"),
    _c("DV102", "material-ambiguous", "materials", "error",
       "多个文件竞争同一项材料",
       "每项材料应提交一份文件，便于审查人员对应核验。",
       "合并为一个 PDF，或删除多余的版本（旧稿、重复扫描件）。"),
    _c("DV103", "file-unassigned", "materials", "error",
       "文件无法对应任何材料",
       "提交的文件应与申请材料清单逐项对应，无关材料不应提交。",
       "按材料清单重命名该文件（文件名包含材料名称），或将其移出申请材料文件夹。"),
    _c("DV104", "format-not-accepted", "materials", "error",
       "文件格式不被接受",
       "申请材料一般应为 PDF 扫描件；各项材料接受的格式见所选申请类型的材料清单。",
       "将文件转换为该材料接受的格式（通常为 PDF），加盖公章后扫描。"),
    _c("DV105", "file-unreadable", "materials", "error",
       "文件为空或内容与扩展名不符",
       "提交的文件应能正常打开，扩展名应与实际格式一致。",
       "重新导出或扫描该文件，确认文件能打开，并使用与格式一致的扩展名。"),
    _c("DV106", "name-content-mismatch", "materials", "warning",
       "文件名与内容指向不同材料",
       "文件名应与其内容一致，审查人员按文件名查找材料。",
       "按文件内容更正文件名（或换上文件名所指的材料）。"),
    _c("DV201", "pdf-corrupt", "files", "error",
       "PDF 文件损坏，无法解析",
       "提交的 PDF 文件应完整、可正常打开。",
       "从原始文件重新导出或重新扫描生成 PDF。"),
    _c("DV202", "pdf-encrypted", "files", "error",
       "PDF 已加密或设置了权限限制",
       "提交的 PDF 不得设置打开密码，也不应限制打印或复制。",
       "去除打开密码和权限限制后重新导出 PDF。"),
    _c("DV203", "file-too-large", "files", "error",
       "文件超过大小上限",
       "单个文件大小不得超过所选申请类型或配置设定的上限。",
       "降低扫描分辨率或改用灰度/JPEG 压缩重新扫描，或拆分文件。"),
    _c("DV204", "page-too-large", "files", "error",
       "单页超过大小上限",
       "扫描件单张（单页）不得超过 200 KB。",
       "以 150 dpi 灰度或 JPEG 压缩重新扫描该页；证据列出占用最大的对象（通常是扫描图片）。"),
    _c("DV205", "scan-resolution-low", "files", "warning",
       "扫描分辨率过低",
       "扫描件应清晰可辨，分辨率不低于所选申请类型设定的最小值（默认 150 dpi）。",
       "以不低于 150 dpi（建议 200–300 dpi）重新扫描该页。"),
    _c("DV206", "page-blank", "files", "warning",
       "空白页",
       "提交的材料不应包含空白页。",
       "删除空白页，或检查扫描时是否漏扫了内容。"),
    _c("DV207", "text-unverifiable", "files", "warning",
       "页面无文字层且未能识别，内容无法核验",
       "需核验内容的材料（制度条款、主体信息）应能读取文字。",
       "启用 OCR（去掉 --no-ocr），或提供带文字层的 PDF（扫描时开启 OCR）。"),
    _c("DV301", "seal-missing", "seals", "error",
       "缺少公章",
       "该材料须加盖申请单位公章。",
       "在要求的页面加盖公章（红色），重新扫描为彩色 PDF。"),
    _c("DV302", "seal-name-mismatch", "seals", "warning",
       "公章文字与申请单位名称不一致",
       "所盖公章应为申请单位本单位公章。",
       "确认使用申请单位公章（名称与营业执照一致），而非其他单位或部门章。"),
    _c("DV303", "signature-missing", "seals", "warning",
       "缺少法定代表人签字",
       "该材料须由法定代表人签字。",
       "由法定代表人在签字处亲笔签名后重新扫描。"),
    _c("DV401", "clause-missing", "content", "error",
       "缺少规定条款",
       "制度文件须包含规定的条款（如客户数据以 AES-256 加密存储）。",
       "在制度中补充该条款，写明具体措施和数值。"),
    _c("DV402", "clause-below-requirement", "content", "error",
       "条款数值不符合要求",
       "条款的数值须满足要求（如客户信息留存不少于 6 个月）。",
       "将条款中的数值改为满足要求的值。"),
    _c("DV403", "forbidden-wording", "content", "error",
       "含有禁止或高风险用语",
       "95 码号用途不得为营销、促销、推销或广告宣传；宣传用语不得使用“最好”“最专业”等绝对化用语（《广告法》第九条）。",
       "删除或改写该用语，写明具体的客户服务用途。"),
    _c("DV404", "field-missing", "content", "error",
       "缺少必填内容",
       "该文件须写明规定的内容（如 95 码号使用规划的用途、服务时间、服务流程、坐席数量）。",
       "在文件中补充该内容。"),
    _c("DV501", "capital-below-minimum", "entity", "error",
       "注册资本低于要求",
       "申请全网业务注册资本不低于 1000 万元，地网不低于 100 万元（《电信业务经营许可管理办法》第六条）。",
       "办理增资并完成工商变更后，提交新的营业执照。"),
    _c("DV502", "business-scope-missing", "entity", "error",
       "经营范围缺少相关业务",
       "营业执照经营范围应包含申请的电信业务（如第二类增值电信业务、呼叫中心业务）。",
       "办理经营范围变更，增加相应的电信业务。"),
    _c("DV503", "name-inconsistent", "entity", "error",
       "单位名称前后不一致",
       "各材料中的申请单位名称应与营业执照完全一致。",
       "统一所有材料中的单位全称，与营业执照一致。"),
    _c("DV504", "credit-code-invalid", "entity", "error",
       "统一社会信用代码无效或不一致",
       "统一社会信用代码应符合 GB 32100-2015，且各材料一致。",
       "核对营业执照上的统一社会信用代码，更正材料中的代码。"),
    _c("DV505", "id-number-invalid", "entity", "error",
       "身份证号码无效",
       "居民身份证号码应符合 GB 11643 校验规则。",
       "核对身份证原件，更正号码。"),
    _c("DV506", "document-expired", "entity", "error",
       "文件已过期或期限不足",
       "营业执照应在有效期内；场地租赁期限不少于规定年限。",
       "提供有效期内的文件，或续签租赁合同。"),
    _c("DV507", "staffing-insufficient", "entity", "error",
       "人员或社保月数不足",
       "主要管理、技术人员人数及社保缴纳月数应达到要求。",
       "补充人员名单及其社保缴纳证明，或待社保缴满规定月数后再申请。"),
    _c("DV508", "foreign-investment", "entity", "error",
       "存在外资迹象",
       "申请主体须为内资企业（不含外资成分）。",
       "核实股权结构，穿透至自然人或国有资本，提交无外资承诺书。"),
    _c("DV601", "photo-unusable", "photos", "error",
       "照片无法打开或分辨率过低",
       "场地照片应能正常打开，分辨率足以看清场地、坐席和标识。",
       "使用原始照片（不低于 1280×720），不要截图或压缩。"),
    _c("DV602", "photo-quality", "photos", "warning",
       "照片模糊、过暗或过曝",
       "场地照片应清晰，能看清坐席、电话和公司标识。",
       "在充足光线下对焦后重新拍摄。"),
    _c("DV603", "seats-insufficient", "photos", "error",
       "坐席数量不足",
       "95 码号申请须在上海有不少于 5 个坐席的呼叫中心场地。",
       "补拍能完整显示全部坐席的照片，或增加坐席。"),
    _c("DV604", "logo-not-found", "photos", "warning",
       "照片中未见公司标识",
       "场地照片应能看到公司标识（Logo）或名称。",
       "补拍包含公司标识或名称的场地照片。"),
    _c("DV605", "photo-duplicate", "photos", "warning",
       "照片重复",
       "场地照片应为不同角度的实景照片，不得重复提交。",
       "删除重复照片，补拍其他角度。"),
    _c("DV606", "photo-suspect", "photos", "warning",
       "照片元数据可疑",
       "场地照片应为近期拍摄的原始照片，不得编辑。",
       "提交相机或手机拍摄的原始照片。"),
    _c("DV901", "processing-failed", "processing", "error",
       "文件处理失败",
       "每个文件都应能被检查。",
       "检查该文件能否正常打开；如确认文件无误，请将其报告给 docvalidator 维护者。"),
]

CODES: dict[str, Code] = {c.code: c for c in _TABLE}
BY_NAME: dict[str, Code] = {c.name: c for c in _TABLE}


def get(code: str) -> Code:
    return CODES[code]


def resolve_selector(selector: str) -> set[str]:
    """Expand a selector to codes: a code ('DV402'), a name ('clause-missing'),
    a group ('content') or a code prefix ('DV4'). Unknown selectors raise KeyError."""
    s = selector.strip()
    up = s.upper()
    if up in CODES:
        return {up}
    if s.lower() in BY_NAME:
        return {BY_NAME[s.lower()].code}
    if s.lower() in GROUPS:
        return {c.code for c in _TABLE if c.group == s.lower()}
    if up.startswith("DV") and any(c.startswith(up) for c in CODES):
        return {c for c in CODES if c.startswith(up)}
    raise KeyError(selector)
