"""The finding model and the report: plain, frozen data with a deterministic order.

Formatters render a `Report`; they never compute findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docvalidator.codes import Severity

MATERIAL_STATUSES = ("ok", "missing", "defective", "not-required")


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    material: str | None
    file: str | None
    page: int | None
    message: str
    requirement: str
    fix: str
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "material": self.material,
            "file": self.file,
            "page": self.page,
            "message": self.message,
            "requirement": self.requirement,
            "fix": self.fix,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class SectionRef:
    """Pages of a combined file that hold a material (DOCX without page breaks: paragraphs)."""

    file: str
    first: int
    last: int
    unit: str = "page"  # "page" | "paragraph"

    def label(self) -> str:
        """第3–5页 (or 第12–40段 for a Word file without page breaks)."""
        u = "段" if self.unit == "paragraph" else "页"
        return f"第{self.first}{u}" if self.first == self.last else f"第{self.first}–{self.last}{u}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "pages": [self.first, self.last], "unit": self.unit}


@dataclass(frozen=True)
class MaterialResult:
    id: str
    name: str
    status: str  # one of MATERIAL_STATUSES
    files: tuple[str, ...] = ()
    required: bool = True
    clauses: tuple[dict[str, Any], ...] = ()  # clauses verified: {"id", "verdict", ...}
    level: str = "required"  # required | some-sources | conditional | optional (schema LEVELS)
    sections: tuple[SectionRef, ...] = ()  # where the material sits inside combined files

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name, "status": self.status,
                             "files": list(self.files), "level": self.level}
        if self.sections:
            d["sections"] = [s.to_dict() for s in self.sections]
        if self.clauses:
            d["clauses"] = [dict(c) for c in self.clauses]
        return d

    def where(self, path: str) -> str:
        """Where in a file the material is: "" for the whole file, else 第3–5页."""
        return "、".join(s.label() for s in self.sections if s.file == path)


def file_sections(materials: tuple[MaterialResult, ...]) -> dict[str, list[tuple[SectionRef, str]]]:
    """Each combined file's sections in page order, with the material's name: what every format
    prints as "第1–2页：身份证；第3–5页：社保缴纳证明"."""
    out: dict[str, list[tuple[SectionRef, str]]] = {}
    for m in materials:
        for s in m.sections:
            out.setdefault(s.file, []).append((s, m.name))
    return {f: sorted(v, key=lambda x: (x[0].first, x[0].last)) for f, v in sorted(out.items())}


def sections_line(parts: list[tuple[SectionRef, str]]) -> str:
    return "；".join(f"{s.label()}：{name}" for s, name in parts)


@dataclass(frozen=True)
class FileRecord:
    """What was checked: one file of the package, so a report proves which bytes it covered."""

    path: str
    sha256: str
    size: int
    kind: str
    pages: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "size": self.size,
                "kind": self.kind, "pages": self.pages}


@dataclass(frozen=True)
class PageFix:
    """What `fix` did to one page: its weight before and after (SPEC "Page bytes"), how it was
    re-encoded, and the proof that it stayed legible (OCR character error rate against the
    original page's reading, seals found where they were)."""

    page: int
    action: str  # "re-encoded" | "left" (nothing fitted and stayed legible) | "ocr-layer"
    bytes_before: int | None = None
    bytes_after: int | None = None
    encoding: str = ""  # "JPEG q62 200 dpi grey", "CCITT G4 300 dpi"
    cer: float | None = None  # new page's OCR against the reference (0.0 = identical reading)
    cer_reference: str = ""  # "original-ocr" | "text-layer"
    cer_original: float | None = None  # the original's own CER against a text layer
    seals_before: int | None = None
    seals_kept: bool | None = None
    note: str = ""  # why a page was left, in one Chinese sentence

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "action": self.action, "bytes_before": self.bytes_before,
                "bytes_after": self.bytes_after, "encoding": self.encoding, "cer": self.cer,
                "cer_reference": self.cer_reference, "cer_original": self.cer_original,
                "seals_before": self.seals_before, "seals_kept": self.seals_kept,
                "note": self.note}


