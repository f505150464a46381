"""Stage 1 of the pipeline: find the files of a package (a folder or a .zip), read-only.

`discover(path)` returns a `Package`: every file with its size, content hash and real type
(sniffed from magic bytes, never trusted from the extension), the things we refused or could
not read (`Problem`), the manifest `docvalidator.yaml` and the junk we skipped.

Rules that matter for safety:
- Nothing inside the package is ever written, extracted or chmod-ed. Zip members are read in
  memory through `zipfile`; folders are only opened for reading.
- Links are never followed out of the package; links to directories are never descended.
- Zip members with absolute paths or `..` components are refused, never read.
- At most `MAX_FILES` files; zip members declaring more than `MAX_MEMBER_SIZE` bytes are not read.

Zip member names: Windows' "Send to > Compressed folder" on a Chinese system writes GBK (CP936)
names without the UTF-8 flag; `zipfile` then decodes them as CP437. We undo that.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from docvalidator.errors import InputError

__all__ = [
    "KINDS",
    "MANIFEST_NAME",
    "MAX_FILES",
    "MAX_MEMBER_SIZE",
    "Package",
    "Problem",
    "SourceFile",
    "discover",
    "sniff_kind",
    "write_gbk_zip",
]

MAX_FILES = 10_000
MAX_MEMBER_SIZE = 2 * 1024**3  # declared uncompressed size of one zip member
MANIFEST_NAME = "docvalidator.yaml"
CHUNK = 1024 * 1024
HEAD = 8192  # bytes kept for sniffing

KINDS = (
    "pdf", "docx", "xlsx", "pptx", "doc", "office-encrypted", "jpeg", "png", "tiff", "bmp",
    "gif", "webp", "zip", "text", "empty", "unknown",
)  # fmt: skip
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected .docx/.xlsx/.pptx is an OLE container holding these two streams
# (MS-OFFCRYPTO); their names are stored in UTF-16 in the container's directory.
_ENCRYPTED_OFFICE_STREAMS = ("EncryptionInfo".encode("utf-16-le"),
                             "EncryptedPackage".encode("utf-16-le"))

_TEXT_EXTS = frozenset(
    [
        "txt",
        "md",
        "markdown",
        "csv",
        "tsv",
        "json",
        "xml",
        "yaml",
        "yml",
        "toml",
        "ini",
        "cfg",
        "log",
        "html",
        "htm",
        "rtf",
    ]
)
_ZIP_KINDS = frozenset({"zip", "docx", "xlsx", "pptx"})
# extension -> the kinds its bytes may be. Extensions not listed make no checkable claim.
_EXT_KINDS: dict[str, frozenset[str]] = {
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
    **{e: frozenset({"text"}) for e in _TEXT_EXTS},
}


# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the package root, '/' separators
    size: int
    sha256: str
    kind: str  # real type from magic bytes, one of KINDS
    ext: str  # lower-case extension without the dot, '' if none
    origin: tuple  # ('fs', absolute_path) or ('zip', absolute_zip_path, raw_member_name)

    def read_bytes(self) -> bytes:
        """Re-read the content from `origin` (works in another process)."""
        if self.origin[0] == "fs":
            with open(self.origin[1], "rb") as f:
                return f.read()
        if self.origin[0] == "zip":
            with zipfile.ZipFile(self.origin[1]) as zf:
                return zf.read(self.origin[2])
        raise ValueError(f"unknown origin {self.origin!r}")

    @property
    def ext_matches_kind(self) -> bool:
        """False when the bytes are not what the extension claims (a JPEG named .pdf)."""
        if self.kind == "empty":
            return self.ext == "" or self.ext in _TEXT_EXTS
        allowed = _EXT_KINDS.get(self.ext)
        if allowed is None:  # no extension, or one we know nothing about: no claim to check
            return True
        return self.kind in allowed

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        name = self.name
        return name[: -(len(self.ext) + 1)] if self.ext else name

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


@dataclass(frozen=True)
class Problem:
    path: str  # relative display path ('' = the package as a whole)
    reason: str  # see REASONS
    detail: str  # one Chinese sentence


REASONS = (
    "zip-absolute-path",
    "zip-parent-reference",
    "link-outside-package",
    "unreadable",
    "zip-encrypted-member",
    "too-many-files",
)


@dataclass(frozen=True)
class Package:
    root: str
    is_zip: bool
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]
    manifest: bytes | None
    ignored: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Names


def file_ext(name: str) -> str:
    """The extension of a file name: ASCII letters/digits (at least one letter) after the last
    dot, lower-cased. '1.营业执照' has none; 'a.PDF' -> 'pdf'."""
    base = name.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    if dot <= 0:
        return ""
    suffix = base[dot + 1 :]
    if re.fullmatch(r"[A-Za-z0-9]{1,10}", suffix) and re.search(r"[A-Za-z]", suffix):
        return suffix.lower()
    return ""


_JUNK_FILES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini"})
_JUNK_DIRS = frozenset({"__macosx", ".git", "$recycle.bin", "system volume information"})


def _is_junk_name(name: str) -> bool:
    low = name.lower()
    return (
        low in _JUNK_FILES
        or low in _JUNK_DIRS
        or name.startswith((".", "~$"))  # hidden, AppleDouble ._x, .docvalidator.toml, lock files
    )


def _decode_bytes_name(raw: bytes, first: str = "utf-8") -> str | None:
    order = ("utf-8", "gbk", "gb18030") if first == "utf-8" else ("gbk", "gb18030", "utf-8")
    for enc in order:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _looks_chinese(text: str) -> bool:
    """Only ASCII and CJK (ideographs, punctuation, full-width forms)."""
    return all(
        ord(ch) < 0x80 or 0x3000 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF
        or 0xFF00 <= ord(ch) <= 0xFFEF
        for ch in text
    )  # fmt: skip


def _raw_name(info: zipfile.ZipInfo) -> bytes | None:
    """The name bytes as stored, for a member without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return None
    try:
        return info.orig_filename.encode("cp437")
    except UnicodeEncodeError:  # zipfile was given a metadata_encoding
        return None


