"""Ordinary files from the field must not get findings a reviewer would call wrong: gradients,
shared resources, annotation-only pages, AES encryption, empty and looping page trees,
password-protected Word files, unusual images. Built files where a generator can make them;
real corpus files (tests/data/real/README.md) where it cannot."""

import shutil
import subprocess
from pathlib import Path

import pytest

from docvalidator.inspect import inspect_file
from docvalidator.inspect.pdf import inspect_pdf
from docvalidator.package import discover
from tests.helpers import check_json, write_package
from tests.pdfmaker import jpeg, raw_pdf, scan_image, stream

REAL = Path(__file__).parent / "data" / "real"


def _page(resources: bytes, content: bytes, extra: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources " + resources
            + b" /Contents " + content + b" " + extra + b" >>")


def gradient_pdf() -> bytes:
    """A text page with an axial shading painted by `sh`, as LaTeX and Word draw gradients."""
    content = b"q /Sh1 sh Q BT /F1 12 Tf 72 720 Td (A gradient heading) Tj ET"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(b"<< /Font << /F1 5 0 R >> /Shading << /Sh1 6 0 R >> >>", b"4 0 R"),
        stream(b"", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 595 0] /Extend [true true] "
        b"/Function << /FunctionType 2 /Domain [0 1] /C0 [1 0 0] /C1 [0 0 1] /N 1 >> >>",
    ])


def shared_resources_pdf(images: list[bytes], draws: list[int | None]) -> bytes:
    """Pages that share one resource dictionary listing every image; page i draws
    images[draws[i]] (or nothing), like pdf.js's pdkids.pdf."""
    n_img, n_pages = len(images), len(draws)
    first_image = 4 + 2 * n_pages
    xobjects = b" ".join(b"/Im%d %d 0 R" % (i, first_image + i) for i in range(n_img))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n_pages)), n_pages),
            b"<< /XObject << " + xobjects + b" >> >>"]
    for i, d in enumerate(draws):
        content = b"q 595 0 0 842 0 0 cm /Im%d Do Q" % d if d is not None else b"0 0 m 10 10 l S"
        objs += [_page(b"3 0 R", b"%d 0 R" % (5 + 2 * i)), stream(b"", content)]
    for data in images:
        objs.append(stream(b"/Type /XObject /Subtype /Image /Width 600 /Height 800 "
                           b"/BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /DCTDecode", data))
    return raw_pdf(objs)


def annotation_pdf(subtype: bytes, appearance: bytes | None, extra: bytes = b"",
                   flags: int = 4) -> bytes:
    """A page with no content of its own and one annotation (its appearance stream drawn).
    A widget is a form field's, so the catalog lists it in /AcroForm as signing tools do."""
    ap = b" /AP << /N 5 0 R >>" if appearance is not None else b""
    form = b" /AcroForm << /Fields [6 0 R] /SigFlags 3 >>" if subtype == b"/Widget" else b""
    objs = [b"<< /Type /Catalog /Pages 2 0 R" + form + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(b"<< >>", b"4 0 R", b"/Annots [6 0 R]"),
            stream(b"", b""),
            stream(b"/Type /XObject /Subtype /Form /BBox [0 0 200 100] /Resources << >>",
                   appearance or b""),
            b"<< /Type /Annot /Subtype " + subtype + b" /Rect [100 600 300 700] /F %d" % flags + ap
            + b" " + extra + b" >>"]
    return raw_pdf(objs)


def test_page_with_a_gradient_is_inspected_not_failed():
    info, texts = inspect_pdf(gradient_pdf())
    assert info.page_count == 1 and not info.corrupt
    assert "gradient heading" in texts[0].text


def test_shared_resources_charge_each_page_only_the_image_it_draws():
    images = [jpeg(scan_image(600, 800, seed=s), 90) for s in (1, 2, 3)]
    info, _ = inspect_pdf(shared_resources_pdf(images, [0, 2, None]))
    weights = [p.bytes for p in info.pages]
    assert len(images[0]) < weights[0] < len(images[0]) + 2048
    assert len(images[2]) < weights[1] < len(images[2]) + 2048
    assert weights[2] < 2048  # a page drawing nothing is charged none of the shared images
    assert info.pages[0].contributors[0]["desc"] == "image 600×800 JPEG"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is the reference splitter")
