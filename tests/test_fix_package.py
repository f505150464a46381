"""`docvalidator fix` on packages: the fixed copy of every sample package with a DV104, DV203
or DV204 finding has none left and no finding it did not have; the original is untouched;
an output inside the package is refused; a fixed zip checks like the fixed folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from docvalidator.fix import convert
from docvalidator.imaging import ocr
from tests.helpers import AS_OF, FIXTURES, check_json, cli, tree_digest, write_package
from tests.test_fix_pages import scan

MECHANICAL = {"DV104", "DV203", "DV204"}
NEEDS_LIBREOFFICE = pytest.mark.skipif(convert.libreoffice() is None,
                                       reason="LibreOffice (soffice) is not installed")


def _with_mechanical_findings() -> list[Path]:
    out = []
    for f in sorted(FIXTURES.glob("*/*.expected.json")):
        if {x["code"] for x in json.loads(f.read_text("utf-8"))["findings"]} & MECHANICAL:
            out.append(f)
    return out


def _pins(findings) -> list[tuple]:
    return sorted((f["code"], f["material"], f["file"]) for f in findings)


def fix(path, output, *extra):
    return cli("fix", str(path), "--output", str(output), "--as-of", AS_OF, "--format", "json", *extra)


@NEEDS_LIBREOFFICE
@pytest.mark.parametrize("expected_file", _with_mechanical_findings(),
                         ids=lambda p: f"{p.parent.name}/{p.name.removesuffix('.expected.json')}")
def test_the_fixed_copy_has_no_mechanical_finding_left_and_no_new_one(expected_file, tmp_path):
    package = expected_file.parent / expected_file.name.removesuffix(".expected.json")
    args = json.loads(expected_file.read_text("utf-8")).get("args", [])
    before = check_json(package, *args).json()["findings"]
    r = fix(package, tmp_path / "fixed", *args)
    assert "Traceback" not in r.err and r.code in (0, 1), r.err
    after = r.json()
    assert not [f for f in after["findings"] if f["code"] in MECHANICAL]
    renamed = {s: f["target"] for f in after["fix"]["files"] for s in f["sources"]}
    old = {(c, m, renamed.get(p, p)) for c, m, p in _pins(before) if c not in MECHANICAL}
    assert set(_pins(after["findings"])) <= old, after["findings"]
    assert r.code == (1 if any(f["severity"] == "error" for f in after["findings"]) else 0)


def test_the_original_package_stays_byte_and_mtime_identical(tmp_path):
    package = write_package(tmp_path, {"01-网络与信息安全保障措施.pdf": scan(200, seal=True)})
    before = tree_digest(package)
    r = fix(package, tmp_path / "fixed", "--no-ocr")
    assert r.code in (0, 1), r.err
    assert tree_digest(package) == before
    entry = next(f for f in r.json()["fix"]["files"] if f["target"].endswith(".pdf"))
    assert entry["actions"] == ["re-encoded"] and entry["pages"][0]["bytes_after"] <= 200 * 1024
    assert not [f for f in r.json()["findings"] if f["code"] == "DV204"]


@pytest.mark.parametrize("inside", [".", "out", "a/b"])
def test_an_output_inside_the_package_is_refused_in_one_line(tmp_path, inside):
    package = write_package(tmp_path, {"01-网络与信息安全保障措施.pdf": b"%PDF-1.4\n%%EOF\n"})
    before = tree_digest(package)
    r = fix(package, package / inside)
    assert r.code == 2 and "inside the package" in r.err and len(r.err.strip().splitlines()) == 1
    assert tree_digest(package) == before


def test_an_existing_non_empty_output_folder_is_refused(tmp_path):
    package = write_package(tmp_path, {"a.pdf": b"%PDF-1.4\n%%EOF\n"})
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    r = fix(package, tmp_path / "out")
    assert r.code == 2 and "not empty" in r.err
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("gbk", [False, True], ids=["utf8", "gbk"])
def test_a_fixed_zip_checks_with_the_same_findings_as_the_fixed_folder(tmp_path, gbk):
    import zipfile

    package = FIXTURES / "b24-national" / "ambiguous"
    folder = fix(package, tmp_path / "fixed", "--names", "canonical")
    zipped = fix(package, tmp_path / "fixed.zip", "--names", "canonical", "--zip",
                 *(["--gbk"] if gbk else []))
    assert zipped.code == folder.code
    assert _pins(zipped.json()["findings"]) == _pins(folder.json()["findings"])
    again = check_json(tmp_path / "fixed.zip").json()
    assert _pins(again["findings"]) == _pins(folder.json()["findings"])
    with zipfile.ZipFile(tmp_path / "fixed.zip") as zf:
        flags = {bool(i.flag_bits & 0x800) for i in zf.infolist() if not i.filename.isascii()}
    assert flags == {not gbk}


def test_competing_files_are_left_for_a_person_and_the_rest_renamed(tmp_path):
    r = fix(FIXTURES / "b24-national" / "ambiguous", tmp_path / "fixed", "--names", "canonical")
    files = r.json()["fix"]["files"]
    licence = [f for f in files if "营业执照" in f["target"]]
    assert len(licence) == 2 and all("人工确定" in " ".join(f["notes"]) for f in licence)
    errors = [f for f in r.json()["findings"] if f["severity"] == "error"]
    assert {c for c, _m, _f in _pins(errors)} == {"DV102"}
    assert any(f["target"].startswith("03-公司章程") and "renamed" in f["actions"] for f in files)


def test_numbered_pieces_of_one_document_are_merged_in_order(tmp_path):
    from pypdf import PdfReader

    from fixtures._pdf import make_text_pdf

    one = make_text_pdf("公司章程", ["第一章 总则"])
    two = make_text_pdf("公司章程（续）", ["第二章 股东"])
    package = write_package(tmp_path, {"公司章程2.pdf": two, "公司章程1.pdf": one})
    r = fix(package, tmp_path / "fixed", "--names", "canonical", "--no-ocr")
    (merged,) = [f for f in r.json()["fix"]["files"] if "merged" in f["actions"]]
    assert merged["target"] == "03-公司章程.pdf" and merged["sources"] == ["公司章程1.pdf", "公司章程2.pdf"]
    reader = PdfReader(tmp_path / "fixed" / "03-公司章程.pdf")
    assert "总则" in reader.pages[0].extract_text() and "股东" in reader.pages[1].extract_text()


def test_without_libreoffice_a_word_file_is_copied_and_the_log_says_why(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "libreoffice", lambda: None)
    package = FIXTURES / "b24-national" / "wrong-format"
    r = fix(package, tmp_path / "fixed")
    assert any("LibreOffice" in n for n in r.json()["fix"]["notes"])
    assert [f["code"] for f in r.json()["findings"] if f["severity"] == "error"] == ["DV104"]


def test_without_libreoffice_no_note_when_no_word_file_needs_converting(tmp_path, monkeypatch):
    """A photo becomes a PDF without LibreOffice; a Word file its material takes stays Word."""
    import io

    from docx import Document

    monkeypatch.setattr(convert, "libreoffice", lambda: None)
    doc, buf = Document(), io.BytesIO()
    doc.add_paragraph("话术须经质检主管审核后方可使用。")
    doc.save(buf)
    package = write_package(tmp_path, {"依法经营电信业务承诺书.jpg": _pledge_jpeg(),
                                       "话术审核制度.docx": buf.getvalue()})
    r = fix(package, tmp_path / "fixed", "--no-ocr")
    assert not any("LibreOffice" in n for n in r.json()["fix"]["notes"])
    assert (tmp_path / "fixed" / "依法经营电信业务承诺书.pdf").is_file()


@pytest.mark.skipif(not ocr.ENABLED, reason="OCR engine (rapidocr) not installed")
def test_a_photo_only_its_title_places_is_converted_like_a_named_one(tmp_path):
    """Scan_0007.jpg is the pledge by the title on its page, read by OCR: `fix` plans from
    where the check put it, so it becomes the pledge's PDF."""
    from fixtures._render import encode_jpeg, make_scan_page

    page = make_scan_page([("title", "依法经营电信业务承诺书"), "本公司承诺依法经营电信业务。",
                           ("seal_here",)], seal="上海云声通信科技有限公司", dpi=150, max_bytes=None)
    package = write_package(tmp_path, {"Scan_0007.jpg": encode_jpeg(page, 90, None, dpi=150)})
    r = fix(package, tmp_path / "fixed")
    entry = next(f for f in r.json()["fix"]["files"] if f["sources"] == ["Scan_0007.jpg"])
    assert "converted" in entry["actions"] and entry["target"].endswith(".pdf")


