"""DV401–DV404 and DV207 on small real packages: text PDFs, DOCX and OCR'd scans.

Every code has a case that fires and a near-miss that must stay silent. OCR cases use a few
short generated scan pages (150 dpi, skewed, noisy JPEG) and run with sockets disabled.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from docvalidator.imaging import ocr
from docvalidator.text import meaning
from fixtures._docx import make_docx
from fixtures._pdf import make_pdf_from_images, make_text_pdf
from fixtures._render import make_scan_page, missing_glyphs
from tests.helpers import check_json

SCHEMA = "number-95-shanghai"
COMPANY = "上海云声通信科技有限公司"
GOOD_POLICY = [
    ("h", "一、客户数据安全管理制度"),
    "客户数据采用AES-256加密存储，存储服务器位于上海市浦东新区本公司机房。",
    "客户数据仅限授权人员访问，访问须经审批并记录。",
    "客户信息留存期限不少于六个月，到期后经审批删除。",
    ("h", "二、通话记录管理制度"),
    "通话记录及通话录音保存6个月，到期后永久删除。",
    ("h", "三、投诉处理制度"),
    "投诉受理后24小时内响应，7个工作日内办结。",
    "投诉记录保存一年以上。",
]
GOOD_PLAN = [
    ("h", "一、号码用途"),
    "本公司申请的95客户服务短号码用于售后客户服务，具体包括故障报修和账单查询。本码号不用于营销。",
    ("h", "二、服务时间"), "人工坐席服务时间为7×24小时。",
    ("h", "三、服务流程"), "来电→坐席接听→问题记录→转办相关部门处理→处理结果回访。",
    ("h", "四、坐席数量"), "坐席数量24个。",
]


def _package(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "docvalidator.yaml").write_text(f"schema: {SCHEMA}\ncompany:\n  name: {COMPANY}\n",
                                            encoding="utf-8")
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def _run(root: Path, *extra: str, cache: bool = False) -> dict:
    r = check_json(root, "--select", "DV207,DV4", *extra, cache=cache)
    assert "Traceback" not in r.err, r.err
    return r.json()


def _codes(report: dict) -> list[tuple[str, str | None, int | None]]:
    return sorted((f["code"], f["file"], f["page"]) for f in report["findings"])


def _clauses(report: dict, material: str) -> dict[str, str]:
    m = next(m for m in report["materials"] if m["id"] == material)
    return {c["id"]: c["verdict"] for c in m.get("clauses", [])}


def _policy_pdf(paragraphs) -> bytes:
    return make_text_pdf("安全管理制度汇编", paragraphs, author=COMPANY)


def _swap(blocks, old: str, new: str | None):
    out = []
    for b in blocks:
        if isinstance(b, str) and old in b:
            if new is None:
                continue
            b = b.replace(old, new)
        out.append(b)
    return out


# --- text layer -----------------------------------------------------------------------------

def test_complete_text_policy_passes_and_lists_every_verified_clause(tmp_path):
    root = _package(tmp_path / "p", {"安全管理制度汇编.pdf": _policy_pdf(GOOD_POLICY),
                                     "95码号使用规划.pdf": make_text_pdf("95码号使用规划", GOOD_PLAN)})
    report = _run(root)
    assert _codes(report) == []
    verdicts = {k: v for m in ("customer-data-policy", "call-record-policy", "complaint-policy")
                for k, v in _clauses(report, m).items()}
    assert set(verdicts.values()) == {"passed"} and len(verdicts) == 9
    m = next(m for m in report["materials"] if m["id"] == "customer-data-policy")
    enc = next(c for c in m["clauses"] if c["id"] == "customer-data-encryption")
    assert enc["file"] == "安全管理制度汇编.pdf" and enc["page"] == 1 and "AES-256" in enc["sentence"]
    assert set(_clauses(report, "number-usage-plan").values()) == {"passed"}


def test_dv402_retention_below_requirement_and_dv401_missing_encryption_with_page(tmp_path):
    bad = _swap(_swap(GOOD_POLICY, "不少于六个月", "不少于3个月"), "AES-256", None)
    root = _package(tmp_path / "p", {"安全管理制度汇编.pdf": _policy_pdf(bad)})
    report = _run(root)
    found = {(f["code"], f["evidence"].get("clause")): f for f in report["findings"]}
    dv402 = found[("DV402", "customer-data-retention")]
    assert dv402["page"] == 1 and dv402["evidence"]["value"] == "不少于3个月"
    assert "3个月" in dv402["message"] and "6 个月" in dv402["message"]
    dv401 = found[("DV401", "customer-data-encryption")]
    assert dv401["severity"] == "error" and dv401["file"] == "安全管理制度汇编.pdf"
    assert _clauses(report, "customer-data-policy")["customer-data-encryption"] == "missing"


def test_dv401_boilerplate_encryption_is_a_warning(tmp_path):
    bad = _swap(GOOD_POLICY, "采用AES-256加密存储", "加密存储")
    report = _run(_package(tmp_path / "p", {"安全管理制度汇编.pdf": _policy_pdf(bad)}))
    (f,) = [f for f in report["findings"] if f["code"] == "DV401"]
    assert f["severity"] == "warning" and f["evidence"]["boilerplate"] is True


def test_dv402_aes_128_and_48_hours(tmp_path):
    bad = _swap(_swap(GOOD_POLICY, "AES-256", "AES-128"), "24小时内响应", "48小时内响应")
    report = _run(_package(tmp_path / "p", {"安全管理制度汇编.pdf": _policy_pdf(bad)}))
    got = sorted(f["evidence"]["clause"] for f in report["findings"] if f["code"] == "DV402")
    assert got == ["complaint-response-time", "customer-data-encryption"]


def test_docx_policy_with_clause_in_a_table_cell_passes_and_names_the_paragraph(tmp_path):
    paras = [b if isinstance(b, str) else b[1] for b in GOOD_POLICY if "AES-256" not in str(b)]
    table = (["措施", "要求"], [["加密与存储", "客户数据采用AES-256加密存储，存储服务器位于上海市本公司机房。"]])
    docx = make_docx("安全管理制度汇编", paras, tables=[table], author=COMPANY)
    report = _run(_package(tmp_path / "p", {"安全管理制度汇编.docx": docx}), "--param",
                  "customer_data_retention_months=12")
    found = [f for f in report["findings"]]
    assert [(f["code"], f["evidence"]["clause"]) for f in found] == \
        [("DV402", "customer-data-retention")]
    assert found[0]["page"] is None and found[0]["evidence"]["paragraph"] >= 1
    assert _clauses(report, "customer-data-policy")["customer-data-encryption"] == "passed"


def test_dv404_missing_service_hours_and_silent_when_stated(tmp_path):
    plan = _swap(GOOD_PLAN, "7×24小时", "另行通知")
    report = _run(_package(tmp_path / "p", {"95码号使用规划.pdf": make_text_pdf("95码号使用规划", plan)}))
    assert [(f["code"], f["evidence"]["field"]) for f in report["findings"]] == [("DV404", "service-hours")]
    good = _run(_package(tmp_path / "g", {"95码号使用规划.pdf": make_text_pdf("95码号使用规划", GOOD_PLAN)}))
    assert [f for f in good["findings"] if f["code"] == "DV404"] == []


def test_dv403_marketing_purpose_fires_negated_and_quoted_stay_silent(tmp_path):
    plan = [*GOOD_PLAN, "本号码主要用于产品营销。"]
    report = _run(_package(tmp_path / "p", {"95码号使用规划.pdf": make_text_pdf("95码号使用规划", plan)}))
    (f,) = [f for f in report["findings"] if f["code"] == "DV403"]
    assert f["evidence"]["term"] == "营销" and f["page"] == 1 and f["severity"] == "error"
    quiet = [*GOOD_PLAN, "严禁促销。", "宣传材料不得使用“最好”等绝对用语。"]
    good = _run(_package(tmp_path / "g", {"95码号使用规划.pdf": make_text_pdf("95码号使用规划", quiet)}))
    assert [f for f in good["findings"] if f["code"] == "DV403"] == []


class _ReadsAsMarketing:
    """A meaning model that reads one sentence, and only that one, as a marketing use."""

    def __init__(self, marker: str):
        self.marker = marker

    def probabilities(self, clause_id, rows):
        hit = clause_id == "forbidden:marketing-purpose"
        return np.array([0.9 if hit and self.marker in text else 0.0 for text, _ctx in rows])


def test_dv403_a_use_read_by_meaning_is_a_warning_that_names_no_term(tmp_path, monkeypatch):
    """No marketing word, but the model reads the sentence as that use: the finding quotes the
    sentence, names no term and asks to verify."""
    monkeypatch.setattr(meaning, "model", lambda: _ReadsAsMarketing("会员日"))
    plan = [*GOOD_PLAN, "会员日前一周以短信告知会员当期的新品与折扣。"]
    report = _run(_package(tmp_path / "p", {"95码号使用规划.pdf": make_text_pdf("95码号使用规划", plan)}))
    (f,) = [f for f in report["findings"] if f["code"] == "DV403"]
    assert f["severity"] == "warning" and f["evidence"]["term"] is None
    assert "按语义" in f["message"] and "会员日" in f["evidence"]["sentence"]


def test_dv403_a_weaker_word_used_as_the_purpose_is_only_a_warning(tmp_path):
    """推广 names marketing and also other things (推广应用): even after 用于 it is a warning to
    verify, while 营销 after 用于 stays an error."""
    plan = [*GOOD_PLAN, "本号码用于新业务推广。"]
    report = _run(_package(tmp_path / "p", {"95码号使用规划.pdf": make_text_pdf("95码号使用规划", plan)}))
    (f,) = [f for f in report["findings"] if f["code"] == "DV403"]
    assert f["severity"] == "warning" and f["evidence"]["term"] == "推广"


# --- scans: OCR, DV207 ----------------------------------------------------------------------

def _scan_pdf(lines: list[str], seed: int) -> bytes:
    assert not missing_glyphs("".join(lines)), missing_glyphs("".join(lines))
    blocks = [("title", lines[0]), *lines[1:]]
    page = make_scan_page(blocks, dpi=150, skew=0.6, noise=3.0, seed=seed, quality=60,
                          as_jpeg=True)
    return make_pdf_from_images([page], dpi=150)


SCAN_LINES = ["客户数据安全管理制度",
              "客户数据采用AES-256加密存储，存储服务器位于上海市浦东新区本公司机房。",
              "客户信息留存期限不少于六个月，到期后经审批删除。"]


@pytest.fixture(scope="module")
def scan_packages(tmp_path_factory):
    root = tmp_path_factory.mktemp("scans")
    bad = [SCAN_LINES[0], "客户数据加密存储，存储服务器位于上海市浦东新区本公司机房。",
           "客户信息留存期限不少于3个月，到期后经审批删除。"]
    good = _scan_pdf(SCAN_LINES, 1)
    return {
        "good": _package(root / "good", {"客户数据安全管理制度.pdf": good}),
        "bad": _package(root / "bad", {"客户数据安全管理制度.pdf": _scan_pdf(bad, 2)}),
        # the name says nothing: classified by OCR of the title at the top of page 1
        "unnamed": _package(root / "unnamed", {"scan001.pdf": good}),
    }


needs_ocr = pytest.mark.skipif(not ocr.ENABLED, reason=ocr.INSTALL_HINT)
ENCRYPTION_AND_RETENTION = ("customer-data-encryption", "customer-data-retention")


@needs_ocr
def test_scanned_policy_is_read_by_ocr_and_passes(scan_packages, no_network):
    report = _run(scan_packages["good"], cache=True)
    verdicts = _clauses(report, "customer-data-policy")
    assert [verdicts[c] for c in ENCRYPTION_AND_RETENTION] == ["passed", "passed"]
    assert not [f for f in report["findings"] if f["evidence"].get("clause") in ENCRYPTION_AND_RETENTION]
    assert not [f for f in report["findings"] if f["code"] == "DV207"]


@needs_ocr
def test_scanned_policy_with_3_months_and_no_aes_gives_dv402_dv401_with_page(scan_packages, no_network):
    report = _run(scan_packages["bad"], cache=True)
    got = {f["evidence"].get("clause"): (f["code"], f["page"], f["severity"]) for f in report["findings"]}
    assert got["customer-data-retention"] == ("DV402", 1, "error")
    assert got["customer-data-encryption"] == ("DV401", 1, "warning")  # 加密存储 without a method


@needs_ocr
def test_unnamed_scan_is_classified_by_its_ocr_title_and_models_load_once(scan_packages, no_network):
    # --jobs 1: the pages are OCR'd in this process (with more jobs, in worker processes),
    # with one thread: an engine an earlier test built with more is built again, once
    loads = ocr.LOADS
    report = _run(scan_packages["unnamed"], "--jobs", "1", cache=True)
    m = next(m for m in report["materials"] if m["id"] == "customer-data-policy")
    assert m["files"] == ["scan001.pdf"]
    assert ocr.LOADS - loads <= 1 and ocr.THREADS == 1


def test_no_ocr_gives_dv207_and_not_evaluated_never_dv401(scan_packages):
    report = _run(scan_packages["bad"], "--no-ocr")
    assert [(f["code"], f["page"]) for f in report["findings"]] == [("DV207", 1)]
    dv207 = report["findings"][0]
    assert dv207["evidence"]["pages"] == [1] and "--no-ocr" in dv207["message"]
    verdicts = _clauses(report, "customer-data-policy")
    assert set(verdicts.values()) == {"not-evaluated"}


def test_dv207_silent_when_the_page_has_a_text_layer(tmp_path):
    root = _package(tmp_path / "p", {"安全管理制度汇编.pdf": _policy_pdf(GOOD_POLICY)})
    assert [f for f in _run(root, "--no-ocr")["findings"] if f["code"] == "DV207"] == []


def test_ocr_failure_on_a_page_gives_dv207_with_the_reason(scan_packages, monkeypatch, tmp_path):
    import docvalidator.checks.content.ocr as analysis

    def broken(image):
        raise RuntimeError("model crashed")

    monkeypatch.setattr(analysis, "read_image", broken)
    report = _run(scan_packages["bad"])
    (f,) = report["findings"]
    assert (f["code"], f["page"]) == ("DV207", 1) and "model crashed" in f["message"]
    assert "missing" not in _clauses(report, "customer-data-policy").values()


def test_missing_ocr_engine_says_how_to_install_it(scan_packages, monkeypatch):
    monkeypatch.setattr(ocr, "ENABLED", False)
    report = _run(scan_packages["bad"])
    (f,) = report["findings"]
    assert f["code"] == "DV207" and "docvalidator[ocr]" in f["message"]


def _read_as(monkeypatch, lines: list[tuple[str, float]]):
    """OCR that reads every page as these (text, confidence) lines, top to bottom."""
    def recognize(image):
        w, h = image.size
        return [ocr.Line(t, (0.1 * w, (i + 1) * 0.05 * h, 0.9 * w, (i + 1.5) * 0.05 * h), score)
                for i, (t, score) in enumerate(lines)]
    monkeypatch.setattr(ocr, "ENABLED", True)
    monkeypatch.setattr(ocr, "recognize", recognize)


@pytest.mark.parametrize("confidence,severity", [(0.62, "warning"), (0.99, "error")])
def test_a_clause_missing_from_a_scan_read_partly_unsure_is_a_warning_quoting_the_line(
        tmp_path, monkeypatch, confidence, severity):
    """The retention clause may stand in a line OCR could not read: no certain DV401 then."""
    _read_as(monkeypatch, [("客户数据安全管理制度", 0.99),
                           ("客户数据采用AES-256算法加密，服务器位于上海市本公司机房。", 0.99),
                           ("各尸信忌渲仔具艮木少干六亇目", confidence)])
    # (a scan of its own per case: a page read once is remembered by its bytes)
    scan = _scan_pdf(["客户数据安全管理制度", "本页文字由识别结果给出。"], 3 if severity == "warning" else 4)
    report = _run(_package(tmp_path / "p", {"客户数据安全管理制度.pdf": scan}), "--jobs", "1")
    (f,) = [f for f in report["findings"] if f["evidence"].get("clause") == "customer-data-retention"]
    assert (f["code"], f["severity"]) == ("DV401", severity), f["message"]
    assert ("识别不清" in f["message"] and "各尸信忌" in f["message"]) == (severity == "warning")