def test_shared_resources_page_weights_match_qpdf_split_pages(tmp_path):
    images = [jpeg(scan_image(600, 800, seed=s), 90) for s in (4, 5, 6, 7)]
    src = tmp_path / "shared.pdf"
    src.write_bytes(shared_resources_pdf(images, [1, 3, 0, None, 3]))
    subprocess.run(["qpdf", "--split-pages", "--compress-streams=n", "--decode-level=none",
                    str(src), str(tmp_path / "page-%d.pdf")], check=True)
    split = sorted(tmp_path.glob("page-*.pdf"))
    info, _ = inspect_pdf(src.read_bytes())
    for page, part in zip(info.pages, split, strict=True):
        assert page.bytes == pytest.approx(part.stat().st_size, rel=0.10), part.name


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf packs the object streams")
def test_objects_in_object_streams_are_charged_their_compressed_share(tmp_path):
    # 3000 annotations in object streams: serialised they weigh ~8x what the file stores
    annots = [b"<< /Type /Annot /Subtype /Link /Rect [%d %d %d %d] /Border [0 0 0] >>"
              % (i % 500, i // 5, i % 500 + 10, i // 5 + 10) for i in range(3000)]
    refs = b" ".join(b"%d 0 R" % (5 + i) for i in range(len(annots)))
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                               _page(b"<< >>", b"4 0 R", b"/Annots [" + refs + b"]"),
                               stream(b"", b"0 0 m 100 100 l S"), *annots]))
    packed = tmp_path / "packed.pdf"
    subprocess.run(["qpdf", "--object-streams=generate", str(plain), str(packed)], check=True)
    info, _ = inspect_pdf(packed.read_bytes())
    assert info.pages[0].bytes < packed.stat().st_size * 1.1
    assert info.pages[0].bytes < plain.stat().st_size / 3


@pytest.mark.parametrize("subtype, appearance", [
    (b"/Stamp", b"1 0 0 rg 0 0 200 100 re f"),
    (b"/Ink", b"0 0 1 RG 4 w 10 10 m 190 90 l S"),
    (b"/FreeText", b"0 g 10 10 180 80 re f"),
    (b"/Widget", b"0 0 0 RG 2 w 20 20 m 180 60 l 60 80 l S"),
])
def test_a_page_whose_content_is_an_annotation_is_not_blank(subtype, appearance):
    extra = b"/FT /Sig /T (sig1)" if subtype == b"/Widget" else b""
    info, _ = inspect_pdf(annotation_pdf(subtype, appearance, extra))
    assert info.pages[0].blank is False


def test_a_page_with_a_tiny_visible_note_is_not_blank():
    """A one-word free-text note covers less of the page than the blank threshold; it is
    still content a reviewer sees."""
    info, _ = inspect_pdf(annotation_pdf(b"/FreeText", b"0 g 10 10 6 2 re f"))
    assert info.pages[0].blank is False


def test_a_page_whose_only_content_is_a_check_box_without_appearance_is_not_blank():
    info, _ = inspect_pdf(annotation_pdf(b"/Widget", None, b"/FT /Btn /T (agree)"))
    assert info.pages[0].blank is False


def test_a_page_whose_only_annotation_is_hidden_is_blank():
    info, _ = inspect_pdf(annotation_pdf(b"/Stamp", b"1 0 0 rg 0 0 200 100 re f", flags=2))
    assert info.pages[0].blank is True


def test_a_page_with_only_an_invisible_link_annotation_is_still_blank():
    info, _ = inspect_pdf(annotation_pdf(b"/Link", None, b"/Border [0 0 0]"))
    assert info.pages[0].blank is True


def test_aes_256_owner_restrictions_are_read():
    """Current Acrobat, WPS and Word write R6/AES-256; pypdf needs `cryptography` for it."""
    info, _ = inspect_pdf((REAL / "qpdf-enc-R6-owner-master.pdf").read_bytes())
    assert info.encrypted == "owner-restrictions"
    assert {"print", "copy"} <= set(info.restrictions)
    assert info.page_count > 0 and not info.damage


def test_a_valid_pdf_with_no_pages_is_not_corrupt():
    info, _ = inspect_pdf(raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                   b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    assert info.corrupt is None and info.page_count == 0


def test_a_page_tree_no_reader_can_walk_is_corrupt_not_a_processing_failure():
    info, _ = inspect_pdf((REAL / "qpdf-deep-pages.pdf").read_bytes())
    assert info.corrupt and info.pages == []


def test_a_page_tree_loop_that_viewers_still_open_is_readable_with_its_damage_noted():
    """pdfium (the engine of Chrome's and Edge's viewers) shows this file's page, so a
    reviewer can read it: no DV201, but pypdf's complaint is kept as evidence."""
    info, _ = inspect_pdf((REAL / "qpdf-pages-loop.pdf").read_bytes())
    assert info.corrupt is None and info.page_count == 1
    assert any("cyclic" in d for d in info.damage)


def test_a_self_listing_page_tree_built_here_is_corrupt_or_read():
    data = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                    _page(b"<< >>", b"4 0 R"), stream(b"", b"0 0 m 9 9 l S")])
    info, _ = inspect_pdf(data)
    assert info.corrupt or (info.page_count >= 1 and info.pages)




def _findings(root: Path, code: str) -> list[dict]:
    r = check_json(root, "--no-ocr", "--select", code, cache=False)
    assert "Traceback" not in r.err and r.err.strip() == "", r.err
    return r.json()["findings"]


