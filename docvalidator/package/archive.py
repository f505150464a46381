"""A package that is a .zip: members read in memory through `zipfile`, never extracted.

Members with absolute paths or `..` components are refused, never read; members declaring
more than MAX_MEMBER_SIZE bytes are not read; one folder wrapping everything is unwrapped.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from docvalidator.errors import InputError
from docvalidator.manifest import MANIFEST_NAME
from docvalidator.package import model
from docvalidator.package.kinds import CHUNK, identify
from docvalidator.package.model import Collector, Package, SourceFile
from docvalidator.package.names import (
    archive_name_encoding,
    decode_member_name,
    file_ext,
    is_junk_name,
)


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
        if not m.parts or is_junk_name(m.parts[0]):
            continue
        if len(m.parts) == 1 and not m.is_dir:
            return None  # a file at the top level
        tops.add(m.parts[0])
        if len(tops) > 1:
            return None
    return tops.pop() if len(tops) == 1 else None


def _read_member(zf: zipfile.ZipFile, zip_abs: str, rel: str, info: zipfile.ZipInfo,
                 col: Collector) -> SourceFile | None:  # fmt: skip
    if info.flag_bits & 0x1:
        col.problem(rel, "zip-encrypted-member", "压缩包内的该文件设有密码，无法读取。")
        return None
    if info.file_size > model.MAX_MEMBER_SIZE:
        col.problem(rel, "unreadable",
                    f"该文件声明的解压后大小为 {info.file_size} 字节，超过 2 GiB 的上限，未读取。")  # fmt: skip
        return None
    try:
        size, digest, kind = identify(lambda: zf.open(info))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error) as e:  # fmt: skip
        col.problem(rel, "unreadable", f"无法从压缩包中读取该文件（{type(e).__name__}: {e}）。")
        return None
    return SourceFile(rel, size, digest, kind, file_ext(rel), ("zip", zip_abs, info.filename))


def discover_zip(given: str, zip_abs: str) -> Package:
    """Every member of the zip at `zip_abs`, sorted, at most MAX_FILES."""
    col = Collector()
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
            junk = next((i for i, p in enumerate(parts) if is_junk_name(p)), None)
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
        if len(ordered) > model.MAX_FILES:
            col.too_many(len(ordered))
        for rel in ordered[:model.MAX_FILES]:
            sf = _read_member(zf, zip_abs, rel, candidates[rel], col)
            if sf is not None:
                files.append(sf)
    return col.package(given, True, files)
