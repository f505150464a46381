"""The fixtures generator: deterministic bytes, valid identifiers, realistic-but-legal packages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from fixtures import generate as G

PKG = Path(__file__).resolve().parent.parent / "fixtures" / "packages"


def _pdfs(root: Path):
    return sorted(p for p in root.rglob("*.pdf") if p.stat().st_size)


def test_check_digits_known_values():
    assert G.credit_code_check_char("91350100M000100Y4") == "3"   # published example
    assert G.id_check_char("11010519491231002") == "X"            # GB 11643 example
    assert G.credit_code_valid("91350100M000100Y43")
    assert not G.credit_code_valid("91350100M000100Y44")


@pytest.mark.parametrize("schema", G.SCHEMAS)
def test_profile_identifiers_valid(schema):
    c = G.company(G.PACKAGES[schema].company)
    assert G.credit_code_valid(c.credit_code)
    assert len(c.people) >= 5
    for p in c.people:
        assert G.id_valid(p.id_number), p
    assert sum(s.percent for s in c.shareholders) == pytest.approx(100)
    assert c.lease_from <= G.CHECK_DATE <= c.lease_to and c.lease_area_m2 >= 100
    assert c.capital_wan >= (1000 if G.PACKAGES[schema].national else 100)
    if schema == "number-95-shanghai":
        assert c.credit_code[2:4] == "31" and c.address.startswith("上海市")


def test_building_blocks_deterministic():
    c = G.company("yunsheng")
    blocks = [("title", "依法经营电信业务承诺书"), "本公司承诺依法经营。", ("seal_here",)]
    a = G.make_scan_page(blocks, seal=c.name, as_jpeg=True)
    assert a == G.make_scan_page(blocks, seal=c.name, as_jpeg=True)
    assert len(a) < 200_000
    assert G.make_pdf_from_images([a]) == G.make_pdf_from_images([a])
    t = G.make_text_pdf("话术审核制度", ["正文"], seal=c.name)
    assert t == G.make_text_pdf("话术审核制度", ["正文"], seal=c.name)
    d = G.make_docx("话术审核制度", ["正文"], [(["a", "b"], [["1", "2"]])], author="x")
    assert d == G.make_docx("话术审核制度", ["正文"], [(["a", "b"], [["1", "2"]])], author="x")
    p1 = G.make_venue_photo(seats=5, seed=3, size=(640, 480))
    assert p1.tobytes() == G.make_venue_photo(seats=5, seed=3, size=(640, 480)).tobytes()


def _same_twice(tmp_path, only: str, schema: str) -> None:
    G.generate(tmp_path / "a", only=only)
    G.generate(tmp_path / "b", only=only)
    a, b = G.digest_tree(tmp_path / "a"), G.digest_tree(tmp_path / "b")
    assert a == b and len(a) > 15
    # The checked-in packages are not compared byte for byte: a new reportlab or Pillow
    # release changes the bytes without changing the documents. Regenerate with
    # `python fixtures/generate.py` after changing the generator.


def test_variant_generation_deterministic(tmp_path):
    _same_twice(tmp_path, "b24-provincial/wrong-format", "b24-provincial")


@pytest.mark.slow
def test_complete_generation_deterministic(tmp_path):
    _same_twice(tmp_path, "b24-national/complete", "b24-national")


@pytest.mark.parametrize("schema", G.SCHEMAS)
def test_complete_package_manifest_and_expected(schema):
    root = PKG / schema / "complete"
    text = (root / "docvalidator.yaml").read_text("utf-8")
    assert text.splitlines()[0] == f"schema: {schema}"
    c = G.company(G.PACKAGES[schema].company)
    assert f"name: {c.name}" in text and f"credit_code: {c.credit_code}" in text
    exp = json.loads((PKG / schema / "complete.expected.json").read_text("utf-8"))
    # complete: nothing to correct; a material only secondary sources ask for is a DV101 warning
    assert exp == {"exit_code": 0, "findings": G.level_warnings(schema)}
    for f in (PKG / schema).glob("*.expected.json"):
        e = json.loads(f.read_text("utf-8"))
        variant = PKG / schema / f.name.removesuffix(".expected.json")
        assert variant.is_dir()
        for finding in e["findings"]:
            assert set(finding) == {"code", "material", "file"}
            if finding["file"]:
                assert (variant / finding["file"]).exists()


@pytest.mark.parametrize("schema", G.SCHEMAS)
def test_complete_pages_under_200kb(schema):
    from pypdf import PdfReader

    for pdf in _pdfs(PKG / schema / "complete"):
        reader = PdfReader(pdf)
        for page in reader.pages:
            xobjs = page["/Resources"].get("/XObject") or {}
            total = sum(len(xobjs[k].get_object()._data) for k in xobjs)
            assert total < 200_000, (pdf.name, total)


def test_scans_are_150dpi_jpeg():
    from pypdf import PdfReader

    pdf = PKG / "b24-national" / "complete" / "附件3 营业执照副本.pdf"
    page = PdfReader(pdf).pages[0]
    im = page["/Resources"]["/XObject"]["/Im0"].get_object()
    assert im["/Filter"] == "/DCTDecode" and (im["/Width"], im["/Height"]) == (1240, 1754)
    assert round(float(page.mediabox.width) / 72 * 150) == 1240


TITLES = {
    "scan0003.pdf": "公司概况",
    "制度文件/网络与信息安全保障措施.pdf": "网络与信息安全保障措施",
    "10-技术方案.pdf": "技术方案",
}


@pytest.mark.parametrize("rel,title", sorted(TITLES.items()))
def test_text_pdfs_extract_title(rel, title):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(PKG / "b24-national" / "complete" / rel))
    assert title in doc[0].get_textpage().get_text_range()


def test_traditional_and_fullwidth_texts():
    import pypdfium2 as pdfium

    trad = PKG / "b24-provincial" / "complete" / "制度文件" / "用户信息安全管理制度.pdf"
    assert "用戶信息安全管理制度" in pdfium.PdfDocument(str(trad))[0].get_textpage().get_text_range()
    comp = PKG / "number-95-shanghai" / "complete" / "制度文件" / "安全管理制度汇编.pdf"
    doc = pdfium.PdfDocument(str(comp))
    assert "２４" in "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_docx_fixed_metadata():
    import docx

    d = docx.Document(str(PKG / "b24-national" / "complete" / "制度文件" / "话术审核制度.docx"))
    assert d.core_properties.created.year == 2026
    assert "话术审核制度" in "\n".join(p.text for p in d.paragraphs)


def test_photos_exif_and_size():
    from PIL import Image

    photos = sorted((PKG / "b24-national" / "site-check" / "场地照片").glob("*.jpg"))
    assert len(photos) == 3
    for p in photos:
        assert p.stat().st_size < 300_000
        with Image.open(p) as im:
            assert im.size == (1600, 1200)
            ex = im.getexif()
            assert ex[0x010F] and ex[0x0110] and 0x0131 not in ex          # no Software tag
            assert ex.get_ifd(0x8769)[0x9003].startswith("2026:11")
    prof = json.loads((PKG / "number-95-shanghai" / "profile.json").read_text("utf-8"))
    assert all(v["seats"] >= 5 for v in prof["photos"].values())


def test_font_subset_covers_texts():
    from fixtures import _docs as D

    c = G.company("yunsheng")
    text = "".join(str(x) for x in D.application_form(c, "B24")) + c.scope
    assert not G.missing_glyphs(text)
    assert (Path(G.__file__).parent / "fonts" / "wqy-microhei-subset.ttf").stat().st_size < 1_600_000


def test_no_forbidden_absolute_terms_in_complete_texts():
    import pypdfium2 as pdfium

    for schema in G.SCHEMAS:
        for pdf in _pdfs(PKG / schema / "complete"):
            doc = pdfium.PdfDocument(str(pdf))
            text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
            for term in ("最好", "最专业", "最佳", "最高级", "国家级", "第一", "唯一", "首选", "顶级"):
                assert term not in text, (pdf, term)


def test_variant_defects_present():
    v = PKG / "b24-national"
    assert not (v / "missing-material" / "附件3 营业执照副本.pdf").exists()
    assert (v / "wrong-format" / "附件3 营业执照副本.docx").exists()
    assert (v / "unreadable" / "制度文件" / "网络与信息安全保障措施.pdf").stat().st_size == 0
    assert (v / "unreadable" / "04-股权结构图.pdf").read_bytes()[:3] == b"\xff\xd8\xff"
    assert (v / "unassigned" / "会议纪要.pdf").exists()
    assert len(list((v / "ambiguous").glob("*营业执照*"))) == 2


def test_tree_size_budget():
    total = sum(p.stat().st_size for p in PKG.rglob("*") if p.is_file())
    # 16 MB before issue 6 added eight ~360 KB applicant-defect variants of b24-national
    assert total < 20 * 1024 * 1024, total


def test_photo_pdf_keeps_jpeg_untouched():
    from pypdf import PdfReader

    c = G.company("yunsheng")
    jpeg = G.venue_jpeg(G.make_venue_photo(seats=5, seed=1, size=(1600, 1200)), "2026:11:06 10:00:00")
    pdf = G.make_photo_pdf(jpeg, "场地照片（1）", c.name)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    xo = page["/Resources"]["/XObject"]
    datas = [xo[k].get_object()._data for k in xo]
    assert jpeg in datas


def test_font_subset_covers_every_generator_character():
    """Re-run fixtures/make_font_subset.py when this fails (new characters in the texts)."""
    import opencc

    from fixtures._ids import COMPANY_KEYS

    src = "".join(p.read_text("utf-8") for p in Path(G.__file__).parent.glob("*.py"))
    src += "".join(str(G.company(k)) for k in COMPANY_KEYS)
    assert not G.missing_glyphs(src + opencc.OpenCC("s2t").convert(src))