def _pledge_jpeg() -> bytes:
    """A sealed pledge scanned to a JPEG at 150 dpi."""
    from fixtures._render import encode_jpeg, make_scan_page

    page = make_scan_page(["本公司承诺依法经营电信业务。"], seal="上海云声通信科技有限公司", dpi=150,
                          max_bytes=None)
    return encode_jpeg(page, 90, None, dpi=150)


def _pledge_fixed_to_pdf(tmp_path, name: str, code: str):
    """The pledge JPEG saved as `name`: `code` before the fix, gone after it, and the fixed
    package holds the pledge as a PDF. Returns the fix run."""
    package = write_package(tmp_path, {name: _pledge_jpeg()})
    before = check_json(package, "--no-ocr").json()["findings"]
    assert code in {f["code"] for f in before}
    r = fix(package, tmp_path / "fixed", "--no-ocr")
    assert code not in {f["code"] for f in r.json()["findings"]}
    assert (tmp_path / "fixed" / "依法经营电信业务承诺书.pdf").read_bytes()[:5] == b"%PDF-"
    return r


def test_an_image_where_the_material_takes_pdf_becomes_a_pdf(tmp_path):
    _pledge_fixed_to_pdf(tmp_path, "依法经营电信业务承诺书.jpg", "DV104")


def test_a_jpeg_named_pdf_becomes_the_pdf_its_name_promised(tmp_path):
    r = _pledge_fixed_to_pdf(tmp_path, "依法经营电信业务承诺书.pdf", "DV105")
    (entry,) = [f for f in r.json()["fix"]["files"] if f["target"] == "依法经营电信业务承诺书.pdf"]
    assert entry["actions"][0] == "converted"


