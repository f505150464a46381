"""SARIF 2.1.0 for code-scanning UIs: one rule per DV code, one result per finding.

Artifact locations: a file's path (percent-encoded) under the package path when that is
relative (so that a repository's code scanning finds it); under the PKGROOT base id when the
package path is absolute; the package's `docvalidator.yaml` for package-level findings (a
missing material has no file of its own). Page and material go in the result's properties.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from docvalidator import codes
from docvalidator.codes import Severity
from docvalidator.manifest import MANIFEST_NAME
from docvalidator.model import Finding, Report
from docvalidator.report.common import combined_files

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
# Where docs/rules.md is published; rules link to its per-code anchors (#dv402).
DOCS_URI = "https://docvalidator.invalid/docs/rules.md"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(c: codes.Code, doc: str) -> dict[str, Any]:
    first = doc.split("\n\n", 1)[0].replace("\n", " ")
    return {
        "id": c.code,
        "name": c.name,
        "shortDescription": {"text": c.summary},
        "fullDescription": {"text": first},
        "help": {"text": f"{doc}\n\nRequirement: {c.requirement}\nFix: {c.fix}"},
        "helpUri": f"{DOCS_URI}#{c.code.lower()}",
        "defaultConfiguration": {"level": LEVEL[c.severity]},
        "properties": {"group": c.group, "tags": [c.group]},
    }


def _is_absolute(path: str) -> bool:
    return PurePosixPath(path).is_absolute() or (len(path) > 1 and path[1] == ":")


def _location(report: Report, f: Finding) -> dict[str, Any]:
    rel = f.file or MANIFEST_NAME
    root = report.package_path.rstrip("/")
    if root.lower().endswith(".zip"):
        artifact: dict[str, Any] = {"uri": quote(root)}
    elif _is_absolute(root):
        artifact = {"uri": quote(rel), "uriBaseId": "PKGROOT"}
    else:
        artifact = {"uri": quote(rel if root in ("", ".") else f"{root}/{rel}")}
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact}}
    if f.material:
        loc["logicalLocations"] = [{"name": f.material, "kind": "module"}]
    return loc


def _fingerprint(f: Finding) -> str:
    key = "\x1f".join(str(x) for x in (f.code, f.material, f.file, f.page, f.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _result(report: Report, f: Finding, index: dict[str, int]) -> dict[str, Any]:
    props: dict[str, Any] = {"material": f.material, "page": f.page, "requirement": f.requirement,
                             "fix": f.fix}
    if f.file and report.package_path.lower().endswith(".zip"):
        props["member"] = f.file
    if f.evidence:
        props["evidence"] = f.evidence
    return {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [_location(report, f)],
        "partialFingerprints": {"docvalidatorFinding/v1": _fingerprint(f)},
        "properties": props,
    }


def to_sarif(report: Report) -> dict[str, Any]:
    rules = list(codes.CODES.values())
    index = {c.code: i for i, c in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "docvalidator",
            "version": report.tool_version,
            "informationUri": DOCS_URI,
            "rules": [_rule(c, report.code_docs.get(c.code, c.summary)) for c in rules],
        }},
        "automationDetails": {"id": f"docvalidator/{report.schema_id}/"},
        "results": [_result(report, f, index) for f in report.findings],
        "properties": {"schema": report.schema_id, "schemaTitle": report.schema_title,
                       "checkDate": report.check_date, "package": report.package_path},
    }
    if report.fix is not None:  # what `fix` changed to make the package these results are for
        run["properties"]["fix"] = report.fix.to_dict()
    combined = combined_files(report)
    if combined:  # files that hold several materials: which pages are which
        run["properties"]["combinedFiles"] = dict(combined)
    if _is_absolute(report.package_path) and not report.package_path.lower().endswith(".zip"):
        base = "file://" + quote(report.package_path.rstrip("/") + "/")
        run["originalUriBaseIds"] = {"PKGROOT": {"uri": base}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(to_sarif(report), ensure_ascii=False, indent=2) + "\n"
