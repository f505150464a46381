"""Which clauses a material must hold follows the sources' rank (issue 13): what the seeds
require is an error when absent; what only a secondary source asks, or what the seeds
describe as conduct after licensing, is at most a warning."""

from __future__ import annotations

from docvalidator.schema import load_schema
from tests.rulecases import run_case

REPORT = "一、数据加密\n客户数据采用AES-256加密存储。\n二、应急预案\n制定网络与信息安全应急预案，每年演练一次。"


def _errors(schema: str, material: str, text: str) -> list[str]:
    case = {"schema": schema, "select": ["DV401", "DV402"],
            "files": [{"path": "x.pdf", "material": material, "text": text}]}
    return [p.message for p in run_case("content", case) if p.severity == "error"]


def test_b22_security_report_with_encryption_and_emergency_plan_has_no_error():
    assert _errors("b22-national", "security-measures", REPORT) == []


def test_b22_security_report_without_encryption_is_an_error():
    assert any("加密" in m for m in _errors("b22-national", "security-measures", "制定网络与信息安全应急预案。"))


def test_lawful_operation_pledge_contents_are_warnings():
    assert _errors("b24-national", "lawful-operation-pledge", "本公司承诺依法经营电信业务。") == []


def test_b22_outbound_conduct_rules_are_never_errors():
    schema = load_schema("b22-national")
    conduct = [c for c in schema.clauses if c.id.startswith("outbound-")]
    assert conduct and all(c.severity == "warning" for c in conduct)