def test_password_protected_docx_is_reported_as_encrypted_not_as_an_old_doc(tmp_path):
    data = (REAL / "openxmlsdk-document-with-password.docx").read_bytes()
    root = write_package(tmp_path, {"10-网络与信息安全保障措施.docx": data})
    assert discover(root).files[0].kind == "office-encrypted"
    [f] = _findings(root, "DV105")
    assert "加密" in f["message"] and "密码" in f["fix"] and "Word(.doc)" not in f["message"]
    assert _findings(root, "DV104") == []


def test_an_empty_pdf_gets_one_clear_finding_not_dv201(tmp_path):
    empty = raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    root = write_package(tmp_path, {"02-营业执照.pdf": empty})
    assert _findings(root, "DV201") == []
    [f] = _findings(root, "DV105")
    assert "没有任何页面" in f["message"]


def test_an_image_pillow_cannot_decode_gets_a_clear_deterministic_finding(tmp_path):
    broken_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    root = write_package(tmp_path, {"场地照片1.bmp": (REAL / "pillow-rgb32bf.bmp").read_bytes(),
                               "场地照片2.png": broken_png})
    first = check_json(root, "--no-ocr", cache=False)
    again = check_json(root, "--no-ocr", cache=False)
    assert first.out == again.out and "0x" not in first.out
    codes = {(f["file"], f["code"]) for f in first.json()["findings"]}
    assert ("场地照片1.bmp", "DV105") in codes and ("场地照片2.png", "DV105") in codes
    assert not any(c == "DV901" for _f, c in codes)
    assert first.err.strip() == ""


def test_library_messages_become_notes_never_stderr(tmp_path, capfd):
    """Pillow's warnings (Python) and libtiff's messages (C, printed on fd 2 of the worker)
    are kept with the file's inspection; the terminal only ever shows one-line user errors."""
    from docvalidator.inspect.cache import Cache
    from docvalidator.inspect.stage import inspect_files

    root = write_package(tmp_path, {
        "场地照片-1.png": (REAL / "pillow-apng-chunk-multi-actl.png").read_bytes(),
        "场地照片-2.tif": (REAL / "pillow-libtiff-samples.tif").read_bytes()})
    files = [f for f in discover(root).files if f.path != "docvalidator.yaml"]
    found, _ = inspect_files(files, jobs=1, timeout=30, memory_mb=1024, cache=Cache(enabled=False))
    assert any("APNG" in n for n in found["场地照片-1.png"].notes)
    assert any("samples per pixel" in n for n in found["场地照片-2.tif"].notes)
    r = check_json(root, "--no-ocr", cache=False)
    _out, err = capfd.readouterr()
    assert r.err.strip() == "" and err.strip() == ""
    dv105 = [f for f in r.json()["findings"] if f["code"] == "DV105"]
    assert [f["file"] for f in dv105] == ["场地照片-2.tif"]


def test_inspection_of_unusual_images_records_the_reason_without_addresses():
    from docvalidator.inspect.image import inspect_image_header

    info = inspect_image_header((REAL / "pillow-rgb32bf.bmp").read_bytes())
    assert info.unsupported and "0x" not in info.unsupported
    assert inspect_image_header(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).unsupported


def test_inspect_file_never_raises_on_a_real_corpus_file():
    for name in ("qpdf-deep-pages.pdf", "qpdf-pages-loop.pdf", "qpdf-enc-R6-owner-master.pdf"):
        source = next(f for f in discover(REAL).files if f.path == name)
        assert inspect_file(source).error is None


def test_a_bigtiff_photo_is_read_as_an_image(tmp_path):
    root = write_package(tmp_path, {"场地照片.tif": (REAL / "pillow-hopper-bigtiff.tif").read_bytes()})
    [f] = [f for f in discover(root).files if f.path == "场地照片.tif"]
    assert f.kind == "tiff" and f.ext_matches_kind
    insp = inspect_file(f)
    assert insp.error is None and insp.image.width == 128 and insp.image.unsupported is None


def test_a_form_without_resources_of_its_own_is_charged_what_it_draws_from_the_page():
    """PDF 1.1 forms use the page's resources: the image such a form draws counts."""
    img = jpeg(scan_image(600, 800, seed=9), 90)
    data = raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(b"<< /XObject << /Fm0 5 0 R /Im0 6 0 R >> >>", b"4 0 R"),
        stream(b"", b"/Fm0 Do"),
        stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        stream(b"/Type /XObject /Subtype /Image /Width 600 /Height 800 /BitsPerComponent 8 "
               b"/ColorSpace /DeviceGray /Filter /DCTDecode", img),
    ])
    info, _ = inspect_pdf(data)
    assert len(img) < info.pages[0].bytes < len(img) + 2048
