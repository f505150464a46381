"""The pre-commit hook: changed files → the packages they belong to.

A package root is the nearest folder, from the file's own folder up to the repository root
(the working directory pre-commit runs in), that holds a `docvalidator.yaml`. Files outside
any package are ignored; each package is checked once however many of its files changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from docvalidator.manifest import MANIFEST_NAME


def package_root(file: str | os.PathLike, top: Path) -> Path | None:
    path = (top / file).resolve() if not Path(file).is_absolute() else Path(file).resolve()
    folder = path if path.is_dir() else path.parent
    for candidate in (folder, *folder.parents):
        if candidate != top and top not in candidate.parents:
            return None  # left the repository
        if (candidate / MANIFEST_NAME).is_file():
            return candidate
    return None


def package_roots(files: Iterable[str | os.PathLike], top: str | os.PathLike | None = None) -> list[Path]:
    """The distinct package roots of the files, in a stable order, relative to `top` when inside."""
    top_path = Path(top or Path.cwd()).resolve()
    roots = {r for f in files if (r := package_root(f, top_path)) is not None}
    return sorted(roots)
