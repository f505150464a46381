"""Where the fixed package goes: a new folder, or a zip (UTF-8 flagged names, or GBK names
for portals that want what Windows writes). Never inside the package it was made from, never
over an existing folder's files."""

from __future__ import annotations

import shutil
from pathlib import Path

from docvalidator.errors import UsageError
from docvalidator.package import Package, zipwrite


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
    """Deterministic: sorted entries, fixed timestamps; UTF-8 names with the UTF-8 flag, or
    with `gbk` as Windows writes them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    zipwrite.write_zip(staging, target, gbk=gbk)
