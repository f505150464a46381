"""Build what report tests need: a synthetic Report (no files) and a small real package."""

from __future__ import annotations

import io
from pathlib import Path

from docvalidator.checks import code_docs
from docvalidator.codes import Severity
from docvalidator.model import FileRecord, Finding, MaterialResult, Report

APPLICANT = "上海示例呼叫中心有限公司"
CREDIT_CODE = "91310000MA1K000006"  # check character valid (GB 32100), else DV504 fires


def synthetic_report(**overrides) -> Report:
    """Two defective materials, one ok, one not required; errors, a warning and a package-level
    finding, all with Chinese messages."""
    findings = (
        Finding("DV101", Severity.ERROR, "data-security-policy", None, None,
                "缺少必交材料“客户数据安全保护制度”：材料包中没有对应的文件。",
                "申请材料应齐全（《行政许可法》第三十二条）。", "补充该材料的文件。"),
        Finding("DV402", Severity.ERROR, "usage-plan", "制度/码号使用方案.pdf", 2,
                "录音保存期限为 3 个月，少于要求的 6 个月。", "录音保存不少于 6 个月（依据：码号管理办法）。",
                "将保存期限改为不少于 6 个月。",
                {"snippet": "录音保存3个月", "bbox": [0.1, 0.2, 0.8, 0.3]}),
        Finding("DV204", Severity.WARNING, "usage-plan", "制度/码号使用方案.pdf", 1,
                "第1页 243 KB，超过 200 KB 上限。", "单页不超过 200 KB。", "降低扫描分辨率后重新生成 PDF。",
                {"bytes": 248832}),
        Finding("DV103", Severity.WARNING, None, "杂项/会议纪要.pdf", None,
                "文件“会议纪要.pdf”无法对应材料清单中的任何一项。", "每个文件应对应一项材料。",
                "删除该文件或改名。"),
    )
    materials = (
        MaterialResult("business-license", "营业执照副本", "ok", ("01 营业执照.pdf",)),
        MaterialResult("data-security-policy", "客户数据安全保护制度", "missing", ()),
        MaterialResult("usage-plan", "码号使用方案", "defective", ("制度/码号使用方案.pdf",)),
        MaterialResult("branch-list", "分支机构名录", "not-required", (), required=False),
    )
    files = (
        FileRecord("01 营业执照.pdf", "a" * 64, 1000, "pdf", 1),
        FileRecord("制度/码号使用方案.pdf", "b" * 64, 300000, "pdf", 2),
        FileRecord("杂项/会议纪要.pdf", "c" * 64, 500, "pdf", 1),
    )
    kw = dict(
        tool_version="0.1.0", schema_id="number-95-shanghai", schema_title="上海 95 号码申请",
        package_path="pkg", materials=materials, findings=findings, files=files,
        applicant={"name": APPLICANT, "credit_code": CREDIT_CODE},
        schema_info={"authority": "上海市通信管理局", "legal_basis": ["《电信网码号资源管理办法》"],
                     "matter": "码号资源—95 号码（上海）", "title_en": "Shanghai 95 number",
                     "correction_window": "10 日"},
        check_date="2026-11-22", code_docs=code_docs(),
    )
    kw.update(overrides)
    return Report(**kw)


SCHEMA_YAML = """\
id: test-b24
title: {zh: 呼叫中心业务测试申请, en: Call centre test}
matter: 增值电信业务—B24 呼叫中心业务（全网）
authority: 工业和信息化部
legal_basis: ["《电信业务经营许可管理办法》第六条"]
parameters:
  correction_window: {default: "10 日", description: 补正期限, alternatives: ["15 个工作日"]}
facts:
  has_branches: {description: 设有分支机构}
materials:
  - id: business-license
    name: 营业执照副本
    formats: [pdf]
    keywords: [营业执照]
    requirement: 提交加盖公章的营业执照副本
    basis: 《电信业务经营许可管理办法》第六条
  - id: data-security-policy
    name: 客户数据安全保护制度
    formats: [pdf, docx]
    keywords: [数据安全]
    requirement: 提交客户数据安全保护制度
    basis: 《电信业务经营许可管理办法》第六条
  - id: site-photos
    name: 场地照片
    formats: [image]
    multiple: true
    keywords: [场地照片]
    requirement: 提交呼叫中心场地照片
    basis: 审查要点
  - id: branch-list
    name: 分支机构名录
    required_if: has_branches
    formats: [pdf]
    keywords: [分支机构]
    requirement: 设有分支机构的提交名录
    basis: 审查要点
"""


def pdf_bytes(lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 16)
    y = 780
    for line in lines:
        c.drawString(72, y, line)
        y -= 28
    c.showPage()
    c.save()
    return buf.getvalue()


def jpeg_bytes(color=(180, 40, 40)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buf, "JPEG")
    return buf.getvalue()


_SITE_PHOTO: list[bytes] = []


def site_photo() -> bytes:
    """A usable venue photo (sharp, 1600×900, six seats, the company name on the wall)."""
    if not _SITE_PHOTO:
        from tests.vision.photo_synth import jpeg, venue

        _SITE_PHOTO.append(jpeg(venue(6, 3, company=APPLICANT, size=(1600, 900))))
    return _SITE_PHOTO[0]


def make_package(root: Path, *, with_policy: bool = False) -> Path:
    """A package with one defect of each kind the base rules find: the business licence is a
    photo (DV104, on an image: gets a thumbnail), the data-security policy is missing (DV101)
    unless `with_policy`, one file matches nothing (DV103); site photos are fine."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "docvalidator.yaml").write_text(
        f"schema: test-b24\ncompany:\n  name: {APPLICANT}\n  credit_code: {CREDIT_CODE}\n",
        encoding="utf-8")
    (root / "01 营业执照.jpg").write_bytes(jpeg_bytes())
    (root / "场地照片1.jpg").write_bytes(site_photo())
    (root / "会议纪要.pdf").write_bytes(pdf_bytes(["会议纪要", "与申请无关的文件"]))
    if with_policy:
        (root / "客户数据安全保护制度.pdf").write_bytes(pdf_bytes(["客户数据安全保护制度", "第一条 总则"]))
    return root


def write_schema(folder: Path) -> Path:
    path = folder / "test-b24.yaml"
    path.write_text(SCHEMA_YAML, encoding="utf-8")
    return path
