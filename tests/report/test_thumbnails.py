import base64
import io

from PIL import Image

from docvalidator.codes import Severity
from docvalidator.model import Finding
from docvalidator.package import discover
from docvalidator.thumbnails import WIDTH, make_thumbnails, wanted
from tests.report.builders import jpeg_bytes, pdf_bytes


def _finding(file, page=None, evidence=None, severity=Severity.ERROR, code="DV402"):
    return Finding(code, severity, "usage-plan", file, page, "问题", "要求", "修改", evidence or {})


def _decode(uri: str) -> Image.Image:
    assert uri.startswith("data:image/png;base64,")
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")


def test_thumbnails_are_made_only_for_pages_photos_and_boxes_findings_point_at():
    kinds = {"a.pdf": "pdf", "p.jpg": "jpeg", "d.docx": "docx"}
    todo = wanted([_finding("a.pdf", 2), _finding("a.pdf"), _finding("p.jpg"), _finding("d.docx", 1),
                   _finding(None), _finding("a.pdf", evidence={"bbox": [0.1, 0.1, 0.2, 0.2]})], kinds)
    assert sorted(todo) == ["a.pdf#1", "a.pdf#2", "p.jpg#1"]
    assert todo["a.pdf#2"] == [(None, Severity.ERROR)]  # whole page framed
    assert todo["a.pdf#1"] == [((0.1, 0.1, 0.2, 0.2), Severity.ERROR)]


def test_a_pdf_page_thumbnail_is_300px_wide_and_shows_the_evidence_box_in_red(tmp_path):
    (tmp_path / "方案.pdf").write_bytes(pdf_bytes(["码号使用方案", "录音保存3个月"]))
    package = discover(tmp_path)
    thumbs = make_thumbnails(package, [_finding("方案.pdf", 1, {"bbox": [0.25, 0.25, 0.75, 0.5]})])
    image = _decode(thumbs["方案.pdf#1"])
    assert image.width == WIDTH
    w, h = image.size
    r, g, b = image.getpixel((int(0.25 * w) + 1, int(0.4 * h)))  # on the box's left edge
    assert r > 180 and g < 80 and b < 80
    assert image.getpixel((int(0.5 * w), int(0.4 * h))) == (255, 255, 255)  # inside stays white


def test_a_photo_thumbnail_is_made_and_an_unrenderable_file_gets_none(tmp_path):
    (tmp_path / "场地.jpg").write_bytes(jpeg_bytes())
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.7 broken")
    package = discover(tmp_path)
    thumbs = make_thumbnails(package, [_finding("场地.jpg"), _finding("坏.pdf", 1)])
    assert list(thumbs) == ["场地.jpg#1"]
    assert _decode(thumbs["场地.jpg#1"]).width == WIDTH


def test_thumbnails_are_byte_identical_across_runs(tmp_path):
    (tmp_path / "方案.pdf").write_bytes(pdf_bytes(["码号使用方案"]))
    package = discover(tmp_path)
    findings = [_finding("方案.pdf", 1, {"bbox": [0.1, 0.1, 0.9, 0.2]})]
    assert make_thumbnails(package, findings) == make_thumbnails(package, findings)
