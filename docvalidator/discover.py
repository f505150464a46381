"""Discover: a package folder or .zip → its source files, read-only.

MINIMAL STAND-IN: the engine, rules and analyses import this module but it was not in the
tree this branch started from. This version covers what the report formats' end-to-end tests
need (folders, plain zips, kind by magic bytes, sha256). The full discover stage (GBK zip
names, link and path-escape refusal with DV105 entries, ...) replaces it on merge.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from docvalidator.errors import InputError
from docvalidator.manifest import MANIFEST_NAME

_EXT_KIND = {"pdf": "pdf", "docx": "docx", "doc": "doc", "xlsx": "xlsx", "pptx": "pptx",
             "jpg": "jpeg", "jpeg": "jpeg", "png": "png", "tif": "tiff", "tiff": "tiff",
             "bmp": "bmp", "gif": "gif", "webp": "webp", "txt": "text", "md": "text", "zip": "zip"}


def sniff_kind(data: bytes, ext: str) -> str:
    """The file's real type, from its first bytes."""
    if not data:
        return "empty"
    head = data[:16]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith(b"GIF8"):
        return "gif"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"PK"):
        return {"docx": "docx", "xlsx": "xlsx", "pptx": "pptx"}.get(ext, "zip")
    try:
        data[:4096].decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        return "unknown"


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the package root, "/" separators
    size: int
    sha256: str
    kind: str
    _data: bytes = field(repr=False, compare=False, default=b"")

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def folder(self) -> str:
        parent = PurePosixPath(self.path).parent.as_posix()
        return "" if parent == "." else parent

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem

    @property
    def ext(self) -> str:
        return PurePosixPath(self.path).suffix.lower().lstrip(".")

    @property
    def ext_matches_kind(self) -> bool:
        if self.kind in ("empty", "unknown"):
            return True
        claimed = _EXT_KIND.get(self.ext)
        return claimed is None or claimed == self.kind or (self.kind == "text" and claimed == "text")

    def read_bytes(self) -> bytes:
        return self._data


@dataclass(frozen=True)
class RefusedEntry:
    path: str
    reason: str
    detail: str


@dataclass
class Package:
    root: str
    files: list[SourceFile]
    manifest: bytes | None = None
    problems: list[RefusedEntry] = field(default_factory=list)


def _source(rel: str, data: bytes) -> SourceFile:
    ext = PurePosixPath(rel).suffix.lower().lstrip(".")
    return SourceFile(rel, len(data), hashlib.sha256(data).hexdigest(), sniff_kind(data, ext), data)


def discover(path: str | os.PathLike) -> Package:
    root = Path(path)
    entries: dict[str, bytes] = {}
    if root.is_dir():
        for dirpath, dirs, names in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                p = Path(dirpath) / n
                if n.startswith(".") or p.is_symlink():
                    continue
                entries[p.relative_to(root).as_posix()] = p.read_bytes()
    elif root.is_file() and zipfile.is_zipfile(root):
        with zipfile.ZipFile(root) as z:
            for info in z.infolist():
                name = info.filename
                if info.is_dir() or name.startswith("/") or ".." in PurePosixPath(name).parts:
                    continue
                entries[name] = z.read(info)
    else:
        raise InputError(f"{path}: not a folder or a .zip file")
    manifest = entries.pop(MANIFEST_NAME, None)
    files = [_source(rel, data) for rel, data in sorted(entries.items())]
    return Package(root=root.as_posix(), files=files, manifest=manifest)