def archive_name_encoding(infos: Iterable[zipfile.ZipInfo]) -> str:
    """'utf-8' or 'gbk': how the archive's unflagged non-ASCII names are encoded. One writer
    wrote them all, so decide for the whole archive. Short GBK names are often valid UTF-8
    too ('目录' = C4BF C2BC reads as 'Ŀ¼'): when both decode, the reading that is ASCII+CJK
    wins, UTF-8 first."""
    raws = [r for r in map(_raw_name, infos) if r is not None and not r.isascii()]
    if not raws:
        return "utf-8"

    def read_all(enc: str) -> str | None:
        try:
            return "".join(r.decode(enc) for r in raws)
        except UnicodeDecodeError:
            return None

    as_utf8, as_gbk = read_all("utf-8"), read_all("gbk")
    if as_utf8 is not None and (as_gbk is None or _looks_chinese(as_utf8)):
        return "utf-8"
    if as_gbk is not None and (as_utf8 is None or _looks_chinese(as_gbk)):
        return "gbk"
    return "utf-8"


def _unicode_path_extra(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), if present and matching the name."""
    extra = info.extra or b""
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i : i + 4])
        body = extra[i + 4 : i + 4 + size]
        if (
            tag == 0x7075
            and len(body) >= 5
            and body[0] == 1
            and struct.unpack("<I", body[1:5])[0] == (zlib.crc32(raw) & 0xFFFFFFFF)
        ):
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


def decode_member_name(info: zipfile.ZipInfo, encoding: str = "utf-8") -> str:
    """The real name of a zip member: UTF-8 if flagged, else UTF-8 or GBK/CP936 bytes that
    zipfile decoded as CP437 (`encoding`, from `archive_name_encoding`, is tried first; the
    other one if it fails; else the name is kept). Backslashes become '/', NFC-normalised."""
    name = info.orig_filename
    raw = _raw_name(info)
    if raw is not None:
        name = _unicode_path_extra(info, raw) or _decode_bytes_name(raw, encoding) or name
    name = name.replace("\\", "/")
    return unicodedata.normalize("NFC", name)


def _display_fs_name(rel: str) -> str:
    """A printable relative path for a folder entry (undecodable bytes tried as GBK)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(rel)
        rel = _decode_bytes_name(raw) or raw.decode("utf-8", "backslashreplace")
    return unicodedata.normalize("NFC", rel.replace(os.sep, "/"))


