"""File kinds: the one vocabulary of what a file really is (from its bytes, never its name),
what an extension claims, and how kinds map to the formats a material accepts.

`sniff_kind` reads magic bytes; a zip is opened to tell docx/xlsx/pptx apart and an OLE file
is searched for the streams of a password-protected Office file. Sniffing never trusts the
extension: `ext_claims` is what a name says, compared by `SourceFile.ext_matches_kind`.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from typing import IO

KINDS = (
    "pdf", "docx", "xlsx", "pptx", "doc", "office-encrypted", "jpeg", "png", "tiff", "bmp",
    "gif", "webp", "zip", "text", "empty", "unknown",
)  # fmt: skip
IMAGE_KINDS = frozenset({"jpeg", "png", "tiff", "bmp", "gif", "webp"})
# kinds the inspector parses (the rest are recorded, never opened)
PARSED_KINDS = frozenset({"pdf", "docx", *IMAGE_KINDS})
# kinds whose text the content checks can reach (text layer, DOCX paragraphs, OCR of images)
TEXT_KINDS = frozenset({"pdf", "docx", "text", *IMAGE_KINDS})

# kind → the format a schema's material lists under `formats:`
KIND_TO_FORMAT = {
    "pdf": "pdf", "docx": "docx", "doc": "doc", "xlsx": "xlsx", "text": "text",
    **{k: "image" for k in IMAGE_KINDS},
}  # fmt: skip
# kind → the extension a file of that kind is given when its name must say what it holds
KIND_EXT = {"pdf": "pdf", "docx": "docx", "doc": "doc", "xlsx": "xlsx", "pptx": "pptx", "jpeg": "jpg",
            "png": "png", "tiff": "tif", "bmp": "bmp", "gif": "gif", "webp": "webp"}
FORMAT_LABEL = {"pdf": "PDF", "image": "图片(JPG/PNG)", "docx": "Word(.docx)", "doc": "Word(.doc)",
                "xlsx": "Excel(.xlsx)", "text": "文本"}
FORMAT_HINT = {"pdf": "PDF", "image": "JPG/PNG", "docx": "DOCX", "doc": "DOC", "xlsx": "XLSX",
               "text": "TXT"}
KIND_LABEL = {"pdf": "PDF", "docx": "Word(.docx)", "doc": "Word(.doc)", "xlsx": "Excel(.xlsx)",
              "pptx": "PowerPoint(.pptx)", "zip": "ZIP 压缩包", "text": "文本", "jpeg": "JPEG 图片",
              "png": "PNG 图片", "tiff": "TIFF 图片", "bmp": "BMP 图片", "gif": "GIF 图片",
              "webp": "WebP 图片", "unknown": "未知格式", "empty": "空文件",
              "office-encrypted": "加密的 Office 文档"}

CHUNK = 1024 * 1024
HEAD = 8192  # bytes kept for sniffing

TEXT_EXTS = frozenset(
    ["txt", "md", "markdown", "csv", "tsv", "json", "xml", "yaml", "yml", "toml", "ini", "cfg",
     "log", "html", "htm", "rtf"]
)
_ZIP_KINDS = frozenset({"zip", "docx", "xlsx", "pptx"})
# extension -> the kinds its bytes may be. Extensions not listed make no checkable claim.
EXT_KINDS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx", "office-encrypted"}),
    "docm": frozenset({"docx", "office-encrypted"}),
    "dotx": frozenset({"docx"}),
    "xlsx": frozenset({"xlsx", "office-encrypted"}),
    "xlsm": frozenset({"xlsx", "office-encrypted"}),
    "pptx": frozenset({"pptx", "office-encrypted"}),
    "doc": frozenset({"doc", "office-encrypted"}),  # 'doc' is any OLE2 compound file
    "dot": frozenset({"doc"}),
    "xls": frozenset({"doc", "office-encrypted"}),
    "ppt": frozenset({"doc", "office-encrypted"}),
    "wps": frozenset({"doc"}),
    "et": frozenset({"doc"}),
    "jpg": frozenset({"jpeg"}),
    "jpeg": frozenset({"jpeg"}),
    "jpe": frozenset({"jpeg"}),
    "jfif": frozenset({"jpeg"}),
    "png": frozenset({"png"}),
    "tif": frozenset({"tiff"}),
    "tiff": frozenset({"tiff"}),
    "bmp": frozenset({"bmp"}),
    "dib": frozenset({"bmp"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"webp"}),
    "zip": _ZIP_KINDS,  # a .docx renamed .zip is still a zip archive
    "ofd": frozenset({"zip"}),  # OFD (版式文档) is a zip container
    **{e: frozenset({"text"}) for e in TEXT_EXTS},
}


def ext_matches(ext: str, kind: str) -> bool:
    """False when the bytes are not what the extension claims (a JPEG named .pdf)."""
    if kind == "empty":
        return ext == "" or ext in TEXT_EXTS
    allowed = EXT_KINDS.get(ext)
    if allowed is None:  # no extension, or one we know nothing about: no claim to check
        return True
    return kind in allowed


_PDF = b"%PDF-"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx/.xlsx/.pptx is an OLE container holding these two streams
# (MS-OFFCRYPTO); their names are stored in UTF-16 in the container's directory.
_ENCRYPTED_OFFICE_STREAMS = ("EncryptionInfo".encode("utf-16-le"),
                             "EncryptedPackage".encode("utf-16-le"))
_OOXML_MAIN = (
    ("docx", re.compile(rb"(wordprocessingml|ms-word)\.[\w.-]*main\+xml", re.I)),
    ("xlsx", re.compile(rb"(spreadsheetml|ms-excel)\.[\w.-]*main\+xml", re.I)),
    ("pptx", re.compile(rb"(presentationml|ms-powerpoint)\.[\w.-]*main\+xml", re.I)),
)
_BMP_DIB_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})


def _looks_text(head: bytes, complete: bool) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16"
    elif b"\x00" in head:
        return False
    else:
        enc = None
    for e in (enc,) if enc else ("utf-8-sig", "gbk", "gb18030"):
        try:
            text = codecs.getincrementaldecoder(e)().decode(head, final=complete)
        except UnicodeDecodeError:
            continue
        return all(ch in "\t\n\r\f\v\x1a\x1b" or unicodedata.category(ch) != "Cc" for ch in text)
    return False


def _zip_kind(fileobj: IO[bytes] | str) -> str:
    """'docx'/'xlsx'/'pptx' for OOXML containers, else 'zip' (also when it will not open)."""
    try:
        with zipfile.ZipFile(fileobj) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if any(n.startswith("ppt/") for n in names):
                return "pptx"
            ct = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if ct is not None and ct.file_size <= CHUNK and not ct.flag_bits & 0x1:
                data = zf.read(ct)
                for kind, pattern in _OOXML_MAIN:
                    if pattern.search(data):
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error, struct.error):  # fmt: skip
        pass
    return "zip"


def _ole_kind(fileobj: IO[bytes]) -> str:
    """'office-encrypted' for a password-protected Office file, else 'doc' (any OLE2 file)."""
    tail = b""
    found: set[bytes] = set()
    while chunk := fileobj.read(CHUNK):
        window = tail + chunk
        found.update(n for n in _ENCRYPTED_OFFICE_STREAMS if n in window)
        if len(found) == len(_ENCRYPTED_OFFICE_STREAMS):
            return "office-encrypted"
        tail = window[-64:]
    return "doc"


def sniff_kind(head: bytes, size: int, complete: bool | None = None) -> str:
    """The kind from the first bytes, except that PK zips report 'zip' and OLE files 'doc'
    (`identify` opens them to tell more). `complete` = head holds the whole content."""
    if size == 0:
        return "empty"
    if complete is None:
        complete = len(head) >= size
    if head.startswith(_PDF):
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(_OLE):
        return "doc"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):  # TIFF, BigTIFF
        return "tiff"
    if (
        head.startswith(b"BM")
        and len(head) >= 18
        and struct.unpack("<I", head[14:18])[0] in _BMP_DIB_SIZES
    ):
        return "bmp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if _PDF in head[:1024]:
        return "pdf"
    if _looks_text(head, complete):
        return "text"
    return "unknown"


def _digest_stream(f: IO[bytes]) -> tuple[int, str, bytes]:
    h = hashlib.sha256()
    size = 0
    head = b""
    while True:
        chunk = f.read(CHUNK)
        if not chunk:
            break
        if len(head) < HEAD:
            head += chunk[: HEAD - len(head)]
        h.update(chunk)
        size += len(chunk)
    return size, h.hexdigest(), head


def identify(open_stream: Callable[[], IO[bytes]]) -> tuple[int, str, str]:
    """(size, sha256, kind) of a file's content; `open_stream` opens it afresh each time
    (a zip or OLE container is opened again to look inside)."""
    with open_stream() as f:
        size, digest, head = _digest_stream(f)
    kind = sniff_kind(head, size, complete=len(head) >= size)
    if kind == "zip":
        with open_stream() as f:
            kind = _zip_kind(f)
    elif kind == "doc":
        with open_stream() as f:
            kind = _ole_kind(f)
    return size, digest, kind

