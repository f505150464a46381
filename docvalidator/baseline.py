"""Baselines: accepted findings (waivers) that a run suppresses.

A waiver names a finding by code, material, the content hash of its file and its page, so it
stops matching as soon as the file changes. Each waiver carries a `reason` (required) and may
carry `expires` (YYYY-MM-DD): it holds through that day; after it, it no longer suppresses. Waivers
that matched nothing and expired ones are reported (like ruff's RUF100), never as DV codes.
The file format is documented in docs/baseline.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from docvalidator.errors import UsageError
from docvalidator.model import FileRecord, Finding

TODO_REASON = "TODO: why is this accepted?"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_KEYS = {"code", "material", "file", "sha256", "page", "message", "reason", "expires"}
HEADER = """\
# docvalidator baseline: findings accepted for now. `docvalidator check --baseline FILE`
# suppresses each of them while its file's content (sha256) is unchanged.
# Every waiver needs a `reason`; `expires: YYYY-MM-DD` makes it lapse on that date.
"""


@dataclass(frozen=True)
class Waiver:
    code: str
    material: str | None
    sha256: str | None
    page: int | None
    reason: str
    file: str | None = None  # for the reader; matching uses sha256
    message: str | None = None  # for the reader; breaks ties between equal keys
    expires: dt.date | None = None

    @property
    def key(self) -> tuple:
        return (self.code, self.material, self.sha256, self.page)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "material": self.material, "file": self.file,
                             "sha256": self.sha256, "page": self.page, "message": self.message,
                             "reason": self.reason}
        if self.expires:
            d["expires"] = self.expires.isoformat()
        return d


def _hashes(files: Iterable[FileRecord]) -> dict[str, str]:
    return {f.path: f.sha256 for f in files}


def finding_key(f: Finding, hashes: dict[str, str]) -> tuple:
    return (f.code, f.material, hashes.get(f.file or ""), f.page)


def write_baseline(path: str | Path, findings: Iterable[Finding], files: Iterable[FileRecord]) -> int:
    hashes = _hashes(files)
    waivers = [Waiver(f.code, f.material, hashes.get(f.file or ""), f.page, TODO_REASON,
                      file=f.file, message=f.message).to_dict() for f in findings]
    text = HEADER + yaml.safe_dump({"version": 1, "waivers": waivers}, allow_unicode=True,
                                   sort_keys=False, width=1000)
    Path(path).write_text(text, encoding="utf-8")
    return len(waivers)


def _bad(path: str, where: str, expected: str) -> UsageError:
    return UsageError(f"{path}: {where}: {expected}")


def load_baseline(path: str | Path) -> list[Waiver]:
    """Read and check a baseline file; any problem is a one-line UsageError naming the entry."""
    name = str(path)
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise UsageError(f"--baseline: cannot read {name} ({e.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError):
        raise UsageError(f"--baseline: {name} is not valid UTF-8 YAML or JSON") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("waivers"), list):
        raise _bad(name, "waivers", "expected a list of waivers at the top level")
    out = []
    for i, w in enumerate(doc["waivers"]):
        where = f"waivers[{i}]"
        if not isinstance(w, dict):
            raise _bad(name, where, "expected a mapping")
        unknown = sorted(set(w) - _KEYS)
        if unknown:
            raise _bad(name, f"{where}.{unknown[0]}", f"unknown key (expected {', '.join(sorted(_KEYS))})")
        if not isinstance(w.get("code"), str):
            raise _bad(name, f"{where}.code", "expected a code such as DV402")
        reason = w.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise _bad(name, f"{where}.reason", "required: say why this finding is accepted")
        page = w.get("page")
        if page is not None and (isinstance(page, bool) or not isinstance(page, int)):
            raise _bad(name, f"{where}.page", "expected a page number or null")
        out.append(Waiver(w["code"], w.get("material"), w.get("sha256"), page, reason.strip(),
                          file=w.get("file"), message=w.get("message"),
                          expires=_date(w.get("expires"), name, f"{where}.expires")))
    return out


def _date(value: Any, name: str, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(name, where, f"expected a date YYYY-MM-DD, got {value!r}")


def _describe(w: Waiver) -> dict[str, Any]:
    return {k: v for k, v in w.to_dict().items() if k in ("code", "material", "file", "page",
                                                          "reason", "expires")}


def apply_baseline(findings: Iterable[Finding], files: Iterable[FileRecord], waivers: list[Waiver],
                   check_date: dt.date) -> tuple[list[Finding], dict[str, Any]]:
    """The findings left after the waivers, and the waiver bookkeeping for the report.

    Each waiver suppresses at most one finding (one with the same message first), so a
    baseline suppresses exactly the findings it recorded. An expired waiver suppresses nothing.
    """
    hashes = _hashes(files)
    expired = [w for w in waivers if w.expires is not None and w.expires < check_date]
    expired_ids = {id(w) for w in expired}
    live: dict[tuple, list[Waiver]] = {}
    for w in waivers:
        if id(w) not in expired_ids:
            live.setdefault(w.key, []).append(w)
    kept: list[Finding] = []
    suppressed = 0
    for f in findings:
        candidates = live.get(finding_key(f, hashes), [])
        match = next((w for w in candidates if w.message == f.message), None)
        if match is None and candidates:
            match = candidates[0]
        if match is None:
            kept.append(f)
            continue
        candidates[:] = [w for w in candidates if w is not match]
        suppressed += 1
    unused = [w for ws in live.values() for w in ws]
    order = {id(w): i for i, w in enumerate(waivers)}
    unused.sort(key=lambda w: order[id(w)])
    return kept, {"suppressed": suppressed,
                  "expired": [_describe(w) for w in expired],
                  "unused": [_describe(w) for w in unused]}
