"""Stage 1 of the pipeline: find the files of a package (a folder or a .zip), read-only.

`discover(path)` returns a `Package`: every file with its size, content hash and real kind
(sniffed from its bytes, never trusted from the extension: `kinds`), the entries we refused or
could not read, the manifest `docvalidator.yaml` and the junk we skipped.

Rules that matter for safety:
- Nothing inside the package is ever written, extracted or chmod-ed. Zip members are read in
  memory through `zipfile` (`archive`); folders are only opened for reading (`folder`).
- Links are never followed out of the package; links to directories are never descended.
- Zip members with absolute paths or `..` components are refused, never read.
- At most `MAX_FILES` files; zip members declaring more than `MAX_MEMBER_SIZE` bytes are not read.
"""

from __future__ import annotations

import os

from docvalidator.errors import InputError
from docvalidator.package.archive import discover_zip
from docvalidator.package.folder import discover_folder
from docvalidator.package.model import (
    MAX_FILES,
    MAX_MEMBER_SIZE,
    Package,
    RefusedEntry,
    SourceFile,
)

__all__ = ["MAX_FILES", "MAX_MEMBER_SIZE", "Package", "RefusedEntry", "SourceFile", "discover"]


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
        return discover_folder(given, absolute)
    if os.path.isfile(absolute):
        return discover_zip(given, absolute)
    raise InputError(f"{given}: not an existing folder or .zip file")
