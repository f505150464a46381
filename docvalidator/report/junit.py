"""JUnit XML for CI test tabs: a test case per material and rule group.

A material without findings is one passing case (`business-license`); a material with
findings gets one case per rule group (`business-license / materials`) that fails when the
group holds an error or a warning (info findings go to system-out); a material that is not
required is one skipped case. Package-level findings are cases of `package`. No timestamps.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from docvalidator import codes
from docvalidator.codes import Severity
from docvalidator.model import Finding, Report
from docvalidator.report.common import combined_files, fix_entries

PACKAGE = "package"


def _finding_text(f: Finding) -> str:
    where = " ".join(x for x in (f.file or "", f"第{f.page}页" if f.page else "") if x)
    lines = [f"{f.code} {f.severity.label_zh}" + (f"  {where}" if where else ""),
             f"问题：{f.message}", f"要求：{f.requirement}", f"修改：{f.fix}"]
    return "\n".join(lines)


def _case(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": classname, "name": name, "time": "0"})


def _group_cases(suite: ET.Element, classname: str, owner: str, findings: list[Finding]) -> None:
    by_group: dict[str, list[Finding]] = {}
    for f in findings:
        by_group.setdefault(codes.get(f.code).group, []).append(f)
    for group in codes.GROUPS:  # fixed group order
        mine = by_group.get(group)
        if not mine:
            continue
        case = _case(suite, classname, f"{owner} / {group}")
        failing = [f for f in mine if f.severity in (Severity.ERROR, Severity.WARNING)]
        if failing:
            worst = max(failing, key=lambda f: f.severity.rank)
            message = failing[0].message if len(failing) == 1 else f"{len(failing)} 项问题：{failing[0].message}"
            el = ET.SubElement(case, "failure", {"message": message, "type": worst.severity.value})
            el.text = "\n\n".join(_finding_text(f) for f in failing)
        notes = [f for f in mine if f.severity == Severity.INFO]
        if notes:
            ET.SubElement(case, "system-out").text = "\n\n".join(_finding_text(f) for f in notes)


def _fix_cases(suite: ET.Element, report: Report) -> None:
    """One passing case per file `fix` changed, its log in system-out; a page left over the
    limit is reported by the check of the copy (DV204), not here."""
    for e in fix_entries(report):
        case = _case(suite, "fix", e["target"])
        ET.SubElement(case, "system-out").text = "\n".join(
            [f"{e['what']} {e['size']} ← {e['sources']}", *e["pages"], *e["notes"]])


def to_element(report: Report) -> ET.Element:
    root = ET.Element("testsuites", {"name": "docvalidator"})
    suite = ET.SubElement(root, "testsuite", {"name": f"{report.schema_id} {report.schema_title}"})
    props = ET.SubElement(suite, "properties")
    for name, value in (("schema", report.schema_id), ("package", report.package_path),
                        ("check_date", report.check_date or ""),
                        ("applicant", str(report.applicant.get("name") or "")),
                        *((f"sections:{path}", line) for path, line in combined_files(report))):
        ET.SubElement(props, "property", {"name": name, "value": value})
    classname = report.schema_id
    by_material: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        by_material.setdefault(f.material, []).append(f)
    known = {m.id for m in report.materials}
    for m in report.materials:
        mine = by_material.get(m.id, [])
        if mine:
            _group_cases(suite, classname, m.id, mine)
            continue
        case = _case(suite, classname, m.id)
        if m.status == "not-required":
            ET.SubElement(case, "skipped", {"message": f"“{m.name}”非必交材料，未提交"})
    rest = [f for mat, fs in by_material.items() if mat is None or mat not in known for f in fs]
    if rest:
        _group_cases(suite, classname, PACKAGE, rest)
    if report.fix is not None:
        _fix_cases(suite, report)
    cases = suite.findall("testcase")
    counts = {"tests": len(cases),
              "failures": sum(1 for c in cases if c.find("failure") is not None),
              "errors": 0,
              "skipped": sum(1 for c in cases if c.find("skipped") is not None),
              "time": "0"}
    for k, v in counts.items():
        suite.set(k, str(v))
        root.set(k, str(v))
    return root


def render(report: Report) -> str:
    root = to_element(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
