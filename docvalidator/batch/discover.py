"""The packages under ROOT: each folder with a `docvalidator.yaml` (not looked into further)
and each `.zip`, in path order. Hidden folders and the output folder are skipped."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docvalidator.errors import UsageError

MANIFEST = "docvalidator.yaml"


@dataclass(frozen=True)
class Found:
    name: str  # relative to ROOT, '/' separators ("." for ROOT itself)
    path: Path  # absolute


def find_packages(root: str | os.PathLike, skip: Path | None = None) -> list[Found]:
    base = Path(root).resolve()
    if base.is_file():
        if base.suffix.lower() != ".zip":
            raise UsageError(f"{root}: not a folder or a .zip")
        return [Found(base.name, base)]
    if not base.is_dir():
        raise UsageError(f"{root}: no such folder")
    out: list[Found] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        here = Path(folder)
        if MANIFEST in files:
            out.append(Found(_name(here, base), here))
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (skip is None or (here / d).resolve() != skip))
        out += [Found(_name(here / f, base), here / f) for f in files
                if f.lower().endswith(".zip") and not f.startswith(".")]
    return sorted(out, key=lambda f: f.name)


def _name(path: Path, base: Path) -> str:
    return path.relative_to(base).as_posix() if path != base else "."
