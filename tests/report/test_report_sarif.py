import json
from pathlib import Path

import jsonschema

from docvalidator import codes
from docvalidator.report import REPORTER_BY_NAME
from tests.report.builders import synthetic_report
from tests.report.conftest import check

SARIF_SCHEMA = json.loads((Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))


def _validate(doc):
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(doc)


def test_sarif_of_a_synthetic_report_validates_against_the_official_schema():
    doc = json.loads(REPORTER_BY_NAME["sarif"](synthetic_report()))
    _validate(doc)
    assert doc["version"] == "2.1.0"


def test_sarif_declares_every_code_as_a_rule_with_help_linking_to_rules_md():
    rules = json.loads(REPORTER_BY_NAME["sarif"](synthetic_report()))["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(codes.CODES)
    dv402 = next(r for r in rules if r["id"] == "DV402")
    assert dv402["name"] == "clause-below-requirement"
    assert dv402["helpUri"].endswith("docs/rules.md#dv402")
    assert dv402["help"]["text"] and dv402["shortDescription"]["text"] == codes.get("DV402").summary


def test_sarif_results_carry_level_message_location_page_and_material():
    results = json.loads(REPORTER_BY_NAME["sarif"](synthetic_report()))["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "error", "warning", "warning"]
    dv402 = next(r for r in results if r["ruleId"] == "DV402")
    assert dv402["message"]["text"].startswith("录音保存期限为 3 个月")
    assert dv402["properties"]["page"] == 2
    assert dv402["properties"]["material"] == "usage-plan"
    uri = dv402["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "pkg/%E5%88%B6%E5%BA%A6/%E7%A0%81%E5%8F%B7%E4%BD%BF%E7%94%A8%E6%96%B9%E6%A1%88.pdf"
    missing = next(r for r in results if r["ruleId"] == "DV101")  # no file: the package manifest
    assert missing["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pkg/docvalidator.yaml"
    assert missing["locations"][0]["logicalLocations"][0]["name"] == "data-security-policy"


def test_sarif_info_findings_are_notes():
    report = synthetic_report()
    f = report.findings[0]
    info = type(f)(**{**f.__dict__, "severity": codes.Severity.INFO})
    doc = json.loads(REPORTER_BY_NAME["sarif"](synthetic_report(findings=(info,))))
    _validate(doc)
    assert doc["runs"][0]["results"][0]["level"] == "note"


def test_sarif_of_a_real_package_validates_and_is_byte_identical_across_runs(package, tmp_path):
    a, b = tmp_path / "a.sarif", tmp_path / "b.sarif"
    assert check(package, "sarif", a).code == 1
    assert check(package, "sarif", b).code == 1
    assert a.read_bytes() == b.read_bytes()
    doc = json.loads(a.read_text(encoding="utf-8"))
    _validate(doc)
    run = doc["runs"][0]
    assert {r["ruleId"] for r in run["results"]} == {"DV101", "DV103", "DV104"}
    assert run["originalUriBaseIds"]["PKGROOT"]["uri"].startswith("file:///")  # absolute package path