@dataclass(frozen=True)
class FileFix:
    """One file of the fixed package and where it came from (several sources when merged)."""

    target: str  # path in the fixed package
    sources: tuple[str, ...]  # paths in the original package
    actions: tuple[str, ...]  # "copied", "converted", "renamed", "merged", "re-encoded", …
    bytes_before: int = 0
    bytes_after: int = 0
    pages: tuple[PageFix, ...] = ()
    notes: tuple[str, ...] = ()  # what was not done and why

    @property
    def changed(self) -> bool:
        """Anything done to it beyond copying."""
        return self.actions != ("copied",)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "sources": list(self.sources), "actions": list(self.actions),
                "bytes_before": self.bytes_before, "bytes_after": self.bytes_after,
                "pages": [p.to_dict() for p in self.pages], "notes": list(self.notes)}


@dataclass(frozen=True)
class FixLog:
    """The fix log: what `docvalidator fix` changed, and the findings of the original package
    it was made from (the report that carries it is the check of the fixed copy)."""

    source: str  # the original package
    output: str  # the fixed package (a folder or a zip)
    files: tuple[FileFix, ...]
    findings_before: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()  # package-level notes (LibreOffice missing, …)

    @property
    def changed(self) -> tuple[FileFix, ...]:
        return tuple(f for f in self.files if f.changed)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "output": self.output,
                "files": [f.to_dict() for f in self.files],
                "findings_before": [f.to_dict() for f in self.findings_before],
                "notes": list(self.notes)}


@dataclass(frozen=True)
class Report:
    tool_version: str
    schema_id: str
    schema_title: str
    package_path: str
    materials: tuple[MaterialResult, ...]
    findings: tuple[Finding, ...]
    files: tuple[FileRecord, ...] = ()
    applicant: dict[str, Any] = field(default_factory=dict)  # name, credit code as declared/found
    schema_info: dict[str, Any] = field(default_factory=dict)  # authority, basis, parameters
    check_date: str | None = None
    # "path#page" → PNG data URI of that page with its evidence boxes; filled by the engine only
    # for formats that show pictures (html). Never part of the JSON report.
    thumbnails: dict[str, str] = field(default_factory=dict)
    # Each code's documentation (the rules' docstrings), for formats that describe the codes
    # (SARIF); never part of the JSON report.
    code_docs: dict[str, str] = field(default_factory=dict)
    # Baseline bookkeeping when --baseline was given: {"suppressed": n, "expired": [...],
    # "unused": [...]}; None when no baseline was used (and then absent from the JSON).
    waivers: dict[str, Any] | None = None
    # `docvalidator fix`: what was changed to make this (fixed) package; None for `check`
    fix: FixLog | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def pages(self) -> int:
        return sum(f.pages or 0 for f in self.files)

    def passed(self, fail_on: Severity | None = Severity.ERROR) -> bool:
        if fail_on is None:
            return True
        return not any(f.severity.rank >= fail_on.rank for f in self.findings)

    def file_record(self, path: str | None) -> FileRecord | None:
        for f in self.files:
            if f.path == path:
                return f
        return None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "tool": {"name": "docvalidator", "version": self.tool_version},
            "schema": {"id": self.schema_id, "title": self.schema_title},
            "package": {"path": self.package_path, "files": len(self.files), "pages": self.pages,
                        "checked": [f.to_dict() for f in self.files]},
            "summary": {
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "info": self.count(Severity.INFO),
                "passed": self.passed(),
            },
            "materials": [m.to_dict() for m in self.materials],
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.waivers is not None:
            d["waivers"] = self.waivers
        if self.fix is not None:
            d["fix"] = self.fix.to_dict()
        return d


def thumbnail_key(path: str, page: int | None) -> str:
    """The key of a page's thumbnail in Report.thumbnails: "path#page" (a photo is page 1)."""
    return f"{path}#{page or 1}"


def sort_findings(findings: list[Finding], material_order: list[str]) -> tuple[Finding, ...]:
    """Material order in the schema (package-level findings last), then file, page, code."""
    rank = {m: i for i, m in enumerate(material_order)}

    def key(f: Finding):
        return (
            rank.get(f.material, len(rank)) if f.material is not None else len(rank) + 1,
            f.file or "",
            f.page or 0,
            f.code,
            f.message,
        )

    return tuple(sorted(findings, key=key))