def test_a_photo_whose_extension_lies_gets_the_extension_of_what_it_holds(tmp_path):
    import io

    from tests.vision.photo_synth import venue

    buf = io.BytesIO()
    venue(seats=6, seed=3, size=(1600, 900)).save(buf, "PNG")
    png = buf.getvalue()
    package = write_package(tmp_path, {"场地照片/前台.jpg": png})
    before = check_json(package, "--no-ocr").json()["findings"]
    assert "DV105" in {f["code"] for f in before}
    r = fix(package, tmp_path / "fixed", "--no-ocr")
    assert "DV105" not in {f["code"] for f in r.json()["findings"]}
    assert (tmp_path / "fixed" / "场地照片" / "前台.png").read_bytes() == png
    assert not (tmp_path / "fixed" / "场地照片" / "前台.jpg").exists()


def test_a_file_over_a_configured_file_limit_is_brought_under_it(tmp_path):
    package = write_package(tmp_path, {"01-网络与信息安全保障措施.pdf": scan(200, seal=True)})
    r = fix(package, tmp_path / "fixed", "--no-ocr", "--param", "max_file_kb=150")
    assert not [f for f in r.json()["findings"] if f["code"] in ("DV203", "DV204")]
    assert (tmp_path / "fixed" / "01-网络与信息安全保障措施.pdf").stat().st_size <= 150 * 1024


@pytest.mark.skipif(not __import__("docvalidator.imaging.ocr", fromlist=["x"]).ENABLED,
                    reason="the OCR extra (rapidocr) is not installed")
def test_the_ocr_layer_makes_a_scan_searchable(tmp_path):
    import pypdfium2 as pdfium

    package = write_package(tmp_path, {"01-网络与信息安全保障措施.pdf": scan(150, seal=False)})
    r = fix(package, tmp_path / "fixed", "--ocr-layer")
    assert r.code in (0, 1), r.err
    doc = pdfium.PdfDocument(tmp_path / "fixed" / "01-网络与信息安全保障措施.pdf")
    text = doc[0].get_textpage().get_text_range()
    assert "AES-256" in text and "投诉" in text


def test_the_ocr_layer_takes_the_pages_the_check_read_from_the_cache(tmp_path, monkeypatch):
    import pypdfium2 as pdfium

    from docvalidator.fix import ocrlayer

    read_again = []
    real = ocrlayer.drop_red
    monkeypatch.setattr(ocrlayer, "drop_red", lambda image: read_again.append(1) or real(image))
    package = write_package(tmp_path, {"01-网络与信息安全保障措施.pdf": scan(150, seal=False)})
    r = fix(package, tmp_path / "fixed", "--ocr-layer")
    assert r.code in (0, 1), r.err
    assert read_again == []  # the check before the fix read the page: its lines are reused
    text = pdfium.PdfDocument(tmp_path / "fixed" / "01-网络与信息安全保障措施.pdf")[0] \
        .get_textpage().get_text_range()
    assert "AES-256" in text
    r = fix(package, tmp_path / "fixed-2", "--ocr-layer", "--no-cache")
    assert read_again == [1]  # no cache: the page is read for the layer


def test_the_fix_log_is_in_every_format(tmp_path):
    package = write_package(tmp_path, {"01-网络与信息安全保障措施.pdf": scan(200, seal=True)})
    for fmt in ("text", "markdown", "html", "docx", "sarif", "junit"):
        out = tmp_path / f"report.{fmt}"
        shutil.rmtree(tmp_path / "again", ignore_errors=True)
        r = cli("fix", str(package), "--output", str(tmp_path / "again"), "--no-ocr", "--format", fmt,
                "--report", str(out))
        assert r.code in (0, 1), r.err
        data = out.read_bytes()
        if fmt == "docx":
            import io

            from docx import Document
            data = "\n".join(c.text for t in Document(io.BytesIO(data)).tables
                             for row in t.rows for c in row.cells).encode()
        assert "01-网络与信息安全保障措施.pdf".encode() in data and b"KB" in data, fmt
        if fmt == "sarif":  # the file name is in its results anyway: the log must be there too
            targets = [f["target"] for f in json.loads(data)["runs"][0]["properties"]["fix"]["files"]]
            assert "01-网络与信息安全保障措施.pdf" in targets


def test_a_file_with_nothing_to_fix_is_copied_byte_for_byte(tmp_path):
    from fixtures._pdf import make_text_pdf

    data = make_text_pdf("依法经营电信业务承诺书", ["本公司承诺依法经营电信业务。"], seal="上海云声通信科技有限公司")
    package = write_package(tmp_path, {"11-依法经营电信业务承诺书.pdf": data})
    r = fix(package, tmp_path / "fixed", "--no-ocr")
    entry = next(f for f in r.json()["fix"]["files"] if f["target"].endswith(".pdf"))
    assert entry["actions"] == ["copied"] and entry["pages"] == []
    assert (tmp_path / "fixed" / "11-依法经营电信业务承诺书.pdf").read_bytes() == data
