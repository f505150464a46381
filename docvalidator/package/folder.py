"""A package that is a folder: walked read-only, links never followed out of it."""

from __future__ import annotations

import os
import stat
from typing import IO

from docvalidator.manifest import MANIFEST_NAME
from docvalidator.package import model
from docvalidator.package.kinds import identify
from docvalidator.package.model import Collector, Package, SourceFile
from docvalidator.package.names import display_fs_name, file_ext, is_junk_name


def _inside(real: str, root_real: str) -> bool:
    try:
        return os.path.commonpath([real, root_real]) == root_real
    except ValueError:  # different drives
        return False


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


def _read_fs_file(rel: str, abspath: str, col: Collector) -> SourceFile | None:
    try:
        size, digest, kind = identify(lambda: _open_regular(abspath))
    except OSError as e:
        col.problem(rel, "unreadable", f"无法读取该文件（{e.strerror or '不是普通文件'}）。")
        return None
    return SourceFile(rel, size, digest, kind, file_ext(rel), ("fs", abspath))


def discover_folder(given: str, root_abs: str) -> Package:
    """Every file under `root_abs`, sorted, at most MAX_FILES."""
    root_real = os.path.realpath(root_abs)
    col = Collector()
    candidates: dict[str, str] = {}  # display path -> absolute path to read

    def onerror(err: OSError) -> None:
        where = err.filename or root_abs
        rel = os.path.relpath(where, root_abs)
        col.problem(display_fs_name(rel), "unreadable", f"无法读取该文件夹（{err.strerror}）。")

    def rel_of(p: str) -> str:
        return display_fs_name(os.path.relpath(p, root_abs))

    for dirpath, dirnames, filenames in os.walk(root_abs, onerror=onerror, followlinks=False):
        dirnames.sort()
        keep = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            rel = rel_of(full)
            if is_junk_name(d):
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
            if is_junk_name(fname):
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
    if len(ordered) > model.MAX_FILES:
        col.too_many(len(ordered))
    for rel in ordered[:model.MAX_FILES]:
        sf = _read_fs_file(rel, candidates[rel], col)
        if sf is not None:
            files.append(sf)
    return col.package(given, False, files)
