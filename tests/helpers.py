"""Test helpers: run the CLI in-process and capture what it prints."""

from __future__ import annotations

import hashlib
import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from docvalidator.cli import run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "packages"
AS_OF = "2026-11-22"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def cli(*args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = run_cli([str(a) for a in args])
    return Result(code, out.getvalue(), err.getvalue())


def check_json(path, *extra: str, cache: bool = True) -> Result:
    """`check --format json` at the fixed check date, with the session's shared test cache
    (identical pages across sample packages are inspected and OCR'd once per session)."""
    flags = () if cache else ("--no-cache",)
    return cli("check", str(path), "--format", "json", "--as-of", AS_OF, *flags, *extra)


def tree_digest(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root with its sha256 and mtime, to prove nothing was changed."""
    out = {}
    for dirpath, _dirs, files in os.walk(root, followlinks=False):
        for name in files:
            p = Path(dirpath) / name
            if p.is_symlink():
                out[str(p.relative_to(root))] = ("link:" + os.readlink(p), 0)
                continue
            out[str(p.relative_to(root))] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
    return out


def write_package(tmp_path: Path, files: dict[str, bytes], schema: str = "b24-national") -> Path:
    """A package folder `tmp_path/pkg` with a manifest naming `schema` and the given files."""
    root = tmp_path / "pkg"
    root.mkdir()
    (root / "docvalidator.yaml").write_text(f"schema: {schema}\n", encoding="utf-8")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root
