"""The package model: the files found (with their real kind and content hash), what was
refused or could not be read, and the manifest's bytes. Pure data; reading happens in
`folder` and `archive`."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from docvalidator.package.kinds import ext_matches

MAX_FILES = 10_000
MAX_MEMBER_SIZE = 2 * 1024**3  # declared uncompressed size of one zip member


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the package root, '/' separators
    size: int
    sha256: str
    kind: str  # real type from magic bytes, one of kinds.KINDS
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
        return ext_matches(self.ext, self.kind)

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
class RefusedEntry:
    """A package entry that was refused or could not be read (reported as DV105)."""

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
    problems: tuple[RefusedEntry, ...]
    manifest: bytes | None
    ignored: tuple[str, ...]


class Collector:
    """What a walk gathers besides the files: refused entries, skipped junk, the manifest."""

    def __init__(self) -> None:
        self.problems: list[RefusedEntry] = []
        self.ignored: set[str] = set()
        self.manifest: bytes | None = None

    def problem(self, path: str, reason: str, detail: str) -> None:
        self.problems.append(RefusedEntry(path, reason, detail))

    def too_many(self, total: int) -> None:
        self.problem(
            "",
            "too-many-files",
            f"包内共有 {total} 个文件，超过 {MAX_FILES} 个的上限，按路径排序后只检查了前 "
            f"{MAX_FILES} 个，其余 {total - MAX_FILES} 个未读取。",
        )

    def package(self, given: str, is_zip: bool, files: list[SourceFile]) -> Package:
        return Package(
            root=given,
            is_zip=is_zip,
            files=tuple(sorted(files, key=lambda f: f.path)),
            problems=tuple(sorted(set(self.problems), key=lambda p: (p.path, p.reason, p.detail))),
            manifest=self.manifest,
            ignored=tuple(sorted(self.ignored)),
        )
