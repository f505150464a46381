"""Builders for the package tests: folders, zips with raw member names, small real files."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from docvalidator.package import Package, SourceFile

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BMP = b"BM" + (70).to_bytes(4, "little") + b"\x00" * 8 + (40).to_bytes(4, "little") + b"\x00" * 52



def make_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def make_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


# '誠' is stored in GBK as 0xD5 0x5C: its second byte is a backslash.
TREE: dict[str, bytes] = {
    "1.营业执照.pdf": PDF,
    "2.法定代表人身份证/身份证正面.jpg": JPEG,
    "2.法定代表人身份证/身份证反面.jpg": JPEG + b"\x01",
    "3.网络与信息安全/03-网络拓扑图.png": PNG,
    "3.网络与信息安全/誠信承诺书.pdf": PDF + b"%x",
    "4.申请表.docx": make_docx(),
    "5.说明.txt": "本申请材料共五项。\n".encode("gbk"),
}


def build(root: Path, tree: dict[str, bytes]) -> Path:
    for rel, data in tree.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (links not followed): content hash, mode, mtime."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            digest = None
            if os.path.isfile(p) and not os.path.islink(p):
                digest = hashlib.sha256(Path(p).read_bytes()).hexdigest()
            out[os.path.relpath(p, root)] = (digest, st.st_mode, st.st_mtime_ns, st.st_size)
    return out


class FlagZipInfo(zipfile.ZipInfo):
    """Stores the name with chosen raw bytes and general-purpose flags."""

    __slots__ = ("extra_flags", "raw_name")

    def _encodeFilenameFlags(self):
        return self.raw_name, (self.flag_bits & ~0x800) | self.extra_flags


def write_raw_zip(path: Path, members: list[tuple[bytes, bytes, int]]) -> None:
    """members: (raw name bytes, data, flag bits to force)."""
    with zipfile.ZipFile(path, "w") as zf:
        for raw, data, flags in members:
            info = FlagZipInfo(raw.decode("latin-1"), date_time=(2024, 1, 1, 0, 0, 0))
            info.raw_name = raw
            info.extra_flags = flags
            zf.writestr(info, data)


def paths(pkg: Package) -> list[str]:
    return [f.path for f in pkg.files]


def by_path(pkg: Package) -> dict[str, SourceFile]:
    return {f.path: f for f in pkg.files}
