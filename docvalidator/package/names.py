"""File and member names: extensions, junk entries, and the real names of zip members.

Zip member names: Windows' "Send to > Compressed folder" on a Chinese system writes GBK (CP936)
names without the UTF-8 flag; `zipfile` then decodes them as CP437. We undo that.
"""

from __future__ import annotations

import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable


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


def is_junk_name(name: str) -> bool:
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


def display_fs_name(rel: str) -> str:
    """A printable relative path for a folder entry (undecodable bytes tried as GBK)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(rel)
        rel = _decode_bytes_name(raw) or raw.decode("utf-8", "backslashreplace")
    return unicodedata.normalize("NFC", rel.replace(os.sep, "/"))