# --------------------------------------------------------------------------------------------
# Sniffing

_PDF = b"%PDF-"
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
    """The kind from the first bytes, except that PK zips report 'zip' (the caller opens
    them to tell docx/xlsx/pptx). `complete` = head holds the whole content."""
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
    if head.startswith((b"II*\x00", b"MM\x00*")):
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


# --------------------------------------------------------------------------------------------
# Folder packages


def _inside(real: str, root_real: str) -> bool:
    try:
        return os.path.commonpath([real, root_real]) == root_real
    except ValueError:  # different drives
        return False


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.ignored: set[str] = set()
        self.manifest: bytes | None = None

    def problem(self, path: str, reason: str, detail: str) -> None:
        self.problems.append(Problem(path, reason, detail))

    def too_many(self, total: int) -> None:
        self.problem(
            "",
            "too-many-files",
            f"包内共有 {total} 个文件，超过 {MAX_FILES} 个的上限，按路径排序后只检查了前 "
            f"{MAX_FILES} 个，其余 {total - MAX_FILES} 个未读取。",
        )


def _open_regular(path: str) -> IO[bytes]:
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(path)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _read_fs_file(rel: str, abspath: str, col: _Collector) -> SourceFile | None:
    try:
        with _open_regular(abspath) as f:
            size, digest, head = _digest_stream(f)
    except OSError as e:
        col.problem(rel, "unreadable", f"无法读取该文件（{e.strerror or '不是普通文件'}）。")
        return None
    kind = sniff_kind(head, size, complete=len(head) >= size)
    if kind == "zip":
        kind = _zip_kind(abspath)
    elif kind == "doc":
        try:
            with _open_regular(abspath) as f:
                kind = _ole_kind(f)
        except OSError:
            pass
    return SourceFile(rel, size, digest, kind, file_ext(rel), ("fs", abspath))


def _discover_folder(given: str, root_abs: str) -> Package:
    root_real = os.path.realpath(root_abs)
    col = _Collector()
    candidates: dict[str, str] = {}  # display path -> absolute path to read

    def onerror(err: OSError) -> None:
        where = err.filename or root_abs
        rel = os.path.relpath(where, root_abs)
        col.problem(_display_fs_name(rel), "unreadable", f"无法读取该文件夹（{err.strerror}）。")

    def rel_of(p: str) -> str:
        return _display_fs_name(os.path.relpath(p, root_abs))

    for dirpath, dirnames, filenames in os.walk(root_abs, onerror=onerror, followlinks=False):
        dirnames.sort()
        keep = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            rel = rel_of(full)
            if _is_junk_name(d):
                col.ignored.add(rel + "/")
            elif os.path.islink(full):
                if _inside(os.path.realpath(full), root_real):
                    col.ignored.add(rel + "/")  # inside: its files are found at their real place
                else:
                    col.problem(rel, "link-outside-package",
                                "该文件夹是指向申请材料包之外的链接，未读取。")  # fmt: skip
            else:
                keep.append(d)
        dirnames[:] = keep
        for fname in sorted(filenames):
            full = os.path.join(dirpath, fname)
            rel = rel_of(full)
            if _is_junk_name(fname):
                col.ignored.add(rel)
                continue
            target = full
            if os.path.islink(full):
                real = os.path.realpath(full)
                if not _inside(real, root_real):
                    col.problem(rel, "link-outside-package",
                                "该文件是指向申请材料包之外的链接，未读取。")  # fmt: skip
                    continue
                target = real
            if dirpath == root_abs and fname == MANIFEST_NAME:
                try:
                    with _open_regular(target) as f:
                        col.manifest = f.read()
                except OSError as e:
                    col.problem(rel, "unreadable", f"无法读取清单文件（{e.strerror}）。")
                continue
            candidates[rel] = target

    files: list[SourceFile] = []
    ordered = sorted(candidates)
    if len(ordered) > MAX_FILES:
        col.too_many(len(ordered))
    for rel in ordered[:MAX_FILES]:
        sf = _read_fs_file(rel, candidates[rel], col)
        if sf is not None:
            files.append(sf)
    return _package(given, False, files, col)


