"""File kinds from magic bytes, never from the name; what an extension claims."""

from __future__ import annotations

import hashlib

import pytest

from docvalidator.package import SourceFile, discover
from tests.package.builders import (
    BMP,
    JPEG,
    OLE,
    PDF,
    PNG,
    build,
)

# ----------------------------------------------------------------------------- kinds


def test_zero_byte_file_is_kind_empty(tmp_path):
    f = discover(build(tmp_path / "p", {"空.pdf": b""})).files[0]
    assert (f.kind, f.size, f.ext_matches_kind) == ("empty", 0, False)
    assert f.sha256 == hashlib.sha256(b"").hexdigest()


def test_jpeg_bytes_named_pdf_are_kind_jpeg_and_do_not_match_the_extension(tmp_path):
    f = discover(build(tmp_path / "p", {"营业执照.pdf": JPEG})).files[0]
    assert (f.kind, f.ext, f.ext_matches_kind) == ("jpeg", "pdf", False)


def test_ole_doc_named_docx_does_not_match_the_extension(tmp_path):
    f = discover(build(tmp_path / "p", {"申请表.docx": OLE})).files[0]
    assert (f.kind, f.ext_matches_kind) == ("doc", False)


@pytest.mark.parametrize(
    "data, kind",
    [
        (PDF, "pdf"),
        (b"\r\n\x00junk before header\n" + PDF, "pdf"),
        (OLE, "doc"),
        (JPEG, "jpeg"),
        (PNG, "png"),
        (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 16, "tiff"),
        (b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 16, "tiff"),
        (b"II+\x00\x08\x00\x00\x00" + b"\x00" * 16, "tiff"),  # BigTIFF
        (BMP, "bmp"),
        ("BMW 530i 车辆登记说明\n".encode(), "text"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 16, "webp"),
        (b"PK\x05\x06" + b"\x00" * 18, "zip"),
        ("公司名称：某某科技有限公司\n".encode(), "text"),
        ("公司名称：某某科技有限公司\n".encode("gbk"), "text"),
        ("\ufeffutf-16 文本".encode("utf-16-le"), "text"),
        (bytes(range(256)), "unknown"),
        (b"\x01\x02\x03abc", "unknown"),
    ],
)
def test_kind_comes_from_magic_bytes(tmp_path, data, kind):
    assert discover(build(tmp_path / "p", {"file.bin": data})).files[0].kind == kind


def test_text_sniffing_tolerates_a_multibyte_char_cut_at_the_sniff_window(tmp_path):
    data = ("中" * 5000).encode()  # 15000 bytes: the 8192-byte head ends mid-character
    assert discover(build(tmp_path / "p", {"a.txt": data})).files[0].kind == "text"


@pytest.mark.parametrize(
    "ext, kind, ok",
    [
        ("jpg", "jpeg", True),
        ("jpeg", "jpeg", True),
        ("tif", "tiff", True),
        ("tiff", "tiff", True),
        ("txt", "text", True),
        ("md", "text", True),
        ("csv", "text", True),
        ("docx", "docx", True),
        ("xlsx", "xlsx", True),
        ("doc", "doc", True),
        ("xls", "doc", True),
        ("zip", "docx", True),
        ("docx", "zip", False),
        ("docx", "doc", False),
        ("doc", "docx", False),
        ("pdf", "jpeg", False),
        ("png", "jpeg", False),
        ("pdf", "empty", False),
        ("txt", "empty", True),
        ("", "pdf", True),
        ("heic", "unknown", True),
    ],
)
def test_ext_matches_kind(ext, kind, ok):
    sf = SourceFile("a." + ext if ext else "a", 1, "0" * 64, kind, ext, ("fs", "/nonexistent"))
    assert sf.ext_matches_kind is ok
