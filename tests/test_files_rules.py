"""DV201–DV206 from generated PDFs, through the CLI: each fires, and its near miss is silent."""

import pytest

from tests.helpers import check_json, write_package
from tests.pdfmaker import encrypted, full_page, image_pdf, jpeg, scan_image, text_pdf

A4W, A4H = 595.2756, 841.8898




def _findings(result, code):
    return [f for f in result.json()["findings"] if f["code"] == code]


@pytest.fixture(scope="module")
def scans():
    return {
        "dense": jpeg(scan_image(1240, 1754, seed=1), 75),  # ~300 KB at 150 dpi
        "half": jpeg(scan_image(1240, 877, dense=False, seed=2), 75),  # ~85 KB
        "low": jpeg(scan_image(595, 842, dense=False, seed=3), 75),  # 72 dpi
        "sparse": jpeg(scan_image(1240, 1754, dense=False, seed=3), 75),  # 150 dpi, ~110 KB
        "blank": jpeg(scan_image(1240, 1754, blank=True, seed=4)),
        "one_line": jpeg(scan_image(1240, 1754, one_line=True, seed=5)),
    }


def test_dv204_dense_scan_page_names_page_and_image_and_half_page_is_silent(tmp_path, scans):
    half = [(scans["half"], (0, A4H / 2, A4W, A4H / 2))]
    pkg = write_package(tmp_path, {"营业执照.pdf": image_pdf([half, full_page(scans["dense"])])})
    dv204 = _findings(check_json(pkg), "DV204")
    assert [(f["file"], f["page"]) for f in dv204] == [("营业执照.pdf", 2)]
    f = dv204[0]
    kb = f["evidence"]["bytes"] / 1024
    assert kb > 200 and f["message"].startswith(f"第2页 {kb:.0f} KB，超过 200 KB 上限")
    top = f["evidence"]["contributors"][0]
    assert top["kind"] == "image" and top["desc"] == "image 1240×1754 JPEG"
    assert top["bytes"] >= len(scans["dense"])


def test_dv204_limit_comes_from_the_schema_parameter(tmp_path, scans):
    half = [(scans["half"], (0, A4H / 2, A4W, A4H / 2))]
    pkg = write_package(tmp_path, {"a.pdf": image_pdf([half])})
    assert _findings(check_json(pkg, "--param", "max_page_kb=50"), "DV204")


def test_dv205_72_dpi_scan_fires_and_150_dpi_is_silent(tmp_path, scans):
    pkg = write_package(tmp_path, {"low.pdf": image_pdf([full_page(scans["low"])]),
                              "ok.pdf": image_pdf([full_page(scans["sparse"])])})
    dv205 = _findings(check_json(pkg), "DV205")
    assert [(f["file"], f["page"]) for f in dv205] == [("low.pdf", 1)]
    assert "72 dpi" in dv205[0]["message"] and "150 dpi" in dv205[0]["message"]


def test_dv206_blank_sheet_fires_and_one_line_sheet_is_silent(tmp_path, scans):
    pkg = write_package(tmp_path, {"a.pdf": image_pdf([full_page(scans["one_line"]),
                                                  full_page(scans["blank"])])})
    assert [(f["file"], f["page"]) for f in _findings(check_json(pkg), "DV206")] == [("a.pdf", 2)]


def test_dv202_user_password_is_an_error_owner_restrictions_a_warning(tmp_path):
    pkg = write_package(tmp_path, {
        "locked.pdf": encrypted(text_pdf(), user="secret", owner="owner"),
        "limited.pdf": encrypted(text_pdf(), user="", owner="owner", permissions=0),
        "open.pdf": text_pdf(),
    })
    got = {f["file"]: f["severity"] for f in _findings(check_json(pkg), "DV202")}
    assert got == {"locked.pdf": "error", "limited.pdf": "warning"}


def test_dv201_truncated_pdf_gives_dv201_and_no_other_pdf_finding(tmp_path, scans):
    data = image_pdf([full_page(scans["dense"]), full_page(scans["blank"])])
    pkg = write_package(tmp_path, {"cut.pdf": data[: len(data) // 2], "whole.pdf": text_pdf()})
    result = check_json(pkg)
    mine = {f["code"] for f in result.json()["findings"] if f["file"] == "cut.pdf"}
    assert {c for c in mine if c.startswith(("DV2", "DV9"))} == {"DV201"}
    assert not [f for f in _findings(result, "DV201") if f["file"] == "whole.pdf"]


def test_dv203_only_when_a_file_limit_is_set(tmp_path, scans):
    pkg = write_package(tmp_path, {"big.pdf": image_pdf([full_page(scans["dense"])]),
                              "small.pdf": text_pdf()})
    assert _findings(check_json(pkg), "DV203") == []
    dv203 = _findings(check_json(pkg, "--param", "max_file_kb=100"), "DV203")
    assert [f["file"] for f in dv203] == ["big.pdf"] and "超过 100 KB 上限" in dv203[0]["message"]