# --------------------------------------------------------------------------------------------
# Zip packages


@dataclass
class _Member:
    parts: list[str]
    info: zipfile.ZipInfo
    is_dir: bool


def _split_member(name: str) -> tuple[list[str] | None, str | None]:
    """(components, None) for a safe name, or (None, reason) for a refused one."""
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return None, "zip-absolute-path"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None, "zip-parent-reference"
    return parts, None


def _wrap_folder(members: Iterable[_Member]) -> str | None:
    """The single top-level folder wrapping every (non-junk) entry, if there is one."""
    tops: set[str] = set()
    for m in members:
        if not m.parts or _is_junk_name(m.parts[0]):
            continue
        if len(m.parts) == 1 and not m.is_dir:
            return None  # a file at the top level
        tops.add(m.parts[0])
        if len(tops) > 1:
            return None
    return tops.pop() if len(tops) == 1 else None


def _read_member(zf: zipfile.ZipFile, zip_abs: str, rel: str, info: zipfile.ZipInfo,
                 col: _Collector) -> SourceFile | None:  # fmt: skip
    if info.flag_bits & 0x1:
        col.problem(rel, "zip-encrypted-member", "压缩包内的该文件设有密码，无法读取。")
        return None
    if info.file_size > MAX_MEMBER_SIZE:
        col.problem(rel, "unreadable",
                    f"该文件声明的解压后大小为 {info.file_size} 字节，超过 2 GiB 的上限，未读取。")  # fmt: skip
        return None
    try:
        with zf.open(info) as f:
            size, digest, head = _digest_stream(f)
        kind = sniff_kind(head, size, complete=len(head) >= size)
        if kind == "zip":
            with zf.open(info) as f:
                kind = _zip_kind(f)
        elif kind == "doc":
            with zf.open(info) as f:
                kind = _ole_kind(f)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error) as e:  # fmt: skip
        col.problem(rel, "unreadable", f"无法从压缩包中读取该文件（{type(e).__name__}: {e}）。")
        return None
    return SourceFile(rel, size, digest, kind, file_ext(rel), ("zip", zip_abs, info.filename))


def _discover_zip(given: str, zip_abs: str) -> Package:
    col = _Collector()
    try:
        zf = zipfile.ZipFile(zip_abs)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"{given}: not a readable zip file ({e})") from None
    with zf:
        members: list[_Member] = []
        encoding = archive_name_encoding(zf.infolist())
        for info in zf.infolist():
            name = decode_member_name(info, encoding)
            parts, reason = _split_member(name)
            if parts is None:
                detail = (
                    "压缩包内的该文件使用了绝对路径，解压时可能写到包外，未读取。"
                    if reason == "zip-absolute-path"
                    else "压缩包内的该文件路径含有“..”，解压时可能写到包外，未读取。"
                )
                col.problem(name, reason or "", detail)
                continue
            if parts:
                members.append(_Member(parts, info, name.endswith("/")))

        wrap = _wrap_folder(members)
        candidates: dict[str, zipfile.ZipInfo] = {}
        for m in members:
            parts = m.parts[1:] if wrap is not None and m.parts[0] == wrap else m.parts
            if m.is_dir or not parts:
                continue
            junk = next((i for i, p in enumerate(parts) if _is_junk_name(p)), None)
            if junk is not None:
                last = junk == len(parts) - 1
                col.ignored.add("/".join(parts[: junk + 1]) + ("" if last else "/"))
                continue
            rel = "/".join(parts)
            if rel == MANIFEST_NAME:
                try:
                    if m.info.flag_bits & 0x1 or m.info.file_size > CHUNK * 16:
                        raise ValueError("encrypted or too large")
                    col.manifest = zf.read(m.info)
                except (zipfile.BadZipFile, OSError, ValueError, EOFError,
                        NotImplementedError, RuntimeError, zlib.error) as e:  # fmt: skip
                    col.problem(rel, "unreadable", f"无法读取清单文件（{e}）。")
                continue
            candidates[rel] = m.info  # a later duplicate wins, as in ZipFile.getinfo

        files: list[SourceFile] = []
        ordered = sorted(candidates)
        if len(ordered) > MAX_FILES:
            col.too_many(len(ordered))
        for rel in ordered[:MAX_FILES]:
            sf = _read_member(zf, zip_abs, rel, candidates[rel], col)
            if sf is not None:
                files.append(sf)
    return _package(given, True, files, col)


