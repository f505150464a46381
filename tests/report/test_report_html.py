import re
import subprocess

import pytest

from docvalidator.report import REPORTER_BY_NAME
from tests.report.builders import synthetic_report
from tests.report.conftest import check, need

PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIA"
         "X8jx0gAAAABJRU5ErkJggg==")


def test_html_is_self_contained_no_network_references():
    html = REPORTER_BY_NAME["html"](synthetic_report(thumbnails={"制度/码号使用方案.pdf#2": PIXEL}))
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert "<style>" in html and "<script>" in html


def test_html_shows_counts_materials_findings_and_the_thumbnail_of_a_finding_page():
    html = REPORTER_BY_NAME["html"](synthetic_report(thumbnails={"制度/码号使用方案.pdf#2": PIXEL}))
    assert '<div class="card error" id="count-error"><b>2</b>' in html
    assert html.count('<tr data-material=') == 4 and 'data-status="missing"' in html
    assert html.count('class="finding ') == 4
    assert 'data-severity="warning" data-material="-"' in html  # the package-level finding
    dv402 = html[html.index('data-code="DV402"'):]
    assert dv402.index(PIXEL) < dv402.index('data-code="DV204"')  # page 2 thumbnail on DV402 only
    assert "上海示例呼叫中心有限公司" in html and "录音保存期限为 3 个月" in html


def test_html_escapes_what_comes_from_documents():
    report = synthetic_report()
    f = report.findings[0]
    evil = type(f)(**{**f.__dict__, "message": "<script>alert(1)</script>"})
    html = REPORTER_BY_NAME["html"](synthetic_report(findings=(evil,)))
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_html_of_a_real_package_embeds_thumbnails_and_is_byte_identical(package, tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert check(package, "html", a).code == 1
    check(package, "html", b)
    assert a.read_bytes() == b.read_bytes()
    html = a.read_text(encoding="utf-8")
    assert html.count('<figure id="thumb-') == 1  # the licence photo that DV104 is about
    assert "2026-11-22" in html


def _chromium(*args: str, tmp_path) -> subprocess.CompletedProcess:
    exe = need("chromium")
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chrome-profile'}", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish in 120 s")


def test_html_renders_in_headless_chromium_with_findings_and_loaded_thumbnails(package, tmp_path):
    out = tmp_path / "report.html"
    check(package, "html", out)
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", out.as_uri(), tmp_path=tmp_path).stdout
    assert "缺少必交材料“客户数据安全保护制度”" in dom
    assert re.search(r'id="shown-count">3<', dom)  # the filter script ran over all findings
    total = re.search(r'data-images-total="(\d+)"', dom)
    loaded = re.search(r'data-images-loaded="(\d+)"', dom)
    assert total and loaded, "the load handler did not run"
    assert int(total.group(1)) >= 1 and loaded.group(1) == total.group(1)
    png = tmp_path / "shot.png"
    _chromium(f"--screenshot={png}", "--window-size=1280,2000", out.as_uri(), tmp_path=tmp_path)
    assert png.is_file() and png.stat().st_size > 10_000
