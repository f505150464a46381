"""The PDF inspector: page bytes, DPI, blankness, encryption, corruption — pure data out."""

import io
import shutil
import subprocess

import pytest

from docvalidator.inspect.pdf import inspect_pdf
from tests.pdfmaker import (
    cyclic_pdf,
    encrypted,
    full_page,
    huge_image_pdf,
    image_pdf,
    jpeg,
    scan_image,
    text_pdf,
)


def test_dense_150_dpi_scan_page_weighs_its_jpeg_and_names_it_first():
    data = jpeg(scan_image(1240, 1754, seed=1), 75)
    info, _ = inspect_pdf(image_pdf([full_page(data)]))
    page = info.pages[0]
    assert len(data) < page.bytes < len(data) + 2048
    assert page.contributors[0] == {"kind": "image", "desc": "image 1240×1754 JPEG",
                                    "bytes": page.contributors[0]["bytes"]}
    assert page.contributors[0]["bytes"] >= len(data)
    assert page.scan and page.image_dpi == pytest.approx(150, abs=0.5)
    assert page.blank is False and not page.has_text_layer


def test_72_dpi_scan_is_measured_at_72_dpi_and_a_small_logo_is_not_a_scan():
    logo = jpeg(scan_image(300, 300, seed=2))
    info, _ = inspect_pdf(image_pdf([full_page(jpeg(scan_image(595, 842))),
                                     [(logo, (50, 700, 100, 100))]], text={1: "Company"}))
    assert info.pages[0].scan and info.pages[0].image_dpi == pytest.approx(72, abs=0.5)
    assert not info.pages[1].scan and info.pages[1].image_dpi is None
    assert info.pages[1].images[0]["dpi"] == pytest.approx(216, abs=0.5)


def test_blank_sheet_is_blank_and_a_sheet_with_one_line_is_not():
    blank = jpeg(scan_image(1240, 1754, blank=True, seed=3))
    line = jpeg(scan_image(1240, 1754, one_line=True, seed=3))
    info, _ = inspect_pdf(image_pdf([full_page(blank), full_page(line), []]))
    assert [p.blank for p in info.pages] == [True, False, True]


def test_text_page_has_a_text_layer_and_is_never_judged_blank():
    info, texts = inspect_pdf(text_pdf(pages=2))
    assert info.page_count == 2 and all(p.has_text_layer for p in info.pages)
    assert all(p.blank is None and not p.scan for p in info.pages)
    assert "policy" in texts[0].text or "data" in texts[0].text


def test_user_password_stops_inspection_and_owner_password_records_restrictions():
    locked, _ = inspect_pdf(encrypted(text_pdf(), user="secret", owner="owner"))
    assert locked.encrypted == "user-password" and locked.pages == []
    limited, _ = inspect_pdf(encrypted(text_pdf(), user="", owner="owner", permissions=0))
    assert limited.encrypted == "owner-restrictions" and {"print", "copy"} <= set(limited.restrictions)
    assert limited.page_count == 1 and limited.pages[0].bytes


def test_truncated_pdf_is_corrupt_and_nothing_else_is_measured():
    data = text_pdf(pages=3)
    info, texts = inspect_pdf(data[: len(data) * 6 // 10])
    assert info.corrupt and info.pages == [] and texts == []


def test_declared_20000_square_image_is_measured_from_its_dictionary_never_decoded():
    info, _ = inspect_pdf(huge_image_pdf())
    page = info.pages[0]
    assert page.images[0]["px"] == [20000, 20000] and page.blank is None
    assert any("超过上限" in d for d in info.damage)


def test_reference_cycles_terminate():
    info, _ = inspect_pdf(cyclic_pdf())
    assert info.corrupt or info.page_count >= 1


def _split_size(data: bytes, index: int) -> int:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(data)).pages[index])
    buf = io.BytesIO()
    writer.write(buf)
    return len(buf.getvalue())


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf makes the object-stream PDF")
def test_object_stream_pdf_page_bytes_match_the_page_split_into_its_own_file(tmp_path):
    logo = jpeg(scan_image(400, 300, seed=4))
    src = tmp_path / "plain.pdf"
    src.write_bytes(image_pdf([[(logo, (50, 600, 200, 150))]] * 3, text={0: "a", 1: "b", 2: "c"}))
    packed = tmp_path / "objstm.pdf"
    subprocess.run(["qpdf", "--object-streams=generate", str(src), str(packed)], check=True)
    data = packed.read_bytes()
    assert b"/ObjStm" in data
    info, _ = inspect_pdf(data)
    for i, page in enumerate(info.pages):
        assert page.bytes == pytest.approx(_split_size(data, i), rel=0.05)


def test_text_page_weight_matches_its_split_within_5_percent():
    data = text_pdf(pages=2, lines=44)
    info, _ = inspect_pdf(data)
    for i, page in enumerate(info.pages):
        assert page.bytes == pytest.approx(_split_size(data, i), rel=0.05)


def test_a_page_pdfium_cannot_lay_out_gets_its_headings_from_pdfplumber(monkeypatch):
    """A crop box outside the media box: pdfium gives the page no size, pdfplumber reads it."""
    import pikepdf

    from fixtures._pdf import make_text_pdf

    data = make_text_pdf("网络与信息安全保障措施", ["本公司对客户数据采用AES-256加密存储。" * 3])
    pdf = pikepdf.open(io.BytesIO(data))
    pdf.pages[0].obj.CropBox = [2000, 2000, 2100, 2100]
    buf = io.BytesIO()
    pdf.save(buf)
    _, texts = inspect_pdf(buf.getvalue())
    assert [h.text for h in texts[0].headings] == ["网络与信息安全保障措施"]
    monkeypatch.setattr("docvalidator.inspect.pdf.plumber_headings", lambda data, pages: {})
    _, texts = inspect_pdf(buf.getvalue())
    assert texts[0].headings == []  # pdfium alone finds none there