# --------------------------------------------------------------------------------------------
# Entry point


def _package(given: str, is_zip: bool, files: list[SourceFile], col: _Collector) -> Package:
    return Package(
        root=given,
        is_zip=is_zip,
        files=tuple(sorted(files, key=lambda f: f.path)),
        problems=tuple(sorted(set(col.problems), key=lambda p: (p.path, p.reason, p.detail))),
        manifest=col.manifest,
        ignored=tuple(sorted(col.ignored)),
    )


def discover(path: str | os.PathLike) -> Package:
    """Walk a package (folder or .zip) read-only. Raises InputError if `path` is neither an
    existing folder nor a readable zip file."""
    given = os.fspath(path)
    if isinstance(given, bytes):
        given = os.fsdecode(given)
    absolute = os.path.abspath(given)
    if os.path.isdir(absolute):
        try:
            os.listdir(absolute)
        except OSError as e:
            raise InputError(f"{given}: cannot read the folder ({e.strerror})") from None
        return _discover_folder(given, absolute)
    if os.path.isfile(absolute):
        return _discover_zip(given, absolute)
    raise InputError(f"{given}: not an existing folder or .zip file")


# --------------------------------------------------------------------------------------------
# Test/fixture helper


class _GbkZipInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is stored as GBK bytes without the UTF-8 flag (as Windows does)."""

    __slots__ = ()

    def _encodeFilenameFlags(self):  # type: ignore[override]
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


FIXED_DATE = (2024, 1, 1, 0, 0, 0)


def write_gbk_zip(folder: str | os.PathLike, zip_path: str | os.PathLike,
                  wrap_folder: str | None = None) -> None:  # fmt: skip
    """Zip `folder` the way Windows' "Send to > Compressed folder" does on a Chinese system:
    GBK names without the UTF-8 flag, folder entries, DOS attributes, deflate. Timestamps are
    fixed at 2024-01-01 and entries sorted, so the output is byte-for-byte deterministic.
    `wrap_folder` puts everything inside one top folder of that name."""
    folder = os.path.abspath(os.fspath(folder))
    zip_abs = os.path.abspath(os.fspath(zip_path))
    prefix = (wrap_folder.strip("/") + "/") if wrap_folder else ""

    def add(zf: zipfile.ZipFile, arcname: str, data: bytes | None) -> None:
        info = _GbkZipInfo(arcname, date_time=FIXED_DATE)
        info.create_system = 0  # MS-DOS
        info.create_version = info.extract_version = 20
        if data is None:
            info.external_attr = 0x10  # directory
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, b"")
        else:
            info.external_attr = 0x20  # archive
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)

    with zipfile.ZipFile(zip_abs, "w") as zf:
        if prefix:
            add(zf, prefix, None)
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, folder)
            rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
            for d in dirnames:
                add(zf, prefix + rel_dir + d + "/", None)
            for fname in sorted(filenames):
                full = os.path.join(dirpath, fname)
                if os.path.abspath(full) == zip_abs:
                    continue
                with open(full, "rb") as f:
                    add(zf, prefix + rel_dir + fname, f.read())
