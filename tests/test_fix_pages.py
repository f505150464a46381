"""`fix` on single PDFs: heavy scan pages come under the page limit by DV204's own measure,
stay legible (seal found where it was, OCR reads the same), and keep their text layer,
vector content and annotations; a page nothing fits is left, with the reason."""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
import pytest

from docvalidator.fix import encode
from docvalidator.fix.pages import Limits, page_weights, shrink
from docvalidator.imaging import ocr
from fixtures._render import encode_jpeg, make_scan_page
from tests.pdfmaker import full_page, image_pdf

LIMIT = 200 * 1024
BODY = [("title", "网络与信息安全保障措施"), ("h", "一、数据加密"),
        "客户数据和通话记录采用AES-256加密存储于境内服务器，保存期限不少于六个月，期满后永久删除。" * 3,
        ("h", "二、投诉处理"), "投诉在24小时内响应，7个工作日内办结，投诉记录保存一年以上。" * 3,
        ("table", ["项目", "要求"], [["加密", "AES-256"], ["留存", "6个月"]]), ("seal_here",)]


@lru_cache(maxsize=4)
def scan(dpi: int, seal: bool, color: bool = True) -> bytes:
    """A heavy one-page scan: the page as a JPEG at quality 92 (a scanner's default)."""
    img = make_scan_page(BODY, seal="上海云声通信科技有限公司" if seal else None, dpi=dpi,
                         max_bytes=None, color=color, seed=7)
    w, h = 595.2756, 841.8898
    return image_pdf([full_page(encode_jpeg(img, 92, None, dpi=dpi), (w, h))], (w, h))


def _render(data: bytes, dpi: int = 75) -> np.ndarray:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return doc[0].render(scale=dpi / 72).to_numpy()[..., :3]
    finally:
        doc.close()


def test_a_heavy_colour_scan_with_a_seal_comes_under_the_limit_and_keeps_its_seal():
    data = scan(200, seal=True)
    assert page_weights(data)[0] > LIMIT
    new, log = shrink(data, {1: LIMIT}, Limits(LIMIT, 150, ocr=False))
    (entry,) = log
    assert entry.action == "re-encoded", entry.note
    assert page_weights(new)[0] == entry.bytes_after <= LIMIT
    assert entry.seals_before == 1 and entry.seals_kept
    assert "colour" in entry.encoding  # red ink keeps colour


def test_a_grey_text_scan_goes_bitonal_and_renders_black_on_white():
    data = scan(300, seal=False, color=False)
    new, (entry,) = shrink(data, {1: LIMIT}, Limits(LIMIT, 150, ocr=False))
    assert entry.encoding.startswith("CCITT G4 300 dpi")
    assert entry.bytes_after < 80 * 1024
    before, after = _render(data), _render(new)
    # the same ink in the same places: paper stays light, text stays dark
    assert after.mean() > 200 and abs(float((after < 128).mean()) - float((before < 128).mean())) < 0.02


@pytest.mark.skipif(not ocr.ENABLED, reason="the OCR extra (rapidocr) is not installed")
def test_a_re_encoded_page_reads_as_the_original_by_ocr():
    data = scan(200, seal=True)
    _new, (entry,) = shrink(data, {1: LIMIT}, Limits(LIMIT, 150, ocr=True))
    assert entry.action == "re-encoded"
    assert entry.cer is not None and entry.cer <= 0.01
    assert entry.cer_reference == "original-ocr"


def test_text_layer_vector_content_and_annotations_are_the_same_objects_after_the_fix():
    import pikepdf
    import pypdfium2 as pdfium

    base = scan(200, seal=True)
    pdf = pikepdf.open(io.BytesIO(base))
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"BT /F1 12 Tf 72 40 Td (Page 1 of 1) Tj ET 0 0 1 RG 2 w "
                                      b"72 30 m 520 30 l S"), prepend=False)
    page.Resources.Font = pikepdf.Dictionary(F1=pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    page.Annots = pdf.make_indirect([pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[72, 700, 300, 720],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/"))))])
    buf = io.BytesIO()
    pdf.save(buf)
    data = buf.getvalue()
    new, (entry,) = shrink(data, {1: LIMIT}, Limits(LIMIT, 150, ocr=False))
    assert entry.action == "re-encoded"
    old_pdf, new_pdf = pikepdf.open(io.BytesIO(data)), pikepdf.open(io.BytesIO(new))
    old_page, new_page = old_pdf.pages[0], new_pdf.pages[0]
    assert [c.read_bytes() for c in old_page.obj.Contents] == [c.read_bytes() for c in new_page.obj.Contents]
    assert str(new_page.Annots[0].A.URI) == "https://example.org/"
    doc = pdfium.PdfDocument(new)
    assert "Page 1 of 1" in doc[0].get_textpage().get_text_range()


def test_a_page_no_encoding_fits_is_left_with_the_reason():
    data = scan(200, seal=True)
    tiny = 12 * 1024
    new, (entry,) = shrink(data, {1: tiny}, Limits(tiny, 150, ocr=False))
    assert entry.action == "left" and new == data
    assert "拆分" in entry.note and "150 dpi" in entry.note


def test_resolution_never_goes_under_the_schemas_minimum():
    data = scan(200, seal=True)
    _new, (entry,) = shrink(data, {1: 150 * 1024}, Limits(150 * 1024, 200, ocr=False))
    assert entry.action == "re-encoded" and " 200 dpi" in entry.encoding
    # a budget only 150 dpi meets (it does with a 72-dpi minimum): the page is left, not thinned
    _new, (entry,) = shrink(data, {1: 100 * 1024}, Limits(100 * 1024, 200, ocr=False))
    assert entry.action == "left" or " 200 dpi" in entry.encoding


def test_red_ink_keeps_colour_and_a_plain_grey_page_may_go_grey():
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (1240, 1754), (245, 244, 240))
    d = ImageDraw.Draw(page)
    for y in range(200, 1500, 40):
        d.rectangle((120, y, 1100, y + 14), fill=(30, 30, 30))
    assert not encode.characterise(page).red_ink
    d.ellipse((800, 1300, 1050, 1550), outline=(215, 35, 40), width=12)
    assert encode.characterise(page).red_ink
    photo = Image.fromarray(np.random.default_rng(1).integers(0, 255, (600, 800, 3), np.uint8))
    assert encode.characterise(photo).colour and not encode.characterise(photo).text_only


def test_verification_reads_lines_spread_over_the_whole_page():
    from docvalidator.fix.verify import spread

    boxes = [(0, y, 10, y + 5) for y in range(100)]
    picked = spread(boxes, 10)
    assert len(picked) == 10 and picked[0] == boxes[0] and picked[-1][1] >= 90
    assert spread(boxes[:5], 10) == boxes[:5]
