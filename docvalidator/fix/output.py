"""Where the fixed package goes: a new folder, or a zip (UTF-8 flagged names, or GBK names
for portals that want what Windows writes). Never inside the package it was made from, never
over an existing folder's files."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

from docvalidator.errors import UsageError
from docvalidator.package import Package
from docvalidator.package.zipwrite import FIXED_DATE, write_gbk_zip


def refuse_bad_output(output: str, package: Package, as_zip: bool) -> Path:
    """The output path, resolved; a UsageError (one line) when it would touch the package or
    overwrite something."""
    target = Path(output).resolve()
    root = Path(package.root).resolve()
    if package.is_zip:
        if target == root:
            raise UsageError(f"--output {output}: is the package itself; choose a new path")
    elif target == root or root in target.parents:
        raise UsageError(f"--output {output}: inside the package {package.root}; "
                         "choose a folder outside it")
    if as_zip:
        if target.is_dir():
            raise UsageError(f"--output {output}: is a folder; with --zip give the zip's file name")
        if target.exists():
            raise UsageError(f"--output {output}: exists; fix writes a new zip, choose a new name")
    elif target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"--output {output}: exists and is not empty; fix writes a new package")
    return target


def write_folder(staging: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(staging.iterdir()):
        shutil.move(str(entry), str(target / entry.name))


def write_zip(staging: Path, target: Path, gbk: bool) -> None:
    """Deterministic: sorted entries, fixed timestamps. UTF-8 names carry the UTF-8 flag
    (zipfile sets it for any non-ASCII name); `gbk` writes them as Windows does instead."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if gbk:
        write_gbk_zip(staging, target)
        return
    with zipfile.ZipFile(target, "w") as zf:
        for dirpath, dirnames, filenames in os.walk(staging):
            dirnames.sort()
            rel = os.path.relpath(dirpath, staging)
            prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
            for name in sorted(filenames):
                info = zipfile.ZipInfo(prefix + name, date_time=FIXED_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.flag_bits |= 0x800
                with open(os.path.join(dirpath, name), "rb") as f:
                    zf.writestr(info, f.read())
